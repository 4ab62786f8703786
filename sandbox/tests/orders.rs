//! `POST /orders` and `GET /orders/{order_id}`: through the SDK's `Client`, and raw, to pin
//! each error code, HTTP status and JSON shape against MultiSafepay's documentation (quoted next
//! to the assertions: the `.yaml`/`.json` names are files of MultiSafepay's OpenAPI description;
//! the error codes are those of its error reference,
//! <https://docs.multisafepay.com/reference/error-reference>).

mod common;

use common::{amex_order, assert_error, get_order, post_order};
use msp_core::{Error, OrderStatus};
use msp_sandbox::Sandbox;
use serde_json::{json, Value};

/// A valid AMEX redirect body, to break one field at a time.
fn body() -> Value {
    json!({
        "type": "redirect",
        "order_id": "raw-1",
        "gateway": "AMEX",
        "currency": "EUR",
        "amount": 1000,
        "description": "Test Order Description",
        "payment_options": {
            "notification_url": "https://shop.example/notify",
            "redirect_url": "https://shop.example/thanks",
            "cancel_url": "https://shop.example/cancel"
        },
        "customer": {"locale": "nl_NL", "ip_address": "127.0.0.1", "country": "NL"}
    })
}

fn with(path: &[&str], value: Value) -> Vec<u8> {
    let mut json = body();
    let mut at = &mut json;
    for key in &path[..path.len() - 1] {
        at = &mut at[*key];
    }
    at[path[path.len() - 1]] = value;
    json.to_string().into_bytes()
}

fn without(key: &str) -> Vec<u8> {
    let mut json = body();
    json.as_object_mut().unwrap().remove(key);
    json.to_string().into_bytes()
}

async fn refused(sandbox: &Sandbox, body: Vec<u8>, code: i64) -> String {
    let answer = post_order(sandbox, body, Some(sandbox.api_key())).await;
    // paths/orders.yaml, post: "'404': description: Error" with "$ref: '../components/errors/404Error.yaml'".
    assert_error(&answer, 404, code)
}

#[tokio::test]
async fn client_creates_an_order_and_gets_a_payment_url_on_the_sandbox() {
    let sandbox = Sandbox::start().await;
    let client = msp_core::Client::builder()
        .base_url(sandbox.url())
        .api_key(sandbox.api_key())
        .build()
        .unwrap();
    assert!(sandbox.url().starts_with("http://127.0.0.1:"));
    assert!(sandbox.url().ends_with("/v1/json/"));

    let created = client
        .create_order(&amex_order("order-1", "https://shop.example/notify"))
        .await
        .unwrap();
    assert_eq!(created.order_id, "order-1");
    // postOrdersRedirect.json: "payment_url": "https://testpayv2.multisafepay.com/connect/82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_NL",
    // "session_id": "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv": the same layout, on the sandbox.
    let session = created.session_id.clone().expect("session_id");
    let origin = sandbox.url().trim_end_matches("/v1/json/");
    assert_eq!(
        created.payment_url,
        format!("{origin}/connect/{session}/?lang=nl_NL")
    );
    assert_eq!(session.len(), 35);
    assert_eq!(sandbox.stored_orders(), 1);

    // The page is there.
    let page = common::http()
        .get(&created.payment_url)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("order-1") && html.contains("10.00 EUR"),
        "{html}"
    );
}

