//! The request a derived struct builds borrows: its text from the struct's fields and the
//! attribute's literals, a typed IP address kept typed, so that `to_request()` allocates nothing
//! per text field; and it still serialises to the golden JSON.

mod common;

use common::{seed_checkout, Checkout, SEED_JSON};
use msp::{CustomerIp, Order};
use std::borrow::Cow;

#[test]
fn the_derived_request_borrows_its_text() {
    let checkout = Checkout {
        email: Some("buyer@shop.example".into()),
        ..seed_checkout()
    };
    let request = checkout.to_request().expect("valid");
    assert!(matches!(request.description, Cow::Borrowed(_)));
    let options = request.payment_options.as_ref().expect("fixed URLs");
    for url in [
        &options.notification_url,
        &options.redirect_url,
        &options.cancel_url,
    ] {
        assert!(matches!(url, Some(Cow::Borrowed(_))), "{url:?}");
    }
    let customer = request.customer.as_ref().expect("a customer");
    assert!(matches!(customer.locale, Some(Cow::Borrowed("nl_NL"))));
    assert!(matches!(customer.email, Some(Cow::Borrowed(_))));
    let ip = customer.ip_address.as_ref().expect("an IP address");
    assert!(ip.is_typed(), "an `IpAddr` is kept as valid by its type");
    assert_eq!(*ip, CustomerIp::from(checkout.ip_address));
    assert_eq!(customer.ip_address.as_deref(), Some("127.0.0.1"));
    // Kept beyond the struct, it owns its text and is the same order.
    let owned: msp::OrderRequest<'static> = request.clone().into_owned();
    assert!(matches!(owned.description, Cow::Owned(_)));
    assert_eq!(
        serde_json::to_value(&owned).unwrap(),
        serde_json::to_value(&request).unwrap()
    );
    assert_eq!(owned, request, "the same order, its typed IP now text");
}

#[test]
fn an_owned_request_read_from_the_golden_json_writes_it_back() {
    let read: msp::OrderRequest<'static> = serde_json::from_str(SEED_JSON).unwrap();
    let checkout = seed_checkout();
    let derived = checkout.to_request().unwrap();
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        serde_json::to_value(&derived).unwrap()
    );
    assert_eq!(
        read, derived,
        "equal as their JSON is, the typed IP and the read text alike"
    );
    // `Order` for a request validates and hands back a borrowing copy.
    let again = Order::to_request(&read).unwrap();
    assert_eq!(again, read);
}
