//! The one typed order: what `GET /orders/{order_id}` returns in `data`
//! (`paths/orders@{order_id}.yaml`, `components/schemas/OrderDetails.yaml`) and what a `POST`
//! notification carries as its body (docs.multisafepay.com, "Webhook").

use crate::model::lenient;
use crate::raw_text::{raw_json, same_json, without_place};
use crate::OrderStatus;
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// An order as MultiSafepay reports it: by [`Client::get_order`](crate::Client::get_order) and
/// in a verified notification (`msp::webhook::verify_and_parse`).
///
/// Read leniently, as MultiSafepay's own examples write orders: ids and amounts as numbers or
/// strings, blank text as absent, statuses in any case (unknown ones kept as
/// [`OrderStatus::Other`]). An answer without an `order_id`, a `status`, an `amount` in whole
/// minor units or a `currency` is not an order and is refused. Fields not typed here (customer,
/// costs, ...) are in [`raw`](OrderDetails::raw), the order's JSON text as sent.
///
/// Two orders are equal when their typed fields are and their `raw` JSON is the same value (its
/// spacing aside).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OrderDetails {
    /// The merchant's id of the order (`order_id`).
    pub order_id: String,
    /// The order's status (`status`).
    pub status: OrderStatus,
    /// The transaction's status (`financial_status`); `None` when absent, null or empty.
    pub financial_status: Option<OrderStatus>,
    /// MultiSafepay's transaction id (`transaction_id`), sent as a number or a string; `None`
    /// when absent, null or empty.
    pub transaction_id: Option<String>,
    /// The amount in minor units (`amount`).
    pub amount: u64,
    /// How much of it was refunded, in minor units (`amount_refunded`); 0 when none.
    pub amount_refunded: u64,
    /// The ISO 4217 currency code (`currency`), as sent.
    pub currency: String,
    /// The description (`description`).
    pub description: Option<String>,
    /// The payment page (`payment_url`), while the order is open.
    pub payment_url: Option<String>,
    /// When the order was created (`created`: `YYYY-MM-DDTHH:MM:SS`, no zone).
    pub created: Option<String>,
    /// When it last changed (`modified`).
    pub modified: Option<String>,
    /// How it was paid (`payment_details`); `None` when absent or null.
    pub payment_details: Option<PaymentDetails>,
    /// The refunds, captures and chargebacks of the order (`related_transactions`); empty
    /// when absent or null.
    pub related_transactions: Vec<RelatedTransaction>,
    /// The whole order as sent: its JSON text, kept without being parsed into a tree.
    /// [`raw_json`](OrderDetails::raw_json) gives it as a [`serde_json::Value`]; a field of it,
    /// `serde_json::from_str` of [`raw.get()`](RawValue::get) into a struct of your own.
    ///
    /// Text is kept only by serde_json's own deserializer: read this type as a field of its
    /// own, not through `#[serde(flatten)]` or an untagged or internally tagged enum.
    pub raw: Box<RawValue>,
}

impl PartialEq for OrderDetails {
    fn eq(&self, other: &Self) -> bool {
        self.order_id == other.order_id
            && self.status == other.status
            && self.financial_status == other.financial_status
            && self.transaction_id == other.transaction_id
            && self.amount == other.amount
            && self.amount_refunded == other.amount_refunded
            && self.currency == other.currency
            && self.description == other.description
            && self.payment_url == other.payment_url
            && self.created == other.created
            && self.modified == other.modified
            && self.payment_details == other.payment_details
            && self.related_transactions == other.related_transactions
            && same_json(&self.raw, &other.raw)
    }
}

/// The typed part, read from the JSON kept in [`OrderDetails::raw`].
#[derive(Deserialize)]
struct Fields {
    #[serde(deserialize_with = "lenient::required_string")]
    order_id: String,
    status: OrderStatus,
    #[serde(default, deserialize_with = "lenient::string")]
    financial_status: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    transaction_id: Option<String>,
    #[serde(deserialize_with = "required_minor_units")]
    amount: u64,
    #[serde(default, deserialize_with = "lenient::number")]
    amount_refunded: Option<u64>,
    #[serde(deserialize_with = "lenient::required_string")]
    currency: String,
    #[serde(default, deserialize_with = "lenient::string")]
    description: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    payment_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    created: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    modified: Option<String>,
    #[serde(default)]
    payment_details: Option<PaymentDetails>,
    #[serde(default)]
    related_transactions: Option<Vec<RelatedTransaction>>,
}

/// How an order was paid: the typed part of `payment_details`
/// (`components/schemas/PaymentDetails.yaml`); the rest is in [`OrderDetails::raw`].
#[derive(Clone, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct PaymentDetails {
    /// The payment method (`type`), such as `AMEX`.
    #[serde(default, rename = "type", deserialize_with = "lenient::string")]
    pub method: Option<String>,
    /// The scheme's or bank's id of the payment (`external_transaction_id`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub external_transaction_id: Option<String>,
    /// The token to charge again (`recurring_id`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub recurring_id: Option<String>,
    /// `cardOnFile`, `subscription` or `unscheduled` (`recurring_model`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub recurring_model: Option<String>,
    /// A card's last four digits (`last4`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub last4: Option<String>,
    /// A card's expiry, `YYMM` (`card_expiry_date`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub card_expiry_date: Option<String>,
}

