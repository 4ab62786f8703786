// What the sandbox's account offers compiles: AMEX in GBP, VISA in EUR, iDEAL.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    currency = "GBP",
    locale = "en_GB",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/paid",
    cancel_url = "https://shop.example/cancelled"
)]
struct Amex {
    order_id: String,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "VISA",
    flow = "paymentlink",
    currency = "EUR",
    locale = "en_GB",
    notification_url = "https://shop.example/notify"
)]
struct Visa {
    order_id: String,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/notify")]
struct Ideal {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {
    let _ = (Amex::to_request, Visa::to_request, Ideal::to_request);
}