#[tokio::test]
async fn fetched_order_is_initialized_and_shaped_like_get_order() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let created = client
        .create_order(&amex_order("order-get", "https://shop.example/notify"))
        .await
        .unwrap();

    let details = client.get_order("order-get").await.unwrap();
    // `components/schemas/Status.yaml`: "enum: [cancelled, completed, declined, expired,
    // initialized, ...]"; a new order has not been paid.
    assert_eq!(details.status, OrderStatus::Initialized);
    assert_eq!(details.financial_status, Some(OrderStatus::Initialized));
    assert_eq!(details.amount, 1000);
    assert_eq!(details.currency, "EUR");
    assert_eq!(details.description.as_deref(), Some("Sandbox test order"));
    assert_eq!(
        details.payment_url.as_deref(),
        Some(created.payment_url.as_str())
    );

    // `components/examples/responses/getOrder.json`: `data` has `transaction_id`, `order_id`,
    // `created`, `modified`, `completed` (`YYYY-MM-DDTHH:MM:SS`, no zone), `currency`,
    // `amount`, ... `customer`, `payment_details` (its `type` the gateway), ...; the getOrder3DS
    // example adds `amount_refunded`; MultiSafepay's PHP SDK also reads `shopping_cart`,
    // `checkout_options`, `payment_url` and `cancel_url` from this answer
    // (github.com/MultiSafepay/php-sdk, `src/Api/Transactions/TransactionResponse.php`).
    let (status, json) = get_order(&sandbox, "order-get").await;
    assert_eq!(status, 200);
    assert_eq!(json["success"], true);
    let data = &json["data"];
    for key in [
        "transaction_id",
        "order_id",
        "created",
        "modified",
        "completed",
        "currency",
        "amount",
        "amount_refunded",
        "description",
        "status",
        "financial_status",
        "reason",
        "reason_code",
        "fastcheckout",
        "customer",
        "payment_details",
        "payment_methods",
        "costs",
        "related_transactions",
        "custom_info",
        "var1",
        "var2",
        "var3",
        "items",
        "shopping_cart",
        "checkout_options",
        "payment_url",
        "cancel_url",
    ] {
        assert!(data.get(key).is_some(), "{key} missing from {data}");
    }
    assert!(data["transaction_id"].is_u64());
    assert_eq!(data["order_id"], "order-get");
    assert_eq!(data["completed"], Value::Null);
    assert_eq!(data["customer"]["locale"], "nl_NL");
    assert_eq!(data["payment_details"]["type"], "AMEX");
    assert_eq!(data["cancel_url"], "https://shop.example/cancel");
    let created_at = data["created"].as_str().unwrap();
    assert_eq!(
        created_at.len(),
        "2025-05-14T08:50:32".len(),
        "{created_at}"
    );
    assert_eq!(&created_at[10..11], "T");
}

#[tokio::test]
async fn duplicate_order_id_is_error_1006() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let order = amex_order("order-dup", "https://shop.example/notify");
    client.create_order(&order).await.unwrap();

    // The error reference: "1006: Invalid order ID ... The order ID must be unique";
    // `components/errors/Error1006.yaml`: "example: Invalid transaction ID".
    match client.create_order(&order).await {
        Err(Error::Api {
            status,
            error_code,
            error_info,
        }) => {
            assert_eq!(error_code, Some(1006));
            assert_eq!(status, 404);
            assert!(
                error_info.starts_with("Invalid transaction ID"),
                "{error_info}"
            );
        }
        other => panic!("expected error 1006, got {other:?}"),
    }
    // Error1006.yaml: "example: Invalid transaction ID", with the envelope.
    let raw = serde_json::to_vec(&order).unwrap();
    let info = assert_error(
        &post_order(&sandbox, raw, Some(sandbox.api_key())).await,
        404,
        1006,
    );
    assert!(info.starts_with("Invalid transaction ID"), "{info}");
    assert_eq!(sandbox.stored_orders(), 1);
}

