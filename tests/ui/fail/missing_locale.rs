use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "VISA",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    ip_address: std::net::IpAddr,
}

fn main() {}
