//! The sandbox's read endpoints over raw HTTP: the documented answer shapes (every key of
//! MultiSafepay's example answers, at every level), the key check, cursor pages both ways, and
//! the token errors.

mod common;

use common::{amex_order, assert_error, http, read_json};
use msp_core::catalogue::CATALOGUE;
use msp_sandbox::{CustomerAction, Sandbox};
use serde_json::Value;
use std::collections::BTreeSet;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/");

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}{name}.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every key path of `value` (`data[].allowed_amount.max`), arrays merged.
fn shape(value: &Value, at: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = format!("{at}.{key}");
                out.insert(path.clone());
                shape(inner, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                shape(item, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

fn keys(value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    shape(value, "", &mut out);
    out
}

/// Every key the example has, the answer has too.
fn assert_has_shape(answer: &Value, example: &Value, what: &str) {
    let missing: Vec<String> = keys(example).difference(&keys(answer)).cloned().collect();
    assert!(missing.is_empty(), "{what} lacks {missing:?}");
}

async fn get(sandbox: &Sandbox, path: &str, key: Option<&str>) -> (u16, Value) {
    let mut request = http().get(format!("{}{path}", sandbox.url()));
    if let Some(key) = key {
        request = request.header("api_key", key);
    }
    read_json(request.send().await.expect("GET")).await
}

async fn paid_orders(sandbox: &Sandbox, count: usize) {
    let client = sandbox.client().unwrap();
    for i in 0..count {
        let mut order = amex_order(&format!("o-{i:02}"), "http://127.0.0.1:9/notify");
        order.recurring_model = Some("cardOnFile".into());
        order.customer_mut().reference = Some("c-1".into());
        let created = client.create_order(&order).await.unwrap();
        sandbox
            .act_as_customer(&created.payment_url, CustomerAction::Pay)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn answers_have_the_documented_shapes() {
    let sandbox = Sandbox::start().await;
    let key = Some(sandbox.api_key());
    paid_orders(&sandbox, 1).await;
    for (path, name) in [
        ("payment-methods", "listPaymentMethods"),
        ("gateways", "listGateways"),
        ("gateways?include=coupons", "listGatewaysWithCoupons"),
        ("issuers/IDEAL", "idealIssuers"),
        ("transactions", "listTransactions"),
        ("recurring/c-1", "listTokens"),
    ] {
        let (status, answer) = get(&sandbox, path, key).await;
        assert_eq!(status, 200, "{path}: {answer}");
        let documented = example(name);
        let mut documented_shape = documented.clone();
        // The docs' one method has brands; the catalogue knows none.
        if name == "listPaymentMethods" {
            documented_shape["data"][0]["brands"] = Value::Array(vec![]);
        }
        // The sandbox charges no fees: its transactions' `costs` are empty, as its orders' are.
        if name == "listTransactions" {
            for transaction in documented_shape["data"].as_array_mut().unwrap() {
                transaction["costs"] = Value::Array(vec![]);
            }
        }
        assert_has_shape(&answer, &documented_shape, path);
        if name == "idealIssuers" {
            assert_eq!(answer, documented, "the documented issuers, as listed");
        }
    }
    let (_, one) = get(&sandbox, "gateways/mistercash", key).await;
    assert_eq!(one["data"]["id"], "MISTERCASH");
    assert_eq!(one["data"]["description"], "Bancontact");
    let (_, token) = get(&sandbox, "recurring/c-1", key).await;
    let token = token["data"]["tokens"][0]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, one) = get(&sandbox, &format!("recurring/c-1/token/{token}"), key).await;
    assert_has_shape(
        &one["data"],
        &example("listTokens")["data"]["tokens"][0],
        "a token",
    );
}

#[tokio::test]
async fn methods_follow_the_catalogue_and_its_filters() {
    let sandbox = Sandbox::start().await;
    let key = Some(sandbox.api_key());
    let (_, all) = get(&sandbox, "payment-methods?include_coupons=1", key).await;
    assert_eq!(all["data"].as_array().unwrap().len(), CATALOGUE.len());
    let (_, gbp) = get(&sandbox, "payment-methods?currency=gbp&amount=100", key).await;
    let ids: Vec<&str> = gbp["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = CATALOGUE
        .iter()
        .filter(|s| !s.gateway.is_gift_card() && s.gateway.accepts(msp_core::Currency::GBP))
        .map(|s| s.code)
        .collect();
    assert_eq!(ids, expected);
    assert_error(
        &get(&sandbox, "payment-methods?currency=EURO", key).await,
        404,
        1002,
    );
    assert_error(
        &get(&sandbox, "payment-methods?amount=ten", key).await,
        404,
        1001,
    );
    assert_error(&get(&sandbox, "gateways/NOPE", key).await, 404, 1023);
    assert_error(&get(&sandbox, "issuers/NOPE", key).await, 404, 1023);
}

#[tokio::test]
async fn one_method_is_answered_as_the_list_shows_it() {
    let sandbox = Sandbox::start().await;
    let key = Some(sandbox.api_key());
    let (_, all) = get(&sandbox, "payment-methods", key).await;
    let ideal = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "IDEAL")
        .unwrap()
        .clone();
    for path in ["payment-methods/IDEAL", "payment-methods/ideal"] {
        let (status, one) = get(&sandbox, path, key).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(one["success"], true);
        assert_eq!(one["data"], ideal, "{path}: the listed element");
    }
    // The list's shape is checked against `listPaymentMethods.json` above.
    let (_, visa) = get(&sandbox, "payment-methods/VISA", key).await;
    assert_eq!(visa["data"]["id"], "VISA");
    assert_eq!(visa["data"]["type"], "payment-method");
    assert_error(&get(&sandbox, "payment-methods/NOPE", key).await, 404, 1023);
    assert_error(
        &get(&sandbox, "payment-methods/IDEAL", None).await,
        401,
        1032,
    );
}

#[tokio::test]
async fn every_read_checks_the_key() {
    let sandbox = Sandbox::start().await;
    for path in [
        "payment-methods",
        "gateways",
        "gateways/IDEAL",
        "issuers/IDEAL",
        "transactions",
        "recurring/c-1",
        "recurring/c-1/token/t",
    ] {
        assert_error(&get(&sandbox, path, None).await, 401, 1032);
        assert_error(&get(&sandbox, path, Some("wrong")).await, 401, 1032);
    }
    let (status, _) = get(
        &sandbox,
        &format!("gateways?api_key={}", sandbox.api_key()),
        None,
    )
    .await;
    assert_eq!(status, 200, "the query form of the key");
}

#[tokio::test]
async fn transactions_page_forward_and_back_by_cursor() {
    let sandbox = Sandbox::start().await;
    let key = Some(sandbox.api_key());
    paid_orders(&sandbox, 7).await;
    let ids = |answer: &Value| -> Vec<String> {
        answer["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["order_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, first) = get(&sandbox, "transactions?limit=3", key).await;
    assert_eq!(ids(&first), ["o-00", "o-01", "o-02"]);
    assert_eq!(first["pager"]["cursor"]["before"], Value::Null);
    let after = first["pager"]["cursor"]["after"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(first["pager"]["after"]
        .as_str()
        .unwrap()
        .ends_with(&format!("transactions?after={after}&limit=3")));
    let (_, second) = get(
        &sandbox,
        &format!("transactions?limit=3&after={after}"),
        key,
    )
    .await;
    assert_eq!(ids(&second), ["o-03", "o-04", "o-05"]);
    let before = second["pager"]["cursor"]["before"].as_str().unwrap();
    let (_, back) = get(
        &sandbox,
        &format!("transactions?limit=3&before={before}"),
        key,
    )
    .await;
    assert_eq!(ids(&back), ids(&first));
    let after = second["pager"]["cursor"]["after"].as_str().unwrap();
    let (_, last) = get(
        &sandbox,
        &format!("transactions?limit=3&after={after}"),
        key,
    )
    .await;
    assert_eq!(ids(&last), ["o-06"]);
    assert_eq!(last["pager"]["cursor"]["after"], Value::Null);
    let (_, filtered) = get(
        &sandbox,
        "transactions?status=completed&payment_method=AMEX&payment_method=VISA&currency=EUR&created_from=2000-01-01&completed_until=2999-01-01T00:00:00",
        key,
    )
    .await;
    assert_eq!(filtered["data"].as_array().unwrap().len(), 7);
    let (_, none) = get(&sandbox, "transactions?payment_method=IDEAL", key).await;
    assert_eq!(none["data"], Value::Array(vec![]));
    let (_, refunds) = get(&sandbox, "transactions?type=refund", key).await;
    assert_eq!(refunds["data"], Value::Array(vec![]));
    assert_error(
        &get(&sandbox, "transactions?created_from=soon", key).await,
        404,
        1016,
    );
}

#[tokio::test]
async fn tokens_are_deleted_once_and_unknown_ones_are_gone() {
    let sandbox = Sandbox::start().await;
    let key = sandbox.api_key().to_owned();
    paid_orders(&sandbox, 2).await;
    let (_, list) = get(&sandbox, "recurring/c-1?limit=1&offset=1", Some(&key)).await;
    let tokens = list["data"]["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 1, "limit and offset");
    let token = tokens[0]["token"].as_str().unwrap().to_owned();
    let delete = || async {
        read_json(
            http()
                .delete(format!("{}recurring/c-1/remove/{token}", sandbox.url()))
                .header("api_key", key.as_str())
                .send()
                .await
                .unwrap(),
        )
        .await
    };
    let (status, removed) = delete().await;
    assert_eq!(
        (status, &removed["data"]["removed"]),
        (200, &Value::Bool(true))
    );
    assert_error(&delete().await, 410, 1000);
    assert_error(
        &get(
            &sandbox,
            &format!("recurring/c-1/token/{token}"),
            Some(&key),
        )
        .await,
        410,
        1000,
    );
    let (_, left) = get(&sandbox, "recurring/c-1", Some(&key)).await;
    assert_eq!(left["data"]["tokens"].as_array().unwrap().len(), 1);
}
