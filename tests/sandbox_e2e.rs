//! The facade end to end against the local sandbox: a derived order submitted, fetched, paid,
//! cancelled, declined, and the notification received: signed and verified when the order asks
//! for POST, a bare GET (then the order is fetched) when it does not.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::Method;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::any;
use axum::Router;
use msp::{Currency, Error, MspOrder, OrderStatus};
use msp_sandbox::{CustomerAction, Sandbox};
use std::net::IpAddr;
use std::time::Duration;
use tokio::sync::mpsc;

mod common;

use common::{seed_checkout, Checkout};

/// The seed order under another order id. Its notification URL is the seed's fixed one, so it
/// suits the tests where the customer never pays (the sandbox notifies only after a payment).
fn seed(order_id: &str) -> Checkout {
    Checkout {
        order_id: order_id.to_owned(),
        ..seed_checkout()
    }
}

/// An order whose notification URL is a field, so that the sandbox's notifications reach the
/// test's own listener on loopback rather than the seed's fixed address on the internet.
#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "AMEX",
    flow = "redirect",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL"
)]
struct Notified {
    order_id: String,
    currency: Currency,
    #[msp_order(amount)]
    total_cents: u64,
    description: String,
    notification_url: String,
    ip_address: IpAddr,
}

/// Submits `order` asking for signed POST notifications (`payment_options.notification_method`;
/// without it MultiSafepay notifies by GET).
async fn submit_posted(order: &Notified, client: &msp::Client) -> msp::CreatedOrder {
    let mut request = order.to_request().unwrap();
    request.payment_options_mut().notification_method = Some(msp::NotificationMethod::Post);
    client.create_order(&request).await.unwrap()
}

fn notified(order_id: &str, notification_url: &str) -> Notified {
    Notified {
        order_id: order_id.to_owned(),
        currency: Currency::EUR,
        total_cents: 2500,
        description: "Two tickets".to_owned(),
        notification_url: notification_url.to_owned(),
        ip_address: IpAddr::from([127, 0, 0, 1]),
    }
}

#[tokio::test]
async fn a_derived_order_is_created_and_fetched() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let created = seed("e2e-1").submit(&client).await.unwrap();
    assert_eq!(created.order_id, "e2e-1");
    let origin = format!("http://{}/connect/", sandbox.address());
    assert!(
        created.payment_url.starts_with(&origin),
        "{}",
        created.payment_url
    );

    let order = client.get_order("e2e-1").await.unwrap();
    assert_eq!(order.status, OrderStatus::Initialized);
    assert_eq!(order.amount, 1000);
    assert_eq!(order.currency, "EUR");
}

#[tokio::test]
async fn the_same_order_id_twice_is_refused_with_1006() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    seed("dup").submit(&client).await.unwrap();
    let err = seed("dup").submit(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                error_code: Some(1006),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(sandbox.stored_orders(), 1);
}

#[tokio::test]
async fn a_wrong_key_is_refused_with_1032() {
    let sandbox = Sandbox::start().await;
    let client = msp::Client::builder()
        .base_url(sandbox.url())
        .api_key("not-the-key")
        .build()
        .unwrap();
    let err = seed("k").submit(&client).await.unwrap_err();
    assert_eq!(err.error_code(), Some(1032), "{err:?}");
    assert!(!err.to_string().contains("not-the-key"));
}

#[tokio::test]
async fn an_invalid_derived_order_never_reaches_the_sandbox() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut bad = notified("", "not a url");
    bad.currency = Currency::JPY;
    bad.total_cents = 0;
    match bad.submit(&client).await.unwrap_err() {
        Error::Validation(errors) => assert_eq!(errors.len(), 4, "{errors}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.stored_orders(), 0);
}

/// One notification as the webhook received it.
struct Received {
    method: Method,
    query: String,
    auth: String,
    body: Bytes,
}

/// A webhook endpoint on loopback that hands each notification to the test and acknowledges
/// it as MultiSafepay requires.
async fn listener() -> (String, mpsc::UnboundedReceiver<Received>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let app = Router::new()
        .route(
            "/notify",
            any(
                |State(sender): State<mpsc::UnboundedSender<Received>>,
                 method: Method,
                 RawQuery(query): RawQuery,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    let auth = headers
                        .get(msp::webhook::AUTH_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let query = query.unwrap_or_default();
                    let _ = sender.send(Received {
                        method,
                        query,
                        auth,
                        body,
                    });
                    (StatusCode::OK, msp::webhook::ACK)
                },
            ),
        )
        .with_state(sender);
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/notify", socket.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(socket, app).await });
    (url, receiver)
}

async fn next(receiver: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(5), receiver.recv())
        .await
        .expect("a notification within 5 s")
        .expect("listener alive")
}

