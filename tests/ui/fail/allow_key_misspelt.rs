// `allow` is a list; a misspelt `allow`, or `allow` given a value, is told what it takes.
// (`allw` is nearer `allow` than any other key; on a tie, `flow` and the others win.)
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "redirect",
    notification_url = "https://shop.example/notify", notification_method = "POST",
    redirect_url = "https://shop.example/thanks", cancel_url = "https://shop.example/cancel",
    alow(fraud_check))]
struct Listed {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "redirect",
    notification_url = "https://shop.example/notify", notification_method = "POST",
    redirect_url = "https://shop.example/thanks", cancel_url = "https://shop.example/cancel",
    allw = "fraud_check")]
struct Valued {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "redirect",
    notification_url = "https://shop.example/notify", notification_method = "POST",
    redirect_url = "https://shop.example/thanks", cancel_url = "https://shop.example/cancel",
    allow = "fraud_check")]
struct AllowValued {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

fn main() {}