/// A transaction linked to an order: a refund, a capture, a chargeback
/// (`components/schemas/RelatedTransactions.yaml`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct RelatedTransaction {
    /// `refund`, `capture`, `chargeback`, `reverse-chargeback` or `auth-cancellation` (`type`).
    #[serde(default, rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    /// The transaction's own order id (`order_id`): a capture's `new_order_id`; a refund's
    /// `refund_order_id`, or the original order's id when the refund had none.
    #[serde(default, deserialize_with = "lenient::string")]
    pub order_id: Option<String>,
    /// A refund's own id (`refund_order_id`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub refund_order_id: Option<String>,
    /// Its transaction id (`transaction_id`): a refund's `refund_id`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub transaction_id: Option<String>,
    /// Its amount in minor units (`amount`).
    #[serde(default, deserialize_with = "lenient::number")]
    pub amount: Option<u64>,
    /// Its currency (`currency`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub currency: Option<String>,
    /// Its status (`status`): a refund is `reserved` until processed, `void` once cancelled.
    #[serde(default)]
    pub status: Option<OrderStatus>,
    /// Its description (`description`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: Option<String>,
    /// When it was created (`created`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub created: Option<String>,
}

impl RelatedTransaction {
    /// Whether it is of this `type` (`refund`, `capture`, ...), in any case.
    pub fn is(&self, kind: &str) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case(kind))
    }

    /// Whether it was cancelled (`void`, `cancelled`, `declined`): its amount does not count.
    pub fn is_void(&self) -> bool {
        matches!(
            self.status,
            Some(OrderStatus::Void | OrderStatus::Cancelled | OrderStatus::Declined)
        )
    }
}

impl OrderDetails {
    /// The whole order ([`raw`](OrderDetails::raw)) as a [`serde_json::Value`], parsed on each
    /// call; `Null` in the one case serde_json cannot make a `Value` of the text, a number
    /// beyond an `f64` (`1e400`): read `raw.get()` then.
    ///
    /// ```
    /// # use msp_core as msp;
    /// let data = r#"{"order_id": "o-1", "status": "completed", "amount": 1000,
    ///     "currency": "EUR", "customer": {"locale": "nl_NL"}}"#;
    /// let order: msp::OrderDetails = serde_json::from_str(data).unwrap();
    /// assert_eq!(order.raw_json()["customer"]["locale"], "nl_NL");
    /// ```
    pub fn raw_json(&self) -> Value {
        raw_json(&self.raw)
    }

    /// The order's refunds (related transactions of type `refund`), cancelled ones included.
    pub fn refunds(&self) -> impl Iterator<Item = &RelatedTransaction> {
        self.related_transactions.iter().filter(|t| t.is("refund"))
    }

    /// The order's captures (related transactions of type `capture`).
    pub fn captures(&self) -> impl Iterator<Item = &RelatedTransaction> {
        self.related_transactions.iter().filter(|t| t.is("capture"))
    }

    /// How much was captured, in minor units: the sum of the captures not cancelled.
    pub fn amount_captured(&self) -> u64 {
        self.captures()
            .filter(|t| !t.is_void())
            .filter_map(|t| t.amount)
            .fold(0, u64::saturating_add)
    }

    /// How much can still be refunded, in minor units: the amount paid (for a manually captured
    /// order, what was captured) less [`amount_refunded`](OrderDetails::amount_refunded).
    pub fn refundable(&self) -> u64 {
        let captured = self.amount_captured();
        let paid = if self.captures().next().is_some() {
            captured
        } else {
            self.amount
        };
        paid.saturating_sub(self.amount_refunded)
    }
}

/// A whole number of minor units, as a number or a string of digits; blank is refused.
fn required_minor_units<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    lenient::number(d)?.ok_or_else(|| D::Error::custom("the amount is blank"))
}

