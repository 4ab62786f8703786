use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = AMEX, flow = "redirect")]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
