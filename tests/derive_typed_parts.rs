//! `#[derive(MspOrder)]` with the order's typed parts: a shopping cart (and the tax tables it
//! writes), a delivery address, `gateway_info` whole or by path, and `days_active`.

use msp::{CartItem, Currency, Customer, Delivery, GatewayInfo, MspOrder, ShoppingCart, TaxRate};
use serde_json::json;

#[derive(MspOrder)]
#[msp_order(
    gateway = "KLARNA",
    flow = "redirect",
    notification_url = "https://shop.example/notify",
    notification_method = "POST",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel"
)]
struct KlarnaCheckout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    customer: Customer,
    delivery: Delivery,
    shopping_cart: ShoppingCart,
    #[msp_order(gateway_info.birthday)]
    birthday: String,
    #[msp_order(gateway_info.gender)]
    title: Option<String>,
    #[msp_order(delivery.email)]
    delivery_email: String,
    days_active: u32,
    /// The merchant's own: a leaf of `gateway_info` is supplied by its path only, so a field of
    /// that name is refused unless skipped.
    #[msp_order(skip)]
    account_id: u64,
}

fn address() -> Delivery {
    let mut delivery = Delivery::default();
    delivery.first_name = Some("Jan".into());
    delivery.last_name = Some("Jansen".into());
    delivery.address1 = Some("Kraanspoor".into());
    delivery.house_number = Some("39".into());
    delivery.zip_code = Some("1033 SC".into());
    delivery.city = Some("Amsterdam".into());
    delivery.country = Some("NL".into());
    delivery
}

fn klarna() -> KlarnaCheckout {
    let cart = ShoppingCart::new([
        CartItem::gross("Backpack", 9_000, 2, TaxRate::percent(21)).merchant_item_id("bp"),
        CartItem::gross("Book", 1_999, 1, TaxRate::percent(9)),
        CartItem::discount("Coupon", 1_000, TaxRate::percent(21)),
    ]);
    let mut customer = Customer::default();
    customer.email = Some("jan@example.com".into());
    customer.ip_address = Some("10.0.0.1".into());
    KlarnaCheckout {
        order_id: "k-1".into(),
        currency: Currency::EUR,
        amount: cart.total().minor_units(),
        description: "Backpacks".into(),
        customer,
        delivery: address(),
        shopping_cart: cart,
        birthday: "1980-01-30".into(),
        title: None,
        delivery_email: "jan@example.com".into(),
        days_active: 7,
        account_id: 42,
    }
}

#[test]
fn a_bnpl_struct_writes_its_cart_tax_tables_delivery_and_gateway_info() {
    let checkout = klarna();
    assert_eq!((checkout.amount, checkout.account_id), (18_999, 42));
    let json = serde_json::to_value(checkout.to_request().unwrap()).unwrap();
    assert_eq!(json["shopping_cart"]["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        json["shopping_cart"]["items"][1]["tax_table_selector"],
        "VAT9"
    );
    assert_eq!(
        json["checkout_options"]["tax_tables"]["alternate"],
        json!([{"name": "VAT21", "rules": [{"rate": 0.21}]},
               {"name": "VAT9", "rules": [{"rate": 0.09}]}])
    );
    assert_eq!(json["delivery"]["country"], "NL");
    assert_eq!(json["delivery"]["email"], "jan@example.com");
    assert_eq!(json["gateway_info"], json!({"birthday": "1980-01-30"}));
    assert_eq!(json["days_active"], 7);
    assert_eq!(json["customer"]["email"], "jan@example.com");
    assert!(json.get("account_id").is_none());
}

#[test]
fn run_time_values_of_the_parts_are_checked_all_at_once() {
    let mut checkout = klarna();
    checkout.days_active = 400;
    checkout.delivery.country = Some("Netherlands".into());
    checkout.delivery_email = "not an address".into();
    checkout.amount = 19_000;
    let errors = checkout.to_request().unwrap_err();
    let fields: Vec<String> = errors
        .violations()
        .iter()
        .map(|v| v.field.to_string())
        .collect();
    for expected in [
        "delivery.country",
        "delivery.email",
        "days_active",
        "shopping_cart",
    ] {
        assert!(fields.iter().any(|f| f == expected), "{expected}: {errors}");
    }
    let cart = errors
        .violations()
        .iter()
        .find(|v| v.field == msp::Field::ShoppingCart)
        .unwrap();
    assert!(
        cart.message.contains("18999") && cart.message.contains("19000"),
        "{}",
        cart.message
    );
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "DIRDEB",
    flow = "direct",
    notification_url = "https://shop.example/notify",
    notification_method = "POST"
)]
struct DirectDebit {
    order_id: u64,
    currency: Currency,
    amount: u64,
    description: String,
    #[msp_order(gateway_info.account_holder_name)]
    holder: String,
    #[msp_order(gateway_info.account_id)]
    iban: String,
    #[msp_order(gateway_info.account_holder_iban)]
    holder_iban: String,
    #[msp_order(gateway_info.emandate)]
    mandate: String,
}

