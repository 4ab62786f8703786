// Fields named after order fields the derive cannot supply would be left out of the request
// without a word: they are refused instead, at their names (or attribute).
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "IDEAL",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    items: String,
    second_chance: bool,
    #[msp_order(customer.browser)]
    screen: String,
    // Supplied by its path only: `#[msp_order(gateway_info.issuer_id)]`.
    issuer_id: String,
    // Kept as the shop's own: no error.
    #[msp_order(skip)]
    plugin: String,
}

fn main() {}
