// AMEX takes CHF in the documented catalogue; this account's AMEX does not.
use msp::MspOrder;

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    currency = "CHF",
    locale = "de_CH",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/paid",
    cancel_url = "https://shop.example/cancelled"
)]
struct Checkout {
    order_id: String,
    amount: u64,
    description: String,
}

fn main() {}
