//! The client's reads end to end against the local sandbox: payment methods, gateways, issuers,
//! the transactions stream, recurring tokens, payment links and orders without a gateway, the
//! escape hatch, and the builder's base-URL check.

use futures_core::Stream;
use msp::{
    Client, Currency, Error, Flow, Gateway, Method, MspOrder, OrderRequest, OrderStatus,
    PaymentMethodQuery, TransactionQuery,
};
use msp_sandbox::{CustomerAction, Sandbox};
use std::future::poll_fn;
use std::pin::Pin;

/// A redirect order of 10 EUR that the sandbox accepts, notifications going nowhere (the
/// sandbox's notifier gives up quietly).
fn order(order_id: &str, gateway: Gateway) -> OrderRequest<'static> {
    let mut order = OrderRequest::new(
        Flow::Redirect,
        gateway,
        order_id,
        Currency::EUR,
        1000u64,
        "Reads test order",
    );
    let options = order.payment_options_mut();
    options.notification_url = Some("http://127.0.0.1:9/notify".into());
    options.redirect_url = Some("https://shop.example/thanks".into());
    options.cancel_url = Some("https://shop.example/cancel".into());
    order.customer_mut().locale = Some("nl_NL".into());
    order
}

/// Creates `order` and, if `pay`, completes its payment on the payment page.
async fn create(sandbox: &Sandbox, client: &Client, order: &OrderRequest<'_>, pay: bool) {
    let created = client.create_order(order).await.expect("created");
    if pay {
        sandbox
            .act_as_customer(&created.payment_url, CustomerAction::Pay)
            .await
            .expect("paid");
    }
}

/// The next item of a stream, without futures-util.
async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

async fn collect<S: Stream<Item = Result<msp::Transaction, Error>> + Unpin>(
    stream: &mut S,
) -> Vec<msp::Transaction> {
    let mut items = Vec::new();
    while let Some(item) = next(stream).await {
        items.push(item.expect("a transaction"));
    }
    items
}

#[tokio::test]
async fn payment_methods_come_from_the_catalogue_with_their_requirements() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();

    let all = client
        .payment_methods(PaymentMethodQuery::default())
        .await
        .unwrap();
    let expected: Vec<&str> = Gateway::all()
        .filter(|g| !g.is_gift_card())
        .map(Gateway::code)
        .collect();
    let ids: Vec<&str> = all.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids, expected,
        "every method but the gift cards, in catalogue order"
    );
    let find = |id: &str| all.iter().find(|m| m.id == id).unwrap();
    let ideal = find("IDEAL");
    assert_eq!(ideal.gateway(), Some(Gateway::IDEAL));
    assert_eq!(ideal.name, "iDEAL");
    assert_eq!(ideal.allowed_currencies, ["EUR"]);
    assert_eq!(ideal.issuers.len(), 12);
    assert!(ideal.tokenization.is_enabled && ideal.tokenization.models.unscheduled);
    assert!(find("KLARNA").shopping_cart_required);
    assert!(!find("KLARNA").tokenization.is_enabled);
    assert!(!ideal.shopping_cart_required);
    assert_eq!(find("AMEX").required_customer_data, ["locale"]);
    assert!(find("AMEX").accepts(Currency::USD) && !find("AMEX").accepts(Currency::JPY));

    let yen = client
        .payment_methods(
            PaymentMethodQuery::default()
                .currency(Currency::JPY)
                .amount(5000)
                .country("NL"),
        )
        .await
        .unwrap();
    let yen: Vec<Gateway> = yen.iter().filter_map(|m| m.gateway()).collect();
    let accepting: Vec<Gateway> = Gateway::all()
        .filter(|g| !g.is_gift_card() && g.accepts(Currency::JPY))
        .collect();
    assert_eq!(yen, accepting);
    assert!(yen.contains(&Gateway::VISA) && !yen.contains(&Gateway::IDEAL));

    let with_coupons = client
        .payment_methods(PaymentMethodQuery::default().include_coupons(true))
        .await
        .unwrap();
    let edenred = with_coupons.iter().find(|m| m.id == "EDENRES").unwrap();
    assert_eq!(edenred.kind.as_deref(), Some("coupon"));

    let refused = client
        .payment_methods(PaymentMethodQuery::default().country("Netherlands"))
        .await
        .unwrap_err();
    assert_eq!(refused.error_code(), Some(1018), "{refused}");
}

