use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/notify")]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    #[msp_order(delivery.zip)]
    postcode: String,
}

fn main() {}
