// Every value that may be fixed, fixed; a numeric order id and the amount are the only fields.
use msp::MspOrder;

#[derive(MspOrder)]
#[msp_order(
    gateway = "AMEX",
    flow = "redirect",
    currency = "EUR",
    description = "Ticket: 200 characters at most, counted as characters: é is one",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    close_window = true,
    customer.locale = "nl_NL",
)]
struct Ticket {
    order_id: u64,
    amount: u32,
}

fn main() {
    let request = Ticket { order_id: 1, amount: 2500 }.to_request().unwrap();
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["payment_options"]["close_window"], true);
    assert_eq!(json["customer"]["locale"], "nl_NL");
    // A fixed value is not checked again at run time; a field value is.
    let errors = Ticket { order_id: 1, amount: 0 }.to_request().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors.violations()[0].path(), "amount");
}
