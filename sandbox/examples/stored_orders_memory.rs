//! How much memory the sandbox needs per stored order: starts a sandbox that keeps N orders
//! (default 1,000,000), creates N seed-sized AMEX orders over HTTP (32 connections), and prints
//! the process's resident memory (`VmRSS`, Linux) before and after.
//!
//! ```text
//! cargo run --release -p msp-sandbox --example stored_orders_memory [N]
//! ```

use msp_sandbox::Sandbox;
use std::time::Instant;

/// The seed order, with `{ID}` for the order id.
const BODY: &str = r#"{"type":"redirect","order_id":"{ID}","gateway":"AMEX","currency":"EUR","amount":1000,"description":"Test Order Description","payment_options":{"notification_url":"http://www.example.com/client/notification?type=notification","redirect_url":"http://www.example.com/client/notification?type=redirect","cancel_url":"http://www.example.com/client/notification?type=cancel","close_window":""},"customer":{"locale":"nl_NL","ip_address":"127.0.0.1"}}"#;

const CONNECTIONS: usize = 32;

/// `VmRSS` in KiB (0 where `/proc` is missing).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let orders: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let sandbox = Sandbox::builder().max_orders(orders).start().await;
    let url = format!("{}orders", sandbox.url());
    let key = sandbox.api_key().to_owned();
    let before = rss_kib();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let (url, key) = (url.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::builder().no_proxy().build().unwrap();
            for i in (c..orders).step_by(CONNECTIONS) {
                let body = BODY.replace("{ID}", &format!("memory-{i:07}"));
                let response = http
                    .post(&url)
                    .header("api_key", &key)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("the sandbox answers");
                assert_eq!(response.status(), 200, "order {i}");
                let _ = response.bytes().await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client task");
    }
    let after = rss_kib();
    let stored = sandbox.stored_orders();
    println!(
        "stored orders: {stored} in {:.1} s; VmRSS before {} MiB, after {} MiB: {} bytes per order",
        started.elapsed().as_secs_f64(),
        before / 1024,
        after / 1024,
        (after.saturating_sub(before) * 1024) / stored.max(1) as u64
    );
}
