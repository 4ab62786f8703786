//! The hosted payment page and the notifications it triggers, end to end: a merchant's webhook
//! (a listener on port 0) receives the notification and verifies it with
//! `msp_core::webhook::verify`.

mod common;

use common::{amex_order, press, Listener};
use msp_core::webhook;
use msp_core::OrderStatus;
use msp_sandbox::Sandbox;
use serde_json::Value;
use std::time::Duration;

/// Retries a few milliseconds apart, so tests are quick.
/// The order of [`amex_order`], asking for signed POST notifications
/// (`payment_options.notification_method`).
fn posted<'a>(order_id: &str, notification_url: &'a str) -> msp_core::OrderRequest<'a> {
    let mut order = amex_order(order_id, notification_url);
    order.payment_options_mut().notification_method = Some(msp_core::NotificationMethod::Post);
    order
}

async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .notification_retry_delay(Duration::from_millis(5))
        .start()
        .await
}

/// Checks a notification the way MultiSafepay's "Handle notifications" page describes it
/// (<https://docs.multisafepay.com/docs/handle-notifications>), and returns its body.
fn check_notification(sandbox: &Sandbox, received: &common::Received, order_id: &str) -> Value {
    // A POST to `{notification_url}?transactionid=<order_id>&timestamp=<unix>`; "the updated
    // order details make up the payload of the request" (as `GET /orders/{order_id}` returns
    // them).
    assert_eq!(received.method, "POST");
    assert_eq!(received.param("transactionid").as_deref(), Some(order_id));
    let timestamp: u64 = received
        .param("timestamp")
        .expect("timestamp")
        .parse()
        .expect("a unix timestamp");
    // "Input: raw request body bytes `payload` ..., `Auth` header value, API key of the site."
    let auth = received.auth.as_deref().expect("an Auth header");
    webhook::verify(&received.body, auth, sandbox.api_key()).expect("a valid signature");
    assert!(webhook::verify(&received.body, auth, "another-key").is_err());
    let body: Value = serde_json::from_slice(&received.body).expect("JSON body");
    assert_eq!(body["order_id"], order_id);
    assert!(timestamp > 1_600_000_000);
    body
}

#[tokio::test]
async fn completing_redirects_to_redirect_url_and_sends_a_verified_notification() {
    let sandbox = sandbox().await;
    let mut listener = Listener::start(vec![]).await;
    let client = sandbox.client().unwrap();
    let created = client
        .create_order(&posted("pay-1", &listener.url))
        .await
        .unwrap();

    // The seed: "redirect_url ... Customer will be redirected to this page after a successful
    // payment."
    let (status, location) = press(&created.payment_url, "complete").await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("https://shop.example/thanks"));

    let received = listener.next().await;
    let body = check_notification(&sandbox, &received, "pay-1");
    assert_eq!(body["status"], "completed");
    assert_eq!(body["financial_status"], "completed");
    assert_eq!(body["amount"], 1000);
    assert!(body["completed"].is_string());
    // The typed reading of the SDK agrees.
    let notification = webhook::verify_and_parse(
        &received.body,
        received.auth.as_deref().unwrap(),
        sandbox.api_key(),
    )
    .unwrap();
    assert_eq!(notification.status, OrderStatus::Completed);

    // Acknowledged with "OK": no retry.
    assert!(listener.quiet_for(Duration::from_millis(200)).await);

    let details = client.get_order("pay-1").await.unwrap();
    assert_eq!(details.status, OrderStatus::Completed);

    // A finished payment cannot be finished again.
    let url = common::action_url_of_session(&created.payment_url, "complete");
    let again = common::http().post(url).send().await.unwrap();
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn cancelling_redirects_to_cancel_url() {
    let sandbox = sandbox().await;
    let mut listener = Listener::start(vec![]).await;
    let client = sandbox.client().unwrap();
    let created = client
        .create_order(&posted("pay-cancel", &listener.url))
        .await
        .unwrap();
    // The seed: "cancel_url ... Customer will be redirected to this page after a failed payment."
    let (status, location) = press(&created.payment_url, "cancel").await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("https://shop.example/cancel"));
    let body = check_notification(&sandbox, &listener.next().await, "pay-cancel");
    assert_eq!(body["status"], "cancelled");
    assert_eq!(
        client.get_order("pay-cancel").await.unwrap().status,
        OrderStatus::Cancelled
    );
}

#[tokio::test]
async fn declining_redirects_to_cancel_url() {
    let sandbox = sandbox().await;
    let mut listener = Listener::start(vec![]).await;
    let client = sandbox.client().unwrap();
    let created = client
        .create_order(&posted("pay-decline", &listener.url))
        .await
        .unwrap();
    let (status, location) = press(&created.payment_url, "decline").await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("https://shop.example/cancel"));
    let body = check_notification(&sandbox, &listener.next().await, "pay-decline");
    assert_eq!(body["status"], "declined");
    assert_eq!(body["completed"], Value::Null);
    assert_eq!(
        client.get_order("pay-decline").await.unwrap().status,
        OrderStatus::Declined
    );
}

