// `crate = "..."` points the generated code at a renamed or re-exported `msp`.
mod payments {
    pub use msp::*;
}

#[derive(msp::MspOrder)]
#[msp_order(crate = "payments", gateway = "IDEAL", flow = "direct", currency = "EUR",
            notification_url = "https://shop.example/n")]
struct Checkout {
    order_id: u64,
    amount: u64,
    description: String,
}

#[derive(msp::MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", currency = "EUR", crate = "::msp",
            notification_url = "https://shop.example/n")]
struct Absolute {
    order_id: u64,
    amount: u64,
    description: String,
}

fn main() {
    let order = Checkout { order_id: 1, amount: 10, description: "x".into() };
    assert!(payments::Order::to_request(&order).is_ok());
    assert!(Absolute { order_id: 1, amount: 1, description: "y".into() }.to_request().is_ok());
}
