// Lifetimes, type parameters, where clauses, other derives and serde attributes on the struct.
use msp::{Currency, MspOrder};
use serde::Serialize;
use std::fmt::Debug;

#[derive(MspOrder, Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
#[msp_order(gateway = "IDEAL", flow = "redirect", notification_url = "https://shop.example/n")]
struct Basket<'a, A, Extra: Debug + Clone = ()>
where
    A: Copy,
{
    #[serde(rename = "id")]
    order_id: &'a str,
    currency: Currency,
    amount: A,
    description: String,
    redirect_url: &'a str,
    cancel_url: &'a str,
    #[serde(skip)]
    extra: Extra,
}

fn to_json<O: msp::Order>(order: &O) -> serde_json::Value {
    serde_json::to_value(order.to_request().unwrap()).unwrap()
}

fn main() {
    let basket: Basket<'_, u32> = Basket {
        order_id: "b-1",
        currency: Currency::EUR,
        amount: 1999u32,
        description: "Basket".into(),
        redirect_url: "https://shop.example/thanks",
        cancel_url: "https://shop.example/cancel",
        extra: (),
    };
    assert_eq!(to_json(&basket)["amount"], 1999);
    assert_eq!(serde_json::to_value(&basket).unwrap()["id"], "b-1");
    let copy = basket.clone();
    let _ = format!("{copy:?}");
    let with_amount = Basket {
        order_id: basket.order_id,
        currency: Currency::EUR,
        amount: msp::Amount::new(5),
        description: basket.description,
        redirect_url: basket.redirect_url,
        cancel_url: basket.cancel_url,
        extra: "note",
    };
    assert_eq!(with_amount.to_request().unwrap().amount.minor_units(), 5);
}
