//! `cargo run --example checkout`: an AMEX redirect order, derived from a plain struct, submitted
//! and its payment URL printed.
//!
//! With no `MSP_API_KEY` set it starts the local sandbox in process and says so. With
//! `MSP_API_KEY` (and optionally `MSP_ENVIRONMENT=test|live`, default `test`, or `MSP_BASE_URL`
//! for a sandbox started with `cargo run -p msp-sandbox`) it talks to that API instead.

use msp::{Currency, MspOrder};
use std::net::IpAddr;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// The shop's own checkout struct. The derive checks at compile time that it can become a valid
/// AMEX redirect order, and generates `to_request()` and `submit()`.
#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/msp/notify",
    redirect_url = "https://shop.example/checkout/thanks",
    cancel_url = "https://shop.example/checkout/cancelled",
    locale = "nl_NL",
    // Signed POST notifications carrying the order; without this key MultiSafepay sends GET.
    notification_method = "POST"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    #[msp_order(amount)]
    total_cents: u64,
    description: String,
    ip_address: IpAddr,
    /// `customer.country`: MultiSafepay's fraud check needs it for card orders.
    country: String,
    email: Option<String>,
    /// The shop's own field: no API field has this name, so the derive leaves it alone.
    basket_id: u32,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("checkout failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Keeps the sandbox running until the end of `run`, when one is used.
    let mut _sandbox = None;
    let client = if std::env::var_os("MSP_API_KEY").is_some() {
        let client = msp::Client::from_env()?;
        println!("MSP_API_KEY is set: using {}", client.base_url());
        client
    } else {
        let sandbox = msp_sandbox::Sandbox::start().await;
        println!(
            "MSP_API_KEY is not set: using the local sandbox at {} (set MSP_API_KEY to use MultiSafepay's test environment)",
            sandbox.url()
        );
        let client = sandbox.client()?;
        _sandbox = Some(sandbox);
        client
    };

    let millis = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let checkout = Checkout {
        order_id: format!("checkout-{millis}"),
        currency: Currency::EUR,
        total_cents: 4995,
        description: "Order from shop.example: 1 x rain jacket".to_owned(),
        ip_address: IpAddr::from([127, 0, 0, 1]),
        country: "NL".to_owned(),
        email: Some("customer@shop.example".to_owned()),
        basket_id: 42,
    };
    let created = checkout.submit(&client).await?;
    println!(
        "Order {} (basket {}) created. Send the customer to:",
        created.order_id, checkout.basket_id
    );
    println!("{}", created.payment_url);
    Ok(())
}
