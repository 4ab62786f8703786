//! Each fault kind on the wire: what a plain HTTP client (reqwest) sees, what the SDK's client
//! makes of it with retries off (so one fault meets one decision), and what was stored. Then two
//! scenarios with retries, whose fault sequences are picked with `Faults::planned`.

mod common;

use common::amex_order;
use msp_core::{Client, CreatedOrder, Error, RetryPolicy};
use msp_sandbox::{Endpoint, FaultKind, Faults, Sandbox};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_millis(200);
const DELAY: Duration = Duration::from_millis(500);

/// Every `POST /orders` spoiled with `kind`; lookups never.
async fn sandbox(kind: FaultKind) -> Sandbox {
    Sandbox::builder()
        .faults(
            Faults::new(1)
                .rate(1.0)
                .lookup_rate(0.0)
                .kinds(&[kind])
                .delay(DELAY),
        )
        .start()
        .await
}

/// What reqwest reports for a `POST /orders` of a valid order `order_id`.
enum Raw {
    /// No answer: `send()` failed.
    NoAnswer(reqwest::Error),
    /// An answer: its status, `Retry-After`, `Content-Type`, and its body or the error reading it.
    Answer {
        status: u16,
        retry_after: Option<String>,
        content_type: Option<String>,
        body: Result<Vec<u8>, reqwest::Error>,
    },
}

async fn raw_post(sandbox: &Sandbox, order_id: &str) -> Raw {
    let body = serde_json::to_vec(&amex_order(order_id, "https://shop.example/notify")).unwrap();
    let sent = common::http()
        .post(format!("{}orders", sandbox.url()))
        .header("api_key", sandbox.api_key())
        .timeout(TIMEOUT)
        .body(body)
        .send()
        .await;
    match sent {
        Err(e) => Raw::NoAnswer(e),
        Ok(response) => {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            let retry_after = header("retry-after");
            let content_type = header("content-type");
            Raw::Answer {
                status: response.status().as_u16(),
                retry_after,
                content_type,
                body: response.bytes().await.map(|b| b.to_vec()),
            }
        }
    }
}

/// A client that never retries, with a short timeout.
fn single_shot(sandbox: &Sandbox) -> Client {
    client(sandbox, RetryPolicy::none())
}

fn client(sandbox: &Sandbox, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(sandbox.url())
        .api_key(sandbox.api_key())
        .timeout(TIMEOUT)
        .retry(retry)
        .build()
        .unwrap()
}

async fn submit(client: &Client, order_id: &str) -> Result<CreatedOrder, Error> {
    client
        .create_order(&amex_order(order_id, "https://shop.example/notify"))
        .await
}

/// Resolved by the lookup: `GET /orders/{id}` has no `session_id`, the `POST` answer has.
fn assert_found_by_lookup(sandbox: &Sandbox, created: &CreatedOrder, order_id: &str) {
    assert_eq!(created.order_id, order_id);
    assert_eq!(created.session_id, None, "resolved by the lookup");
    let stored = sandbox.stored_order(order_id).expect("stored");
    assert_eq!(stored["payment_url"], created.payment_url.as_str());
    assert_eq!(sandbox.times_stored(order_id), 1);
}

fn assert_no_answer(raw: Raw, timeout: bool) {
    match raw {
        Raw::NoAnswer(e) => {
            assert!(!e.is_connect(), "{e:?}");
            assert_eq!(e.is_timeout(), timeout, "{e:?}");
        }
        Raw::Answer { status, .. } => panic!("an answer, {status}"),
    }
}

