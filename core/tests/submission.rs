//! `Client::submit`, which a derived struct's `submit(&client)` is, against a loopback mock
//! server: the request built by the call, sent when the `Submission` is awaited, which is
//! `Send` and `Unpin` whatever the order.
#![cfg(feature = "client")]

use msp_core::{Client, Currency, Error, Order, OrderRequest, Submission, ValidationErrors};
use serde_json::json;
use std::cell::Cell;
use std::time::Duration;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key-0123456789")
        .base_url(format!("{}/v1/json/", server.uri()))
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

/// The seed page's AMEX order, from the golden file the model's tests check.
fn seed() -> OrderRequest<'static> {
    serde_json::from_str(include_str!("fixtures/seed_order.json")).expect("the golden order")
}

/// An order that counts its `to_request` calls, and is not `Sync`, as a struct with a `Cell`
/// field is not.
struct Counted {
    order: OrderRequest<'static>,
    built: Cell<u32>,
}

impl Order for Counted {
    fn to_request(&self) -> Result<OrderRequest<'_>, ValidationErrors> {
        self.built.set(self.built.get() + 1);
        self.order.to_request()
    }
}

fn send_unpin<T: Send + Unpin>(t: T) -> T {
    t
}

#[tokio::test]
async fn builds_the_request_when_made_and_sends_it_when_awaited() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/json/orders"))
        .and(body_json(serde_json::to_value(seed()).unwrap()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"order_id": "my-order-id-1", "payment_url": "https://testpayv2.multisafepay.com/connect/abc/"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let order = Counted {
        order: seed(),
        built: Cell::new(0),
    };
    let submission: Submission<'_> = send_unpin(client.submit(&order));
    assert_eq!(
        order.built.get(),
        1,
        "the request is built when submit is called"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    let created = submission.await.unwrap();
    assert_eq!(created.order_id, "my-order-id-1");
    assert_eq!(order.built.get(), 1);
}

#[tokio::test]
async fn an_invalid_order_resolves_to_its_violations_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let mut bad = seed();
    bad.amount = 0u64.into();
    bad.currency = Currency::XAU;
    match client(&server).submit(&bad).await.unwrap_err() {
        Error::Validation(errors) => assert_eq!(errors.len(), 2, "{errors}"),
        other => panic!("{other:?}"),
    }
}
