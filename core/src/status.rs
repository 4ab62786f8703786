//! Order statuses, as `GET /orders/{id}` and notifications report them.

use std::fmt;

macro_rules! statuses {
    ($($(#[$doc:meta])* $variant:ident = $api:literal $(| $alias:literal)*,)*) => {
        /// The status of an order. Statuses this SDK does not know yet are kept in
        /// [`OrderStatus::Other`] rather than failing.
        #[derive(Clone, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum OrderStatus {
            $($(#[$doc])* $variant,)*
            /// A status this SDK does not know, as the API spelt it.
            Other(String),
        }

        impl OrderStatus {
            /// Reads the API's spelling, in any case (the docs also write `Partial_refunded`);
            /// unknown statuses become [`OrderStatus::Other`], kept as sent.
            pub fn from_api(status: &str) -> OrderStatus {
                match status.to_ascii_lowercase().as_str() {
                    $($api $(| $alias)* => OrderStatus::$variant,)*
                    _ => OrderStatus::Other(status.to_owned()),
                }
            }

            /// The API's spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(OrderStatus::$variant => $api,)*
                    OrderStatus::Other(other) => other,
                }
            }
        }
    };
}

statuses! {
    /// Created; the customer has not finished paying.
    Initialized = "initialized",
    /// Paid.
    Completed = "completed",
    /// Paid but held for a fraud or risk check.
    Uncleared = "uncleared",
    /// Refused by the bank, the scheme or the risk check.
    Declined = "declined",
    /// Cancelled by the customer or the merchant.
    Cancelled = "cancelled" | "canceled",
    /// An authorisation that was not captured in time.
    Void = "void",
    /// The customer never finished.
    Expired = "expired",
    /// Refunded in full.
    Refunded = "refunded",
    /// Refunded in part.
    PartialRefunded = "partial_refunded",
    /// Reserved (a refund is being processed, or a BNPL order awaits shipping).
    Reserved = "reserved",
    /// Shipped (BNPL).
    Shipped = "shipped",
    /// Charged back by the customer's bank.
    Chargedback = "chargedback" | "chargeback",
}

impl OrderStatus {
    /// Whether the money is in: `completed` (or shipped, for BNPL).
    pub fn is_paid(&self) -> bool {
        matches!(self, OrderStatus::Completed | OrderStatus::Shipped)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for OrderStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(OrderStatus::from_api(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_statuses() {
        assert_eq!(OrderStatus::from_api("completed"), OrderStatus::Completed);
        assert_eq!(
            OrderStatus::from_api("chargeback"),
            OrderStatus::Chargedback
        );
        assert_eq!(
            OrderStatus::from_api("on_hold"),
            OrderStatus::Other("on_hold".into())
        );
        assert_eq!(OrderStatus::from_api("on_hold").as_str(), "on_hold");
        assert_eq!(OrderStatus::PartialRefunded.to_string(), "partial_refunded");
    }
}
