use super::{Amount, Customer, OrderId, PaymentOptions};
use crate::{Currency, Flow, Gateway};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The body of `POST /orders`. Unset optional fields are left out of the JSON.
///
/// Build one with [`OrderRequest::new`] and set the optional fields, or let
/// `#[derive(MspOrder)]` build it from your own struct.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrderRequest {
    /// The flow: `redirect` (the default), `direct` or `paymentlink`.
    #[serde(rename = "type", default, deserialize_with = "super::lenient::flow")]
    pub flow: Flow,
    /// The merchant's unique id of the order.
    pub order_id: OrderId,
    /// The payment method; `None` shows the payment page with every enabled method.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::gateway"
    )]
    pub gateway: Option<Gateway>,
    /// The currency.
    pub currency: Currency,
    /// The amount in minor units.
    #[serde(deserialize_with = "super::lenient::amount")]
    pub amount: Amount,
    /// Shown on the payment page and the bank statement: at most 200 characters, no HTML.
    pub description: String,
    /// Where the customer and the notifications go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<PaymentOptions>,
    /// Who pays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// The shipping address, passed through as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Value>,
    /// Gateway-specific data (card data for direct card orders, issuer for iDEAL...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_info: Option<Value>,
    /// The shopping cart (required by buy-now-pay-later gateways).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopping_cart: Option<Value>,
    /// Tax tables and other checkout options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_options: Option<Value>,
    /// The order lines as text, for the payment page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Value>,
    /// Custom fields shown in MultiSafepay Control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_info: Option<Value>,
    /// Second Chance reminder e-mails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_chance: Option<Value>,
    /// Information about the integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plugin: Option<Value>,
    /// Days the payment link stays valid (1 to 365, default 30).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::number"
    )]
    pub days_active: Option<u64>,
    /// Seconds the payment link stays valid; wins over `days_active`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::number"
    )]
    pub seconds_active: Option<u64>,
    /// Free merchant data.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub var1: Option<String>,
    /// Free merchant data.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub var2: Option<String>,
    /// Free merchant data.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub var3: Option<String>,
    /// `"manual"` to capture a card authorisation later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<String>,
    /// `cardOnFile`, `subscription` or `unscheduled` (`components/schemas/RecurringModel.yaml`;
    /// MultiSafepay's "Recurring payments" page). A first payment with a model and a
    /// `customer.reference` leaves a token (`Client::tokens` lists them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_model: Option<String>,
    /// The token of an earlier payment to charge again (`recurring_id`; a
    /// [`Token::token`](crate::Token::token)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_id: Option<String>,
}

impl OrderRequest {
    /// An order with the fields every order needs; set the others afterwards.
    pub fn new(
        flow: Flow,
        gateway: Gateway,
        order_id: impl Into<OrderId>,
        currency: Currency,
        amount: impl Into<Amount>,
        description: impl Into<String>,
    ) -> Self {
        OrderRequest {
            flow,
            order_id: order_id.into(),
            gateway: Some(gateway),
            currency,
            amount: amount.into(),
            description: description.into(),
            payment_options: None,
            customer: None,
            delivery: None,
            gateway_info: None,
            shopping_cart: None,
            checkout_options: None,
            items: None,
            custom_info: None,
            second_chance: None,
            plugin: None,
            days_active: None,
            seconds_active: None,
            var1: None,
            var2: None,
            var3: None,
            capture: None,
            recurring_model: None,
            recurring_id: None,
        }
    }

    /// `payment_options`, created empty if unset.
    pub fn payment_options_mut(&mut self) -> &mut PaymentOptions {
        self.payment_options
            .get_or_insert_with(PaymentOptions::default)
    }

    /// `customer`, created empty if unset.
    pub fn customer_mut(&mut self) -> &mut Customer {
        self.customer.get_or_insert_with(Customer::default)
    }
}
