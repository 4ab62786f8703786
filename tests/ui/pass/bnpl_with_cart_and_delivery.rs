// A KLARNA order: the customer, the delivery address and the shopping cart the API requires.
use msp::{CartItem, Currency, Customer, Delivery, MspOrder, ShoppingCart, TaxRate};

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
    ip_address: std::net::IpAddr,
    delivery: Delivery,
    shopping_cart: ShoppingCart,
}

fn main() {
    let cart = ShoppingCart::new([CartItem::gross("Rain jacket", 4995, 1, TaxRate::percent(21))]);
    let order = Checkout {
        order_id: "k-1".into(),
        currency: Currency::EUR,
        amount: cart.total().minor_units(),
        description: "Rain jacket".into(),
        customer: Customer::default(),
        ip_address: std::net::IpAddr::from([127, 0, 0, 1]),
        delivery: Delivery::default(),
        shopping_cart: cart,
    };
    let _ = order.to_request();
}
