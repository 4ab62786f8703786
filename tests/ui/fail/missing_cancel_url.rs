use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    locale = "nl_NL"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