/// The signed POST's `Auth` header and body.
async fn next_post(receiver: &mut mpsc::UnboundedReceiver<Received>) -> (String, Bytes) {
    let received = next(receiver).await;
    assert_eq!(received.method, Method::POST);
    (received.auth, received.body)
}

#[tokio::test]
async fn paying_redirects_and_sends_a_verified_notification() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let (url, mut notifications) = listener().await;
    let created = submit_posted(&notified("paid-1", &url), &client).await;

    let back = sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    assert_eq!(back.as_deref(), Some("https://shop.example/thanks"));

    let (auth, body) = next_post(&mut notifications).await;
    let notification = msp::webhook::verify_and_parse(&body, &auth, sandbox.api_key()).unwrap();
    assert_eq!(notification.order_id, "paid-1");
    assert_eq!(notification.status, OrderStatus::Completed);
    assert_eq!(notification.amount, 2500);
    // A forged or altered notification is refused.
    assert!(msp::webhook::verify(&body, &auth, "another-key").is_err());
    let mut tampered = body.to_vec();
    tampered.extend_from_slice(b" ");
    assert!(msp::webhook::verify(&tampered, &auth, sandbox.api_key()).is_err());

    assert_eq!(
        client.get_order("paid-1").await.unwrap().status,
        OrderStatus::Completed
    );
}

#[tokio::test]
async fn without_a_method_the_notification_is_a_get_and_the_order_is_fetched() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let (url, mut notifications) = listener().await;
    let created = notified("get-1", &url).submit(&client).await.unwrap();
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let received = next(&mut notifications).await;
    // `transactionid` and `timestamp` only: no body, no signature.
    assert_eq!(received.method, Method::GET);
    assert!(received.body.is_empty() && received.auth.is_empty());
    let order_id = received
        .query
        .split('&')
        .find_map(|pair| pair.strip_prefix("transactionid="))
        .expect("transactionid");
    assert!(received.query.contains("timestamp="), "{}", received.query);
    assert_eq!(
        client.get_order(order_id).await.unwrap().status,
        OrderStatus::Completed
    );
}

#[tokio::test]
async fn cancelling_and_declining_go_back_to_cancel_url() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let (url, mut notifications) = listener().await;
    for (id, action, status) in [
        ("c-1", CustomerAction::Cancel, OrderStatus::Cancelled),
        ("d-1", CustomerAction::Decline, OrderStatus::Declined),
    ] {
        let created = submit_posted(&notified(id, &url), &client).await;
        let back = sandbox
            .act_as_customer(&created.payment_url, action)
            .await
            .unwrap();
        assert_eq!(back.as_deref(), Some("https://shop.example/cancel"));
        let (auth, body) = next_post(&mut notifications).await;
        let notification = msp::webhook::verify_and_parse(&body, &auth, sandbox.api_key()).unwrap();
        assert_eq!(
            (notification.order_id.as_str(), &notification.status),
            (id, &status)
        );
        assert_eq!(client.get_order(id).await.unwrap().status, status);
        // The page refuses a second choice.
        assert!(sandbox
            .act_as_customer(&created.payment_url, CustomerAction::Pay)
            .await
            .is_err());
    }
}

#[tokio::test]
async fn sixty_four_concurrent_submits_are_each_stored_once() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let client = client.clone();
        tasks.spawn(async move { seed(&format!("par-{i}")).submit(&client).await });
    }
    let mut ids = Vec::new();
    while let Some(done) = tasks.join_next().await {
        ids.push(done.unwrap().unwrap().order_id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 64);
    assert_eq!(sandbox.stored_orders(), 64);
    for id in &ids {
        assert_eq!(client.get_order(id).await.unwrap().order_id, *id);
    }
}
