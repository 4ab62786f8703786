//! What one `GET /transactions` page (100 transactions) costs beside one `GET /orders/{id}`,
//! one request at a time over loopback: read as bytes (the sandbox's work and the transfer),
//! then through `msp_core::Client::request` (which also parses the answer into a
//! `serde_json::Value`), and for the listing through the typed `Client::transactions` stream
//! (each `Transaction` decoded, as the mixed workload of `benches/sandbox_load.rs` reads it).
//!
//! ```text
//! cargo run --release -p msp-sandbox --example transactions_page_cost [STORED] [REQUESTS]
//! ```
//! `STORED` orders (default 2,000) are created first; each figure is the mean of `REQUESTS`
//! (default 2,000).

use msp_sandbox::Sandbox;
use std::time::Instant;

/// The seed order, with `{ID}` for the order id.
const BODY: &str = r#"{"type":"redirect","order_id":"{ID}","gateway":"AMEX","currency":"EUR","amount":1000,"description":"Test Order Description","payment_options":{"notification_url":"http://www.example.com/client/notification?type=notification","redirect_url":"http://www.example.com/client/notification?type=redirect","cancel_url":"http://www.example.com/client/notification?type=cancel","close_window":""},"customer":{"locale":"nl_NL","ip_address":"127.0.0.1"}}"#;

fn arg(n: usize, default: u32) -> u32 {
    std::env::args()
        .nth(n)
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (stored, requests) = (arg(1, 2_000), arg(2, 2_000).max(1));
    let sandbox = Sandbox::builder()
        .max_orders(stored.max(1) as usize)
        .start()
        .await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let key = sandbox.api_key().to_owned();
    for i in 0..stored {
        let response = http
            .post(format!("{}orders", sandbox.url()))
            .header("api_key", &key)
            .body(BODY.replace("{ID}", &format!("o-{i}")))
            .send()
            .await
            .expect("the sandbox answers");
        assert_eq!(response.status(), 200);
    }
    let client = sandbox.client().unwrap();
    for (name, path) in [
        ("GET /transactions", "transactions".to_owned()),
        ("GET /orders/{id}", format!("orders/o-{}", stored / 2)),
    ] {
        let started = Instant::now();
        let mut length = 0;
        for _ in 0..requests {
            let response = http
                .get(format!("{}{path}", sandbox.url()))
                .header("api_key", &key)
                .send()
                .await
                .expect("the sandbox answers");
            length = response.bytes().await.expect("the body").len();
        }
        let bytes = started.elapsed() / requests;
        let started = Instant::now();
        for _ in 0..requests {
            client
                .request(msp_core::Method::GET, &path, None)
                .await
                .expect("the sandbox answers");
        }
        let parsed = started.elapsed() / requests;
        println!(
            "{name:<18} {length:>6} bytes: read as bytes {bytes:?}, through the client {parsed:?}"
        );
    }
    let started = Instant::now();
    for _ in 0..requests {
        first_page(&client).await;
    }
    println!(
        "GET /transactions  typed, through `Client::transactions` {:?}",
        started.elapsed() / requests
    );
}

/// The first page's transactions (100) from the typed stream, the stream dropped before it
/// fetches the next page.
async fn first_page(client: &msp_core::Client) {
    use futures_core::Stream;
    let query = msp_core::TransactionQuery::default().limit(100);
    let mut stream = std::pin::pin!(client.transactions(query));
    for _ in 0..100 {
        match std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            Some(transaction) => drop(transaction.expect("a transaction")),
            None => break,
        }
    }
}
