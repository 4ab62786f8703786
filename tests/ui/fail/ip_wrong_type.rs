use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/notify", allow(get_notification))]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    ip_address: [u8; 4],
}

fn main() {}
