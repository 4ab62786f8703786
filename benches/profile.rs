//! A driver for profilers: runs one operation of the benchmarks N times, nothing else, so that
//! `valgrind --tool=callgrind` (or `perf record`) sees only it. Instruction counts from callgrind
//! are the same from run to run whatever else the machine does, unlike times.
//!
//! ```text
//! cargo bench --bench profile --no-run      # prints the binary's path
//! valgrind --tool=callgrind target/release/deps/profile-HASH derived 10000
//! callgrind_annotate --inclusive=yes callgrind.out.PID | head -60
//! ```
//! Operations: `derived` (to_request + to_vec), `plain` (the plain struct + to_vec),
//! `to_request`, `validate` (`OrderRequest::validate`), `to_vec` (of the `OrderRequest`),
//! `submit`, `raw` and `raw_plain` (round trips on the loopback server of the `submit`
//! benchmark; `raw_plain` serialises the plain struct for each request, `raw` sends bytes
//! serialised once).
//! Run by `cargo bench` (with `--bench`) or `cargo test --benches`, it runs each once.

mod common;

use common::checkout;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (what, n) = match args.next() {
        Some(what) => (
            what,
            args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000),
        ),
        None => {
            for what in [
                "derived",
                "plain",
                "to_request",
                "validate",
                "to_vec",
                "submit",
                "raw",
                "raw_plain",
            ] {
                run(what, 1);
            }
            return;
        }
    };
    run(&what, n);
}

fn run(what: &str, n: u64) {
    let order = checkout();
    let request = order.to_request().unwrap();
    match what {
        "derived" => repeat(n, || {
            serde_json::to_vec(&black_box(&order).to_request().unwrap()).unwrap()
        }),
        "plain" => repeat(n, || {
            serde_json::to_vec(&black_box(&order).plain()).unwrap()
        }),
        "to_request" => repeat(n, || black_box(&order).to_request().unwrap()),
        "validate" => repeat(n, || black_box(&request).validate().unwrap()),
        "to_vec" => repeat(n, || serde_json::to_vec(black_box(&request)).unwrap()),
        "submit" | "raw" | "raw_plain" => round_trips(what, n),
        _ => panic!(
            "unknown operation `{what}`: derived, plain, to_request, validate, to_vec, submit, \
             raw, raw_plain"
        ),
    }
}

fn repeat<T>(n: u64, mut f: impl FnMut() -> T) {
    for _ in 0..n {
        black_box(f());
    }
}

fn round_trips(what: &str, n: u64) {
    let bench = common::round_trip::Bench::new();
    match what {
        "submit" => bench.submit(n),
        "raw" => bench.raw(n),
        _ => bench.raw_plain(n),
    };
}
