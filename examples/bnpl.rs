//! `cargo run --example bnpl`: a Klarna order (buy now, pay later) with a shopping cart, a
//! delivery address and the customer's details, derived from a plain struct and submitted.
//!
//! The cart's prices are the ones the shop shows, tax included; the order's amount is the cart's
//! `total()`, which is what MultiSafepay computes from the cart (the unit prices excluding tax
//! are written with as many decimals as that takes). An amount a cent off is refused before any
//! request, as shown first.
//!
//! With no `MSP_API_KEY` set it starts the local sandbox in process and says so. With
//! `MSP_API_KEY` (and optionally `MSP_ENVIRONMENT=test|live`) it talks to that API instead.

use msp::{Amount, CartItem, Currency, Customer, Delivery, MspOrder, ShoppingCart, TaxRate};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// The shop's checkout for Klarna: the derive checks at compile time that it can become a valid
/// KLARNA redirect order.
#[derive(MspOrder)]
#[msp_order(
    gateway = "KLARNA",
    flow = "redirect",
    notification_url = "https://shop.example/msp/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/checkout/thanks",
    cancel_url = "https://shop.example/checkout/cancelled",
    locale = "nl_NL"
)]
struct KlarnaCheckout {
    order_id: String,
    currency: Currency,
    amount: Amount,
    description: String,
    customer: Customer,
    delivery: Delivery,
    shopping_cart: ShoppingCart,
    #[msp_order(gateway_info.birthday)]
    birthday: String,
    #[msp_order(gateway_info.gender)]
    gender: String,
    #[msp_order(gateway_info.phone)]
    phone: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bnpl failed: {error}");
            ExitCode::FAILURE
        }
    }
}

fn cart() -> ShoppingCart {
    ShoppingCart::new([
        CartItem::gross("Rain jacket", 8_995, 1, TaxRate::percent(21))
            .merchant_item_id("jacket-m")
            .weight_grams(650),
        CartItem::gross("Travel guide", 2_450, 2, TaxRate::percent(9)).merchant_item_id("guide"),
        CartItem::discount("Welcome coupon", 500, TaxRate::percent(21)),
        CartItem::shipping("Shipping", 495, TaxRate::percent(21)),
    ])
}

fn customer() -> (Customer, Delivery) {
    let mut customer = Customer::default();
    customer.first_name = Some("Testperson-nl".into());
    customer.last_name = Some("Approved".into());
    customer.address1 = Some("Neherkade".into());
    customer.house_number = Some("1".into());
    customer.zip_code = Some("2521VA".into());
    customer.city = Some("Gravenhage".into());
    customer.country = Some("NL".into());
    customer.email = Some("customer@shop.example".into());
    customer.ip_address = Some("127.0.0.1".into());
    let mut delivery = Delivery::default();
    delivery.first_name = customer.first_name.clone();
    delivery.last_name = customer.last_name.clone();
    delivery.address1 = customer.address1.clone();
    delivery.house_number = customer.house_number.clone();
    delivery.zip_code = customer.zip_code.clone();
    delivery.city = customer.city.clone();
    delivery.country = customer.country.clone();
    delivery.email = customer.email.clone();
    (customer, delivery)
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

    let cart = cart();
    let total = cart.total();
    println!("Cart total, as MultiSafepay computes it: {total} minor units (EUR cents)");
    let (customer, delivery) = customer();
    let millis = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let mut checkout = KlarnaCheckout {
        order_id: format!("bnpl-{millis}"),
        currency: Currency::EUR,
        // The mistake first: an amount a cent off its cart.
        amount: Amount::new(total.minor_units() + 1),
        description: "Order from shop.example: rain jacket and guides".to_owned(),
        customer,
        delivery,
        shopping_cart: cart,
        birthday: "1970-07-10".to_owned(),
        gender: "mr".to_owned(),
        phone: "+31 20 850 0500".to_owned(),
    };
    match checkout.to_request() {
        Err(errors) => println!("Refused before any request, as it should be:\n{errors}"),
        Ok(_) => return Err("an amount a cent off its cart was accepted".into()),
    }

    checkout.amount = total;
    let created = checkout.submit(&client).await?;
    println!("Order {} created. Send the customer to:", created.order_id);
    println!("{}", created.payment_url);
    Ok(())
}
