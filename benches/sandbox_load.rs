//! The sandbox under load: N concurrent clients (one `msp::Client`, so one connection pool, each,
//! as separate merchants' processes would have) run against an in-process sandbox for a few
//! seconds, twice:
//!
//! - `LOAD`: every client submits derived orders; prints orders per second, p50 and p99.
//! - `MIXED`: each client repeats a fixed cycle of 20 requests: 12 `POST /orders` (60 %),
//!   5 `GET /orders/{id}` of an order it created (25 %), 2 `POST /orders/{id}/refunds` of one
//!   of its paid orders (10 %; the orders are created and paid with `Sandbox::set_outcome`
//!   before the clock starts, with a notification URL on a closed loopback port), and 1
//!   `GET /transactions` (5 %, the first page, 100 transactions, read as a merchant reads it:
//!   the typed `Client::transactions` stream, each `Transaction` decoded, the stream dropped
//!   before it asks for the next page); prints requests per second,
//!   p50 and p99 per kind and overall. The sandbox keeps every order of the run
//!   (`max_orders` 1,000,000); a page of the listing costs its 100 transactions however many
//!   are stored.
//!
//! With `MSP_LOAD_STORED=N`, `MIXED` first stores N more orders (untimed, 64 at a time), so
//! that the listing and the lookups run against a large store. With `MSP_LOAD_STATE=1`, `MIXED`'s
//! sandbox keeps a state file (`--state`, in the system's temporary folder, removed after the
//! run): every write is `fsync`ed before it is answered, and the reads wait for what they show.
//!
//! Goal: at least 10,000 requests/s with p99 under 10 ms on this 2-core machine, clients and
//! sandbox together. Every request is answered over loopback; the loops end at the deadline.
//! Each client is a closed loop (its next request leaves when the last is answered), so once the
//! 2 cores are saturated more clients add only queueing: at 64 clients the p99 is mostly the
//! wait behind the other 63 requests in flight: by Little's law, 64 requests in flight at
//! 10,000/s are 6.4 ms each on average, whatever the server. The default is 32 clients, enough
//! to saturate both cores (the throughput is the same as at 64) with a queue short enough for
//! the p99 to say something about the sandbox; `MSP_LOAD_CLIENTS=8`, `16` or `64` give the rest
//! of the sweep in BENCHMARKS.md ("The load goal again").
//!
//! ```text
//! cargo bench --bench sandbox_load                      # 32 clients, 5 s each
//! MSP_LOAD_CLIENTS=16 MSP_LOAD_SECONDS=10 cargo bench --bench sandbox_load
//! MSP_LOAD_STORED=200000 cargo bench --bench sandbox_load   # MIXED over 200,000 stored orders
//! MSP_LOAD_STATE=1 cargo bench --bench sandbox_load         # MIXED with a state file
//! ```
//! Without `--bench` (as `cargo test --benches` runs it) it is a short smoke run.

mod common;

use common::full_run;
use futures_core::Stream;
use msp_sandbox::{Outcome, Sandbox};
use serde_json::json;
use std::future::poll_fn;
use std::pin::pin;
use std::time::{Duration, Instant};

fn main() {
    let (clients, run_for, stored) = if full_run() {
        (
            env("MSP_LOAD_CLIENTS", 32) as usize,
            Duration::from_secs(env("MSP_LOAD_SECONDS", 5)),
            env("MSP_LOAD_STORED", 0) as usize,
        )
    } else {
        (8, Duration::from_millis(300), 0)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(load(clients, run_for));
    runtime.block_on(mixed(clients, run_for, stored));
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
    println!(
        "LOAD {clients} clients, {:.1} s: {} orders, {:.0} orders/s, p50 {}, p99 {}, max {}, {errors} errors",
        elapsed.as_secs_f64(),
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        common::fmt_duration(percentile(&latencies, 50.0)),
        common::fmt_duration(percentile(&latencies, 99.0)),
        common::fmt_duration(latencies.last().copied().unwrap_or_default()),
    );
    assert_eq!(errors, 0, "the sandbox refused or lost orders under load");
}

/// The `p`th percentile of sorted latencies (nearest rank; zero when empty).
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The kinds of request of the mixed workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Create,
    Get,
    Refund,
    List,
}