#[tokio::test]
async fn wrong_api_key_is_error_1032() {
    let sandbox = Sandbox::start().await;
    let client = msp_core::Client::builder()
        .base_url(sandbox.url())
        .api_key("not-the-sandbox-key")
        .build()
        .unwrap();
    // `components/errors/Error1032.yaml`: "description: The API key was invalid", "example:
    // Invalid API key"; paths/gateways@{gateway_id}.yaml: "'401': description: Invalid API key".
    let err = client
        .create_order(&amex_order("order-key", "https://shop.example/notify"))
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(1032), "{err}");
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err:?}");
    assert_eq!(
        client
            .get_order("order-key")
            .await
            .unwrap_err()
            .error_code(),
        Some(1032)
    );

    let raw = body().to_string();
    let info = assert_error(
        &post_order(&sandbox, raw.clone(), Some("wrong")).await,
        401,
        1032,
    );
    assert_eq!(info, "Invalid API key");
    // No key at all.
    assert_error(&post_order(&sandbox, raw.clone(), None).await, 401, 1032);
    // The key is checked before the body is read.
    assert_error(&post_order(&sandbox, "not json", None).await, 401, 1032);
    assert_eq!(sandbox.stored_orders(), 0);

    // The query-string form: `docsopenapi.yaml`, security scheme `ApiKeyQuery` ("in: query",
    // "name: api_key").
    let response = common::http()
        .post(format!(
            "{}orders?api_key={}",
            sandbox.url(),
            sandbox.api_key()
        ))
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_chosen_api_key_is_the_only_one_accepted() {
    let sandbox = Sandbox::builder()
        .api_key("merchant-test-key")
        .start()
        .await;
    assert_eq!(sandbox.api_key(), "merchant-test-key");
    let raw = body().to_string();
    assert_error(
        &post_order(&sandbox, raw.clone(), Some(msp_sandbox::DEFAULT_API_KEY)).await,
        401,
        1032,
    );
    assert_eq!(
        post_order(&sandbox, raw, Some("merchant-test-key")).await.0,
        200
    );
}

#[tokio::test]
async fn success_shape_is_the_documented_one() {
    let sandbox = Sandbox::start().await;
    let (status, json) = post_order(&sandbox, body().to_string(), Some(sandbox.api_key())).await;
    // `components/responseBody/postOrdersRedirect.yaml`: `success`, and `data` with `order_id`,
    // `payment_url` and `session_id` (`components/examples/responses/postOrdersRedirect.json`).
    assert_eq!(status, 200);
    assert_eq!(json["success"], true);
    let mut keys: Vec<&str> = json["data"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["order_id", "payment_url", "session_id"]);
    assert_eq!(json["data"]["order_id"], "raw-1");
}

