//! Run-time cost of the derive, per call:
//! 1. `to_request()` plus `serde_json::to_vec` of a derived struct, against a hand-written plain
//!    serde struct of the same shape serialised to the same bytes (goal: at most 1.10x);
//! 2. run-time validation of a full order (`OrderRequest::validate`) and the derive's
//!    `to_request()` (conversion and its run-time checks) (goal: well under a microsecond).
//!
//! `cargo bench --bench runtime`: criterion's figures, then the ratio of (1) measured with the two
//! variants interleaved (`RATIO` line), which is the figure to compare on a shared machine.

mod common;

use common::{checkout, full_run, paired, timed};
use criterion::{BenchmarkId, Criterion};
use std::hint::black_box;
use std::time::Duration;

fn serialize(c: &mut Criterion) {
    let order = checkout();
    common::body(); // the two sides give the same bytes
    let mut group = c.benchmark_group("serialize");
    group.bench_function(BenchmarkId::new("derived", "to_request+to_vec"), |b| {
        b.iter(|| serde_json::to_vec(&black_box(&order).to_request().unwrap()).unwrap())
    });
    group.bench_function(BenchmarkId::new("plain", "serde struct+to_vec"), |b| {
        b.iter(|| serde_json::to_vec(&black_box(&order).plain()).unwrap())
    });
    // The parts of the derived side: serialising the `OrderRequest` alone.
    let request = order.to_request().unwrap();
    group.bench_function(BenchmarkId::new("derived", "to_vec of OrderRequest"), |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)).unwrap())
    });
    group.finish();
}

fn validate(c: &mut Criterion) {
    let order = checkout();
    let request = order.to_request().unwrap();
    let mut group = c.benchmark_group("validate");
    group.bench_function("OrderRequest::validate", |b| {
        b.iter(|| black_box(&request).validate().unwrap())
    });
    group.bench_function("derived to_request", |b| {
        b.iter(|| black_box(&order).to_request().unwrap())
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    serialize(&mut c);
    validate(&mut c);
    c.final_summary();

    let order = checkout();
    let (batch, rounds) = if full_run() {
        (Duration::from_millis(20), 201)
    } else {
        (Duration::from_millis(1), 3)
    };
    let ratio = paired(
        "serialize",
        (
            "derived",
            timed(|| serde_json::to_vec(&black_box(&order).to_request().unwrap()).unwrap()),
        ),
        (
            "plain",
            timed(|| serde_json::to_vec(&black_box(&order).plain()).unwrap()),
        ),
        batch,
        rounds,
    );
    println!("{ratio}");
    // Where the difference is: the same bytes from `OrderRequest` and from the plain struct.
    let request = order.to_request().unwrap();
    let ratio = paired(
        "serialize only",
        (
            "OrderRequest",
            timed(|| serde_json::to_vec(black_box(&request)).unwrap()),
        ),
        (
            "plain",
            timed(|| serde_json::to_vec(&black_box(&order).plain()).unwrap()),
        ),
        batch,
        rounds,
    );
    println!("{ratio}");
}
