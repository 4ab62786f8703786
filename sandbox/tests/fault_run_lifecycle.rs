//! Exactly-once refunds and captures under network faults: 1000 orders created through the
//! SDK's client and paid on the sandbox's payment page; the card authorisations of half of
//! them (created with `capture: "manual"`) captured; then every order refunded, half in full
//! and half in two partial refunds. The sandbox spoils 30% of the requests to every endpoint
//! the client uses (`POST /orders`, `GET /orders/{id}`, `POST /orders/{id}/capture`,
//! `POST /orders/{id}/refunds`): dropped connections before and after the write, answers after
//! the client's timeout, slow writes, 5xx, 429, garbage and truncated bodies.
//!
//! The client runs with the default retry budget (4 attempts, 30 s), its pauses shortened.
//! A definite error (nothing happened) is retried by the caller, as a merchant's job queue
//! would; an `OutcomeUnknown` would be counted and fail the run.
//!
//! `cargo test -p msp-sandbox --test fault_run_lifecycle -- --nocapture` prints the tallies.

mod common;

use common::amex_order;
use msp_core::{Capture, Client, Error, OrderStatus, Refund, RetryPolicy};
use msp_sandbox::{CustomerAction, Endpoint, FaultKind, Faults, Sandbox};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

const ORDERS: usize = 1000;
const IN_FLIGHT: usize = 48;
const SEED: u64 = 0x5EED_0011;
const RATE: f64 = 0.3;
const TIMEOUT: Duration = Duration::from_millis(200);
/// Longer than the client's timeout.
const DELAY: Duration = Duration::from_millis(300);
/// Calls of one write after definite errors, at most.
const CALLS: u32 = 10;
/// Each order's amount (the seed's EUR 10.00) and the first of two partial refunds.
const AMOUNT: u64 = 1000;
const FIRST_PART: u64 = 300;

/// What became of one order's writes.
#[derive(Default, Debug)]
struct Story {
    /// Definite errors the caller retried, and what they were.
    retried: u32,
    definite: Vec<String>,
    /// `OutcomeUnknown`s (each fails the run).
    unknown: u32,
    /// A write that never succeeded: what failed.
    lost: Option<String>,
}

/// Calls `write` until it succeeds or fails other than definitely-and-transiently.
async fn with_calls<T, F, Fut>(story: &mut Story, what: &str, mut write: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    for _ in 0..CALLS {
        match write().await {
            Ok(done) => return Some(done),
            Err(Error::OutcomeUnknown { .. }) => {
                story.unknown += 1;
                story.lost = Some(format!("{what}: outcome unknown"));
                return None;
            }
            Err(error) if error.is_transient() => {
                story.retried += 1;
                let kind = match error {
                    Error::Transport(e) if e.is_timeout() => "timeout",
                    Error::Transport(_) => "transport",
                    Error::Unavailable { .. } => "unavailable",
                    Error::RateLimited { .. } => "rate_limited",
                    Error::Decode { .. } => "unreadable_answer",
                    _ => "other",
                };
                story.definite.push(format!("{what}: {kind}"));
            }
            Err(error) => {
                story.lost = Some(format!("{what}: {error}"));
                return None;
            }
        }
    }
    story.lost = Some(format!("{what}: still failing after {CALLS} calls"));
    None
}

