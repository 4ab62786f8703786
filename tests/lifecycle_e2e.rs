//! The facade after the order, end to end against the local sandbox: a derived order created
//! for manual capture, paid, captured, refunded in part, shipped; each step seen in the order.

use msp::{Capture, Currency, Error, MspOrder, OrderStatus, OrderUpdate, Refund};
use msp_sandbox::{CustomerAction, Sandbox};
use std::net::IpAddr;

#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL"
)]
struct Checkout {
    order_id: String,
    currency: Currency,
    #[msp_order(amount)]
    total_cents: u64,
    description: String,
    ip_address: IpAddr,
}

fn checkout(order_id: &str) -> Checkout {
    Checkout {
        order_id: order_id.to_owned(),
        currency: Currency::EUR,
        total_cents: 4995,
        description: "1 x rain jacket".to_owned(),
        ip_address: IpAddr::from([127, 0, 0, 1]),
    }
}

#[tokio::test]
async fn an_order_is_captured_refunded_in_part_and_shipped() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let checkout = checkout("life-1");
    let mut request = msp::Order::to_request(&checkout).unwrap();
    request.capture = Some("manual".into());
    let created = client.create_order(&request).await.unwrap();
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    assert_eq!(
        client.get_order("life-1").await.unwrap().status,
        OrderStatus::Uncleared
    );

    let captured = client.capture("life-1", Capture::full()).await.unwrap();
    assert_eq!(captured.amount, 4995);
    let refund = client
        .refund("life-1", Refund::partial(1000).description("Late delivery"))
        .await
        .unwrap();
    assert_eq!(refund.amount, Some(1000));
    client
        .update_order("life-1", OrderUpdate::shipped().carrier("PostNL"))
        .await
        .unwrap();

    let order: msp::OrderDetails = client.get_order("life-1").await.unwrap();
    assert_eq!(order.status, OrderStatus::Shipped);
    assert_eq!(order.amount_refunded, 1000);
    assert_eq!(order.amount_captured(), 4995);
    assert_eq!(order.refundable(), 3995);
    let kinds: Vec<&str> = order
        .related_transactions
        .iter()
        .filter_map(|t| t.kind.as_deref())
        .collect();
    assert_eq!(kinds, ["capture", "refund"]);
    let refunded: Vec<&msp::RelatedTransaction> = order.refunds().collect();
    assert_eq!(
        refunded[0].refund_order_id.as_deref(),
        Some(refund.refund_order_id.as_str())
    );

    // Refunding more than is left is refused before any request.
    match client.refund("life-1", Refund::partial(3996)).await {
        Err(Error::Validation(errors)) => assert!(errors.has(msp::Field::Amount)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unpaid_order_is_cancelled_and_then_refuses_a_payment_s_writes() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    checkout("open-1").submit(&client).await.unwrap();
    client
        .update_order("open-1", OrderUpdate::cancelled())
        .await
        .unwrap();
    let order = client.get_order("open-1").await.unwrap();
    assert_eq!(order.status, OrderStatus::Cancelled);
    let error = client.refund("open-1", Refund::full()).await.unwrap_err();
    assert!(error.is_refund_refused(), "{error}");
    let error = client
        .update_order("open-1", OrderUpdate::shipped())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error}");
}
