use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "BITCOIN", flow = "redirect", notification_url = "https://shop.example/notify")]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    redirect_url: String,
    cancel_url: String,
}

fn main() {}
