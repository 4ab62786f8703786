// A tuple struct supplies fields by attribute; `skip` keeps a field with an API name out.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "PAYPAL", flow = "direct", notification_url = "https://shop.example/n")]
struct Pair(
    #[msp_order(order_id)] u64,
    #[msp_order(amount)] u64,
    #[msp_order(currency)] Currency,
    #[msp_order(description)] &'static str,
);

#[derive(MspOrder)]
#[msp_order(gateway = "PAYPAL", flow = "direct", notification_url = "https://shop.example/n")]
struct Skipping {
    order_id: u64,
    amount: u64,
    currency: Currency,
    description: String,
    #[msp_order(skip)]
    email: Vec<u8>,
    #[msp_order(skip)]
    r#type: &'static str,
    #[msp_order(skip)]
    gateway: (),
}

fn main() {
    assert!(Pair(1, 2, Currency::USD, "x").to_request().is_ok());
    let skipping = Skipping {
        order_id: 1,
        amount: 2,
        currency: Currency::USD,
        description: "x".into(),
        email: vec![],
        r#type: "mine",
        gateway: (),
    };
    assert!(skipping.to_request().unwrap().customer.is_none());
}
