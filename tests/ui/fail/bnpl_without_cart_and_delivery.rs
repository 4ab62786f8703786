// KLARNA orders are refused by the API without `delivery` and `shopping_cart`
// (components/schemas/orders/BNPL.yaml, `required:`).
use msp::{Currency, Customer, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "KLARNA",
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
    customer: Customer,
}

fn main() {}
