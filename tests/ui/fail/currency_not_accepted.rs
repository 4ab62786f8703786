use msp::MspOrder;

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    currency = "XAU",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL"
)]
struct Checkout {
    order_id: String,
    amount: u64,
    description: String,
}

fn main() {}
