// A field of type `msp::Customer` (or an `Option` of it) supplies the whole customer object.
use msp::{Currency, Customer, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "MASTERCARD", flow = "redirect", notification_url = "https://shop.example/n",
            redirect_url = "https://shop.example/r", cancel_url = "https://shop.example/c")]
struct Checkout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    customer: Customer,
}

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/n")]
struct Maybe {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    #[msp_order(customer)]
    buyer: Option<Customer>,
    email: Option<String>,
}

fn main() {
    let mut customer = Customer::default();
    customer.locale = Some("nl_NL".into());
    let order = Checkout {
        order_id: "c-1".into(),
        currency: Currency::EUR,
        amount: 100,
        description: "x".into(),
        customer,
    };
    assert!(order.to_request().is_ok());
    let order = Checkout { customer: Customer::default(), ..order };
    assert_eq!(order.to_request().unwrap_err().violations()[0].path(), "customer.locale");

    let maybe = Maybe {
        order_id: "m".into(),
        currency: Currency::EUR,
        amount: 1,
        description: "x".into(),
        buyer: None,
        email: Some("a@shop.example".into()),
    };
    let request = maybe.to_request().unwrap();
    assert_eq!(request.customer.unwrap().email.as_deref(), Some("a@shop.example"));
}
