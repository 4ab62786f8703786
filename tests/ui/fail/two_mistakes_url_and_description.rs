use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL",
    description = "<p>Order</p>"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
}

fn main() {}
