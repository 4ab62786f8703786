//! The HTTP client against a loopback mock server.
#![cfg(feature = "client")]

use msp_core::{Client, Currency, Error, Flow, Gateway, OrderRequest, OrderStatus};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key-0123456789";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v1/json/", server.uri()))
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

fn order() -> OrderRequest {
    let mut order = OrderRequest::new(Flow::Redirect, Gateway::AMEX, "my-order-id-1", Currency::EUR, 1000u64, "Test Order Description");
    let options = order.payment_options_mut();
    options.notification_url = Some("https://shop.example/notify".into());
    options.redirect_url = Some("https://shop.example/thanks".into());
    options.cancel_url = Some("https://shop.example/cancel".into());
    order.customer_mut().locale = Some("nl_NL".into());
    order
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the API key leaked into: {text}");
}

#[tokio::test]
async fn creates_an_order_with_the_key_in_the_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/json/orders"))
        .and(header("api_key", KEY))
        .and(body_json(serde_json::to_value(order()).unwrap()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"order_id": "my-order-id-1", "payment_url": "https://testpayv2.multisafepay.com/connect/abc/?lang=nl_NL"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server).create_order(&order()).await.unwrap();
    assert_eq!(created.order_id, "my-order-id-1");
    assert_eq!(created.payment_url, "https://testpayv2.multisafepay.com/connect/abc/?lang=nl_NL");
    let received = &server.received_requests().await.unwrap()[0];
    assert!(!received.url.as_str().contains(KEY), "the key must never be in the URL");
}

#[tokio::test]
async fn an_api_error_keeps_its_code_whatever_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "data": {}, "error_code": 1032, "error_info": "Invalid API key"
        })))
        .mount(&server)
        .await;
    let err = client(&server).create_order(&order()).await.unwrap_err();
    match &err {
        Error::Api { status: 200, error_code: Some(1032), error_info } => assert_eq!(error_info, "Invalid API key"),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("error 1032, Invalid API key"), "{err}");
    assert_no_key(&err.to_string());
    assert_no_key(&format!("{err:?}"));
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Bad Gateway-ish text"))
        .mount(&server)
        .await;
    match client(&server).create_order(&order()).await.unwrap_err() {
        Error::Decode { status: 200, snippet, .. } => assert_eq!(snippet, "Bad Gateway-ish text"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_outage_page_is_unavailable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html><h1>503 Service Unavailable</h1></html>"))
        .mount(&server)
        .await;
    let err = client(&server).create_order(&order()).await.unwrap_err();
    assert!(matches!(err, Error::Unavailable { status: 503 }), "{err:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let err = client(&server).create_order(&order()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_no_key(&err.to_string());
    assert_no_key(&format!("{err:?}"));
}

#[tokio::test]
async fn an_invalid_order_never_reaches_the_network() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    let mut bad = order();
    bad.amount = 0u64.into();
    bad.currency = Currency::XAU;
    match client(&server).create_order(&bad).await.unwrap_err() {
        Error::Validation(errors) => assert_eq!(errors.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn fetches_an_order_with_an_encoded_id_and_keeps_unknown_statuses() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/json/orders/a%2Fb%20c"))
        .and(header("api_key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"order_id": "a/b c", "status": "initialized", "transaction_id": 4051823, "amount": 1000, "currency": "EUR", "customer": {"locale": "nl_NL"}}
        })))
        .mount(&server)
        .await;
    let details = client(&server).get_order("a/b c").await.unwrap();
    assert_eq!(details.status, OrderStatus::Initialized);
    assert_eq!(details.transaction_id.as_deref(), Some("4051823"));
    assert_eq!(details.raw["customer"]["locale"], json!("nl_NL"));
}

#[tokio::test]
async fn a_missing_order_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "success": false, "data": [], "error_code": 1006, "error_info": "Invalid transaction ID"
        })))
        .mount(&server)
        .await;
    assert_eq!(client(&server).get_order("nope").await.unwrap_err().error_code(), Some(1006));
}

#[test]
fn client_is_cheap_to_clone_and_shareable() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    fn assert_clone<T: Clone>() {}
    assert_send_sync::<Client>();
    assert_clone::<Client>();
    assert_send_sync::<Error>();
}
