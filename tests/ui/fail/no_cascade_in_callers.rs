// The merchant's code calling the derived methods shows nothing but the derive's error.
use msp::{Currency, MspOrder, Order};

#[derive(MspOrder)]
#[msp_order(gateway = "AMX", flow = "redirect")]
struct Checkout<'a> {
    order_id: &'a str,
    currency: Currency,
    amount: u64,
    description: &'a str,
}

fn build<'a>(checkout: &'a Checkout<'_>) -> Result<msp::OrderRequest<'a>, msp::ValidationErrors> {
    checkout.to_request()
}

fn generic<O: Order>(order: &O) -> bool {
    order.to_request().is_ok()
}

async fn send(checkout: Checkout<'_>, client: &msp::Client) -> Result<msp::CreatedOrder, msp::Error> {
    checkout.submit(client).await
}

fn main() {
    let checkout = Checkout { order_id: "1", currency: Currency::EUR, amount: 1, description: "x" };
    let _ = build(&checkout);
    let _ = generic(&checkout);
    let _ = send;
}
