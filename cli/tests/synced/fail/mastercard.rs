// The sandbox's account does not offer MASTERCARD (it answers 1023).
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "MASTERCARD",
    flow = "paymentlink",
    locale = "en_GB",
    notification_url = "https://shop.example/notify"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
