//! A `Client::refund` round trip on loopback, against raw `reqwest` requests to the same server
//! with the same kind of pooled client: the refund's POST alone (a body serialised once), and
//! the GET of the order followed by that POST, which is what `refund` sends.
//!
//! `cargo bench --bench refund`: criterion's figures, then the interleaved `RATIO` lines.

mod common;

use common::refund_trip::Bench;
use common::{full_run, paired};
use criterion::Criterion;
use std::time::Duration;

fn main() {
    let bench = Bench::new();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("refund");
    group.bench_function("Client::refund", |b| b.iter_custom(|n| bench.refund(n)));
    group.bench_function("raw reqwest POST", |b| b.iter_custom(|n| bench.raw_post(n)));
    group.bench_function("raw reqwest GET + POST", |b| {
        b.iter_custom(|n| bench.raw_get_post(n))
    });
    group.finish();
    c.final_summary();

    let (batch, rounds) = if full_run() {
        (Duration::from_millis(50), 101)
    } else {
        (Duration::from_millis(1), 3)
    };
    let ratio = paired(
        "refund / POST",
        ("refund", |n| bench.refund(n)),
        ("raw POST", |n| bench.raw_post(n)),
        batch,
        rounds,
    );
    println!("{ratio}");
    let ratio = paired(
        "refund / GET+POST",
        ("refund", |n| bench.refund(n)),
        ("raw GET+POST", |n| bench.raw_get_post(n)),
        batch,
        rounds,
    );
    println!("{ratio}");
}
