//! `SandboxBuilder::account`: the sandbox emulates a merchant's account (its gateways,
//! currencies and amount limits), refuses other orders with error 1023, and lists the
//! account's terms in `GET /payment-methods`.

use msp_core::{Account, AccountMethod, Currency, Flow, Gateway, OrderRequest, PaymentMethodQuery};
use msp_sandbox::Sandbox;

fn account() -> Account {
    let mut amex = AccountMethod::new(Gateway::AMEX);
    amex.currencies = vec![Currency::EUR, Currency::GBP, Currency::USD];
    let mut ideal = AccountMethod::new(Gateway::IDEAL);
    ideal.min_amount = 100;
    ideal.max_amount = Some(5_000_000);
    ideal.required_customer_data = vec!["email".into()];
    Account::new("2026-11-29T05:30:00Z", "test", [amex, ideal])
}

fn order(id: &str, gateway: Gateway, currency: Currency, amount: u64) -> OrderRequest<'static> {
    let mut order = OrderRequest::new(Flow::PaymentLink, gateway, id, currency, amount, "test");
    order.payment_options_mut().notification_url = Some("https://shop.example/notify".into());
    order.customer_mut().locale = Some("en_GB".into());
    order
}

#[tokio::test]
async fn orders_outside_the_account_are_refused_with_1023() {
    let sandbox = Sandbox::builder().account(account()).start().await;
    let client = sandbox.client().unwrap();
    for (refused, said) in [
        (
            order("visa", Gateway::VISA, Currency::EUR, 1000),
            "VISA is not enabled",
        ),
        (
            order("amex-chf", Gateway::AMEX, Currency::CHF, 1000),
            "does not accept CHF",
        ),
        (
            order("ideal-big", Gateway::IDEAL, Currency::EUR, 5_000_001),
            "maximum for IDEAL: 5000000",
        ),
        (
            order("ideal-small", Gateway::IDEAL, Currency::EUR, 99),
            "minimum for IDEAL: 100",
        ),
    ] {
        let error = client.create_order(&refused).await.unwrap_err();
        assert_eq!(error.error_code(), Some(1023), "{error}");
        assert!(error.to_string().contains(said), "{error}");
    }
    assert_eq!(sandbox.stored_orders(), 0);
    for accepted in [
        order("amex-gbp", Gateway::AMEX, Currency::GBP, 1000),
        order("ideal-max", Gateway::IDEAL, Currency::EUR, 5_000_000),
    ] {
        client.create_order(&accepted).await.unwrap();
    }
    assert_eq!(sandbox.stored_orders(), 2);
}

#[tokio::test]
async fn payment_methods_list_the_account_s_terms() {
    let sandbox = Sandbox::builder().account(account()).start().await;
    let client = sandbox.client().unwrap();
    let methods = client
        .payment_methods(PaymentMethodQuery::default().include_coupons(true))
        .await
        .unwrap();
    let ids: Vec<&str> = methods.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["AMEX", "IDEAL"]);
    assert_eq!(methods[0].allowed_currencies, ["EUR", "GBP", "USD"]);
    assert_eq!(
        (methods[1].allowed_amount.min, methods[1].allowed_amount.max),
        (100, Some(5_000_000))
    );
    assert_eq!(methods[1].required_customer_data, ["email"]);
    let chf = client
        .payment_methods(PaymentMethodQuery::default().currency(Currency::CHF))
        .await
        .unwrap();
    assert!(chf.is_empty(), "{chf:?}");
    let big = client
        .payment_methods(PaymentMethodQuery::default().amount(6_000_000))
        .await
        .unwrap();
    let ids: Vec<&str> = big.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["AMEX"]);
    // Read back, the answer is the account it came from.
    let (read, notes) = Account::from_methods(&methods, "2026-11-29T05:30:00Z", "test");
    assert!(notes.is_empty(), "{notes:?}");
    let mut expected = account();
    expected.methods[1].currencies = vec![Currency::EUR];
    assert_eq!(read, expected);
}
