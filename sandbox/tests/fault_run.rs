//! Exactly-once order creation under network faults: 1000 orders through the SDK's client
//! against a sandbox that spoils 30% of the `POST /orders` and 30% of the `GET /orders/{id}`
//! requests (dropped connections before and after the store, answers after the client's
//! timeout, slow stores, 5xx, 429, garbage and truncated bodies).
//!
//! `cargo test -p msp-sandbox --test fault_run -- --nocapture` prints the tallies.

mod common;

use common::amex_order;
use msp_core::{Client, CreatedOrder, Error, RetryPolicy};
use msp_sandbox::{FaultKind, Faults, Sandbox};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

const ORDERS: usize = 1000;
const IN_FLIGHT: usize = 48;
const SEED: u64 = 0x5EED_0003;
const RATE: f64 = 0.3;
const LOOKUP_RATE: f64 = 0.3;
const TIMEOUT: Duration = Duration::from_millis(200);
/// Longer than the client's timeout; the only thing it costs is that wait per `Delay` fault.
const DELAY: Duration = Duration::from_millis(300);

#[derive(Default)]
struct Outcomes {
    /// Created: from the `POST`'s answer, or found by a lookup.
    ok_posted: usize,
    ok_found: usize,
    /// `OutcomeUnknown`, and of those, how many the sandbox holds.
    unknown: usize,
    unknown_stored: usize,
    /// Any other error: definite, so never stored.
    other: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_orders_under_thirty_percent_faults_are_each_created_exactly_once() {
    let faults = Faults::new(SEED)
        .rate(RATE)
        .lookup_rate(LOOKUP_RATE)
        .delay(DELAY);
    let sandbox = Sandbox::builder().faults(faults).start().await;
    let client = Client::builder()
        .base_url(sandbox.url())
        .api_key(sandbox.api_key())
        .timeout(TIMEOUT)
        .retry(RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(20),
            max_elapsed: Duration::from_secs(5),
        })
        .build()
        .unwrap();

    let started = Instant::now();
    let mut tasks = JoinSet::new();
    let mut results = Vec::with_capacity(ORDERS);
    for i in 0..ORDERS {
        if tasks.len() >= IN_FLIGHT {
            results.push(tasks.join_next().await.unwrap().expect("a submit panicked"));
        }
        let client = client.clone();
        tasks.spawn(async move {
            let order_id = format!("fault-run-{i:04}");
            let order = amex_order(&order_id, "https://shop.example/notify");
            let outcome = client.create_order(&order).await;
            (order_id, outcome)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        results.push(joined.expect("a submit panicked"));
    }
    let submitted = started.elapsed();
    // Let slow stores (`StoreLate`) that the client gave up on land before counting.
    tokio::time::sleep(DELAY + Duration::from_millis(100)).await;

    assert_eq!(results.len(), ORDERS);
    let ids: HashSet<&str> = results.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), ORDERS, "one result per order");

    // Classify first and print the tallies, then assert (the tallies help read a failure).
    let mut outcomes = Outcomes::default();
    let mut broken = Vec::new();
    for (order_id, outcome) in &results {
        let stored = sandbox.times_stored(order_id);
        if stored > 1 {
            broken.push(format!("{order_id} stored {stored} times"));
        }
        match outcome {
            Ok(created) => {
                broken.extend(check_created(&sandbox, order_id, created));
                if created.session_id.is_some() {
                    outcomes.ok_posted += 1;
                } else {
                    outcomes.ok_found += 1;
                }
            }
            // May or may not exist: only "at most once" holds.
            Err(Error::OutcomeUnknown {
                order_id: unknown, ..
            }) => {
                if unknown != order_id {
                    broken.push(format!("{order_id}: OutcomeUnknown names {unknown}"));
                }
                outcomes.unknown += 1;
                outcomes.unknown_stored += stored as usize;
            }
            // Definite: no attempt can have reached the store (429s, refusals...).
            Err(
                error @ (Error::Transport(_)
                | Error::Unavailable { .. }
                | Error::RateLimited { .. }
                | Error::Decode { .. }
                | Error::Api { .. }),
            ) => {
                if stored > 0 || sandbox.stored_order(order_id).is_some() {
                    broken.push(format!("{order_id} failed ({error}) but was stored"));
                }
                outcomes.other += 1;
            }
            Err(error) => broken.push(format!("{order_id}: unexpected error {error:?}")),
        }
    }
    let tally = sandbox.fault_tally();
    let ok = outcomes.ok_posted + outcomes.ok_found;

    println!(
        "fault run: {ORDERS} orders, seed {SEED:#x}, {:.0}% faults on POST /orders, {:.0}% on \
         GET /orders/{{id}}, client timeout {} ms, fault delay {} ms, {IN_FLIGHT} in flight",
        RATE * 100.0,
        LOOKUP_RATE * 100.0,
        TIMEOUT.as_millis(),
        DELAY.as_millis(),
    );
    println!("{tally}");
    println!(
        "submits: {ok} created ({} from the POST's answer, {} found by a lookup), {} outcome \
         unknown ({} of them stored), {} other errors",
        outcomes.ok_posted,
        outcomes.ok_found,
        outcomes.unknown,
        outcomes.unknown_stored,
        outcomes.other,
    );
    println!(
        "sandbox holds {} orders, none stored twice; wall time {:.2} s for the submits",
        sandbox.stored_orders(),
        submitted.as_secs_f64()
    );

    // What the client guarantees, for every order: never stored twice; created means stored
    // (and the payment URL is the stored one); a definite error means not stored.
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // Every store was a distinct order id (nothing was evicted: the cap is far above 1000),
    // and every stored order is accounted for.
    assert_eq!(
        tally.stored as usize,
        sandbox.stored_orders(),
        "a store twice"
    );
    assert_eq!(sandbox.stored_orders(), ok + outcomes.unknown_stored);
    // And with 8 attempts, every submit settled: each of the 1000 orders exists exactly once.
    assert_eq!(ok, ORDERS, "unsettled submits");
    for (order_id, _) in &results {
        assert_eq!(sandbox.times_stored(order_id), 1, "{order_id}");
    }

    // The run exercised what it claims to: about 30% of the requests spoiled, every kind
    // injected on the POST, faults on the lookups too, answers lost after the store.
    let share = tally.create_faults.total() as f64 / tally.create_requests as f64;
    assert!((0.25..0.35).contains(&share), "POST fault share {share}");
    for kind in FaultKind::ALL {
        assert!(tally.create_faults.get(kind) > 0, "no {kind} on POST");
    }
    assert!(tally.lookup_faults.total() > 0);
    assert!(outcomes.ok_found > 0 && tally.duplicates_refused > 0);
}

/// A created order is the stored one, stored once; else what is wrong.
fn check_created(sandbox: &Sandbox, order_id: &str, created: &CreatedOrder) -> Option<String> {
    let Some(stored) = sandbox.stored_order(order_id) else {
        return Some(format!("{order_id} reported created but missing"));
    };
    if created.order_id != order_id || stored["payment_url"] != created.payment_url.as_str() {
        return Some(format!("{order_id}: created {created:?}, stored {stored}"));
    }
    let times = sandbox.times_stored(order_id);
    (times != 1).then(|| format!("{order_id} created, stored {times} times"))
}
