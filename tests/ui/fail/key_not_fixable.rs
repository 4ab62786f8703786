use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/notify", amount = 1000)]
struct Checkout {
    order_id: String,
    currency: Currency,
    description: String,
}

fn main() {}
