use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", allow(get_notification))]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: std::path::PathBuf,
}

fn main() {}
