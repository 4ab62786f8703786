//! The body of a notification: the order as `GET /orders/{order_id}` returns it.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::{Error, OrderStatus};

/// A verified notification: the order's main fields, typed, and the whole body as JSON.
///
/// MultiSafepay posts the full order (the `data` of `GET /orders/{order_id}`); fields that are
/// not typed here (customer, payment details, costs, ...) are in [`raw`](Notification::raw).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Notification {
    /// The merchant's order id (`order_id`).
    pub order_id: String,
    /// MultiSafepay's transaction id (`transaction_id`), sent as a number or a string; `None`
    /// when absent, null or empty.
    pub transaction_id: Option<String>,
    /// The order status (`status`).
    pub status: OrderStatus,
    /// The status of the transaction (`financial_status`); `None` when absent, null or empty.
    pub financial_status: Option<OrderStatus>,
    /// The amount in minor units (`amount`), sent as a number or a string of digits.
    pub amount: u64,
    /// The ISO 4217 currency code (`currency`), as sent.
    pub currency: String,
    /// The whole body.
    pub raw: serde_json::Value,
}

impl Notification {
    /// Reads a body that has already been verified.
    pub(super) fn from_body(body: &[u8]) -> Result<Self, Error> {
        let raw: serde_json::Value = serde_json::from_slice(body).map_err(Error::InvalidBody)?;
        let fields = Fields::deserialize(&raw).map_err(Error::InvalidBody)?;
        Ok(Notification {
            order_id: fields.order_id.0,
            transaction_id: fields
                .transaction_id
                .map(|id| id.0)
                .filter(|id| !id.is_empty()),
            status: fields.status,
            financial_status: fields
                .financial_status
                .filter(|status| !status.is_empty())
                .map(|status| OrderStatus::from_api(&status)),
            amount: fields.amount.0,
            currency: fields.currency,
            raw,
        })
    }
}

/// The typed part of the body.
#[derive(Deserialize)]
struct Fields {
    order_id: Text,
    #[serde(default)]
    transaction_id: Option<Text>,
    status: OrderStatus,
    #[serde(default)]
    financial_status: Option<String>,
    amount: MinorUnits,
    currency: String,
}

/// An id sent as a string or as a non-negative integer.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// An amount in minor units, sent as a non-negative integer or a string of digits.
struct MinorUnits(u64);

impl<'de> Deserialize<'de> for MinorUnits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MinorUnitsVisitor;
        impl Visitor<'_> for MinorUnitsVisitor {
            type Value = MinorUnits;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in minor units (a non-negative integer)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MinorUnits, E> {
                Ok(MinorUnits(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MinorUnits, E> {
                u64::try_from(v)
                    .map(MinorUnits)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MinorUnits, E> {
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(E::invalid_value(de::Unexpected::Str(v), &self));
                }
                v.parse()
                    .map(MinorUnits)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(MinorUnitsVisitor)
    }
}
