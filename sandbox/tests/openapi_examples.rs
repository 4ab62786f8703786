//! Every documented redirect example of MultiSafepay's OpenAPI description, and the seed page's
//! example, is accepted as posted (copies in `tests/fixtures/`, see its README).

mod common;

use common::{get_order, post_order};
use msp_sandbox::Sandbox;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The examples, by file name.
fn examples() -> Vec<(String, Vec<u8>)> {
    let dir = fixtures().join("post-orders");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// Posts `body` to a fresh sandbox (most examples use the order id "my-order-id-1") and checks
/// the documented answer.
async fn accepted(name: &str, body: Vec<u8>) {
    let sandbox = Sandbox::start().await;
    let sent: Value = serde_json::from_slice(&body).unwrap();
    let (status, json) = post_order(&sandbox, body, Some(sandbox.api_key())).await;
    assert_eq!(status, 200, "{name} refused: {json}");
    assert_eq!(json["success"], true, "{name}: {json}");
    assert_eq!(json["data"]["order_id"], sent["order_id"], "{name}");
    let payment_url = json["data"]["payment_url"].as_str().unwrap_or_default();
    assert!(
        payment_url.starts_with("http://127.0.0.1:"),
        "{name}: {payment_url}"
    );
    let order_id = match &sent["order_id"] {
        Value::String(id) => id.clone(),
        other => other.to_string(),
    };
    let (status, order) = get_order(&sandbox, &order_id).await;
    assert_eq!(status, 200, "{name}");
    assert_eq!(order["data"]["status"], "initialized", "{name}");
}

#[tokio::test]
async fn every_redirect_example_is_accepted() {
    let examples = examples();
    assert_eq!(
        examples.len(),
        37,
        "the fixtures README lists what was copied"
    );
    for (name, body) in examples {
        match name.as_str() {
            // "gateway": "CREDITCARD/AMEX/MAESTRO/MASTERCARD/VISA" is a placeholder for one of
            // the five card gateways that `components/schemas/orders/CreditCard.yaml` covers
            // (`GatewayIdentifiersCreditCard.yaml`): post it once per gateway it names.
            "credit-card-redirect.json" => {
                let text = String::from_utf8(body).unwrap();
                let placeholder = "CREDITCARD/AMEX/MAESTRO/MASTERCARD/VISA";
                assert!(text.contains(placeholder));
                for gateway in placeholder.split('/') {
                    let body = text.replace(placeholder, gateway);
                    accepted(&format!("{name} as {gateway}"), body.into_bytes()).await;
                }
            }
            // "type": "direct/redirect" is a placeholder too (its summary in orders.yaml:
            // "Riverty direct/redirect"): posted as the redirect it documents.
            "riverty.json" => {
                let text = String::from_utf8(body).unwrap();
                let placeholder = "\"type\": \"direct/redirect\"";
                assert!(text.contains(placeholder));
                let body = text.replace(placeholder, "\"type\": \"redirect\"");
                accepted(&format!("{name} as redirect"), body.into_bytes()).await;
            }
            // The others exactly as printed, including the five with "type": "" (a redirect: the
            // order schemas, `components/schemas/orders/Banking.yaml`, `BNPL.yaml`,
            // `Wallet.yaml`..., say of `type`: "If not set, `redirect` is used.").
            _ => accepted(&name, body).await,
        }
    }
}

#[tokio::test]
async fn the_seed_example_is_accepted_as_printed() {
    let body = std::fs::read(fixtures().join("seed-amex.json")).unwrap();
    let text = String::from_utf8(body.clone()).unwrap();
    // As printed: "amount": "1000" (a string, though documented as integer) and
    // "close_window": "".
    assert!(text.contains("\"amount\": \"1000\"") && text.contains("\"close_window\": \"\""));
    let sandbox = Sandbox::start().await;
    let (status, json) = post_order(&sandbox, body, Some(sandbox.api_key())).await;
    // The seed's "JSON Response": {"success": true, "data": {"order_id": "my-order-id-1",
    // "payment_url": "https://payv2.multisafepay.com/connect/13oElU.../?lang=nl_NL"}}.
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["data"]["order_id"], "my-order-id-1");
    let payment_url = json["data"]["payment_url"].as_str().unwrap();
    assert!(payment_url.contains("/connect/") && payment_url.ends_with("/?lang=nl_NL"));
    let (_, order) = get_order(&sandbox, "my-order-id-1").await;
    assert_eq!(order["data"]["amount"], 1000, "read as the number it means");
}
