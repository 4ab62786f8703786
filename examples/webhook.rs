//! `cargo run --example webhook`: a webhook handler for MultiSafepay's notifications (axum), and
//! the whole path it serves, run against the local sandbox:
//! order created (asking for signed POST notifications) -> customer pays on the payment page ->
//! MultiSafepay POSTs the signed order to `notification_url` -> the `Notified` extractor verifies
//! the signature on the raw body with the client's API key and hands the typed order -> the
//! handler acts on it and answers `OK` (anything else makes MultiSafepay retry).
//!
//! The same handler serves GET notifications, which an order without `notification_method` (or
//! with `"GET"`) gets: only `?transactionid=<order_id>&timestamp=<unix>`, unsigned, so the
//! extractor fetches the order with the client. The example sends one at the end.
//!
//! `App`, its `FromRef` impls, `notification` and the route are the part to copy into a shop.

use axum::extract::{FromRef, State};
use axum::routing::get;
use axum::Router;
use msp::webhook::{Notification, Notified, Verifier, ACK};
use msp::{Client, Currency, MspOrder};
use msp_sandbox::{CustomerAction, Sandbox};
use std::process::ExitCode;
use std::time::Duration;
use tokio::sync::mpsc;

/// The handler's state: the client (whose API key also verifies notifications: configured
/// once) and, in this example, where to hand the orders.
#[derive(Clone)]
struct App {
    client: Client,
    orders: mpsc::UnboundedSender<Notification>,
}

/// `Notified` fetches the order of a GET notification with the client...
impl FromRef<App> for Client {
    fn from_ref(app: &App) -> Client {
        app.client.clone()
    }
}

/// ...and verifies a POST notification with the client's key.
impl FromRef<App> for Verifier {
    fn from_ref(app: &App) -> Verifier {
        app.client.webhook_verifier()
    }
}

/// `GET` and `POST /msp/notify`: the order, verified (POST) or fetched (GET); a notification
/// that fails is answered 401/400 (or 503 when the order could not be fetched) before this
/// runs, so MultiSafepay retries it.
async fn notification(State(app): State<App>, Notified(order): Notified) -> &'static str {
    println!(
        "webhook: order {} is {} ({} {} minor units)",
        order.order_id, order.status, order.amount, order.currency
    );
    // A shop sets the order's status in its database here: idempotently, since notifications
    // can repeat, and knowing that a late POST retry may carry an older status (see
    // `msp::webhook::Incoming`; the `Current` extractor always fetches the current one).
    let _ = app.orders.send(order);
    // 200 with `OK` in the first 100 characters, or MultiSafepay retries.
    ACK
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancelled",
    locale = "nl_NL",
    // Signed POST notifications carrying the order; without this key MultiSafepay sends GET.
    notification_method = "POST"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: String,
    // MultiSafepay's fraud check needs both for card orders.
    ip_address: std::net::IpAddr,
    country: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("webhook example failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await;
    println!("local sandbox at {}", sandbox.url());
    let client = sandbox.client()?;

    let (orders, mut received) = mpsc::unbounded_channel();
    let app = Router::new()
        .route("/msp/notify", get(notification).post(notification))
        .with_state(App {
            client: client.clone(),
            orders,
        });
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let notification_url = format!("http://{}/msp/notify", socket.local_addr()?);
    tokio::spawn(async move { axum::serve(socket, app).await });
    println!("webhook listening at {notification_url}");

    let created = Checkout {
        order_id: "webhook-example-1".to_owned(),
        currency: Currency::EUR,
        amount: 1250,
        description: "Webhook example".to_owned(),
        notification_url: notification_url.clone(),
        ip_address: std::net::IpAddr::from([127, 0, 0, 1]),
        country: "NL".to_owned(),
    }
    .submit(&client)
    .await?;
    println!(
        "order created; the customer pays at {}",
        created.payment_url
    );

    let back = sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await?;
    println!("customer paid and was sent to {}", back.unwrap_or_default());

    let order = next(&mut received).await?;
    if !order.status.is_paid() {
        return Err(format!("order {} is {}, not paid", order.order_id, order.status).into());
    }
    println!(
        "the webhook saw order {} paid (signed POST)",
        order.order_id
    );

    // What MultiSafepay sends for an order that asks for GET: only the order id.
    let http = reqwest::Client::builder().no_proxy().build()?;
    let answer = http
        .get(&notification_url)
        .query(&[
            ("transactionid", created.order_id.as_str()),
            ("timestamp", "0"),
        ])
        .send()
        .await?;
    println!("a GET notification was answered {}", answer.status());
    let fetched = next(&mut received).await?;
    if fetched != order {
        return Err("the GET notification's order differs from the POSTed one".into());
    }
    println!(
        "done: the same handler got order {} ({}) from a GET notification, fetched",
        fetched.order_id, fetched.status
    );
    Ok(())
}

/// The next order the handler saw.
async fn next(
    received: &mut mpsc::UnboundedReceiver<Notification>,
) -> Result<Notification, String> {
    tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .map_err(|_| "no notification arrived within 10 s")?
        .ok_or_else(|| "the webhook stopped".to_owned())
}