#[tokio::test]
async fn gateways_one_gateway_and_issuers() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();

    let gateways = client.gateways().await.unwrap();
    assert_eq!(gateways.len(), Gateway::all().count(), "coupons included");
    let edenres = gateways.iter().find(|g| g.id == "EDENRES").unwrap();
    assert_eq!(edenres.kind.as_deref(), Some("coupon"));

    let ideal = client.gateway("ideal").await.unwrap();
    assert_eq!(
        (ideal.id.as_str(), ideal.description.as_str()),
        ("IDEAL", "iDEAL")
    );
    assert_eq!(ideal.gateway(), Some(Gateway::IDEAL));
    let unknown = client.gateway("NOPE").await.unwrap_err();
    assert_eq!(unknown.error_code(), Some(1023), "{unknown}");

    let issuers = client.issuers(Gateway::IDEAL).await.unwrap();
    assert_eq!(issuers.len(), 12);
    assert_eq!(
        (issuers[0].code.as_str(), issuers[0].description.as_str()),
        ("0031", "ABN AMRO")
    );
    assert!(client.issuers(Gateway::VISA).await.unwrap().is_empty());
}

#[tokio::test]
async fn transactions_stream_every_page_lazily_and_filter() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    for i in 0..25 {
        let gateway = if i % 2 == 0 {
            Gateway::IDEAL
        } else {
            Gateway::VISA
        };
        create(
            &sandbox,
            &client,
            &order(&format!("t-{i:02}"), gateway),
            i % 5 != 0,
        )
        .await;
    }

    let mut stream = client.transactions(TransactionQuery::default().limit(10));
    assert_eq!(
        stream.pages_fetched(),
        0,
        "nothing is sent before the first poll"
    );
    let first = next(&mut stream).await.unwrap().unwrap();
    assert_eq!(first.order_id.as_deref(), Some("t-00"));
    assert_eq!(stream.pages_fetched(), 1, "one page for the first item");
    let rest = collect(&mut stream).await;
    assert_eq!(stream.pages_fetched(), 3);
    let ids: Vec<String> = std::iter::once(first)
        .chain(rest)
        .map(|t| t.order_id.unwrap())
        .collect();
    let expected: Vec<String> = (0..25).map(|i| format!("t-{i:02}")).collect();
    assert_eq!(ids, expected, "each once, in order, over three pages");

    let mut paid = client.transactions(
        TransactionQuery::default()
            .status(OrderStatus::Completed)
            .payment_method(Gateway::IDEAL)
            .limit(2),
    );
    let paid = collect(&mut paid).await;
    assert_eq!(paid.len(), 10, "13 iDEAL orders, 3 of them unpaid");
    for t in &paid {
        assert_eq!(t.status, OrderStatus::Completed);
        assert_eq!(t.gateway(), Some(Gateway::IDEAL));
        assert_eq!((t.amount, t.currency.as_str()), (1000, "EUR"));
        assert!(t.completed.is_some());
    }

    let mut future = client.transactions(TransactionQuery::default().created_from("2999-01-01"));
    assert!(next(&mut future).await.is_none());
    let mut bad = client.transactions(TransactionQuery::default().created_from("yesterday"));
    assert!(matches!(next(&mut bad).await, Some(Err(Error::Api { .. }))));
    assert!(next(&mut bad).await.is_none(), "an error ends the stream");
}

#[tokio::test]
async fn a_paid_recurring_order_leaves_a_token_that_can_be_read_and_deleted() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut first = order("r-1", Gateway::VISA);
    first.recurring_model = Some("unscheduled".into());
    first.customer_mut().reference = Some("customer-7".into());
    first.customer_mut().first_name = Some("Ada".into());
    create(&sandbox, &client, &first, true).await;
    let mut unpaid = order("r-2", Gateway::VISA);
    unpaid.recurring_model = Some("unscheduled".into());
    unpaid.customer_mut().reference = Some("customer-7".into());
    create(&sandbox, &client, &unpaid, false).await;

    let tokens = client.tokens("customer-7").await.unwrap();
    assert_eq!(tokens.len(), 1, "only the paid order leaves a token");
    let token = &tokens[0];
    assert_eq!(token.gateway(), Some(Gateway::VISA));
    assert_eq!(token.recurring_model.as_deref(), Some("unscheduled"));
    assert_eq!(token.name_holder.as_deref(), Some("Ada"));
    assert_eq!(
        client.token("customer-7", &token.token).await.unwrap(),
        *token
    );

    // Charging it again: an order with the token as `recurring_id`.
    let mut again = order("r-3", Gateway::VISA);
    again.recurring_model = Some("unscheduled".into());
    again.recurring_id = Some(token.token.clone().into());
    client.create_order(&again).await.unwrap();

    client
        .delete_token("customer-7", &token.token)
        .await
        .unwrap();
    assert!(client.tokens("customer-7").await.unwrap().is_empty());
    let gone = client
        .delete_token("customer-7", &token.token)
        .await
        .unwrap_err();
    assert_eq!(gone.error_code(), Some(1000), "{gone}");
    assert!(matches!(gone, Error::Api { status: 410, .. }));
    assert_eq!(
        client
            .token("customer-7", "nope")
            .await
            .unwrap_err()
            .error_code(),
        Some(1000)
    );
    assert!(client.tokens("nobody").await.unwrap().is_empty());
}

