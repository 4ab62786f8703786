// A buy-now-pay-later order: the cart, the delivery address and the customer as whole objects,
// the credit check's details in `gateway_info` by path.
use msp::{Amount, Currency, Customer, Delivery, MspOrder, ShoppingCart};

#[derive(MspOrder)]
#[msp_order(
    gateway = "IN3",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: Amount,
    description: String,
    customer: Customer,
    delivery: Delivery,
    shopping_cart: ShoppingCart,
    #[msp_order(gateway_info.birthday)]
    birthday: String,
    #[msp_order(gateway_info.phone)]
    phone: Option<String>,
    #[msp_order(delivery.email)]
    delivery_email: Option<String>,
    days_active: u16,
}

fn main() {
    let _ = Checkout::to_request;
}
