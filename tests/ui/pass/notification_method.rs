//! `notification_method` is a fixed value of the attribute, `"POST"` or `"GET"`, and lands in
//! `payment_options`.

use msp::{Currency, MspOrder, NotificationMethod};

#[derive(MspOrder)]
#[msp_order(
    gateway = "IDEAL",
    flow = "direct",
    notification_url = "https://shop.example/notify",
    notification_method = "POST"
)]
struct Signed {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_method = "GET")]
struct Unsigned {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: String,
}

fn main() {
    // The request borrows from the struct, which outlives it.
    let signed = Signed {
        order_id: "o-1".into(),
        currency: Currency::EUR,
        amount: 100,
        description: "d".into(),
    };
    let signed = signed.to_request().unwrap();
    let options = signed.payment_options.unwrap();
    assert_eq!(options.notification_method, Some(NotificationMethod::Post));

    let unsigned = Unsigned {
        order_id: "o-2".into(),
        currency: Currency::EUR,
        amount: 100,
        description: "d".into(),
        notification_url: "https://shop.example/notify".into(),
    };
    let unsigned = unsigned.to_request().unwrap();
    let options = unsigned.payment_options.unwrap();
    assert_eq!(options.notification_method, Some(NotificationMethod::Get));
}
