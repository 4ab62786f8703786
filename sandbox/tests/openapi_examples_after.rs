//! The documented request examples of the writes after an order (refund, cancel a refund,
//! ship, cancel, extend, full and partial capture) are accepted as posted, and answered in the
//! documented shapes (copies in `tests/fixtures/after-the-order/`, see its README).

mod common;

use common::{amex_order, http, read_json};
use msp_sandbox::{CustomerAction, Sandbox};
use serde_json::Value;
use std::path::Path;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/after-the-order")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// An AMEX order of EUR 50.00, paid; `manual` asks for manual capture.
async fn paid(sandbox: &Sandbox, order_id: &str, manual: bool, pay: bool) {
    let client = sandbox.client().unwrap();
    let mut order = amex_order(order_id, "https://shop.example/notify");
    order.amount = 5000u64.into();
    if manual {
        order.capture = Some("manual".into());
    }
    let created = client.create_order(&order).await.unwrap();
    if pay {
        sandbox
            .act_as_customer(&created.payment_url, CustomerAction::Pay)
            .await
            .unwrap();
    }
}

/// Sends `example` (a fixture) as is: the answer, which must be a success.
async fn send(sandbox: &Sandbox, method: &str, path: &str, example: &str) -> Value {
    let body = fixture(example).to_string();
    let url = format!("{}{path}", sandbox.url());
    let request = match method {
        "POST" => http().post(url),
        _ => http().patch(url),
    };
    let response = request
        .header("api_key", sandbox.api_key())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let (status, json) = read_json(response).await;
    assert_eq!(status, 200, "{example}: {json}");
    assert_eq!(json["success"], true, "{example}: {json}");
    json
}

/// Every key of the documented answer's `data` is in `answer`'s.
fn has_documented_keys(answer: &Value, documented: &str) {
    let documented = fixture(documented);
    for key in documented["data"].as_object().unwrap().keys() {
        assert!(
            answer["data"].get(key).is_some(),
            "{key} missing in {answer}"
        );
    }
}

#[tokio::test]
async fn refund_examples_are_accepted_and_answered_as_documented() {
    let sandbox = Sandbox::start().await;
    paid(&sandbox, "docs-1", false, true).await;
    let refunded = send(&sandbox, "POST", "orders/docs-1/refunds", "refund.json").await;
    has_documented_keys(&refunded, "refundOrder.json");
    let order = sandbox.stored_order("docs-1").unwrap();
    assert_eq!(order["amount_refunded"], 500);
    assert_eq!(order["status"], "partial_refunded");
    let refund = &order["related_transactions"][0];
    assert_eq!(refund["refund_order_id"], "refund-order-id-1234");
    assert_eq!(refund["type"], "refund");
    assert_eq!(refund["status"], "reserved");

    let refund_id = refunded["data"]["refund_id"].to_string();
    let path = format!("orders/docs-1/refunds/{refund_id}");
    let cancelled = send(&sandbox, "PATCH", &path, "cancelrefund.json").await;
    assert_eq!(cancelled["data"], serde_json::json!({}), "an empty object");
    let order = sandbox.stored_order("docs-1").unwrap();
    assert_eq!(order["amount_refunded"], 0);
    assert_eq!(order["status"], "completed");
}

#[tokio::test]
async fn order_update_examples_are_accepted_and_answered_as_documented() {
    let sandbox = Sandbox::start().await;
    paid(&sandbox, "docs-2", false, true).await;
    let documented = fixture("patchOrdersCancel.json");
    let shipped = send(&sandbox, "PATCH", "orders/docs-2", "shipOrder.json").await;
    assert_eq!(shipped, documented);
    assert_eq!(sandbox.stored_order("docs-2").unwrap()["status"], "shipped");
    let extended = send(&sandbox, "PATCH", "orders/docs-2", "extendKlarna.json").await;
    assert_eq!(extended, documented);

    paid(&sandbox, "docs-3", false, false).await;
    let cancelled = send(&sandbox, "PATCH", "orders/docs-3", "cancelOrder.json").await;
    assert_eq!(cancelled, documented);
    assert_eq!(
        sandbox.stored_order("docs-3").unwrap()["status"],
        "cancelled"
    );
}

#[tokio::test]
async fn capture_examples_are_accepted_and_answered_as_documented() {
    let sandbox = Sandbox::start().await;
    paid(&sandbox, "docs-4", true, true).await;
    assert_eq!(
        sandbox.stored_order("docs-4").unwrap()["status"],
        "uncleared"
    );
    let part = send(
        &sandbox,
        "POST",
        "orders/docs-4/capture",
        "partialCapture.json",
    )
    .await;
    assert_eq!(part["data"]["order_id"], "my-order-id-01");
    assert!(part["data"]["transaction_id"].is_u64(), "{part}");
    // The full-capture example has no amount: the rest is captured.
    send(
        &sandbox,
        "POST",
        "orders/docs-4/capture",
        "fullCapture.json",
    )
    .await;
    let order = sandbox.stored_order("docs-4").unwrap();
    assert_eq!(order["status"], "completed");
    let captured: Vec<u64> = order["related_transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["amount"].as_u64().unwrap())
        .collect();
    assert_eq!(captured, [2000, 3000]);
}
