// `allow(...)` names the warnings a struct silences; a misspelt one is an error with a hint.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "VISA",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL",
    allow(fraud_chek, get_notification, everything)
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
