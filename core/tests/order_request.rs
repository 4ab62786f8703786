//! The order model: the seed page's example (golden JSON) and run-time validation.
#![cfg(feature = "serde")]

#[path = "fixtures/amex_order.rs"]
mod amex;

use amex::{amex_order, SEED_URLS};
use msp_core::{Currency, Field, Flow, OrderRequest};
use serde_json::{json, Value};

/// The "Create American Express order" page's example request, with `amount` as the integer its
/// parameter table documents and `close_window` left unset.
fn seed_json() -> Value {
    serde_json::from_str(include_str!("fixtures/seed_order.json")).expect("the golden file is JSON")
}

/// The seed page's example, built by hand: it must serialise to the golden file.
fn seed_order() -> OrderRequest<'static> {
    amex_order("my-order-id-1", "Test Order Description", SEED_URLS)
}

#[test]
fn seed_example_serialises_to_the_golden_json() {
    assert_eq!(serde_json::to_value(seed_order()).unwrap(), seed_json());
    assert!(seed_order().validate().is_ok());
}

#[test]
fn seed_example_as_printed_is_read_leniently() {
    // The page sends `amount` as a string and `close_window` as "".
    let printed = r#"{
        "type": "redirect", "order_id": "my-order-id-1", "gateway": "AMEX", "currency": "EUR",
        "amount": "1000", "description": "Test Order Description",
        "payment_options": {
            "notification_url": "http://www.example.com/client/notification?type=notification",
            "redirect_url": "http://www.example.com/client/notification?type=redirect",
            "cancel_url": "http://www.example.com/client/notification?type=cancel",
            "close_window": ""
        },
        "customer": { "locale": "nl_NL", "ip_address": "127.0.0.1" }
    }"#;
    let order: OrderRequest = serde_json::from_str(printed).unwrap();
    assert_eq!(order, seed_order());
}

#[test]
fn numeric_order_id_is_a_json_number() {
    let mut order = seed_order();
    order.order_id = 12345u32.into();
    assert_eq!(
        serde_json::to_value(&order).unwrap()["order_id"],
        json!(12345)
    );
    order.payment_options_mut().close_window = Some(true);
    assert_eq!(
        serde_json::to_value(&order).unwrap()["payment_options"]["close_window"],
        json!(true)
    );
}

fn paths(order: &OrderRequest) -> Vec<&'static str> {
    match order.validate() {
        Ok(()) => vec![],
        Err(errors) => errors.violations().iter().map(|v| v.path()).collect(),
    }
}

#[test]
fn every_violation_is_reported_at_once() {
    let mut order = seed_order();
    order.currency = Currency::JPY;
    order.amount = 0u64.into();
    order.description = "é".repeat(201).into();
    order.payment_options_mut().redirect_url = Some("/thanks".into());
    order.customer_mut().locale = Some("nl-NL".into());
    order.order_id = "".into();
    assert_eq!(
        paths(&order),
        [
            "order_id",
            "currency",
            "amount",
            "description",
            "payment_options.redirect_url",
            "customer.locale"
        ]
    );
    let message = order.validate().unwrap_err().to_string();
    assert!(
        message.starts_with("the order is invalid (6 problems):"),
        "{message}"
    );
    assert!(
        message.contains("AMEX does not accept JPY; it accepts: CHF, EUR, GBP, USD"),
        "{message}"
    );
}

#[test]
fn both_sides_of_each_limit() {
    let mut order = seed_order();
    order.description = "é".repeat(200).into();
    order.order_id = "x".repeat(50).into();
    order.amount = 1u64.into();
    assert!(paths(&order).is_empty());
    order.description = "é".repeat(201).into();
    order.order_id = "x".repeat(51).into();
    order.amount = 0u64.into();
    assert_eq!(paths(&order), ["order_id", "amount", "description"]);
}

#[test]
fn html_and_flow_are_checked() {
    let mut order = seed_order();
    order.description = "<b>sale</b>".into();
    order.flow = Flow::Direct;
    assert_eq!(paths(&order), ["type", "description"]);
}

#[test]
fn missing_required_fields_are_named() {
    let mut order = seed_order();
    order.payment_options = None;
    order.customer = None;
    let errors = order.validate().unwrap_err();
    let missing: Vec<_> = errors.violations().iter().map(|v| v.field).collect();
    assert_eq!(
        missing,
        [
            Field::NotificationUrl,
            Field::RedirectUrl,
            Field::CancelUrl,
            Field::Locale
        ]
    );
    assert_eq!(
        errors.violations()[0].to_string(),
        "payment_options.notification_url: missing; AMEX redirect orders need it"
    );
    // The API itself only needs the schema's fields.
    assert!(order.validate_as_api().is_ok());
}

#[test]
fn validate_fields_checks_only_the_listed_fields() {
    let mut order = seed_order();
    order.description = "<b>x</b>".into();
    order.amount = 0u64.into();
    let errors = order.validate_fields(&[Field::Amount]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors.has(Field::Amount));
}

#[test]
fn blank_values_from_the_docs_read_as_absent() {
    // Five of MultiSafepay's examples send `"type": ""`, most send `"forwarded_ip": ""`.
    let body = json!({
        "type": "", "order_id": "x", "gateway": "AMEX", "currency": "EUR", "amount": 1000,
        "description": "d", "customer": {"forwarded_ip": "", "locale": "nl_NL", "house_number": 12}
    });
    let order: OrderRequest = serde_json::from_value(body).unwrap();
    assert_eq!(order.flow, Flow::Redirect);
    let customer = order.customer.unwrap();
    assert_eq!(customer.forwarded_ip, None);
    assert_eq!(customer.house_number.as_deref(), Some("12"));
}

#[test]
fn an_empty_description_is_refused() {
    let mut order = seed_order();
    order.description = String::new().into();
    assert_eq!(paths(&order), ["description"]);
    assert!(order.validate_as_api().is_err());
}
