//! `cargo run --example webhook`: a webhook handler for MultiSafepay's notifications (axum), and
//! the whole path it serves, run against the local sandbox:
//! order created -> customer pays on the payment page -> MultiSafepay POSTs the signed order to
//! `notification_url` -> the handler verifies the signature on the raw body, reads the order,
//! and answers `200 OK` (anything else makes MultiSafepay retry).
//!
//! `notification` below is the part to copy into a shop.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use msp::webhook::Notification;
use msp::{Currency, MspOrder};
use msp_sandbox::{CustomerAction, Sandbox};
use serde::Deserialize;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// What the handler needs: the site's API key (the signature's key) and where to hand orders.
#[derive(Clone)]
struct Webhook {
    api_key: Arc<str>,
    paid: mpsc::UnboundedSender<Notification>,
}

/// MultiSafepay calls `notification_url?transactionid=<order_id>&timestamp=<unix seconds>`.
#[derive(Deserialize)]
struct NotificationQuery {
    transactionid: String,
}

/// `POST /msp/notify`: verify, then act, then acknowledge.
async fn notification(
    State(webhook): State<Webhook>,
    Query(query): Query<NotificationQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let auth = headers
        .get(msp::webhook::AUTH_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    // The signature covers the raw bytes: verify them before parsing, never a re-encoding.
    match msp::webhook::verify_and_parse(&body, auth, &webhook.api_key) {
        Ok(order) => {
            println!(
                "webhook: order {} is {} ({} {} minor units)",
                order.order_id, order.status, order.amount, order.currency
            );
            // A shop updates its database here (idempotently: notifications can repeat).
            let _ = webhook.paid.send(order);
            // 200 with `OK` in the first 100 characters, or MultiSafepay retries.
            (StatusCode::OK, msp::webhook::ACK)
        }
        Err(error) => {
            eprintln!(
                "webhook: refused a notification for {}: {error}",
                query.transactionid
            );
            (StatusCode::UNAUTHORIZED, "invalid notification")
        }
    }
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancelled",
    locale = "nl_NL"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: String,
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

    let (paid, mut orders) = mpsc::unbounded_channel();
    let webhook = Webhook {
        api_key: sandbox.api_key().into(),
        paid,
    };
    let app = Router::new()
        .route("/msp/notify", post(notification))
        .with_state(webhook);
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let notification_url = format!("http://{}/msp/notify", socket.local_addr()?);
    tokio::spawn(async move { axum::serve(socket, app).await });
    println!("webhook listening at {notification_url}");

    let client = sandbox.client()?;
    let created = Checkout {
        order_id: "webhook-example-1".to_owned(),
        currency: Currency::EUR,
        amount: 1250,
        description: "Webhook example".to_owned(),
        notification_url,
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

    let order = tokio::time::timeout(Duration::from_secs(10), orders.recv())
        .await
        .map_err(|_| "no notification arrived within 10 s")?
        .ok_or("the webhook stopped")?;
    if !order.status.is_paid() {
        return Err(format!("order {} is {}, not paid", order.order_id, order.status).into());
    }
    println!("done: the webhook saw order {} paid", order.order_id);
    Ok(())
}
