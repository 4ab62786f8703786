use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(crate = "payments", gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/notify")]
#[msp_order(allow(get_notification))]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