#[tokio::test]
async fn payment_links_and_orders_without_a_gateway_are_created() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();

    let mut link = order("link-1", Gateway::IDEAL);
    link.flow = Flow::PaymentLink;
    link.days_active = Some(14);
    let created = client.create_order(&link).await.unwrap();
    assert!(created.payment_url.contains("/connect/"));

    let mut any = order("page-1", Gateway::IDEAL);
    any.gateway = None;
    let created = client.create_order(&any).await.unwrap();
    let fetched = client.get_order("page-1").await.unwrap();
    assert_eq!(fetched.status, OrderStatus::Initialized);
    assert_eq!(
        fetched.payment_url.as_deref(),
        Some(created.payment_url.as_str())
    );
    assert_eq!(
        fetched.raw_json()["payment_details"]["type"],
        serde_json::Value::Null
    );
}

/// A payment link: no redirect or cancel URL needed, the link is sent to the customer.
#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "IDEAL",
    flow = "paymentlink",
    notification_url = "http://127.0.0.1:9/notify"
)]
struct Link {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
}

#[tokio::test]
async fn a_derived_payment_link_is_submitted() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let link = Link {
        order_id: "derived-link".into(),
        currency: Currency::EUR,
        amount: 4500,
        description: "Invoice 42".into(),
    };
    assert_eq!(link.to_request().unwrap().flow, Flow::PaymentLink);
    let created = link.submit(&client).await.unwrap();
    assert_eq!(created.order_id, "derived-link");
    let stored = sandbox.stored_order("derived-link").unwrap();
    assert_eq!(stored["amount"], 4500);
}

#[tokio::test]
async fn the_escape_hatch_reaches_any_endpoint_with_the_same_key_and_checks() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();

    let answer = client
        .request(Method::GET, "gateways/IDEAL", None)
        .await
        .unwrap();
    assert_eq!(answer["success"], true);
    assert_eq!(answer["data"]["id"], "IDEAL");

    let body = serde_json::to_value(order("raw-1", Gateway::IDEAL)).unwrap();
    let created = client
        .request(Method::POST, "/orders", Some(&body))
        .await
        .unwrap();
    assert_eq!(created["data"]["order_id"], "raw-1");

    let page = client
        .request(Method::GET, "transactions?limit=1", None)
        .await
        .unwrap();
    assert_eq!(page["data"][0]["order_id"], "raw-1");
    assert_eq!(
        page["pager"]["limit"], 1,
        "what comes beside `data` is kept"
    );

    let unknown = client
        .request(Method::GET, "orders/never-made", None)
        .await
        .unwrap_err();
    assert_eq!(unknown.error_code(), Some(1006));
    let outside = client
        .request(Method::GET, "../../connect/x", None)
        .await
        .unwrap_err();
    assert!(matches!(outside, Error::Config(_)), "{outside}");

    let wrong_key = Client::builder()
        .base_url(sandbox.url())
        .api_key("wrong")
        .build()
        .unwrap();
    for error in [
        wrong_key
            .payment_methods(PaymentMethodQuery::default())
            .await
            .unwrap_err(),
        wrong_key.gateways().await.unwrap_err(),
        wrong_key.tokens("customer-7").await.unwrap_err(),
        next(&mut wrong_key.transactions(TransactionQuery::default()))
            .await
            .unwrap()
            .unwrap_err(),
    ] {
        assert_eq!(error.error_code(), Some(1032), "{error}");
    }
}

#[tokio::test]
async fn a_base_url_without_the_api_path_is_refused_with_the_expected_shape() {
    let sandbox = Sandbox::start().await;
    let origin = format!("http://{}/", sandbox.address());
    let error = Client::builder()
        .base_url(origin)
        .api_key(sandbox.api_key())
        .build()
        .unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, Error::Config(_)));
    assert!(
        text.contains("`/json/`") && text.contains("https://testapi.multisafepay.com/v1/json/"),
        "{text}"
    );
    Client::builder()
        .base_url(sandbox.url())
        .api_key(sandbox.api_key())
        .build()
        .expect("the sandbox's URL is accepted as is");
}