#[tokio::test]
async fn each_refusal_has_its_code() {
    let sandbox = Sandbox::start().await;

    // "1001: Invalid amount ... All amounts must be given in cents ... The minimum transaction
    // amount is 1 euro cent".
    refused(&sandbox, with(&["amount"], json!(0)), 1001).await;
    refused(&sandbox, with(&["amount"], json!(10.5)), 1001).await;
    refused(&sandbox, with(&["amount"], json!("ten euros")), 1001).await;

    // "1002: Invalid currency ... The currency is not supported"; the catalogue
    // (`core/src/catalogue.rs`): AMEX takes CHF, EUR, GBP, USD.
    refused(&sandbox, with(&["currency"], json!("EURO")), 1002).await;
    refused(&sandbox, with(&["currency"], json!("eur")), 1002).await;
    let info = refused(&sandbox, with(&["currency"], json!("JPY")), 1002).await;
    assert!(info.contains("AMEX does not accept JPY"), "{info}");

    // "1007: Invalid IP address. The ip_address or forwarded_ip was invalid."
    refused(
        &sandbox,
        with(&["customer", "ip_address"], json!("not-an-ip")),
        1007,
    )
    .await;
    refused(
        &sandbox,
        with(&["customer", "forwarded_ip"], json!("300.1.1.1")),
        1007,
    )
    .await;

    // "1008: Invalid description. The description was missing or invalid ... (max. 200
    // characters)"; the seed: "HTML is not supported".
    refused(
        &sandbox,
        with(&["description"], json!("é".repeat(201))),
        1008,
    )
    .await;
    refused(
        &sandbox,
        with(&["description"], json!("<b>Order</b>")),
        1008,
    )
    .await;
    refused(&sandbox, without("description"), 1008).await;
    refused(&sandbox, with(&["description"], json!("")), 1008).await;

    // "1010: Invalid variable. The var1, var2, or var3 parameter was invalid" (var12.yaml:
    // maxLength 500).
    refused(&sandbox, with(&["var1"], json!("x".repeat(501))), 1010).await;
    refused(&sandbox, with(&["var3"], json!({"nested": true})), 1010).await;

    // 1016: missing data.
    refused(&sandbox, without("order_id"), 1016).await;
    refused(&sandbox, without("currency"), 1016).await;
    refused(&sandbox, without("amount"), 1016).await;
    refused(&sandbox, b"{not json".to_vec(), 1016).await;
    refused(&sandbox, b"[1, 2]".to_vec(), 1016).await;
    // A URL that is not absolute http(s) has no code of its own: 1016.
    refused(
        &sandbox,
        with(&["payment_options", "redirect_url"], json!("/thanks")),
        1016,
    )
    .await;

    // 1018: invalid country code (not ISO 3166-1 alpha-2).
    refused(
        &sandbox,
        with(&["customer", "country"], json!("Netherlands")),
        1018,
    )
    .await;

    // 1023, no gateway available (`components/errors/Error1023.yaml`: "example: No gateway
    // (payment method) available"): an unknown gateway, or a flow the gateway does not offer
    // (AMEX is redirect only in the catalogue, `core/src/catalogue.rs`).
    let info = refused(&sandbox, with(&["gateway"], json!("AMX")), 1023).await;
    assert!(
        info.starts_with("No gateway (payment method) available"),
        "{info}"
    );
    assert!(info.contains("did you mean `AMEX`"), "{info}");
    refused(&sandbox, with(&["type"], json!("direct")), 1023).await;
    refused(&sandbox, with(&["type"], json!("teleport")), 1023).await;

    // 1006, invalid order ID: an order id the API cannot take (OrderId.yaml: maxLength 50).
    refused(&sandbox, with(&["order_id"], json!("x".repeat(51))), 1006).await;

    // Several problems: one code (the first field in the API's order), every problem listed.
    let mut many = body();
    many["amount"] = json!(0);
    many["customer"]["country"] = json!("Netherlands");
    let info = refused(&sandbox, many.to_string().into_bytes(), 1001).await;
    assert!(
        info.contains("amount") && info.contains("country"),
        "{info}"
    );

    assert_eq!(sandbox.stored_orders(), 0, "no refused order is stored");
}

