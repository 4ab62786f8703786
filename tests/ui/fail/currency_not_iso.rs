use msp::MspOrder;

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", currency = "EURO", notification_url = "https://shop.example/notify")]
struct Checkout {
    order_id: String,
    amount: u64,
    description: String,
}

fn main() {}
