//! What the account offers: its payment methods (`paths/payment-methods.yaml`, answer
//! `components/examples/responses/listPaymentMethods.json`, schema
//! `components/schemas/PaymentMethod.yaml`), its gateways (`paths/gateways.yaml`,
//! `paths/gateways@{gateway_id}.yaml`, `listGateways.json`) and a gateway's issuers
//! (`idealIssuers.json`, the answer of `GET /issuers/IDEAL`).
//!
//! Read leniently, as the rest of the answers: numbers or strings for amounts, `1`/`"true"` for
//! flags, `null` for an empty list.

use crate::model::lenient;
use crate::{Currency, Gateway};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use serde_json::Value;

/// The filters of [`Client::payment_methods`](crate::Client::payment_methods)
/// (`paths/payment-methods.yaml`); `Default` asks for every activated method.
///
/// ```
/// # use msp_core as msp;
/// let query = msp::PaymentMethodQuery::default()
///     .amount(2500)
///     .currency(msp::Currency::EUR)
///     .country("NL");
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub struct PaymentMethodQuery {
    /// Only methods available for this amount, in minor units (`amount`).
    pub amount: Option<u64>,
    /// Only methods available in this currency (`currency`).
    pub currency: Option<Currency>,
    /// Only methods available in this country, ISO 3166-1 alpha-2 (`country`).
    pub country: Option<String>,
    /// Include gift cards (`include_coupons`).
    pub include_coupons: Option<bool>,
    /// Group credit and debit cards together (`group_cards`).
    pub group_cards: Option<bool>,
}

impl PaymentMethodQuery {
    /// Only methods available for this amount, in minor units.
    pub fn amount(mut self, amount_minor: u64) -> Self {
        self.amount = Some(amount_minor);
        self
    }

    /// Only methods available in this currency.
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Only methods available in this country (ISO 3166-1 alpha-2, such as `"NL"`).
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// Include gift cards (or not).
    pub fn include_coupons(mut self, include: bool) -> Self {
        self.include_coupons = Some(include);
        self
    }

    /// Group credit and debit cards together (or not).
    pub fn group_cards(mut self, group: bool) -> Self {
        self.group_cards = Some(group);
        self
    }

    /// The query string's pairs, in the documented names.
    #[cfg(feature = "client")]
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
        let mut pairs = Vec::new();
        if let Some(amount) = self.amount {
            pairs.push(("amount", amount.to_string()));
        }
        if let Some(currency) = self.currency {
            pairs.push(("currency", currency.code().to_owned()));
        }
        if let Some(country) = &self.country {
            pairs.push(("country", country.clone()));
        }
        if let Some(include) = self.include_coupons {
            pairs.push(("include_coupons", flag(include)));
        }
        if let Some(group) = self.group_cards {
            pairs.push(("group_cards", flag(group)));
        }
        pairs
    }
}

/// A payment method the account offers, as `GET /payment-methods` describes it
/// (`components/schemas/PaymentMethod.yaml`).
#[derive(Clone, PartialEq, Debug, Deserialize)]
#[non_exhaustive]
pub struct PaymentMethod {
    /// The gateway identifier (`id`), such as `"VISA"`.
    #[serde(deserialize_with = "lenient::required_string")]
    pub id: String,
    /// The name (`name`).
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    /// `"payment-method"` or `"coupon"` (`type`).
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    /// The amounts it takes (`allowed_amount`).
    #[serde(default, deserialize_with = "or_default")]
    pub allowed_amount: AllowedAmount,
    /// The countries it is offered in, ISO 3166-1 alpha-2 (`allowed_countries`); empty: all.
    #[serde(default, deserialize_with = "texts")]
    pub allowed_countries: Vec<String>,
    /// The currencies it takes, ISO 4217 (`allowed_currencies`); empty: all.
    #[serde(default, deserialize_with = "texts")]
    pub allowed_currencies: Vec<String>,
    /// The countries where customers prefer it (`preferred_countries`).
    #[serde(default, deserialize_with = "texts")]
    pub preferred_countries: Vec<String>,
    /// Whether an order must carry a `shopping_cart` (`shopping_cart_required`).
    #[serde(default, deserialize_with = "flag")]
    pub shopping_cart_required: bool,
    /// The `customer` fields an order must carry (`required_customer_data`), such as `"birthday"`.
    #[serde(default, deserialize_with = "texts")]
    pub required_customer_data: Vec<String>,
    /// Recurring payments (`tokenization`).
    #[serde(default, deserialize_with = "or_default")]
    pub tokenization: Tokenization,
    /// FastCheckout and payment components (`apps`).
    #[serde(default, deserialize_with = "or_default")]
    pub apps: Apps,
    /// Co-branded versions (`brands`).
    #[serde(default, deserialize_with = "list")]
    pub brands: Vec<Brand>,
    /// The logo (`icon_urls`).
    #[serde(default, deserialize_with = "or_default")]
    pub icon_urls: IconUrls,
    /// iDEAL's issuers, when the method lists them (`additional_data.issuers`).
    #[serde(default, rename = "additional_data", deserialize_with = "issuers")]
    pub issuers: Vec<Issuer>,
}

