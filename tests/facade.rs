//! The names a merchant uses, reached through `msp::` alone: a crate that depends on `msp` only
//! must compile this file.
#![cfg(all(feature = "client", feature = "webhook"))]

use std::any::type_name;

/// Names every re-exported type, so that a missing re-export fails to compile.
#[test]
fn the_merchant_names_are_reachable_through_msp() {
    let names = [
        type_name::<msp::Currency>(),
        type_name::<msp::ParseCurrencyError>(),
        type_name::<msp::Gateway>(),
        type_name::<msp::ParseGatewayError>(),
        type_name::<msp::Flow>(),
        type_name::<msp::ParseFlowError>(),
        type_name::<msp::OrderStatus>(),
        type_name::<msp::Amount>(),
        type_name::<msp::Customer>(),
        type_name::<msp::Field>(),
        type_name::<msp::NotificationMethod>(),
        type_name::<msp::OrderId>(),
        type_name::<msp::OrderRequest>(),
        type_name::<msp::PaymentOptions>(),
        type_name::<msp::ValidationErrors>(),
        type_name::<msp::Violation>(),
        type_name::<msp::Client>(),
        type_name::<msp::ClientBuilder>(),
        type_name::<msp::CreatedOrder>(),
        type_name::<msp::Environment>(),
        type_name::<msp::Error>(),
        type_name::<msp::OrderDetails>(),
        type_name::<msp::RetryPolicy>(),
        type_name::<msp::url::Url>(),
        type_name::<msp::webhook::Error>(),
        type_name::<msp::webhook::Notification>(),
        type_name::<msp::webhook::Verifier>(),
        type_name::<dyn msp::Order>(),
    ];
    // Reaching here means every name resolved; the list only keeps them used.
    assert_eq!(names.len(), 28);
    let _: fn(&[u8], &str, &str) -> Result<(), msp::webhook::Error> = msp::webhook::verify;
    let _ = (
        msp::DEFAULT_TIMEOUT,
        msp::MAX_BODY,
        msp::webhook::ACK,
        msp::webhook::AUTH_HEADER,
    );
    let _ = msp::webhook::DEFAULT_TOLERANCE;
}

/// The status of a notification and of `get_order` is one type, under both of its paths.
#[test]
fn one_order_status() {
    let completed: msp::webhook::OrderStatus = msp::OrderStatus::Completed;
    assert_eq!(completed, msp::OrderStatus::from_api("completed"));
}

/// The derive's output, named through the facade: `msp::Order` and `msp::OrderRequest`.
#[test]
fn a_derived_struct_is_an_msp_order() {
    #[derive(msp::MspOrder)]
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
        currency: msp::Currency,
        amount: msp::Amount,
        description: String,
        ip_address: std::net::IpAddr,
    }

    fn request(order: &impl msp::Order) -> Result<msp::OrderRequest<'_>, msp::ValidationErrors> {
        order.to_request()
    }
    let checkout = Checkout {
        order_id: "facade-1".into(),
        currency: "EUR".parse().expect("a currency"),
        amount: msp::Amount::new(1000),
        description: "Facade".into(),
        ip_address: [127, 0, 0, 1].into(),
    };
    let request = request(&checkout).expect("valid");
    assert_eq!(request.gateway, Some(msp::Gateway::AMEX));
    assert_eq!(request.flow, msp::Flow::Redirect);
    assert_eq!(request.amount.minor_units(), 1000);
}
