//! `ClientBuilder::account`: an order that does not fit the merchant's account is refused
//! before any byte is sent.
#![cfg(feature = "client")]

use msp_core::{Account, AccountMethod, Client, Currency, Error, Field, Gateway, OrderRequest};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The seed page's AMEX order (1000 EUR cents), from the golden file the model's tests check.
fn order() -> OrderRequest<'static> {
    serde_json::from_str(include_str!("fixtures/seed_order.json")).expect("the golden order")
}

fn account(max: u64) -> Account {
    let mut amex = AccountMethod::new(Gateway::AMEX);
    amex.currencies = vec![Currency::EUR, Currency::USD];
    amex.max_amount = Some(max);
    Account::new("2026-11-29T05:30:00Z", "test", [amex])
}

async fn client(server: &MockServer, account: Account) -> Client {
    Client::builder()
        .api_key("test-key-0123456789")
        .base_url(format!("{}/v1/json/", server.uri()))
        .account(account)
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_amount_above_the_account_limit_is_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let order = order();
    let limit = order.amount.minor_units() - 1;
    let err = client(&server, account(limit))
        .await
        .create_order(&order)
        .await
        .unwrap_err();
    let Error::Validation(errors) = &err else {
        panic!("{err:?}")
    };
    assert!(errors.has(Field::Amount), "{errors}");
    assert!(
        err.to_string().contains(&format!(
            "above the account's maximum for AMEX: {limit} minor units"
        )),
        "{err}"
    );
    let mut elsewhere = order.clone();
    elsewhere.gateway = Some(Gateway::VISA);
    let err = client(&server, account(limit))
        .await
        .create_order(&elsewhere)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not offer VISA"), "{err}");
}

#[tokio::test]
async fn an_order_within_the_limits_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"order_id": "my-order-id-1", "payment_url": "https://payv2.multisafepay.com/connect/x"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let order = order();
    let created = client(&server, account(order.amount.minor_units()))
        .await
        .create_order(&order)
        .await
        .unwrap();
    assert_eq!(created.order_id, "my-order-id-1");
}
