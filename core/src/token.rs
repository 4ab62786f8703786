//! A customer's stored payment details for recurring payments: `GET /recurring/{reference}`
//! (`paths/recurring@{your_customer_reference}.yaml`, answer
//! `components/examples/responses/listTokens.json`, schema `components/schemas/Token.yaml`).

use crate::model::lenient;
use crate::Gateway;
use serde::de::Deserializer;
use serde::Deserialize;

/// A recurring token: charge it again with an order whose `recurring_model` is `"unscheduled"`
/// or `"subscription"` and whose `recurring_id` is [`Token::token`] (MultiSafepay's "Recurring
/// payments" page).
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[non_exhaustive]
pub struct Token {
    /// The token (`token`).
    #[serde(deserialize_with = "lenient::required_string")]
    pub token: String,
    /// The gateway identifier (`code`), such as `"VISA"`.
    #[serde(default, deserialize_with = "text")]
    pub code: String,
    /// The card number as shown (`display`), masked.
    #[serde(default, deserialize_with = "lenient::string")]
    pub display: Option<String>,
    /// The card's first digits (`bin`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub bin: Option<String>,
    /// The card holder (`name_holder`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub name_holder: Option<String>,
    /// The card's expiry, `YYMM` (`expiry_date`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub expiry_date: Option<String>,
    /// Whether the card has expired (`expired`: `1` or `0`).
    #[serde(default, deserialize_with = "flag")]
    pub expired: bool,
    /// The card's last four digits (`last4`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub last4: Option<String>,
    /// `cardOnFile`, `subscription` or `unscheduled` (`recurring_model`; `model` in the schema).
    #[serde(default, alias = "model", deserialize_with = "lenient::string")]
    pub recurring_model: Option<String>,
}

impl Token {
    /// The catalogue's gateway, if the SDK knows it.
    pub fn gateway(&self) -> Option<Gateway> {
        Gateway::from_code(&self.code.to_ascii_uppercase())
    }
}

/// `data` of `GET /recurring/{reference}`: `{"tokens": [...]}`.
#[cfg(feature = "client")]
#[derive(Deserialize)]
pub(crate) struct TokenList {
    #[serde(default)]
    pub(crate) tokens: Option<Vec<Token>>,
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient::string(d)?.unwrap_or_default())
}

fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::bool(d)?.unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn reads_the_docs_example_field_for_field() {
        let example: Value =
            serde_json::from_str(include_str!("../tests/fixtures/listTokens.json")).unwrap();
        let tokens: Vec<Token> = serde_json::from_value(example["data"]["tokens"].clone()).unwrap();
        assert_eq!(tokens.len(), 2);
        let t = &tokens[0];
        assert_eq!(t.token, "QZTCh7jdk8");
        assert_eq!(t.gateway(), Some(Gateway::MASTERCARD));
        assert_eq!(t.display.as_deref(), Some("1234 5678 9101 2345"));
        assert_eq!(t.bin.as_deref(), Some("555555"));
        assert_eq!(t.name_holder.as_deref(), Some("Test-person-nl"));
        assert_eq!(t.expiry_date.as_deref(), Some("1234"));
        assert!(!t.expired);
        assert_eq!(t.last4.as_deref(), Some("1111"));
        assert_eq!(t.recurring_model.as_deref(), Some("cardOnFile"));
        let schema_spelling: Token = serde_json::from_value(
            serde_json::json!({"token": "x", "model": "subscription", "expired": 1}),
        )
        .unwrap();
        assert_eq!(
            schema_spelling.recurring_model.as_deref(),
            Some("subscription")
        );
        assert!(schema_spelling.expired);
        assert!(serde_json::from_value::<Token>(serde_json::json!({"code": "VISA"})).is_err());
    }
}
