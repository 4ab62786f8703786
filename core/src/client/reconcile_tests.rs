//! Exactly-once creation when the lookups fail too, or contradict the `POST`: the cases the
//! sandbox's fault run (`msp-sandbox`'s `tests/fault_run.rs`) exercises at random, pinned here.

use crate::{Client, Currency, Error, Flow, Gateway, OrderRequest, RetryPolicy};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(format!("{}/v1/json/", server.uri()))
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_elapsed: Duration::from_secs(5),
        })
        .build()
        .unwrap()
}

fn order() -> OrderRequest {
    let mut order = OrderRequest::new(
        Flow::Redirect,
        Gateway::AMEX,
        "order-7",
        Currency::EUR,
        1000u64,
        "Test Order Description",
    );
    let options = order.payment_options_mut();
    options.notification_url = Some("https://shop.example/notify".into());
    options.redirect_url = Some("https://shop.example/thanks".into());
    options.cancel_url = Some("https://shop.example/cancel".into());
    order.customer_mut().locale = Some("nl_NL".into());
    order
}

fn taken() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "success": false, "data": {}, "error_code": 1006, "error_info": "Invalid transaction ID"
    }))
}

fn found() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "success": true,
        "data": {"order_id": "order-7", "status": "initialized", "payment_url": "https://pay.example/7"}
    }))
}

/// The answer to the first `POST` is lost after the order was stored; the lookup fails on every
/// try; the next `POST` is refused as a duplicate: the next lookup finds the order.
#[tokio::test]
async fn a_failed_lookup_is_followed_by_another_attempt_then_a_lookup() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(504))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(taken())
        .expect(1)
        .mount(&server)
        .await;
    // Every try of the first lookup (4 attempts) fails.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(4)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(found())
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server).create_order(&order()).await.unwrap();
    assert_eq!(created.payment_url, "https://pay.example/7");
}

/// A 1006 after an attempt that may have landed, which no lookup can find: the order probably
/// exists, so this is `OutcomeUnknown`, never a plain refusal (which would invite submitting the
/// same purchase under a new id).
#[tokio::test]
async fn a_duplicate_the_lookup_cannot_find_is_outcome_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(taken())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(taken())
        .mount(&server)
        .await;
    match client(&server).create_order(&order()).await.unwrap_err() {
        Error::OutcomeUnknown { order_id, source } => {
            assert_eq!(order_id, "order-7");
            assert_eq!(source.error_code(), Some(1006));
        }
        other => panic!("{other:?}"),
    }
}

/// `success: true` without a payment URL: the order was accepted; the lookup tells the rest.
#[tokio::test]
async fn an_accepted_but_unreadable_answer_is_looked_up() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "data": {"order_id": "order-7"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(found())
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server).create_order(&order()).await.unwrap();
    assert_eq!(created.payment_url, "https://pay.example/7");
}

/// Only unambiguous failures (429s): no lookup, and the last one is returned as is.
#[tokio::test]
async fn unambiguous_failures_are_retried_without_a_lookup() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .expect(4)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(found())
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server).create_order(&order()).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
}
