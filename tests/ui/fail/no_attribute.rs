use msp::{Currency, MspOrder};

#[derive(MspOrder)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