impl PaymentMethod {
    /// The catalogue's gateway of this method, if the SDK knows it.
    pub fn gateway(&self) -> Option<Gateway> {
        Gateway::from_code(&self.id.to_ascii_uppercase())
    }

    /// Whether it takes `currency` (an empty list takes all).
    pub fn accepts(&self, currency: Currency) -> bool {
        self.allowed_currencies.is_empty()
            || self
                .allowed_currencies
                .iter()
                .any(|c| c.eq_ignore_ascii_case(currency.code()))
    }

    /// Whether it takes `amount_minor` (within `allowed_amount`).
    pub fn allows_amount(&self, amount_minor: u64) -> bool {
        let AllowedAmount { min, max } = self.allowed_amount;
        amount_minor >= min && max.is_none_or(|max| amount_minor <= max)
    }
}

/// The amounts a method takes, in minor units (`allowed_amount`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct AllowedAmount {
    /// The least (`min`; 0 when absent).
    #[serde(default, deserialize_with = "zero_if_absent")]
    pub min: u64,
    /// The most (`max`); `None`: no maximum.
    #[serde(default, deserialize_with = "lenient::number")]
    pub max: Option<u64>,
}

/// Whether a method supports recurring payments, and which models (`tokenization`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct Tokenization {
    /// Tokenization is enabled for the method and the account (`is_enabled`).
    #[serde(default, deserialize_with = "flag")]
    pub is_enabled: bool,
    /// The recurring models enabled (`models`; `null` when none).
    #[serde(default, deserialize_with = "or_default")]
    pub models: RecurringModels,
}

/// The recurring models a method supports (`tokenization.models`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct RecurringModels {
    /// `cardOnFile` (`cardonfile`).
    #[serde(default, deserialize_with = "flag")]
    pub cardonfile: bool,
    /// `subscription`.
    #[serde(default, deserialize_with = "flag")]
    pub subscription: bool,
    /// `unscheduled`.
    #[serde(default, deserialize_with = "flag")]
    pub unscheduled: bool,
}

/// FastCheckout and payment components support (`apps`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct Apps {
    /// FastCheckout (`fastcheckout`).
    #[serde(default, deserialize_with = "or_default")]
    pub fastcheckout: AppSupport,
    /// Payment components (`payment_components`).
    #[serde(default, deserialize_with = "or_default")]
    pub payment_components: AppSupport,
}

/// One app's support of a method.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct AppSupport {
    /// Enabled (`is_enabled`).
    #[serde(default, deserialize_with = "flag")]
    pub is_enabled: bool,
    /// The customer fills in fields (`has_fields`; payment components only).
    #[serde(default, deserialize_with = "flag")]
    pub has_fields: bool,
}

/// A co-branded version of a method (`brands`).
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[non_exhaustive]
pub struct Brand {
    /// Its identifier (`id`), such as `"POSTEPAY"`.
    #[serde(default, deserialize_with = "text")]
    pub id: String,
    /// Its name (`name`).
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    /// Its logo (`icon_urls`).
    #[serde(default, deserialize_with = "or_default")]
    pub icon_urls: IconUrls,
}

