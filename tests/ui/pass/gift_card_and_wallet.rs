// A gift card (BOEKENBON) and a wallet (Apple Pay, direct with its token), without warnings.
#![deny(warnings)]

use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "BOEKENBON",
    flow = "redirect",
    currency = "EUR",
    notification_url = "https://shop.example/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct GiftCard {
    order_id: String,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "APPLEPAY",
    flow = "direct",
    notification_url = "https://shop.example/notify",
    notification_method = "POST"
)]
struct Wallet {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    #[msp_order(gateway_info.payment_token)]
    token: String,
}

fn main() {}