#[tokio::test]
async fn notification_is_retried_until_acknowledged() {
    let sandbox = sandbox().await;
    // "Handle notifications": acknowledge with "HTTP status code `200` with `OK`" in the body;
    // until then "we resend the notification ... at 15 minute intervals, each with a new
    // timestamp" (hence a new `Auth`).
    let mut listener =
        Listener::start(vec![(500, "Internal Server Error"), (200, "received")]).await;
    let created = sandbox
        .client()
        .unwrap()
        .create_order(&posted("pay-retry", &listener.url))
        .await
        .unwrap();
    press(&created.payment_url, "complete").await;

    let first = listener.next().await; // answered 500
    let second = listener.next().await; // answered 200 without OK
    let third = listener.next().await; // answered 200 OK
    for received in [&first, &second, &third] {
        check_notification(&sandbox, received, "pay-retry");
        assert_eq!(received.body, first.body, "the same order JSON each time");
    }
    assert!(
        listener.quiet_for(Duration::from_millis(200)).await,
        "no retry after OK"
    );
}

#[tokio::test]
async fn retries_stop_at_the_configured_number() {
    let sandbox = Sandbox::builder()
        .notification_retries(2)
        .notification_retry_delay(Duration::from_millis(5))
        .start()
        .await;
    let mut listener = Listener::start(vec![(500, ""); 10]).await;
    let created = sandbox
        .client()
        .unwrap()
        .create_order(&amex_order("pay-give-up", &listener.url))
        .await
        .unwrap();
    press(&created.payment_url, "complete").await;
    for _ in 0..3 {
        listener.next().await; // the first attempt and 2 retries
    }
    assert!(listener.quiet_for(Duration::from_millis(200)).await);
}

#[tokio::test]
async fn get_notification_carries_only_the_query() {
    let sandbox = sandbox().await;
    let mut listener = Listener::start(vec![]).await;
    let mut order = amex_order("pay-get", &listener.url);
    order.payment_options_mut().notification_method = Some(msp_core::NotificationMethod::Get);
    let created = sandbox
        .client()
        .unwrap()
        .create_order(&order)
        .await
        .unwrap();
    press(&created.payment_url, "complete").await;
    // A GET notification carries the query parameters only: the merchant then requests the
    // order (<https://docs.multisafepay.com/faq/api/notification-url/>).
    let received = listener.next().await;
    assert_eq!(received.method, "GET");
    assert_eq!(received.param("transactionid").as_deref(), Some("pay-get"));
    assert!(received.param("timestamp").is_some());
    assert!(received.body.is_empty());
    assert!(received.auth.is_none());
}

#[tokio::test]
async fn without_a_notification_method_the_notification_is_a_get() {
    // `NotificationMethod.yaml`: GET is the default; only an order that asks gets a POST.
    let sandbox = sandbox().await;
    let mut listener = Listener::start(vec![]).await;
    let order = amex_order("pay-default", &listener.url);
    assert_eq!(
        order.payment_options.as_ref().unwrap().notification_method,
        None
    );
    let created = sandbox
        .client()
        .unwrap()
        .create_order(&order)
        .await
        .unwrap();
    press(&created.payment_url, "complete").await;
    let received = listener.next().await;
    assert_eq!(received.method, "GET");
    let mut names: Vec<&str> = received
        .query
        .split('&')
        .filter_map(|pair| pair.split_once('=').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["timestamp", "transactionid"], "{}", received.query);
    assert_eq!(
        received.param("transactionid").as_deref(),
        Some("pay-default")
    );
    assert!(received.body.is_empty());
    assert!(received.auth.is_none());
    let sent = sandbox.notifications();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, msp_core::NotificationMethod::Get);
    assert_eq!(sent[0].status, "completed");
}

#[tokio::test]
async fn notification_url_query_is_kept() {
    let sandbox = sandbox().await;
    let mut listener = Listener::start(vec![]).await;
    // The seed's notification_url carries its own query: "...notification?type=notification".
    let url = format!("{}?type=notification", listener.url);
    let created = sandbox
        .client()
        .unwrap()
        .create_order(&posted("pay-query", &url))
        .await
        .unwrap();
    press(&created.payment_url, "complete").await;
    let received = listener.next().await;
    assert_eq!(received.param("type").as_deref(), Some("notification"));
    check_notification(&sandbox, &received, "pay-query");
}

#[tokio::test]
async fn unknown_sessions_and_actions_are_404() {
    let sandbox = sandbox().await;
    let origin = sandbox.url().trim_end_matches("/v1/json/");
    let http = common::http();
    let page = http
        .get(format!("{origin}/connect/nope/"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    let action = http
        .post(format!("{origin}/pay/nope/complete"))
        .send()
        .await
        .unwrap();
    assert_eq!(action.status(), 404);

    let created = sandbox
        .client()
        .unwrap()
        .create_order(&amex_order("pay-404", "https://shop.example/notify"))
        .await
        .unwrap();
    let url = common::action_url_of_session(&created.payment_url, "refund");
    assert_eq!(http.post(url).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn sending_a_notification_does_not_hold_up_the_customer() {
    // A webhook that never answers in time must not delay the redirect.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", silent.local_addr().unwrap());
    let sandbox = sandbox().await;
    let created = sandbox
        .client()
        .unwrap()
        .create_order(&amex_order("pay-fast", &url))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let (status, _) = press(&created.payment_url, "complete").await;
    assert_eq!(status, 303);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    drop(silent);
}
