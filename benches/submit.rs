//! A full `.submit()` round trip on loopback, against a raw `reqwest` POST of the same bytes to
//! the same server with the same kind of pooled client (goal: at most 1.05x): bytes serialised
//! once (`RATIO round trip`), and the plain serde struct serialised for each request, as a
//! merchant without the SDK sends an order (`RATIO round trip, raw serialising per order`).
//!
//! The server is minimal on purpose (a fixed success answer, keep-alive, run as tasks on the
//! clients' own thread), so that the figure is the client's cost. `submit` includes what the
//! merchant's side does per order: `to_request()` (conversion and run-time checks), serialising,
//! the request, reading and decoding the answer into `CreatedOrder`. The raw side sends bytes
//! serialised once and decodes the answer into a minimal struct of its own.
//!
//! `cargo bench --bench submit`: criterion's figures, then the interleaved `RATIO` line.

mod common;

use common::round_trip::Bench;
use common::{full_run, paired};
use criterion::Criterion;
use std::time::Duration;

fn main() {
    let bench = Bench::new();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("round_trip");
    group.bench_function("derived submit", |b| b.iter_custom(|n| bench.submit(n)));
    group.bench_function("raw reqwest POST", |b| b.iter_custom(|n| bench.raw(n)));
    group.finish();
    c.final_summary();

    let (batch, rounds) = if full_run() {
        (Duration::from_millis(50), 101)
    } else {
        (Duration::from_millis(1), 3)
    };
    let ratio = paired(
        "round trip",
        ("submit", |n| bench.submit(n)),
        ("raw", |n| bench.raw(n)),
        batch,
        rounds,
    );
    println!("{ratio}");
    // Against what a merchant without the SDK does per order: serialise its own plain struct
    // (the same bytes) and POST them.
    let ratio = paired(
        "round trip, raw serialising per order",
        ("submit", |n| bench.submit(n)),
        ("raw_plain", |n| bench.raw_plain(n)),
        batch,
        rounds,
    );
    println!("{ratio}");
}
