// The derive's warnings, made errors by `deny(deprecated)` so that their text is checked here
// verbatim: fields the fraud check needs, a deprecated gateway, a notification by GET.
#![deny(deprecated)]

use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "VISA",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL"
)]
struct CardCheckout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    country: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "GIROPAY",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct GiropayCheckout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "IDEAL",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct IdealCheckout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
