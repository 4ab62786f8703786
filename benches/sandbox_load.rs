//! The sandbox under load: N concurrent clients (one `msp::Client`, so one connection pool, each,
//! as separate merchants' processes would have) submit derived orders to an in-process sandbox
//! for a few seconds; prints orders per second, p50 and p99 (goal: at least 10,000 orders/s on
//! this 2-core machine, clients and sandbox together).
//!
//! ```text
//! cargo bench --bench sandbox_load                      # 64 clients, 5 s
//! MSP_LOAD_CLIENTS=16 MSP_LOAD_SECONDS=10 cargo bench --bench sandbox_load
//! ```
//! Without `--bench` (as `cargo test --benches` runs it) it is a short smoke run.

mod common;

use common::full_run;
use msp_sandbox::Sandbox;
use std::time::{Duration, Instant};

fn main() {
    let (clients, run_for) = if full_run() {
        (
            env("MSP_LOAD_CLIENTS", 64) as usize,
            Duration::from_secs(env("MSP_LOAD_SECONDS", 5)),
        )
    } else {
        (8, Duration::from_millis(300))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(load(clients, run_for));
}

async fn load(clients: usize, run_for: Duration) {
    let sandbox = Sandbox::start().await;
    // Warm up: every client's connection open, the sandbox's first allocations done.
    let mut pool = Vec::with_capacity(clients);
    for c in 0..clients {
        let client = sandbox.client().unwrap();
        let order = order(&format!("warm-{c}"));
        order
            .submit(&client)
            .await
            .expect("the sandbox takes the order");
        pool.push(client);
    }

    let started = Instant::now();
    let deadline = started + run_for;
    let tasks: Vec<_> = pool
        .into_iter()
        .enumerate()
        .map(|(c, client)| tokio::spawn(run_client(client, c, deadline)))
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (ok, failed) = task.await.unwrap();
        latencies.extend(ok);
        errors += failed;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let percentile = |p: f64| -> Duration {
        if latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * latencies.len() as f64).ceil() as usize;
        latencies[rank.clamp(1, latencies.len()) - 1]
    };
    println!(
        "LOAD {clients} clients, {:.1} s: {} orders, {:.0} orders/s, p50 {}, p99 {}, max {}, {errors} errors",
        elapsed.as_secs_f64(),
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        common::fmt_duration(percentile(50.0)),
        common::fmt_duration(percentile(99.0)),
        common::fmt_duration(latencies.last().copied().unwrap_or_default()),
    );
    assert_eq!(errors, 0, "the sandbox refused or lost orders under load");
}

/// Submits orders until `deadline`: the latency of each success, and the number of failures.
async fn run_client(
    client: msp::Client,
    index: usize,
    deadline: Instant,
) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::with_capacity(1 << 14);
    let mut errors = 0;
    let mut n = 0u64;
    let mut order = order("");
    while Instant::now() < deadline {
        n += 1;
        order.order_id = format!("load-{index}-{n}");
        let sent = Instant::now();
        match order.submit(&client).await {
            Ok(_) => latencies.push(sent.elapsed()),
            Err(e) => {
                errors += 1;
                if errors == 1 {
                    eprintln!("client {index}: {e}");
                }
            }
        }
    }
    (latencies, errors)
}

fn order(order_id: &str) -> common::Checkout {
    common::Checkout {
        order_id: order_id.to_owned(),
        ..common::checkout()
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
