//! The catalogue's hard requirements of direct orders (`msp_core::Gateway::direct_fields`),
//! refused as MultiSafepay refuses missing data (error 1016): SEPA Direct Debit's account
//! (`components/schemas/GatewayInfoBanking.yaml`: "For SEPA Direct Debit `direct` orders
//! (**required**)") and the Apple Pay token (`GatewayInfo.yaml`, `payment_token`).

mod common;

use common::post_order;
use msp_sandbox::Sandbox;
use serde_json::{json, Value};

/// MultiSafepay's direct debit example (`direct-debit-direct.json`), trimmed, with an IBAN whose
/// check digits hold (the example's do not).
fn direct_debit() -> Value {
    json!({
        "type": "direct",
        "gateway": "DIRDEB",
        "order_id": "dd-1",
        "currency": "EUR",
        "amount": 100,
        "description": "Test order description",
        "gateway_info": {
            "account_id": "NL02ABNA0123456789",
            "account_holder_name": "J Janse",
            "account_holder_iban": "NL02ABNA0123456789",
            "emandate": "mandateID"
        },
        "payment_options": {"notification_url": "https://www.example.com/webhooks/payment"},
        "customer": {"locale": "nl_NL", "ip_address": "213.127.71.75", "country": "NL"}
    })
}

async fn post(sandbox: &Sandbox, body: &Value) -> (u16, Value) {
    post_order(sandbox, body.to_string(), Some(sandbox.api_key())).await
}

#[tokio::test]
async fn direct_debit_without_its_account_is_missing_data() {
    let sandbox = Sandbox::start().await;
    let mut body = direct_debit();
    body["gateway_info"]
        .as_object_mut()
        .unwrap()
        .remove("account_holder_name");
    let (status, json) = post(&sandbox, &body).await;
    assert_eq!(status, 404, "{json}");
    assert_eq!(json["error_code"], 1016, "{json}");
    let info = json["error_info"].as_str().unwrap_or_default();
    assert!(info.contains("gateway_info.account_holder_name"), "{info}");
    // Blank is missing too.
    let mut body = direct_debit();
    body["gateway_info"]["emandate"] = json!(" ");
    assert_eq!(post(&sandbox, &body).await.1["error_code"], 1016);
    // The gateway and the flow are read in any case, as the order itself is.
    let mut body = direct_debit();
    body["gateway"] = json!("dirdeb");
    body["type"] = json!("Direct");
    body["gateway_info"]
        .as_object_mut()
        .unwrap()
        .remove("account_holder_name");
    assert_eq!(post(&sandbox, &body).await.1["error_code"], 1016);
    // Complete, it is accepted; as a redirect order it needs no account.
    let (status, json) = post(&sandbox, &direct_debit()).await;
    assert_eq!(status, 200, "{json}");
    let mut redirect = direct_debit();
    redirect["type"] = json!("redirect");
    redirect["order_id"] = json!("dd-2");
    redirect.as_object_mut().unwrap().remove("gateway_info");
    assert_eq!(post(&sandbox, &redirect).await.0, 200);
}

#[tokio::test]
async fn apple_pay_direct_needs_its_token() {
    let sandbox = Sandbox::start().await;
    let mut body = direct_debit();
    body["gateway"] = json!("APPLEPAY");
    body["gateway_info"] = json!({});
    let (status, json) = post(&sandbox, &body).await;
    assert_eq!(
        (status, json["error_code"].clone()),
        (404, json!(1016)),
        "{json}"
    );
    body["gateway_info"] = json!({"payment_token": "{\"paymentData\":{}}"});
    let (status, json) = post(&sandbox, &body).await;
    assert_eq!(status, 200, "{json}");
}