/// A logo in three sizes (`icon_urls`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Deserialize)]
#[non_exhaustive]
pub struct IconUrls {
    /// `large`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub large: Option<String>,
    /// `medium`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub medium: Option<String>,
    /// `vector` (SVG).
    #[serde(default, deserialize_with = "lenient::string")]
    pub vector: Option<String>,
}

/// A gateway the account offers, as `GET /gateways` and `GET /gateways/{id}` list it.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[non_exhaustive]
pub struct AccountGateway {
    /// The gateway identifier (`id`), such as `"IDEAL"`.
    #[serde(deserialize_with = "lenient::required_string")]
    pub id: String,
    /// The payment method's name (`description`).
    #[serde(default, deserialize_with = "text")]
    pub description: String,
    /// `"coupon"` for a gift card (`type`).
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub kind: Option<String>,
}

impl AccountGateway {
    /// The catalogue's gateway, if the SDK knows it.
    pub fn gateway(&self) -> Option<Gateway> {
        Gateway::from_code(&self.id.to_ascii_uppercase())
    }
}

/// A bank a customer can pick for a gateway such as iDEAL (`GET /issuers/{gateway}`, and
/// `additional_data.issuers` of a payment method).
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[non_exhaustive]
pub struct Issuer {
    /// The issuer id, for `gateway_info.issuer_id` of a direct order (`code`).
    #[serde(deserialize_with = "lenient::required_string")]
    pub code: String,
    /// The bank's name (`description`; `name` in a payment method's `additional_data`).
    #[serde(default, alias = "name", deserialize_with = "text")]
    pub description: String,
    /// The bank's BIC (`bic`), when given.
    #[serde(default, deserialize_with = "lenient::string")]
    pub bic: Option<String>,
}

/// Text, blank when absent or null.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient::string(d)?.unwrap_or_default())
}

/// A flag; absent, null or blank is `false`.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::bool(d)?.unwrap_or(false))
}

fn zero_if_absent<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(lenient::number(d)?.unwrap_or(0))
}

/// An object, or its default when `null` (as `"models": null`).
fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list of objects; `null` is empty.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A list of codes: an array of strings or numbers, `null`, or one comma-separated string (as
/// the schema's examples write `"NL, ES, UK, US"`).
fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(split(&s)),
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => Some(Ok(s.trim().to_owned())),
                Value::Number(n) => Some(Ok(n.to_string())),
                other => Some(Err(D::Error::custom(format!(
                    "expected a code, found {other}"
                )))),
            })
            .collect(),
        Some(other) => Err(D::Error::custom(format!(
            "expected a list of codes, found {other}"
        ))),
    }
}

