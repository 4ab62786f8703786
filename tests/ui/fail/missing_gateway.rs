use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(flow = "redirect")]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: String,
    redirect_url: String,
    cancel_url: String,
}

fn main() {}
