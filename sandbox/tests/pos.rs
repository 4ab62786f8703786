//! Point of sale and Bancontact QR: the account's terminals (all, by group, paged), an order's
//! receipt, and the cancellation of a Bancontact QR payment, in the documented shapes (copies in
//! `tests/fixtures/pos/`, see the fixtures' README).

mod common;

use common::{amex_order, assert_error, http, read_json};
use msp_sandbox::{Outcome, Sandbox};
use serde_json::{json, Value};
use std::path::Path;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

async fn call(sandbox: &Sandbox, method: &str, path: &str) -> (u16, Value) {
    let url = format!("{}{path}", sandbox.url());
    let request = match method {
        "POST" => http().post(url).body("{}"),
        _ => http().get(url),
    };
    let response = request
        .header("api_key", sandbox.api_key())
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    read_json(response).await
}

/// The keys of an object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn the_terminals_are_the_documented_ones_by_group_and_by_page() {
    let sandbox = Sandbox::start().await;
    let documented = fixture("listTerminals.json");
    let (status, all) = call(&sandbox, "GET", "terminals").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["data"], documented["data"]);
    assert_eq!(all["pager"], json!({"total_items": 2}));
    assert_eq!(keys(&all), keys(&documented));

    let (_, second) = call(&sandbox, "GET", "terminals?limit=1&page=2").await;
    assert_eq!(second["data"], json!([documented["data"][1]]));
    assert_eq!(second["pager"]["total_items"], 2);
    let (status, bad) = call(&sandbox, "GET", "terminals?limit=none").await;
    assert_error(&(status, bad), 404, 1016);

    let (_, group) = call(&sandbox, "GET", "terminal-groups/57959/terminals").await;
    assert_eq!(group["data"], json!([documented["data"][1]]));
    assert_eq!(group["pager"], json!({"total_items": 1}));
    let (_, none) = call(&sandbox, "GET", "terminal-groups/1/terminals").await;
    assert_eq!(none["data"], json!([]));
}

#[tokio::test]
async fn a_paid_order_has_a_receipt_with_every_documented_key() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut order = amex_order("receipt-1", "https://shop.example/notify");
    order.shopping_cart = Some(
        serde_json::from_value(json!({"items": [
            {"name": "Cortado", "unit_price": "3.20", "quantity": 2, "merchant_item_id": "c"}
        ]}))
        .unwrap(),
    );
    order.amount = 640u64.into();
    client.create_order(&order).await.unwrap();

    let (status, unpaid) = call(&sandbox, "GET", "pos/receipt/receipt-1").await;
    assert_error(&(status, unpaid), 404, 1006);
    let (status, unknown) = call(&sandbox, "GET", "pos/receipt/nobody").await;
    assert_error(&(status, unknown), 404, 1006);

    sandbox.set_outcome("receipt-1", Outcome::Complete).unwrap();
    let (status, answer) = call(&sandbox, "GET", "pos/receipt/receipt-1").await;
    assert_eq!(status, 200, "{answer}");
    let data = &answer["data"];
    let documented = fixture("getReceipt.json");
    for part in ["merchant", "order", "payment"] {
        let want = keys(&documented["data"][part]);
        let have = keys(&data[part]);
        assert!(
            want.iter().all(|k| have.contains(k)),
            "{part}: {have:?} lacks some of {want:?}"
        );
    }
    assert_eq!(keys(data), keys(&documented["data"]));
    assert_eq!(data["order"]["amount"], 640);
    assert_eq!(data["order"]["amountrefunded"], 0);
    assert_eq!(
        data["order"]["items"]["items"],
        json!([{"currency": "EUR", "item_price": 640, "name": "Cortado", "quantity": 2,
                "unit_price": 320}])
    );
    assert_eq!(data["payment"]["payment_method"], "AMEX");
    assert_eq!(data["related_transactions"], Value::Null);

    client
        .refund("receipt-1", msp_core::Refund::partial(100))
        .await
        .unwrap();
    let (_, refunded) = call(&sandbox, "GET", "pos/receipt/receipt-1").await;
    let refund = &refunded["data"]["related_transactions"][0];
    let documented = fixture("getReceiptRefund.json");
    assert_eq!(
        keys(refund),
        keys(&documented["data"]["related_transactions"][0])
    );
    assert_eq!(refund["type"], "refund");
    assert_eq!(refund["amount"], 100);
    assert_eq!(refunded["data"]["order"]["amountrefunded"], 100);
}

#[tokio::test]
async fn an_authorisation_has_no_receipt_until_it_is_captured() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    for id in ["authorised", "cancelled"] {
        let mut order = amex_order(id, "https://shop.example/notify");
        order.capture = Some("manual".into());
        client.create_order(&order).await.unwrap();
        // Authorised, not paid: `uncleared`, with a completion time.
        sandbox.set_outcome(id, Outcome::Complete).unwrap();
    }
    sandbox.set_outcome("cancelled", Outcome::Cancel).unwrap();
    for id in ["authorised", "cancelled"] {
        let answer = call(&sandbox, "GET", &format!("pos/receipt/{id}")).await;
        assert_error(&answer, 404, 1006);
    }
    client
        .capture("authorised", msp_core::Capture::full())
        .await
        .unwrap();
    let (status, answer) = call(&sandbox, "GET", "pos/receipt/authorised").await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn a_bancontact_qr_payment_is_cancelled_and_other_orders_are_refused() {
    let sandbox = Sandbox::start().await;
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/post-orders/bancontact-qr.json"),
    )
    .unwrap();
    let response = http()
        .post(format!("{}orders", sandbox.url()))
        .header("api_key", sandbox.api_key())
        .header("content-type", "application/json")
        .body(example)
        .send()
        .await
        .unwrap();
    assert_eq!(read_json(response).await.0, 200);

    let (status, answer) = call(&sandbox, "POST", "orders/my-order-id-1/cancel").await;
    assert_eq!(status, 200, "{answer}");
    let documented = fixture("cancelBancontactQR.json");
    assert_eq!(keys(&answer["data"]), keys(&documented["data"]));
    assert_eq!(answer["data"]["status"], "cancelled");
    assert_eq!(answer["data"]["payment_details"], json!({}));
    assert_eq!(
        answer["data"]["custom_info"],
        documented["data"]["custom_info"]
    );
    let stored = sandbox.stored_order("my-order-id-1").unwrap();
    assert_eq!(stored["status"], "cancelled");

    let client = sandbox.client().unwrap();
    client
        .create_order(&amex_order("not-qr", "https://shop.example/notify"))
        .await
        .unwrap();
    let refused = call(&sandbox, "POST", "orders/not-qr/cancel").await;
    assert!(assert_error(&refused, 404, 1014).contains("Bancontact QR"));
    assert_eq!(
        sandbox.stored_order("not-qr").unwrap()["status"],
        "initialized"
    );
    let (status, unknown) = call(&sandbox, "POST", "orders/nobody/cancel").await;
    assert_error(&(status, unknown), 404, 1006);
    let (status, _) = call(&sandbox, "GET", "orders/my-order-id-1/cancel").await;
    assert_eq!(status, 405);
}