/// Order `i`: created, paid, captured if `i` is odd (manual capture), refunded in full if
/// `i % 4 < 2`, else in two parts.
async fn lifecycle(sandbox: Arc<Sandbox>, client: Client, i: usize) -> (String, Story) {
    let order_id = format!("life-{i:04}");
    let manual = i % 2 == 1;
    let mut story = Story::default();
    let mut order = amex_order(&order_id, "https://shop.example/notify");
    if manual {
        order.capture = Some("manual".into());
    }
    let Some(created) = with_calls(&mut story, "create", || client.create_order(&order)).await
    else {
        return (order_id, story);
    };
    if let Err(error) = sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
    {
        story.lost = Some(format!("pay: {error}"));
        return (order_id, story);
    }
    if manual {
        let capture = || {
            client.capture(
                &order_id,
                Capture::full().capture_order_id(format!("{order_id}-c")),
            )
        };
        if with_calls(&mut story, "capture", capture).await.is_none() {
            return (order_id, story);
        }
    }
    let refunds = if i % 4 < 2 {
        vec![Refund::full()]
    } else {
        vec![
            Refund::partial(FIRST_PART),
            Refund::partial(AMOUNT - FIRST_PART),
        ]
    };
    for (n, refund) in refunds.into_iter().enumerate() {
        let refund = refund.refund_order_id(format!("{order_id}-r{}", n + 1));
        let made = with_calls(&mut story, "refund", || {
            client.refund(&order_id, refund.clone())
        })
        .await;
        if made.is_none() {
            break;
        }
    }
    (order_id, story)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_orders_are_captured_and_refunded_exactly_once_under_thirty_percent_faults() {
    let faults = Faults::new(SEED).rate(RATE).delay(DELAY);
    let sandbox = Arc::new(Sandbox::builder().faults(faults).start().await);
    let client = Client::builder()
        .base_url(sandbox.url())
        .api_key(sandbox.api_key())
        .timeout(TIMEOUT)
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(20),
            // The default budget: attempts and time.
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    assert_eq!(RetryPolicy::default().max_attempts, 4);

    let started = Instant::now();
    let mut tasks = JoinSet::new();
    let mut results = Vec::with_capacity(ORDERS);
    for i in 0..ORDERS {
        if tasks.len() >= IN_FLIGHT {
            results.push(
                tasks
                    .join_next()
                    .await
                    .unwrap()
                    .expect("a lifecycle panicked"),
            );
        }
        tasks.spawn(lifecycle(Arc::clone(&sandbox), client.clone(), i));
    }
    while let Some(joined) = tasks.join_next().await {
        results.push(joined.expect("a lifecycle panicked"));
    }
    let elapsed = started.elapsed();
    // Let slow writes (`StoreLate`) that the client gave up on land before counting.
    tokio::time::sleep(DELAY + Duration::from_millis(100)).await;
    assert_eq!(results.len(), ORDERS);

    let mut broken = Vec::new();
    let (mut retried, mut unknown, mut lost) = (0, 0, 0);
    let mut definite = std::collections::BTreeMap::<String, u32>::new();
    let (mut refunds_made, mut captures_made, mut refunded_orders) = (0, 0, 0);
    for (order_id, story) in &results {
        retried += story.retried;
        for what in &story.definite {
            *definite.entry(what.clone()).or_default() += 1;
        }
        unknown += story.unknown;
        if let Some(why) = &story.lost {
            lost += 1;
            broken.push(format!("{order_id} lost: {why}"));
        }
        let i: usize = order_id["life-".len()..].parse().unwrap();
        let Some(stored) = sandbox.stored_order(order_id) else {
            broken.push(format!("{order_id} not stored"));
            continue;
        };
        if sandbox.times_stored(order_id) != 1 {
            broken.push(format!(
                "{order_id} stored {} times",
                sandbox.times_stored(order_id)
            ));
        }
        let own_ids: Vec<String> = match (i % 2 == 1, i % 4 < 2) {
            (_, true) => vec![format!("{order_id}-r1")],
            (_, false) => vec![format!("{order_id}-r1"), format!("{order_id}-r2")],
        };
        for own_id in &own_ids {
            let times = sandbox.times_recorded(order_id, own_id);
            refunds_made += times;
            if times != 1 {
                broken.push(format!("{order_id}: refund {own_id} made {times} times"));
            }
        }
        if i % 2 == 1 {
            let times = sandbox.times_recorded(order_id, &format!("{order_id}-c"));
            captures_made += times;
            if times != 1 {
                broken.push(format!("{order_id}: captured {times} times"));
            }
        }
        let related = stored["related_transactions"]
            .as_array()
            .map_or(0, Vec::len);
        let expected = own_ids.len() + usize::from(i % 2 == 1);
        if related != expected {
            broken.push(format!(
                "{order_id}: {related} related transactions, not {expected}"
            ));
        }
        if stored["amount_refunded"] != AMOUNT || stored["status"] != OrderStatus::Refunded.as_str()
        {
            broken.push(format!(
                "{order_id}: {} refunded, status {}",
                stored["amount_refunded"], stored["status"]
            ));
        } else {
            refunded_orders += 1;
        }
    }

    println!(
        "lifecycle fault run: {ORDERS} orders (half manual capture), seed {SEED:#x}, {:.0}% \
         faults on every endpoint, client timeout {} ms, fault delay {} ms, default retry \
         budget (4 attempts, 30 s), {IN_FLIGHT} in flight",
        RATE * 100.0,
        TIMEOUT.as_millis(),
        DELAY.as_millis(),
    );
    for endpoint in [
        Endpoint::CreateOrder,
        Endpoint::GetOrder,
        Endpoint::Capture,
        Endpoint::Refund,
    ] {
        println!("{}", sandbox.endpoint_tally(endpoint));
    }
    let tally = sandbox.fault_tally();
    println!(
        "orders stored: {} (1006 duplicates refused: {}); captures made: {captures_made}; \
         refunds made: {refunds_made}; orders refunded in full: {refunded_orders}",
        tally.stored, tally.duplicates_refused
    );
    println!(
        "outcomes: {unknown} outcome unknown, {lost} lost, {retried} definite errors retried by \
         the caller; wall time {:.2} s",
        elapsed.as_secs_f64()
    );
    println!("definite errors retried by the caller: {definite:?}");

    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert_eq!(unknown, 0, "OutcomeUnknown with the default budget");
    assert_eq!(tally.stored as usize, ORDERS);
    assert_eq!(captures_made, ORDERS / 2);
    assert_eq!(refunds_made, ORDERS / 2 + ORDERS);
    assert_eq!(refunded_orders, ORDERS);

    // The run exercised what it claims to: about 30% of the writes spoiled, every kind on
    // the refunds and captures, answers lost after the write.
    for endpoint in [Endpoint::Refund, Endpoint::Capture] {
        let tally = sandbox.endpoint_tally(endpoint);
        let share = tally.faults.total() as f64 / tally.requests as f64;
        assert!(
            (0.2..0.4).contains(&share),
            "{endpoint:?} fault share {share}"
        );
        for kind in FaultKind::ALL {
            assert!(tally.faults.get(kind) > 0, "no {kind} on {endpoint:?}");
        }
    }
}
