//! `cargo run --example lifecycle`: what follows an order, on the local sandbox. A card order
//! is created for manual capture, paid on the sandbox's payment page, captured, partly
//! refunded and marked shipped; then the order shows its captures and refunds, and the
//! account lists its transactions.
//!
//! It runs on the sandbox only: paying is a customer's step, which the sandbox can play
//! (`Sandbox::act_as_customer`) and MultiSafepay's test environment cannot. Every call after
//! the payment (`capture`, `refund`, `update_order`, `get_order`) works the same against
//! MultiSafepay with `msp::Client::from_env()`.

use futures_core::Stream;
use msp::{Capture, Currency, MspOrder, OrderUpdate, Refund};
use msp_sandbox::{CustomerAction, Sandbox};
use std::net::IpAddr;
use std::pin::Pin;
use std::process::ExitCode;

/// The shop's checkout, as in `examples/checkout.rs`.
#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/msp/notify",
    redirect_url = "https://shop.example/checkout/thanks",
    cancel_url = "https://shop.example/checkout/cancelled",
    locale = "nl_NL",
    notification_method = "POST"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    #[msp_order(amount)]
    total_cents: u64,
    description: String,
    ip_address: IpAddr,
    country: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lifecycle failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await;
    println!("Using the local sandbox at {}", sandbox.url());
    let client = sandbox.client()?;

    // 1. Create: the derived order, authorised now and captured when it ships.
    let checkout = Checkout {
        order_id: "lifecycle-1".to_owned(),
        currency: Currency::EUR,
        total_cents: 4995,
        description: "Order from shop.example: 1 x rain jacket".to_owned(),
        ip_address: IpAddr::from([127, 0, 0, 1]),
        country: "NL".to_owned(),
    };
    let mut request = msp::Order::to_request(&checkout)?;
    request.capture = Some("manual".into());
    let created = client.create_order(&request).await?;
    println!(
        "1. created {}: pay at {}",
        created.order_id, created.payment_url
    );

    // 2. Pay: the customer presses "pay" on the sandbox's payment page.
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await?;
    let order = client.get_order("lifecycle-1").await?;
    println!("2. paid: status {} (authorised, to capture)", order.status);

    // 3. Capture the authorisation (within 5 days, or it voids).
    let captured = client.capture("lifecycle-1", Capture::full()).await?;
    println!(
        "3. captured {} cents as {}",
        captured.amount, captured.capture_order_id
    );

    // 4. A partial refund: exactly once, even if the answer is lost.
    let refund = client
        .refund(
            "lifecycle-1",
            Refund::partial(1000).description("Discount for the late delivery"),
        )
        .await?;
    println!(
        "4. refunded {} cents as {}",
        refund.amount.unwrap_or_default(),
        refund.refund_order_id
    );

    // 5. Ship.
    client
        .update_order(
            "lifecycle-1",
            OrderUpdate::shipped()
                .carrier("PostNL")
                .tracktrace_code("3SMSP0123456789")
                .ship_date("2026-11-29"),
        )
        .await?;
    let order = client.get_order("lifecycle-1").await?;
    println!(
        "5. shipped: status {}, {} of {} cents refunded, {} left to refund",
        order.status,
        order.amount_refunded,
        order.amount,
        order.refundable()
    );
    for transaction in &order.related_transactions {
        println!(
            "   {} {}: {} cents, {}",
            transaction.kind.as_deref().unwrap_or("?"),
            transaction.order_id.as_deref().unwrap_or("?"),
            transaction.amount.unwrap_or_default(),
            transaction
                .status
                .as_ref()
                .map_or("?", |status| status.as_str())
        );
    }
    // 6. The account's transactions, page by page as the stream is read (`futures::StreamExt`
    //    gives `.next()`; here the stream is polled by hand, without futures-util).
    let mut transactions = client.transactions(msp::TransactionQuery::default());
    println!("6. the account's transactions:");
    while let Some(transaction) =
        std::future::poll_fn(|cx| Pin::new(&mut transactions).poll_next(cx)).await
    {
        let transaction = transaction?;
        println!(
            "   {} {}: {} {} cents, {}",
            transaction.kind.as_deref().unwrap_or("?"),
            transaction.order_id.as_deref().unwrap_or("?"),
            transaction.currency,
            transaction.amount,
            transaction.status
        );
    }
    Ok(())
}
