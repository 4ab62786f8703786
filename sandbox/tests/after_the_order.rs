//! The writes after an order, end to end: the SDK's client against the sandbox, for every
//! method (refund, cancel_refund, update_order, capture, cancel_authorization), their
//! validation before any request, the sandbox's refusals, and the notifications they send.

mod common;

use common::{amex_order, assert_error, get_order, http, post_order, read_json, Listener};
use msp_core::{
    Capture, Client, Error, NotificationMethod, OrderDetails, OrderStatus, OrderUpdate, Refund,
    RetryPolicy,
};
use msp_sandbox::{CustomerAction, Sandbox};
use serde_json::{json, Value};

/// A created order, paid on the payment page; `manual` asks for manual capture.
async fn paid_order(sandbox: &Sandbox, client: &Client, order_id: &str, manual: bool) {
    let mut order = amex_order(order_id, "https://shop.example/notify");
    if manual {
        order.capture = Some("manual".into());
    }
    let created = client.create_order(&order).await.expect("created");
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .expect("paid");
}

async fn order(client: &Client, order_id: &str) -> OrderDetails {
    client.get_order(order_id).await.expect("the order")
}

fn code(error: &Error) -> Option<i64> {
    error.error_code()
}

#[tokio::test]
async fn a_paid_order_is_refunded_in_parts_then_fully_and_a_refund_is_cancelled() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    paid_order(&sandbox, &client, "refund-1", false).await;

    let first = client
        .refund(
            "refund-1",
            Refund::partial(300)
                .description("One mug broke")
                .refund_order_id("refund-1-a"),
        )
        .await
        .unwrap();
    assert_eq!(first.order_id, "refund-1");
    assert_eq!(first.refund_order_id, "refund-1-a");
    assert_eq!(first.amount, Some(300));
    let refund_id = first.refund_id.clone().expect("a refund id");

    let details = order(&client, "refund-1").await;
    assert_eq!(details.status, OrderStatus::PartialRefunded);
    assert_eq!(details.financial_status, Some(OrderStatus::PartialRefunded));
    assert_eq!(details.amount_refunded, 300);
    assert_eq!(details.refundable(), 700);
    let refunds: Vec<_> = details.refunds().collect();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].refund_order_id.as_deref(), Some("refund-1-a"));
    assert_eq!(
        refunds[0].transaction_id.as_deref(),
        Some(refund_id.as_str())
    );
    assert_eq!(refunds[0].status, Some(OrderStatus::Reserved));
    assert_eq!(refunds[0].description.as_deref(), Some("One mug broke"));

    // More than is left: refused by the client, before any request.
    let received = sandbox
        .endpoint_tally(msp_sandbox::Endpoint::Refund)
        .requests;
    match client.refund("refund-1", Refund::partial(701)).await {
        Err(Error::Validation(errors)) => {
            let text = errors.to_string();
            assert!(text.contains("more than the 700 left"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    // The same refund again (by its own id): the one made, nothing sent.
    let same = client
        .refund(
            "refund-1",
            Refund::partial(300).refund_order_id("refund-1-a"),
        )
        .await
        .unwrap();
    assert_eq!(same, first);
    for refused in [
        Refund::partial(0),
        Refund::partial(1).refund_order_id("refund-1-a"),
        Refund::partial(1).refund_order_id("x".repeat(51)),
        Refund::partial(1).description("<b>bold</b>"),
    ] {
        let outcome = client.refund("refund-1", refused.clone()).await;
        assert!(
            matches!(outcome, Err(Error::Validation(_))),
            "{refused:?}: {outcome:?}"
        );
    }
    assert_eq!(
        sandbox
            .endpoint_tally(msp_sandbox::Endpoint::Refund)
            .requests,
        received,
        "nothing was sent"
    );

    // The refund is cancelled while reserved; then the rest is refunded in full.
    client.cancel_refund("refund-1", &refund_id).await.unwrap();
    let details = order(&client, "refund-1").await;
    assert_eq!(details.amount_refunded, 0);
    assert_eq!(details.status, OrderStatus::Completed);
    assert!(details.refunds().all(|t| t.is_void()));
    let again = client
        .cancel_refund("refund-1", &refund_id)
        .await
        .unwrap_err();
    assert_eq!(code(&again), Some(1014), "{again}");

    let full = client.refund("refund-1", Refund::full()).await.unwrap();
    assert_eq!(full.amount, Some(1000));
    assert!(full.refund_order_id.starts_with("refund-"), "generated");
    let details = order(&client, "refund-1").await;
    assert_eq!(details.status, OrderStatus::Refunded);
    assert_eq!(details.amount_refunded, 1000);
    match client.refund("refund-1", Refund::full()).await {
        Err(Error::Validation(errors)) => {
            assert!(errors.to_string().contains("nothing left to refund"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_sandbox_refuses_what_the_client_cannot_know() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    // An unpaid order: the client cannot tell an unpaid order's refund apart (amount 1000 is
    // left by its reckoning), MultiSafepay refuses it with 1034.
    client
        .create_order(&amex_order("unpaid-1", "https://shop.example/notify"))
        .await
        .unwrap();
    let error = client
        .refund("unpaid-1", Refund::partial(100))
        .await
        .unwrap_err();
    assert_eq!(code(&error), Some(1034), "{error}");
    assert!(error.is_refund_refused());
    // An unknown order: the lookup before the refund says so.
    let error = client.refund("nobody", Refund::full()).await.unwrap_err();
    assert_eq!(code(&error), Some(1006), "{error}");

    // The same refund again within 5 minutes, sent by hand (the client never repeats one).
    paid_order(&sandbox, &client, "twice-1", false).await;
    let url = format!("{}orders/twice-1/refunds", sandbox.url());
    let send = |body: Value| {
        http()
            .post(&url)
            .header("api_key", sandbox.api_key())
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let (status, first) = read_json(
        send(json!({"currency": "EUR", "amount": 100}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["success"], json!(true));
    for key in ["order_id", "transaction_id", "refund_id"] {
        assert!(first["data"].get(key).is_some(), "{key} in {first}");
    }
    let repeat = read_json(
        send(json!({"currency": "EUR", "amount": 100}))
            .await
            .unwrap(),
    )
    .await;
    assert!(assert_error(&repeat, 404, 1034).contains("less than 5 minutes ago"));
    let dollars = read_json(
        send(json!({"currency": "USD", "amount": 50}))
            .await
            .unwrap(),
    )
    .await;
    assert_error(&dollars, 404, 1002);
    let no_key = http()
        .post(&url)
        .body(json!({"currency": "EUR", "amount": 50}).to_string())
        .send()
        .await
        .unwrap();
    assert_error(&read_json(no_key).await, 401, 1032);
}

#[tokio::test]
async fn an_authorisation_is_captured_in_two_parts_then_refunded() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    paid_order(&sandbox, &client, "capture-1", true).await;
    let details = order(&client, "capture-1").await;
    assert_eq!(details.status, OrderStatus::Uncleared);

    let first = client
        .capture(
            "capture-1",
            Capture::partial(600)
                .capture_order_id("capture-1-a")
                .reason("First parcel")
                .carrier("PostNL")
                .tracktrace_code("3SABC")
                .invoice_id("INV-1")
                .description("Two of three items"),
        )
        .await
        .unwrap();
    assert_eq!(
        (first.capture_order_id.as_str(), first.amount),
        ("capture-1-a", 600)
    );
    assert!(first.transaction_id.is_some());
    let details = order(&client, "capture-1").await;
    assert_eq!(details.status, OrderStatus::Completed);
    assert_eq!(details.amount_captured(), 600);
    // Only what was captured is refundable.
    assert_eq!(details.refundable(), 600);

    let same = client
        .capture("capture-1", Capture::full().capture_order_id("capture-1-a"))
        .await
        .unwrap();
    assert_eq!(same, first, "the capture made, nothing sent");
    assert_eq!(
        sandbox
            .endpoint_tally(msp_sandbox::Endpoint::Capture)
            .requests,
        1
    );
    match client.capture("capture-1", Capture::partial(401)).await {
        Err(Error::Validation(errors)) => {
            assert!(errors.to_string().contains("400 left to capture"))
        }
        other => panic!("{other:?}"),
    }
    let rest = client.capture("capture-1", Capture::full()).await.unwrap();
    assert_eq!(rest.amount, 400);
    assert!(rest.capture_order_id.starts_with("capture-"));
    let details = order(&client, "capture-1").await;
    assert_eq!(details.amount_captured(), 1000);
    assert_eq!(details.captures().count(), 2);
    assert!(matches!(
        client.capture("capture-1", Capture::full()).await,
        Err(Error::Validation(_))
    ));

    client.refund("capture-1", Refund::full()).await.unwrap();
    assert_eq!(
        order(&client, "capture-1").await.status,
        OrderStatus::Refunded
    );

    // An order paid at once is no authorisation: MultiSafepay's refusal.
    paid_order(&sandbox, &client, "auto-1", false).await;
    let error = client
        .capture("auto-1", Capture::partial(100))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error}");
}

#[tokio::test]
async fn an_authorisation_is_cancelled() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    paid_order(&sandbox, &client, "auth-1", true).await;
    client
        .cancel_authorization("auth-1", "The transaction appeared fraudulent")
        .await
        .unwrap();
    assert_eq!(
        order(&client, "auth-1").await.status,
        OrderStatus::Cancelled
    );
    // The order's status says it is done: a second cancel is refused by MultiSafepay.
    let error = client
        .cancel_authorization("auth-1", "again")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error}");
}

#[tokio::test]
async fn orders_are_shipped_cancelled_and_extended_by_the_allowed_transitions() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    paid_order(&sandbox, &client, "ship-1", false).await;
    client
        .update_order(
            "ship-1",
            OrderUpdate::shipped()
                .carrier("PostNL")
                .tracktrace_code("3SMSP0123456789")
                .tracktrace_url("https://tracktrace.example/3SMSP0123456789")
                .ship_date("2026-11-29")
                .invoice_id("INV-1")
                .invoice_url("https://shop.example/invoices/1")
                .po_number("PO-1")
                .reason("Fulfilled by warehouse"),
        )
        .await
        .unwrap();
    assert_eq!(order(&client, "ship-1").await.status, OrderStatus::Shipped);
    client
        .update_order("ship-1", OrderUpdate::extend_expiration("Shipment is late"))
        .await
        .unwrap();
    // A paid order is not cancelled.
    let error = client
        .update_order("ship-1", OrderUpdate::cancelled())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error}");

    client
        .create_order(&amex_order("open-1", "https://shop.example/notify"))
        .await
        .unwrap();
    let error = client
        .update_order("open-1", OrderUpdate::shipped())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { .. }), "{error}");
    client
        .update_order("open-1", OrderUpdate::cancelled())
        .await
        .unwrap();
    assert_eq!(
        order(&client, "open-1").await.status,
        OrderStatus::Cancelled
    );
    let error = client
        .update_order("nobody", OrderUpdate::cancelled())
        .await
        .unwrap_err();
    assert_eq!(code(&error), Some(1006), "{error}");
}

#[tokio::test]
async fn every_status_change_sends_the_order_s_notification() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut listener = Listener::start(vec![]).await;
    // Asks for the signed POST, whose body carries the order (a GET carries only its id).
    let mut request = amex_order("notified-1", &listener.url);
    request.payment_options_mut().notification_method = Some(NotificationMethod::Post);
    let created = client.create_order(&request).await.unwrap();
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let status_of = |received: &common::Received| -> String {
        let body: Value = serde_json::from_slice(&received.body).unwrap();
        body["status"].as_str().unwrap().to_owned()
    };
    assert_eq!(status_of(&listener.next().await), "completed");
    client
        .refund("notified-1", Refund::partial(100))
        .await
        .unwrap();
    let refunded = listener.next().await;
    assert_eq!(refunded.method, "POST");
    assert_eq!(
        refunded.param("transactionid").as_deref(),
        Some("notified-1")
    );
    assert!(refunded.auth.is_some(), "signed");
    assert_eq!(status_of(&refunded), "partial_refunded");
    let body: Value = serde_json::from_slice(&refunded.body).unwrap();
    assert_eq!(body["amount_refunded"], json!(100));
    client
        .update_order("notified-1", OrderUpdate::cancelled())
        .await
        .unwrap_err();
    let mut other = amex_order("notified-2", &listener.url);
    other.payment_options_mut().notification_method = Some(NotificationMethod::Post);
    other.capture = Some("manual".into());
    let created = client.create_order(&other).await.unwrap();
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    assert_eq!(status_of(&listener.next().await), "uncleared");
    client.capture("notified-2", Capture::full()).await.unwrap();
    assert_eq!(status_of(&listener.next().await), "completed");
    client
        .update_order("notified-2", OrderUpdate::shipped())
        .await
        .unwrap();
    assert_eq!(status_of(&listener.next().await), "shipped");
}

#[tokio::test]
async fn a_refund_whose_answer_is_lost_is_found_not_repeated() {
    use msp_sandbox::{Endpoint, FaultKind, Faults};
    // Every refund's answer is lost after the refund is made; lookups are never spoiled.
    let faults = Faults::new(11)
        .rate(1.0)
        .lookup_rate(0.0)
        .kinds(&[FaultKind::DropAfterStore]);
    let sandbox = Sandbox::builder().faults(faults).start().await;
    let client = Client::builder()
        .base_url(sandbox.url())
        .api_key(sandbox.api_key())
        .retry(RetryPolicy {
            base_delay: std::time::Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    // The order's creation and payment go through the faults too (the creation is found).
    let created = client
        .create_order(&amex_order("lost-1", "https://shop.example/notify"))
        .await
        .unwrap();
    sandbox
        .act_as_customer(&created.payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let refund = client
        .refund("lost-1", Refund::partial(250).refund_order_id("lost-1-r"))
        .await
        .unwrap();
    assert_eq!(refund.amount, Some(250));
    assert!(refund.refund_id.is_some(), "from the lookup");
    assert_eq!(sandbox.times_recorded("lost-1", "lost-1-r"), 1);
    assert_eq!(sandbox.endpoint_tally(Endpoint::Refund).requests, 1);
    // Its cancelling, answer lost too: found void.
    let refund_id = refund.refund_id.clone().unwrap();
    client.cancel_refund("lost-1", &refund_id).await.unwrap();
    assert_eq!(sandbox.endpoint_tally(Endpoint::CancelRefund).requests, 1);
    assert_eq!(order(&client, "lost-1").await.amount_refunded, 0);

    // A capture and an authorisation's cancelling, their answers lost: found, sent once.
    for order_id in ["lost-2", "lost-3"] {
        let mut request = amex_order(order_id, "https://shop.example/notify");
        request.capture = Some("manual".into());
        let created = client.create_order(&request).await.unwrap();
        sandbox
            .act_as_customer(&created.payment_url, CustomerAction::Pay)
            .await
            .unwrap();
    }
    let captured = client
        .capture("lost-2", Capture::partial(400).capture_order_id("lost-2-c"))
        .await
        .unwrap();
    assert_eq!(
        (captured.amount, captured.transaction_id.is_some()),
        (400, true)
    );
    assert_eq!(sandbox.times_recorded("lost-2", "lost-2-c"), 1);
    assert_eq!(sandbox.endpoint_tally(Endpoint::Capture).requests, 1);
    client
        .cancel_authorization("lost-3", "Out of stock")
        .await
        .unwrap();
    assert_eq!(
        order(&client, "lost-3").await.status,
        OrderStatus::Cancelled
    );
    assert_eq!(
        sandbox
            .endpoint_tally(Endpoint::CancelAuthorization)
            .requests,
        1
    );
    let shipped = client.update_order("lost-1", OrderUpdate::shipped()).await;
    assert!(shipped.is_ok(), "{shipped:?}");
    // An extension cannot be looked up: after a lost answer it is not sent again.
    let extended = client
        .update_order("lost-1", OrderUpdate::extend_expiration("late"))
        .await;
    assert!(
        matches!(extended, Err(Error::OutcomeUnknown { .. })),
        "{extended:?}"
    );
    let updates = sandbox.endpoint_tally(Endpoint::UpdateOrder).requests;
    client
        .update_order("lost-1", OrderUpdate::extend_expiration("late"))
        .await
        .unwrap_err();
    assert_eq!(
        sandbox.endpoint_tally(Endpoint::UpdateOrder).requests,
        updates + 1
    );
}

#[tokio::test]
async fn a_refund_by_cart_item_gives_back_the_items_with_their_tax() {
    let sandbox = Sandbox::start().await;
    let item = |id: &str, price: f64, quantity: u32, table: &str| {
        json!({"name": id, "unit_price": price, "quantity": quantity,
               "merchant_item_id": id, "tax_table_selector": table})
    };
    let cart = vec![item("mug", 8.26, 2, "BTW21"), item("card", 1.0, 1, "BTW9")];
    let body = json!({
        "type": "redirect", "order_id": "items-1", "gateway": "AMEX", "currency": "EUR",
        "amount": 2000, "description": "Cart order",
        "payment_options": {"notification_url": "https://shop.example/notify",
            "redirect_url": "https://shop.example/thanks", "cancel_url": "https://shop.example/cancel"},
        "customer": {"locale": "nl_NL", "ip_address": "127.0.0.1"},
        "shopping_cart": {"items": cart},
        "checkout_options": {"tax_tables": {"default": {"shipping_taxed": true, "rate": 0.21},
            "alternate": [{"name": "BTW21", "standalone": true, "rules": [{"rate": 0.21}]},
                          {"name": "BTW9", "standalone": true, "rules": [{"rate": 0.09, "country": ""}]}]}},
    });
    let (status, created) = post_order(&sandbox, body.to_string(), Some(sandbox.api_key())).await;
    assert_eq!(status, 200, "{created}");
    let url = format!("{}orders/items-1/refunds", sandbox.url());
    // The order's items, and a duplicate of each refunded one with a negative unit_price
    // (`refundBNPL.json`); `amount` beside them is not read (the official SDKs send the whole).
    let refund = |refunded: Vec<Value>| {
        let mut items = cart.clone();
        items.extend(refunded);
        let body = json!({"currency": "EUR", "amount": 2000, "checkout_data": {"items": items}});
        let request = http()
            .post(&url)
            .header("api_key", sandbox.api_key())
            .header("content-type", "application/json")
            .body(body.to_string())
            .send();
        async move { read_json(request.await.unwrap()).await }
    };
    // Not paid yet: nothing to refund.
    assert_error(
        &refund(vec![item("card", -1.0, 1, "BTW9")]).await,
        404,
        1034,
    );
    sandbox
        .set_outcome("items-1", msp_sandbox::Outcome::Complete)
        .unwrap();
    // 1.00 at 9 % (a rule with a blank country applies everywhere): 109; one mug of 8.26 at 21 % (9.9946): 999.
    let (status, first) = refund(vec![item("card", -1.0, 1, "none")]).await;
    assert_eq!(status, 200, "{first}");
    let (status, second) = refund(vec![item("mug", -8.26, 1, "BTW21")]).await;
    assert_eq!(status, 200, "{second}");
    let (_, order) = get_order(&sandbox, "items-1").await;
    assert_eq!(order["data"]["amount_refunded"], json!(1108), "{order}");
    assert_eq!(order["data"]["status"], "partial_refunded");
    // Refused: no refunded item, an item the order lacks, more than was ordered.
    let none = assert_error(&refund(vec![]).await, 404, 1016);
    assert!(none.contains("negative unit_price"), "{none}");
    assert_error(&refund(vec![item("pen", -1.0, 1, "BTW9")]).await, 404, 1016);
    assert_error(
        &refund(vec![item("mug", -8.26, 3, "BTW21")]).await,
        404,
        1016,
    );
    // Two lines of the same item add up: two mugs each, four in all, of the two ordered.
    let twice = assert_error(
        &refund(vec![
            item("mug", -8.26, 2, "BTW21"),
            item("mug", -8.26, 2, "BTW21"),
        ])
        .await,
        404,
        1016,
    );
    assert!(twice.contains("more than the order's quantity"), "{twice}");
    // Both mugs: 1999, more than the 892 left.
    assert_error(
        &refund(vec![item("mug", -8.26, 2, "BTW21")]).await,
        404,
        1034,
    );
}
