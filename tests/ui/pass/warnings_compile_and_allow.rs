// Warnings do not stop the build (a deprecated gateway, a GET notification, a card order
// without the fraud check's fields); `allow(...)` silences them for one struct.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "DIRECTBANK",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct Warned {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "MASTERCARD",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL",
    allow(fraud_check, get_notification)
)]
struct Silenced {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {
    let _ = (Warned::to_request, Silenced::to_request);
}
