//! Load on an in-process sandbox: N concurrent clients create orders for a few seconds, then the
//! throughput and latency percentiles are printed.
//!
//! ```text
//! cargo run --release -p msp-sandbox --example load -- [--clients 64] [--seconds 5]
//! ```

use msp_core::{Client, Currency, Flow, Gateway, OrderRequest};
use msp_sandbox::Sandbox;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (clients, seconds) = options()?;
    let sandbox = Sandbox::start().await;
    println!(
        "{clients} clients creating AMEX redirect orders on {} for {seconds} s",
        sandbox.url()
    );

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for c in 0..clients {
        // One client (and connection pool) each, as separate merchants' processes would have.
        let client = Client::builder()
            .base_url(sandbox.url())
            .api_key(sandbox.api_key())
            .build()?;
        tasks.push(tokio::spawn(run_client(client, c, deadline)));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (ok, failed) = task.await?;
        latencies.extend(ok);
        errors += failed;
    }
    let elapsed = started.elapsed();

    latencies.sort_unstable();
    let percentile = |p: f64| -> Duration {
        if latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * latencies.len() as f64).ceil() as usize;
        latencies[rank.clamp(1, latencies.len()) - 1]
    };
    println!(
        "{} orders in {:.2} s: {:.0} orders/s, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms, {errors} errors",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(50.0)),
        ms(percentile(99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    println!(
        "orders kept by the sandbox: {} (capped)",
        sandbox.stored_orders()
    );
    Ok(())
}

/// Creates orders until `deadline`: the latency of each success, and the number of failures.
async fn run_client(client: Client, index: usize, deadline: Instant) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut n = 0u64;
    while Instant::now() < deadline {
        n += 1;
        let order = order(&format!("load-{index}-{n}"));
        let sent = Instant::now();
        match client.create_order(&order).await {
            Ok(_) => latencies.push(sent.elapsed()),
            Err(e) => {
                errors += 1;
                if errors == 1 {
                    eprintln!("client {index}: {e}");
                }
            }
        }
    }
    (latencies, errors)
}

fn order(order_id: &str) -> OrderRequest {
    let mut order = OrderRequest::new(
        Flow::Redirect,
        Gateway::AMEX,
        order_id,
        Currency::EUR,
        1000u64,
        "Load test order",
    );
    let options = order.payment_options_mut();
    options.notification_url = Some("https://shop.example/notify".into());
    options.redirect_url = Some("https://shop.example/thanks".into());
    options.cancel_url = Some("https://shop.example/cancel".into());
    let customer = order.customer_mut();
    customer.locale = Some("nl_NL".into());
    customer.ip_address = Some("127.0.0.1".into());
    order
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `--clients N` (default 64) and `--seconds S` (default 5).
fn options() -> Result<(usize, u64), String> {
    let mut clients = 64;
    let mut seconds = 5;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: `{v}` is not a number"))
        };
        match flag.as_str() {
            "--clients" => clients = number(&value)?.max(1) as usize,
            "--seconds" => seconds = number(&value)?.max(1),
            _ => {
                return Err(format!(
                    "unknown argument `{flag}` (use --clients N --seconds S)"
                ))
            }
        }
    }
    Ok((clients, seconds))
}