/// `additional_data.issuers`; `additional_data` may be `{}`, `[]` or `null`.
fn issuers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Issuer>, D::Error> {
    let Some(Value::Object(mut data)) = Option::<Value>::deserialize(d)? else {
        return Ok(Vec::new());
    };
    match data.remove("issuers") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(issuers) => Vec::<Issuer>::deserialize(issuers).map_err(D::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn example(name: &str) -> Value {
        let text = match name {
            "listPaymentMethods" => include_str!("../tests/fixtures/listPaymentMethods.json"),
            "listGateways" => include_str!("../tests/fixtures/listGatewaysWithCoupons.json"),
            _ => include_str!("../tests/fixtures/idealIssuers.json"),
        };
        serde_json::from_str::<Value>(text).unwrap()["data"].take()
    }

    #[test]
    fn reads_the_docs_payment_method_example_field_for_field() {
        let methods: Vec<PaymentMethod> =
            serde_json::from_value(example("listPaymentMethods")).unwrap();
        let [visa] = &methods[..] else {
            panic!("{methods:?}")
        };
        assert_eq!(visa.id, "VISA");
        assert_eq!(visa.gateway(), Some(Gateway::VISA));
        assert_eq!(visa.name, "Visa");
        assert_eq!(visa.kind.as_deref(), Some("payment-method"));
        assert_eq!(visa.allowed_amount, AllowedAmount { min: 0, max: None });
        assert!(visa.allowed_countries.is_empty());
        assert_eq!(visa.allowed_currencies.len(), 38);
        assert!(visa.accepts(Currency::EUR) && !visa.accepts(Currency::XAU));
        assert!(visa.preferred_countries.is_empty());
        assert!(!visa.shopping_cart_required);
        assert!(visa.required_customer_data.is_empty());
        assert_eq!(visa.tokenization, Tokenization::default());
        assert!(visa.apps.fastcheckout.is_enabled);
        assert!(visa.apps.payment_components.is_enabled);
        assert!(visa.apps.payment_components.has_fields);
        assert_eq!(visa.brands.len(), 1);
        assert_eq!(
            (visa.brands[0].id.as_str(), visa.brands[0].name.as_str()),
            ("POSTEPAY", "PostePay")
        );
        assert_eq!(
            visa.icon_urls.vector.as_deref(),
            Some("https://media.multisafepay.com/img/methods/svg/visa.svg")
        );
        assert!(visa.issuers.is_empty());
        assert!(visa.allows_amount(1) && visa.allows_amount(u64::MAX));
    }

    #[test]
    fn payment_methods_are_read_leniently() {
        let method: PaymentMethod = serde_json::from_value(json!({
            "id": "IDEAL",
            "allowed_countries": "NL, BE",
            "allowed_currencies": null,
            "shopping_cart_required": "1",
            "required_customer_data": ["birthday", ""],
            "tokenization": {"is_enabled": 1, "models": {"cardonfile": "true"}},
            "apps": null, "icon_urls": null, "allowed_amount": {"min": "100", "max": "50000"},
            "additional_data": {"issuers": [{"bic": "ABNANL2A", "code": 31, "name": "ABN Amro Bank"}]},
        }))
        .unwrap();
        assert_eq!(method.allowed_amount.min, 100);
        assert!(!method.allows_amount(99) && !method.allows_amount(50_001));
        assert_eq!(method.allowed_countries, ["NL", "BE"]);
        assert!(method.accepts(Currency::JPY), "an empty list takes all");
        assert!(method.shopping_cart_required);
        assert_eq!(method.required_customer_data, ["birthday"]);
        assert!(method.tokenization.is_enabled && method.tokenization.models.cardonfile);
        assert!(!method.tokenization.models.subscription);
        assert_eq!(method.apps, Apps::default());
        assert_eq!(
            method.issuers,
            [Issuer {
                code: "31".into(),
                description: "ABN Amro Bank".into(),
                bic: Some("ABNANL2A".into())
            }]
        );
        for bad in [
            json!({"name": "no id"}),
            json!({"id": "X", "allowed_currencies": [{}]}),
        ] {
            assert!(serde_json::from_value::<PaymentMethod>(bad).is_err());
        }
    }

    #[test]
    fn reads_the_docs_gateway_and_issuer_examples() {
        let gateways: Vec<AccountGateway> =
            serde_json::from_value(example("listGateways")).unwrap();
        assert_eq!(gateways.len(), 4);
        assert_eq!(gateways[1].gateway(), Some(Gateway::IDEAL));
        assert_eq!(gateways[1].description, "iDEAL");
        assert_eq!(gateways[0].kind, None);
        assert_eq!(gateways[2].kind.as_deref(), Some("coupon"));
        let issuers: Vec<Issuer> = serde_json::from_value(example("idealIssuers")).unwrap();
        assert_eq!(issuers.len(), 12);
        assert_eq!(
            (issuers[0].code.as_str(), issuers[0].description.as_str()),
            ("0031", "ABN AMRO")
        );
    }

    #[test]
    #[cfg(feature = "client")]
    fn the_query_uses_the_documented_names() {
        assert!(PaymentMethodQuery::default().pairs().is_empty());
        let query = PaymentMethodQuery::default()
            .amount(2500)
            .currency(Currency::EUR)
            .country("NL")
            .include_coupons(true)
            .group_cards(false);
        let pairs: Vec<String> = query
            .pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "amount=2500",
                "currency=EUR",
                "country=NL",
                "include_coupons=1",
                "group_cards=0"
            ]
        );
    }
}