const KINDS: [Kind; 4] = [Kind::Create, Kind::Get, Kind::Refund, Kind::List];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Create => "POST /orders",
            Kind::Get => "GET /orders/{id}",
            Kind::Refund => "POST /orders/{id}/refunds",
            Kind::List => "GET /transactions",
        }
    }
}

/// One client's cycle: 12 creates, 5 gets, 2 refunds and 1 listing, interleaved.
const CYCLE: [Kind; 20] = {
    use Kind::*;
    [
        Create, Get, Create, Create, Refund, Create, Get, Create, Create, List, Create, Get,
        Create, Create, Refund, Create, Get, Create, Create, Get,
    ]
};

/// Paid orders per client, to refund (each is refunded 1 cent, then 2, ... on later passes,
/// so that no refund repeats the amount of the one before, which MultiSafepay refuses).
const PAID_PER_CLIENT: usize = 32;

async fn mixed(clients: usize, run_for: Duration, stored: usize) {
    let mut builder = Sandbox::builder()
        .max_orders(1_000_000.max(2 * stored))
        .notification_retries(0);
    let state_file = (env("MSP_LOAD_STATE", 0) == 1).then(|| {
        let path =
            std::env::temp_dir().join(format!("msp-sandbox-load-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        path
    });
    if let Some(path) = &state_file {
        builder = builder.state_file(path);
        println!("MIXED with a state file: {}", path.display());
    }
    let sandbox = builder.start().await;
    fill(&sandbox, stored).await;
    // Untimed: each client's connection open, its first order created (the first one a `GET`
    // reads), and its paid orders created and paid.
    let mut pool = Vec::with_capacity(clients);
    for c in 0..clients {
        let client = sandbox.client().unwrap();
        order(&format!("mixed-{c}-0"))
            .submit(&client)
            .await
            .expect("the sandbox takes the order");
        for p in 0..PAID_PER_CLIENT {
            let id = format!("paid-{c}-{p}");
            client
                .request(msp::Method::POST, "orders", Some(&paid_order(&id)))
                .await
                .expect("the sandbox takes the order");
            sandbox
                .set_outcome(&id, Outcome::Complete)
                .expect("the order is paid");
        }
        pool.push(client);
    }

    let started = Instant::now();
    let deadline = started + run_for;
    let tasks: Vec<_> = pool
        .into_iter()
        .enumerate()
        .map(|(c, client)| tokio::spawn(run_mixed(client, c, deadline)))
        .collect();
    let mut latencies: [Vec<Duration>; 4] = Default::default();
    let mut errors = 0;
    for task in tasks {
        let (ok, failed) = task.await.unwrap();
        for (all, some) in latencies.iter_mut().zip(ok) {
            all.extend(some);
        }
        errors += failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut overall: Vec<Duration> = latencies.iter().flatten().copied().collect();
    overall.sort_unstable();
    println!(
        "MIXED {clients} clients, {elapsed:.1} s: {} requests, {:.0} requests/s, p50 {}, p99 {}, max {}, {errors} errors; {} orders stored",
        overall.len(),
        overall.len() as f64 / elapsed,
        common::fmt_duration(percentile(&overall, 50.0)),
        common::fmt_duration(percentile(&overall, 99.0)),
        common::fmt_duration(overall.last().copied().unwrap_or_default()),
        sandbox.stored_orders(),
    );
    for (kind, mut kind_latencies) in KINDS.into_iter().zip(latencies) {
        kind_latencies.sort_unstable();
        println!(
            "MIXED   {:<26} {:>7} requests ({:>4.1} %), {:>6.0} requests/s, p50 {}, p99 {}, max {}",
            kind.name(),
            kind_latencies.len(),
            100.0 * kind_latencies.len() as f64 / overall.len().max(1) as f64,
            kind_latencies.len() as f64 / elapsed,
            common::fmt_duration(percentile(&kind_latencies, 50.0)),
            common::fmt_duration(percentile(&kind_latencies, 99.0)),
            common::fmt_duration(kind_latencies.last().copied().unwrap_or_default()),
        );
    }
    drop(sandbox);
    if let Some(path) = state_file {
        let _ = std::fs::remove_file(path);
    }
    assert_eq!(
        errors, 0,
        "the sandbox refused a request of the mixed workload"
    );
}

/// Stores `count` orders, 64 requests at a time (untimed).
async fn fill(sandbox: &Sandbox, count: usize) {
    const AT_ONCE: usize = 64;
    let tasks: Vec<_> = (0..AT_ONCE.min(count))
        .map(|t| {
            let client = sandbox.client().unwrap();
            tokio::spawn(async move {
                let mut order = order("");
                for n in (t..count).step_by(AT_ONCE) {
                    order.order_id = format!("stored-{n}");
                    order
                        .submit(&client)
                        .await
                        .expect("the sandbox takes the order");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}

/// Runs the cycle until `deadline`: the latencies of the successes by kind (in `KINDS`'
/// order), and the number of failures.
async fn run_mixed(
    client: msp::Client,
    index: usize,
    deadline: Instant,
) -> ([Vec<Duration>; 4], usize) {
    let mut latencies: [Vec<Duration>; 4] = Default::default();
    let mut errors = 0;
    let mut created = 0u64; // `mixed-{index}-0` was created before the clock started
    let (mut gets, mut refunds) = (0u64, 0usize);
    let mut order = order("");
    for kind in CYCLE.iter().copied().cycle() {
        if Instant::now() >= deadline {
            break;
        }
        let sent = Instant::now();
        let result = match kind {
            Kind::Create => {
                created += 1;
                order.order_id = format!("mixed-{index}-{created}");
                order.submit(&client).await.map(drop)
            }
            Kind::Get => {
                // Spread over the orders this client created so far.
                gets += 1;
                let n = gets.wrapping_mul(7919) % (created + 1);
                client
                    .get_order(&format!("mixed-{index}-{n}"))
                    .await
                    .map(drop)
            }
            Kind::Refund => {
                let (pass, p) = (refunds / PAID_PER_CLIENT, refunds % PAID_PER_CLIENT);
                refunds += 1;
                let path = format!("orders/paid-{index}-{p}/refunds");
                let body = json!({"amount": pass + 1, "currency": "EUR", "description": "load"});
                client
                    .request(msp::Method::POST, &path, Some(&body))
                    .await
                    .map(drop)
            }
            Kind::List => first_page(&client).await,
        };
        match result {
            Ok(()) => latencies[kind as usize].push(sent.elapsed()),
            Err(e) => {
                errors += 1;
                if errors == 1 {
                    eprintln!("client {index}, {}: {e}", kind.name());
                }
            }
        }
    }
    (latencies, errors)
}

/// The first page of the listing (100 transactions) through the typed stream a merchant uses,
/// `Client::transactions`: its items are read, and the stream is dropped before it fetches the
/// next page.
async fn first_page(client: &msp::Client) -> Result<(), msp::Error> {
    let query = msp::TransactionQuery::default().limit(PAGE as u32);
    let mut stream = pin!(client.transactions(query));
    for _ in 0..PAGE {
        match poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            Some(transaction) => drop(transaction?),
            None => break,
        }
    }
    Ok(())
}

/// Transactions a page of the listing.
const PAGE: usize = 100;

/// A seed-sized order to pay and refund: its notification goes to a closed loopback port
/// (refused at once, and not retried), never off the machine.
fn paid_order(order_id: &str) -> serde_json::Value {
    json!({
        "type": "redirect",
        "order_id": order_id,
        "gateway": "AMEX",
        "currency": "EUR",
        "amount": 1000,
        "description": "Test Order Description",
        "payment_options": {
            "notification_url": "http://127.0.0.1:1/notification",
            "redirect_url": "http://127.0.0.1:1/redirect",
            "cancel_url": "http://127.0.0.1:1/cancel",
        },
        "customer": {"locale": "nl_NL", "ip_address": "127.0.0.1"},
    })
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