impl<'de> Deserialize<'de> for OrderDetails {
    /// Reads the order and keeps the whole of it in [`OrderDetails::raw`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let fields = serde_json::from_str::<Fields>(raw.get())
            .map_err(|e| D::Error::custom(without_place(e)))?;
        Ok(OrderDetails {
            order_id: fields.order_id,
            status: fields.status,
            financial_status: fields
                .financial_status
                .map(|status| OrderStatus::from_api(&status)),
            transaction_id: fields.transaction_id,
            amount: fields.amount,
            amount_refunded: fields.amount_refunded.unwrap_or(0),
            currency: fields.currency,
            description: fields.description,
            payment_url: fields.payment_url,
            created: fields.created,
            modified: fields.modified,
            payment_details: fields.payment_details,
            related_transactions: fields.related_transactions.unwrap_or_default(),
            raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<OrderDetails, serde_json::Error> {
        OrderDetails::deserialize(value)
    }

    #[test]
    fn reads_the_docs_get_order_example() {
        let example: Value =
            serde_json::from_str(include_str!("../tests/fixtures/get_order_example.json")).unwrap();
        let order = read(example["data"].clone()).unwrap();
        assert_eq!(order.order_id, "example_order_123456");
        assert_eq!(order.status, OrderStatus::Completed);
        assert_eq!(order.financial_status, Some(OrderStatus::Completed));
        assert_eq!(order.transaction_id.as_deref(), Some("17472052901237122"));
        assert_eq!((order.amount, order.amount_refunded), (1000, 0));
        assert_eq!(order.currency, "EUR");
        assert_eq!(order.description.as_deref(), Some("product description"));
        assert_eq!(order.payment_url, None);
        assert_eq!(order.created.as_deref(), Some("2025-05-14T08:48:10"));
        assert_eq!(order.modified.as_deref(), Some("2025-05-14T08:50:32"));
        assert_eq!(order.raw_json(), example["data"]);
    }

    #[test]
    fn numbers_and_strings_are_read_alike_and_blanks_are_absent() {
        let order = read(json!({
            "order_id": 12, "status": "Partial_refunded", "financial_status": "",
            "transaction_id": "", "amount": " 1000 ", "amount_refunded": "250",
            "currency": "EUR", "description": "  ", "payment_url": null
        }))
        .unwrap();
        assert_eq!(order.order_id, "12");
        assert_eq!(order.status, OrderStatus::PartialRefunded);
        assert_eq!(order.financial_status, None);
        assert_eq!(order.transaction_id, None);
        assert_eq!((order.amount, order.amount_refunded), (1000, 250));
        assert_eq!(order.description, None);
        assert_eq!(order.payment_url, None);
    }

    #[test]
    fn related_transactions_and_payment_details_are_typed() {
        let order = read(json!({
            "order_id": "o", "status": "partial_refunded", "amount": 1000, "currency": "EUR",
            "amount_refunded": 300,
            "payment_details": {"type": "AMEX", "recurring_id": 99, "last4": "1234"},
            "related_transactions": [
                {"type": "capture", "order_id": "cap-1", "amount": 1000, "status": "completed",
                 "transaction_id": 7},
                {"type": "refund", "order_id": "o", "refund_order_id": "r-1", "amount": "300",
                 "status": "reserved", "transaction_id": 8},
                {"type": "Refund", "refund_order_id": "r-2", "amount": 200, "status": "void"}
            ]
        }))
        .unwrap();
        let details = order.payment_details.as_ref().unwrap();
        assert_eq!(details.method.as_deref(), Some("AMEX"));
        assert_eq!(details.recurring_id.as_deref(), Some("99"));
        let refunds: Vec<_> = order.refunds().collect();
        assert_eq!(refunds.len(), 2);
        assert_eq!(refunds[0].refund_order_id.as_deref(), Some("r-1"));
        assert_eq!(refunds[0].amount, Some(300));
        assert_eq!(refunds[0].transaction_id.as_deref(), Some("8"));
        assert!(refunds[1].is_void() && !refunds[0].is_void());
        assert_eq!(order.amount_captured(), 1000);
        assert_eq!(order.refundable(), 700);
        let bare = read(
            json!({"order_id": "o", "status": "completed", "amount": 1000,
            "currency": "EUR", "related_transactions": null, "payment_details": null}),
        )
        .unwrap();
        assert!(bare.related_transactions.is_empty() && bare.payment_details.is_none());
        assert_eq!(bare.refundable(), 1000);
    }

    #[test]
    fn what_is_not_an_order_is_refused() {
        let order = json!({"order_id": "o", "status": "completed", "amount": 1, "currency": "EUR"});
        assert!(read(order.clone()).is_ok());
        for (field, value) in [
            ("order_id", Value::Null),
            ("order_id", json!("")),
            ("status", Value::Null),
            ("amount", json!(-1)),
            ("amount", json!(12.5)),
            ("amount", json!("12.50")),
            ("amount", json!("")),
            ("amount_refunded", json!("lots")),
            ("currency", Value::Null),
            ("transaction_id", json!([1])),
            ("related_transactions", json!([{"amount": "lots"}])),
            ("related_transactions", json!("none")),
        ] {
            let mut bad = order.clone();
            bad[field] = value.clone();
            assert!(read(bad).is_err(), "{field}: {value}");
        }
        for missing in ["order_id", "status", "amount", "currency"] {
            let mut bad = order.clone();
            bad.as_object_mut().unwrap().remove(missing);
            assert!(read(bad).is_err(), "without {missing}");
        }
        assert!(read(json!([order])).is_err());
    }
}