#[tokio::test]
async fn drop_before_store_closes_the_connection_and_stores_nothing() {
    let sandbox = sandbox(FaultKind::DropBeforeStore).await;
    // reqwest: "error sending request" (hyper: IncompleteMessage, connection closed before
    // message completed); not a connect error.
    assert_no_answer(raw_post(&sandbox, "raw").await, false);
    assert_eq!(sandbox.times_stored("raw"), 0);
    // The SDK: ambiguous (the request went out), the lookup finds nothing; with no retries
    // left, the outcome is unknown.
    match submit(&single_shot(&sandbox), "sdk").await.unwrap_err() {
        Error::OutcomeUnknown { source, .. } => match *source {
            Error::Transport(e) => assert!(!e.is_connect() && !e.is_timeout(), "{e:?}"),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.times_stored("sdk"), 0);
    let tally = sandbox.fault_tally();
    assert_eq!(tally.create_faults.get(FaultKind::DropBeforeStore), 2);
    assert_eq!(tally.lookup_requests, 1);
}

#[tokio::test]
async fn drop_after_store_closes_the_connection_after_storing() {
    let sandbox = sandbox(FaultKind::DropAfterStore).await;
    assert_no_answer(raw_post(&sandbox, "raw").await, false);
    assert_eq!(sandbox.times_stored("raw"), 1);
    let created = submit(&single_shot(&sandbox), "sdk").await.unwrap();
    assert_found_by_lookup(&sandbox, &created, "sdk");
}

#[tokio::test]
async fn delay_stores_then_answers_after_the_clients_timeout() {
    let sandbox = sandbox(FaultKind::Delay).await;
    assert_no_answer(raw_post(&sandbox, "raw").await, true);
    assert_eq!(sandbox.times_stored("raw"), 1, "stored before the wait");
    let created = submit(&single_shot(&sandbox), "sdk").await.unwrap();
    assert_found_by_lookup(&sandbox, &created, "sdk");
}

#[tokio::test]
async fn store_late_stores_after_the_client_gave_up() {
    let sandbox = sandbox(FaultKind::StoreLate).await;
    let client = single_shot(&sandbox);
    let (raw, sdk) = tokio::join!(raw_post(&sandbox, "raw"), submit(&client, "sdk"));
    assert_no_answer(raw, true);
    // The lookup came before the store: not found, and no retry allowed.
    match sdk.unwrap_err() {
        Error::OutcomeUnknown { source, .. } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.times_stored("raw"), 0);
    assert_eq!(sandbox.times_stored("sdk"), 0);
    tokio::time::sleep(DELAY).await;
    assert_eq!(
        sandbox.times_stored("raw"),
        1,
        "stored although the client hung up"
    );
    assert_eq!(sandbox.times_stored("sdk"), 1);
}

#[tokio::test]
async fn server_errors_are_5xx_or_an_html_page_and_store_nothing() {
    let sandbox = sandbox(FaultKind::ServerError).await;
    let mut statuses = std::collections::BTreeSet::new();
    for i in 0..16 {
        let id = format!("raw-{i}");
        match raw_post(&sandbox, &id).await {
            Raw::Answer {
                status,
                content_type,
                body,
                ..
            } => {
                let body = body.unwrap();
                if status == 500 {
                    assert_eq!(content_type.as_deref(), Some("text/html"));
                    assert!(body.starts_with(b"<!DOCTYPE html>"));
                }
                statuses.insert(status);
            }
            Raw::NoAnswer(e) => panic!("{e:?}"),
        }
        assert_eq!(sandbox.times_stored(&id), 0);
    }
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        [500, 502, 503, 504]
    );
    match submit(&single_shot(&sandbox), "sdk").await.unwrap_err() {
        Error::OutcomeUnknown { source, .. } => {
            assert!(matches!(*source, Error::Unavailable { .. }), "{source:?}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.times_stored("sdk"), 0);
}

#[tokio::test]
async fn rate_limited_is_429_with_retry_after_0_and_stores_nothing() {
    let sandbox = sandbox(FaultKind::RateLimited).await;
    match raw_post(&sandbox, "raw").await {
        Raw::Answer {
            status: 429,
            retry_after,
            ..
        } => assert_eq!(retry_after.as_deref(), Some("0")),
        Raw::Answer { status, .. } => panic!("{status}"),
        Raw::NoAnswer(e) => panic!("{e:?}"),
    }
    // Unambiguous: no lookup, the error as is.
    match submit(&single_shot(&sandbox), "sdk").await.unwrap_err() {
        Error::RateLimited { retry_after } => assert_eq!(retry_after, Some(Duration::ZERO)),
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.times_stored("raw") + sandbox.times_stored("sdk"), 0);
    assert_eq!(sandbox.fault_tally().lookup_requests, 0);
}

#[tokio::test]
async fn garbage_stores_then_answers_200_with_a_body_that_is_not_json() {
    let sandbox = sandbox(FaultKind::Garbage).await;
    for i in 0..6 {
        let id = format!("raw-{i}");
        match raw_post(&sandbox, &id).await {
            Raw::Answer {
                status: 200, body, ..
            } => {
                let body = body.unwrap();
                assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
            }
            Raw::Answer { status, .. } => panic!("{status}"),
            Raw::NoAnswer(e) => panic!("{e:?}"),
        }
        assert_eq!(sandbox.times_stored(&id), 1);
    }
    let created = submit(&single_shot(&sandbox), "sdk").await.unwrap();
    assert_found_by_lookup(&sandbox, &created, "sdk");
}

#[tokio::test]
async fn truncated_stores_then_cuts_the_json_or_the_connection() {
    let sandbox = sandbox(FaultKind::Truncated).await;
    let (mut cut_json, mut cut_connection) = (0, 0);
    for i in 0..16 {
        let id = format!("raw-{i}");
        match raw_post(&sandbox, &id).await {
            // Complete as HTTP, half the JSON.
            Raw::Answer {
                status: 200,
                body: Ok(body),
                ..
            } => {
                assert!(body.starts_with(b"{"), "{body:?}");
                assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
                cut_json += 1;
            }
            // Content-Length promised more: reqwest reports a body error (hyper: IncompleteBody).
            Raw::Answer {
                status: 200,
                body: Err(e),
                ..
            } => {
                assert!(!e.is_connect() && !e.is_timeout(), "{e:?}");
                cut_connection += 1;
            }
            Raw::Answer { status, .. } => panic!("{status}"),
            Raw::NoAnswer(e) => panic!("{e:?}"),
        }
        assert_eq!(sandbox.times_stored(&id), 1);
    }
    assert!(
        cut_json > 0 && cut_connection > 0,
        "{cut_json} {cut_connection}"
    );
    let created = submit(&single_shot(&sandbox), "sdk").await.unwrap();
    assert_found_by_lookup(&sandbox, &created, "sdk");
}

/// The answer to the first `POST` is lost after the order was stored, every `GET` of the first
/// lookup fails too, the second `POST` is refused as a duplicate (1006), the next lookup finds
/// it: the submit resolves to the order, stored once.
#[tokio::test]
async fn a_lost_answer_then_failed_lookups_then_a_duplicate_resolves_to_the_order() {
    let retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        max_elapsed: Duration::from_secs(5),
    };
    let faults = Faults::new(2024)
        .rate(0.5)
        .kinds(&[FaultKind::DropAfterStore]);
    let post = |id: &str, n| faults.planned(Endpoint::CreateOrder, id, n);
    let get = |id: &str, n| faults.planned(Endpoint::GetOrder, id, n);
    let order_id = (0..100_000)
        .map(|i| format!("scripted-{i}"))
        .find(|id| {
            post(id, 0).is_some()
                && (0..3).all(|n| get(id, n).is_some())
                && post(id, 1).is_none()
                && get(id, 3).is_none()
        })
        .expect("an order id with that script");
    let sandbox = Sandbox::builder().faults(faults.clone()).start().await;
    let created = submit(&client(&sandbox, retry), &order_id).await.unwrap();
    assert_found_by_lookup(&sandbox, &created, &order_id);
    let tally = sandbox.fault_tally();
    assert_eq!(tally.create_requests, 2);
    assert_eq!(tally.lookup_requests, 4);
    assert_eq!(tally.duplicates_refused, 1);
    assert_eq!(tally.stored, 1);
}

/// The first `POST` is still being processed when the client gives up; the lookup finds
/// nothing; the second `POST` is also slow; by the second lookup the first has landed. The
/// second `POST`, landing later, is refused as a duplicate: one order.
#[tokio::test]
async fn a_slow_first_attempt_and_a_retry_store_the_order_once() {
    let retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        max_elapsed: Duration::from_secs(5),
    };
    let sandbox = Sandbox::builder()
        .faults(
            Faults::new(5)
                .rate(1.0)
                .lookup_rate(0.0)
                .kinds(&[FaultKind::StoreLate])
                .delay(Duration::from_millis(300)),
        )
        .start()
        .await;
    let created = submit(&client(&sandbox, retry), "slow").await.unwrap();
    assert_found_by_lookup(&sandbox, &created, "slow");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let tally = sandbox.fault_tally();
    assert_eq!(tally.create_requests, 2);
    assert_eq!(tally.stored, 1);
    assert_eq!(
        tally.duplicates_refused, 1,
        "the second attempt, landing late"
    );
    assert_eq!(sandbox.times_stored("slow"), 1);
}
