// VISA is in the documented catalogue, but not enabled on this account.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "VISA",
    flow = "direct",
    locale = "nl_NL",
    notification_url = "https://shop.example/notify"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
