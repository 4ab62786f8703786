// What the account offers compiles: AMEX in GBP, iDEAL by redirect.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    currency = "GBP",
    locale = "en_GB",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/paid",
    cancel_url = "https://shop.example/cancelled"
)]
struct Card {
    order_id: String,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "IDEAL",
    flow = "paymentlink",
    notification_url = "https://shop.example/notify"
)]
struct Link {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {
    let card = Card {
        order_id: "o-1".into(),
        amount: 1000,
        description: "d".into(),
    };
    assert!(card.to_request().is_ok());
    let link = Link {
        order_id: "o-2".into(),
        currency: Currency::EUR,
        amount: 1000,
        description: "d".into(),
    };
    assert!(link.to_request().is_ok());
}
