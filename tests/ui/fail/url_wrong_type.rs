use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct")]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: std::path::PathBuf,
}

fn main() {}
