// The sandbox's account takes VISA in EUR only (it answers 1023 to GBP).
use msp::MspOrder;

#[derive(MspOrder)]
#[msp_order(
    gateway = "VISA",
    flow = "paymentlink",
    currency = "GBP",
    locale = "en_GB",
    notification_url = "https://shop.example/notify"
)]
struct Checkout {
    order_id: String,
    amount: u64,
    description: String,
}

fn main() {}