#[tokio::test]
async fn cart_is_checked_when_the_merchant_asks() {
    let sandbox = Sandbox::start().await;
    let mut order = body();
    order["shopping_cart"] = json!({"items": [
        {"name": "Backpack", "unit_price": 8.26, "quantity": 1, "tax_table_selector": "BTW21"}
    ]});
    order["checkout_options"] = json!({
        "validate_cart": true,
        "tax_tables": {"alternate": [{"name": "BTW21", "rules": [{"rate": 0.21}]}]}
    });
    // CheckoutOptions.yaml, validate_cart: "If set to `true`, the value of `amount` is compared
    // to the calculated total value of the shopping cart ... Don't match, the request is
    // unsuccessful and error_code 1027 is returned." 8.26 × 1.21 = 9.99 (999), not 1000.
    refused(&sandbox, order.to_string().into_bytes(), 1027).await;
    order["amount"] = json!(999);
    assert_eq!(
        post_order(&sandbox, order.to_string(), Some(sandbox.api_key()))
            .await
            .0,
        200
    );
    // Without validate_cart the cart is not compared (default: false).
    let mut unchecked = order.clone();
    unchecked["order_id"] = json!("raw-2");
    unchecked["amount"] = json!(1);
    unchecked["checkout_options"]["validate_cart"] = json!(false);
    assert_eq!(
        post_order(&sandbox, unchecked.to_string(), Some(sandbox.api_key()))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn unknown_order_and_unknown_endpoint() {
    let sandbox = Sandbox::start().await;
    // paths/orders@{psp_id}.yaml, get: "'404': description: Order not found" with
    // "$ref: '../components/errors/Error1006.yaml'".
    let info = assert_error(&get_order(&sandbox, "never-created").await, 404, 1006);
    assert_eq!(info, "Invalid transaction ID");
    assert_eq!(
        sandbox
            .client()
            .unwrap()
            .get_order("never-created")
            .await
            .unwrap_err()
            .error_code(),
        Some(1006)
    );
    // 410Error.yaml: "error_code ... example: 1000", "error_info ... example: "Not found"".
    let response = common::http()
        .get(format!("{}no-such-endpoint", sandbox.url()))
        .header("api_key", sandbox.api_key())
        .send()
        .await
        .unwrap();
    let info = assert_error(&common::read_json(response).await, 404, 1000);
    assert_eq!(info, "Not found");
    let response = common::http()
        .delete(format!("{}orders", sandbox.url()))
        .header("api_key", sandbox.api_key())
        .send()
        .await
        .unwrap();
    assert_error(&common::read_json(response).await, 405, 1000);
}

#[tokio::test]
async fn order_ids_with_reserved_characters_round_trip() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    // The order id is a path segment (`paths/orders@{psp_id}.yaml`: `in: path`): the client
    // percent-encodes it, and the sandbox decodes it back.
    for id in ["a/b c", "100%?#&é"] {
        client
            .create_order(&amex_order(id, "https://shop.example/notify"))
            .await
            .unwrap();
        assert_eq!(client.get_order(id).await.unwrap().order_id, id);
    }
}

#[tokio::test]
async fn oversized_body_is_refused_without_being_kept() {
    let sandbox = Sandbox::start().await;
    let mut big = body();
    big["items"] = json!("x".repeat(msp_sandbox::MAX_BODY));
    let answer = post_order(&sandbox, big.to_string(), Some(sandbox.api_key())).await;
    assert_error(&answer, 413, 1000);
    assert_eq!(sandbox.stored_orders(), 0);
}

#[tokio::test]
async fn unknown_fields_never_refuse_an_order() {
    let sandbox = Sandbox::start().await;
    let mut order = body();
    order["brand_new_field"] = json!({"anything": [1, 2, 3]});
    order["customer"]["favourite_colour"] = json!("blue");
    order["payment_options"]["settings"] = json!({"gateways": {"coupons": {"allow": ["VVV"]}}});
    order["gateway_info"] = json!({"issuer_id": "0031"});
    order["plugin"] = json!({"shop": "test"});
    let (status, json) = post_order(&sandbox, order.to_string(), Some(sandbox.api_key())).await;
    assert_eq!(status, 200, "{json}");
}

#[tokio::test]
async fn numeric_order_ids_stay_numbers_and_share_the_text_namespace() {
    let sandbox = Sandbox::start().await;
    // The seed: "order_id | integer / string ... If the values are only numbers the type will be
    // integer, otherwise it will be string."
    let (status, json) = post_order(
        &sandbox,
        with(&["order_id"], json!(12345)),
        Some(sandbox.api_key()),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(json["data"]["order_id"], 12345);
    let (_, fetched) = get_order(&sandbox, "12345").await;
    assert_eq!(fetched["data"]["order_id"], 12345);
    refused(&sandbox, with(&["order_id"], json!("12345")), 1006).await;
}

#[tokio::test]
async fn direct_orders_answer_with_the_order() {
    let sandbox = Sandbox::start().await;
    let mut order = body();
    order["type"] = json!("direct");
    order["gateway"] = json!("IDEAL");
    // postOrdersDirectIdeal.json: `data` is the order itself (status "initialized") with a
    // "payment_url" (the bank's page; here, the sandbox's).
    let (status, json) = post_order(&sandbox, order.to_string(), Some(sandbox.api_key())).await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["data"]["status"], "initialized");
    assert_eq!(json["data"]["payment_details"]["type"], "IDEAL");
    assert!(json["data"]["payment_url"]
        .as_str()
        .unwrap()
        .contains("/connect/"));
}