#[test]
fn a_direct_debit_struct_writes_gateway_info_by_path() {
    let debit = DirectDebit {
        order_id: 7,
        currency: Currency::EUR,
        amount: 1_500,
        description: "Membership".into(),
        holder: "J. Jansen".into(),
        iban: "NL02ABNA0123456789".into(),
        holder_iban: "NL02ABNA0123456789".into(),
        mandate: "m-7".into(),
    };
    let json = serde_json::to_value(debit.to_request().unwrap()).unwrap();
    assert_eq!(
        json["gateway_info"],
        json!({"account_id": "NL02ABNA0123456789", "account_holder_name": "J. Jansen",
               "account_holder_iban": "NL02ABNA0123456789", "emandate": "m-7"})
    );
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "IDEAL",
    flow = "direct",
    notification_url = "https://shop.example/notify",
    notification_method = "POST"
)]
struct WholeInfo {
    order_id: String,
    currency: Currency,
    amount: msp::Amount,
    description: String,
    gateway_info: GatewayInfo,
    #[msp_order(gateway_info.issuer_id)]
    issuer: Option<String>,
}

#[test]
fn a_single_field_overrides_the_whole_object() {
    let mut info = GatewayInfo::default();
    info.issuer_id = Some("0021".into());
    let order = WholeInfo {
        order_id: "w".into(),
        currency: Currency::EUR,
        amount: msp::Amount::new(100),
        description: "d".into(),
        gateway_info: info,
        issuer: Some("0031".into()),
    };
    let json = serde_json::to_value(order.to_request().unwrap()).unwrap();
    assert_eq!(json["gateway_info"]["issuer_id"], "0031");
}

/// The cart as the SDK writes it passes the sandbox's exact check of `validate_cart`, and an
/// amount a cent off is MultiSafepay's 1027.
#[tokio::test]
async fn the_sandbox_validates_the_written_cart() {
    let sandbox = msp_sandbox::Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let created = klarna().submit(&client).await.unwrap();
    let order = client.get_order(&created.order_id).await.unwrap();
    assert_eq!(order.status, msp::OrderStatus::Initialized);

    let mut body = serde_json::to_value(klarna().to_request().unwrap()).unwrap();
    body["order_id"] = json!("k-2");
    body["checkout_options"]["validate_cart"] = json!(true);
    let answer = client
        .request(msp::Method::POST, "orders", Some(&body))
        .await
        .unwrap();
    assert_eq!(answer["success"], true, "{answer}");

    body["order_id"] = json!("k-3");
    body["amount"] = json!(18_998);
    match client
        .request(msp::Method::POST, "orders", Some(&body))
        .await
    {
        Err(msp::Error::Api { error_code, .. }) => assert_eq!(error_code, Some(1027)),
        other => panic!("expected 1027, got {other:?}"),
    }
}
