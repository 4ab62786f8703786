use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    redirect_url: Option<String>,
}

fn main() {}
