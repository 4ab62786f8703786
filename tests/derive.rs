//! `#[derive(MspOrder)]` at run time: the seed's example order built through the derive is the
//! golden JSON, and a derived struct's run-time violations come all at once.

use msp::{Amount, Currency, Customer, Field, MspOrder, Order};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::net::IpAddr;

mod common;

use common::{seed_checkout, SEED_JSON};

/// The golden file the core's tests share: `amount` as the integer its parameter table
/// documents, `close_window` unset.
fn seed_json() -> Value {
    serde_json::from_str(SEED_JSON).expect("the golden file is JSON")
}

#[test]
fn seed_order_through_the_derive_is_the_golden_json() {
    // The request borrows from the struct, which outlives it.
    let checkout = seed_checkout();
    let request = checkout.to_request().expect("the seed order is valid");
    assert_eq!(serde_json::to_value(&request).unwrap(), seed_json());
    // The trait gives the same.
    assert_eq!(Order::to_request(&seed_checkout()).unwrap(), request);
    // The merchant's own derives still work on the same struct.
    assert_eq!(
        serde_json::to_value(seed_checkout()).unwrap()["total"],
        json!(1000)
    );
}

#[test]
fn optional_fields_are_sent_when_set() {
    let mut checkout = seed_checkout();
    checkout.email = Some("buyer@shop.example".into());
    let json = serde_json::to_value(checkout.to_request().unwrap()).unwrap();
    assert_eq!(json["customer"]["email"], json!("buyer@shop.example"));
}

#[test]
fn run_time_violations_come_all_at_once() {
    let mut checkout = seed_checkout();
    checkout.order_id = String::new();
    checkout.currency = Currency::JPY;
    checkout.total_cents = 0;
    checkout.description = "é".repeat(201);
    checkout.email = Some("not an address".into());
    let errors = checkout.to_request().unwrap_err();
    let paths: Vec<&str> = errors.violations().iter().map(|v| v.path()).collect();
    assert_eq!(
        paths,
        [
            "order_id",
            "currency",
            "amount",
            "description",
            "customer.email"
        ]
    );
    let message = errors.to_string();
    assert!(
        message.starts_with("the order is invalid (5 problems):"),
        "{message}"
    );
    assert!(
        message.contains("AMEX does not accept JPY; it accepts: CHF, EUR, GBP, USD"),
        "{message}"
    );
    assert!(
        message.contains("description is 201 characters; MultiSafepay accepts at most 200"),
        "{message}"
    );
}

/// Every value from fields, borrowed, in a generic struct.
#[derive(MspOrder)]
#[msp_order(
    allow(get_notification),
    gateway = "IDEAL",
    flow = "redirect",
    currency = "EUR"
)]
struct Borrowed<'a, A> {
    order_id: u32,
    amount: A,
    description: Cow<'a, str>,
    notification_url: &'a str,
    redirect_url: String,
    cancel_url: Cow<'a, str>,
    close_window: Option<bool>,
    #[msp_order(customer.forwarded_ip)]
    proxy: Option<&'a str>,
}

#[test]
fn borrowed_and_generic_fields() {
    let order = Borrowed {
        order_id: 12345,
        amount: Amount::new(250),
        description: Cow::Borrowed("Two tickets"),
        notification_url: "https://shop.example/notify",
        redirect_url: "https://shop.example/thanks".into(),
        cancel_url: Cow::Owned("https://shop.example/cancel".into()),
        close_window: Some(true),
        proxy: None,
    };
    let json = serde_json::to_value(order.to_request().unwrap()).unwrap();
    assert_eq!(json["order_id"], json!(12345));
    assert_eq!(json["gateway"], json!("IDEAL"));
    assert_eq!(json["amount"], json!(250));
    assert_eq!(json["payment_options"]["close_window"], json!(true));
    assert!(
        json.get("customer").is_none(),
        "no empty customer object: {json}"
    );

    let bad = Borrowed {
        redirect_url: "/thanks".into(),
        ..order
    };
    let errors = bad.to_request().unwrap_err();
    assert!(errors.has(Field::RedirectUrl), "{errors}");
}

/// A field named after `customer.reference` supplies it.
#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "IDEAL",
    flow = "redirect",
    currency = "EUR",
    description = "Subscription",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct Recurring {
    order_id: String,
    amount: u64,
    reference: String,
}

#[test]
fn reference_is_the_customers() {
    let order = Recurring {
        order_id: "sub-1".into(),
        amount: 999,
        reference: "customer-0001".into(),
    };
    let json = serde_json::to_value(order.to_request().unwrap()).unwrap();
    assert_eq!(json["customer"], json!({"reference": "customer-0001"}));
    assert!(json.get("reference").is_none(), "{json}");
}

/// The whole customer object from a field; the single fields override it.
#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct WithCustomer {
    order_id: u64,
    currency: Currency,
    amount: u64,
    description: &'static str,
    customer: Customer,
    ip_address: Option<IpAddr>,
}

fn customer(locale: Option<&str>) -> Customer {
    let mut customer = Customer::default();
    customer.locale = locale.map(str::to_owned);
    customer.email = Some("buyer@shop.example".into());
    customer.ip_address = Some("10.0.0.1".into());
    customer
}

#[test]
fn customer_object_is_layered_and_checked() {
    let order = WithCustomer {
        order_id: 7,
        currency: Currency::GBP,
        amount: 990,
        description: "A book",
        customer: customer(Some("en_GB")),
        ip_address: Some([192, 0, 2, 1].into()),
    };
    let json = serde_json::to_value(order.to_request().unwrap()).unwrap();
    assert_eq!(
        json["customer"],
        json!({ "locale": "en_GB", "email": "buyer@shop.example", "ip_address": "192.0.2.1" })
    );

    // The object may lack what AMEX needs: that is found at run time, with the other problems.
    let order = WithCustomer {
        customer: customer(None),
        amount: 0,
        ..order
    };
    let errors = order.to_request().unwrap_err();
    let paths: Vec<&str> = errors.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["customer.locale", "amount"], "{errors}");
}

#[cfg(feature = "client")]
#[test]
fn submit_is_a_send_future_borrowing_the_order_and_the_client() {
    fn send<T: Send + Unpin>(t: T) -> T {
        t
    }
    let client = msp::Client::builder().api_key("test-key").build().unwrap();
    let checkout = seed_checkout();
    // Not awaited: only its type is checked here; the sandbox tests send orders.
    let submission: msp::Submission<'_> = checkout.submit(&client);
    drop(send(submission));

    // `Send` even when the struct is not `Sync`: the future holds the request, not the struct.
    #[derive(MspOrder)]
    #[msp_order(
        gateway = "IDEAL",
        flow = "direct",
        currency = "EUR",
        allow(get_notification),
        notification_url = "https://shop.example/notify"
    )]
    struct WithCell {
        order_id: u64,
        amount: u64,
        description: String,
        #[msp_order(skip)]
        attempts: std::cell::Cell<u8>,
    }
    let order = WithCell {
        order_id: 1,
        amount: 100,
        description: "x".into(),
        attempts: std::cell::Cell::new(0),
    };
    order.attempts.set(1);
    drop(send(order.submit(&client)));
}
