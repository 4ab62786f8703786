use super::{
    Amount, CheckoutOptions, GatewayInfo, OrderCustomer, OrderDelivery, OrderId, PaymentOptions,
    ShoppingCart,
};
use crate::{Currency, Flow, Gateway};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;

/// The body of `POST /orders`. Unset optional fields are left out of the JSON.
///
/// Build one with [`OrderRequest::new`] and set the optional fields, or let
/// `#[derive(MspOrder)]` build it from your own struct.
///
/// Its text borrows (`Cow<'a, str>`): the request a derived struct's `to_request()` builds
/// borrows the struct's fields and the attribute's fixed values, so that building it allocates
/// nothing per text field. One read from JSON owns its text (`OrderRequest<'static>`), as does
/// [`OrderRequest::into_owned`].
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrderRequest<'a> {
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
    pub description: Cow<'a, str>,
    /// Where the customer and the notifications go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<PaymentOptions<'a>>,
    /// Who pays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<OrderCustomer<'a>>,
    /// The shipping address (required by the buy-now-pay-later gateways).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Box<OrderDelivery<'a>>>,
    /// What the payment method needs beyond the order (a direct debit's IBAN, a BNPL
    /// customer's birthday, an iDEAL issuer...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_info: Option<Box<GatewayInfo>>,
    /// The shopping cart (required by the buy-now-pay-later gateways); set it with
    /// [`OrderRequest::set_shopping_cart`], which also writes its tax tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopping_cart: Option<ShoppingCart>,
    /// The tax tables of the cart, and whether MultiSafepay checks its total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_options: Option<CheckoutOptions>,
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
        deserialize_with = "super::lenient::text"
    )]
    pub var1: Option<Cow<'a, str>>,
    /// Free merchant data.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::text"
    )]
    pub var2: Option<Cow<'a, str>>,
    /// Free merchant data.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::text"
    )]
    pub var3: Option<Cow<'a, str>>,
    /// `"manual"` to capture a card authorisation later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<Cow<'a, str>>,
    /// `cardOnFile`, `subscription` or `unscheduled` (`components/schemas/RecurringModel.yaml`;
    /// MultiSafepay's "Recurring payments" page). A first payment with a model and a
    /// `customer.reference` leaves a token (`Client::tokens` lists them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_model: Option<Cow<'a, str>>,
    /// The token of an earlier payment to charge again (`recurring_id`; a
    /// [`Token::token`](crate::Token::token)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_id: Option<Cow<'a, str>>,
}

impl<'a> OrderRequest<'a> {
    /// An order with the fields every order needs; set the others afterwards.
    pub fn new(
        flow: Flow,
        gateway: Gateway,
        order_id: impl Into<OrderId>,
        currency: Currency,
        amount: impl Into<Amount>,
        description: impl Into<Cow<'a, str>>,
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
    pub fn payment_options_mut(&mut self) -> &mut PaymentOptions<'a> {
        self.payment_options
            .get_or_insert_with(PaymentOptions::default)
    }

    /// Sets the shopping cart, writing its unit prices in the order's currency, and the tax
    /// tables its items name (`checkout_options.tax_tables`).
    ///
    /// ```
    /// # use msp_core as msp;
    /// use msp::{CartItem, Currency, Flow, Gateway, OrderRequest, ShoppingCart, TaxRate};
    /// let cart = ShoppingCart::new([CartItem::gross("Tea", 1_000, 1, TaxRate::percent(9))]);
    /// let mut order = OrderRequest::new(Flow::Redirect, Gateway::KLARNA, "o-1", Currency::EUR, cart.total(), "Tea");
    /// order.set_shopping_cart(cart);
    /// let json = serde_json::to_value(&order).unwrap();
    /// assert_eq!(json["shopping_cart"]["items"][0]["tax_table_selector"], "VAT9");
    /// assert_eq!(json["checkout_options"]["tax_tables"]["alternate"][0]["rules"][0]["rate"], 0.09);
    /// ```
    pub fn set_shopping_cart(&mut self, mut cart: ShoppingCart) {
        cart.set_currency(self.currency);
        if let Some(tables) = cart.tax_tables() {
            self.checkout_options
                .get_or_insert_with(CheckoutOptions::default)
                .tax_tables = Some(tables);
        }
        self.shopping_cart = Some(cart);
    }

    /// `customer`, created empty if unset.
    pub fn customer_mut(&mut self) -> &mut OrderCustomer<'a> {
        self.customer.get_or_insert_with(OrderCustomer::default)
    }

    /// `delivery`, created empty if unset.
    pub fn delivery_mut(&mut self) -> &mut OrderDelivery<'a> {
        self.delivery.get_or_insert_with(Box::default)
    }

    /// Sets the delivery address: a [`Delivery`](crate::Delivery) (moved) or `&Delivery`
    /// (borrowed), or an [`OrderDelivery`].
    pub fn set_delivery(&mut self, delivery: impl Into<OrderDelivery<'a>>) {
        self.delivery = Some(Box::new(delivery.into()));
    }

    /// `gateway_info`, created empty if unset.
    pub fn gateway_info_mut(&mut self) -> &mut GatewayInfo {
        self.gateway_info.get_or_insert_with(Box::default)
    }

    /// The same order owning all its text, to keep beyond what it borrows from.
    pub fn into_owned(self) -> OrderRequest<'static> {
        let own = |text: Option<Cow<'_, str>>| text.map(|t| Cow::Owned(t.into_owned()));
        OrderRequest {
            flow: self.flow,
            order_id: self.order_id,
            gateway: self.gateway,
            currency: self.currency,
            amount: self.amount,
            description: Cow::Owned(self.description.into_owned()),
            payment_options: self.payment_options.map(PaymentOptions::into_owned),
            customer: self.customer.map(|c| c.into_owned().into()),
            delivery: self.delivery.map(|d| Box::new(d.into_owned().into())),
            gateway_info: self.gateway_info,
            shopping_cart: self.shopping_cart,
            checkout_options: self.checkout_options,
            items: self.items,
            custom_info: self.custom_info,
            second_chance: self.second_chance,
            plugin: self.plugin,
            days_active: self.days_active,
            seconds_active: self.seconds_active,
            var1: own(self.var1),
            var2: own(self.var2),
            var3: own(self.var3),
            capture: own(self.capture),
            recurring_model: own(self.recurring_model),
            recurring_id: own(self.recurring_id),
        }
    }
}
