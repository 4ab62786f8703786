//! What any MultiSafepay client meets first: the API key in each form the clients send it
//! (checked before routing, so on every path), the account's read-only endpoints, and an
//! account that offers only some gateways.

mod common;

use common::{amex_order, assert_error, http, read_json};
use msp_core::Gateway;
use msp_sandbox::Sandbox;
use serde_json::Value;

/// `GET {origin}{path}` with the key in `form` (`header`, `query`, `bearer`, `none`).
async fn get(sandbox: &Sandbox, path: &str, form: &str, key: &str) -> (u16, Value) {
    let origin = format!("http://{}", sandbox.address());
    let mut url = format!("{origin}{path}");
    let mut request = http().get(&url);
    match form {
        "header" => request = request.header("api_key", key),
        "bearer" => request = request.header("authorization", format!("Bearer {key}")),
        "query" => {
            let sep = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{sep}api_key={key}");
            request = http().get(&url);
        }
        _ => {}
    }
    read_json(request.send().await.expect("GET")).await
}

#[tokio::test]
async fn every_key_form_is_accepted_on_every_endpoint() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    client
        .create_order(&amex_order("auth-1", "https://shop.example/notify"))
        .await
        .unwrap();
    for form in ["header", "query", "bearer"] {
        for path in [
            "/v1/json/orders/auth-1",
            "/v1/json/categories",
            "/v1/json/me",
            "/v1/json/auth/api_token",
        ] {
            let (status, json) = get(&sandbox, path, form, sandbox.api_key()).await;
            assert_eq!(status, 200, "{form} {path}: {json}");
            assert_eq!(json["success"], true, "{form} {path}: {json}");
        }
    }
    // The Python SDK's request: the Bearer header, and `?locale=...` in the query.
    let (status, _) = get(
        &sandbox,
        "/v1/json/orders/auth-1?locale=en_US",
        "bearer",
        sandbox.api_key(),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_wrong_or_missing_key_is_1032_everywhere_even_on_unknown_paths() {
    let sandbox = Sandbox::start().await;
    for form in ["header", "query", "bearer", "none"] {
        for path in [
            "/v1/json/orders/x",
            "/v1/json/categories",
            "/v1/json/me",
            "/v1/json/auth/api_token",
            "/v1/json/no-such-endpoint",
            "/nothing/here",
            "/_sandbox/clock",
        ] {
            let answer = get(&sandbox, path, form, "wrong-key").await;
            assert_error(&answer, 401, 1032);
        }
    }
    // The right key on an unknown path: 1000 "Not found".
    let answer = get(
        &sandbox,
        "/v1/json/no-such-endpoint",
        "bearer",
        sandbox.api_key(),
    )
    .await;
    assert_eq!(assert_error(&answer, 404, 1000), "Not found");
    // The payment page is the customer's browser: no key.
    let response = http()
        .get(format!("http://{}/connect/unknown/", sandbox.address()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn categories_are_the_documented_list() {
    let sandbox = Sandbox::start().await;
    let (status, json) = get(&sandbox, "/v1/json/categories", "header", sandbox.api_key()).await;
    assert_eq!(status, 200);
    let documented: Value =
        serde_json::from_str(include_str!("fixtures/responses/listSiteCategories.json")).unwrap();
    assert_eq!(json, documented);
}

#[tokio::test]
async fn me_and_api_token_have_the_documented_fields() {
    let sandbox = Sandbox::start().await;
    let (_, me) = get(&sandbox, "/v1/json/me", "bearer", sandbox.api_key()).await;
    // paths/me.yaml: account_id (integer), role, site_id (integer).
    let data = me["data"].as_object().unwrap();
    let mut keys: Vec<&str> = data.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["account_id", "role", "site_id"]);
    assert!(data["account_id"].is_u64() && data["site_id"].is_u64());
    assert!(data["role"].is_string());

    let (_, first) = get(
        &sandbox,
        "/v1/json/auth/api_token",
        "bearer",
        sandbox.api_key(),
    )
    .await;
    let (_, second) = get(
        &sandbox,
        "/v1/json/auth/api_token",
        "bearer",
        sandbox.api_key(),
    )
    .await;
    // paths/auth@api_token.yaml: `api_token`, example `pub.v2.xxxxxxxx`; a new one each time.
    let token = first["data"]["api_token"].as_str().unwrap();
    assert!(token.starts_with("pub.v2.") && token.len() > 10, "{token}");
    assert_ne!(first, second);
}

#[tokio::test]
async fn an_account_offers_only_its_gateways() {
    let sandbox = Sandbox::builder().gateways([Gateway::IDEAL]).start().await;
    let error = sandbox
        .client()
        .unwrap()
        .create_order(&amex_order("amex-off", "https://shop.example/notify"))
        .await
        .unwrap_err();
    assert_eq!(error.error_code(), Some(1023), "{error}");
    assert_eq!(sandbox.stored_orders(), 0);

    let open = Sandbox::builder()
        .gateways([Gateway::AMEX, Gateway::IDEAL])
        .start()
        .await;
    open.client()
        .unwrap()
        .create_order(&amex_order("amex-on", "https://shop.example/notify"))
        .await
        .unwrap();
}

/// Discovery answers what the account enforces: only the gateways it offers.
#[tokio::test]
async fn discovery_lists_only_the_account_s_gateways() {
    let sandbox = Sandbox::builder().gateways([Gateway::IDEAL]).start().await;
    let key = sandbox.api_key().to_owned();
    let ids = |answer: &Value| -> Vec<String> {
        let list = answer["data"].as_array().expect("a list");
        list.iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, methods) = get(&sandbox, "/v1/json/payment-methods", "header", &key).await;
    assert_eq!(status, 200, "{methods}");
    assert_eq!(ids(&methods), ["IDEAL"]);
    let (status, gateways) = get(&sandbox, "/v1/json/gateways", "header", &key).await;
    assert_eq!(status, 200, "{gateways}");
    assert_eq!(ids(&gateways), ["IDEAL"]);
    let (status, amex) = get(&sandbox, "/v1/json/gateways/AMEX", "header", &key).await;
    assert_eq!(
        (status, amex["error_code"].as_i64()),
        (404, Some(1023)),
        "{amex}"
    );
    let (status, _) = get(&sandbox, "/v1/json/gateways/IDEAL", "header", &key).await;
    assert_eq!(status, 200);
}
