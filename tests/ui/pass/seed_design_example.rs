// The example of DESIGN.md: fixed URLs and locale, fields by name and by attribute, an optional
// field, and the merchant's own field.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX", flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL",
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    #[msp_order(amount)]
    total_cents: u64,
    description: String,
    ip_address: std::net::IpAddr,
    email: Option<String>,
    internal_note: String,
}

fn main() {
    let checkout = Checkout {
        order_id: "my-order-id-1".into(),
        currency: Currency::EUR,
        total_cents: 1000,
        description: "Test Order Description".into(),
        ip_address: [127, 0, 0, 1].into(),
        email: None,
        internal_note: String::new(),
    };
    let request = checkout.to_request().unwrap();
    assert_eq!(request.amount.minor_units(), 1000);
    assert_eq!(request.customer.unwrap().ip_address.as_deref(), Some("127.0.0.1"));
    let _ = &checkout.internal_note;
}
