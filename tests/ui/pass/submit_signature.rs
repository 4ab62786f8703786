// `submit` borrows the order and the client and is awaited like any `async fn`.
use msp::{Client, CreatedOrder, Currency, Error, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/n")]
struct Checkout<'a> {
    order_id: &'a str,
    currency: Currency,
    amount: u64,
    description: &'a str,
}

async fn pay(checkout: &Checkout<'_>, client: &Client) -> Result<CreatedOrder, Error> {
    checkout.submit(client).await
}

fn is_send<T: Send>(_: &T) {}

fn main() {
    let client = Client::builder().api_key("key").build().unwrap();
    let checkout = Checkout { order_id: "1", currency: Currency::EUR, amount: 1, description: "x" };
    let future = pay(&checkout, &client);
    is_send(&future);
    drop(future);
}
