use serde::{Deserialize, Serialize};

/// `delivery`: the shipping address (`components/schemas/Delivery.yaml`). The buy-now-pay-later
/// gateways require it (`components/schemas/orders/BNPL.yaml`); Klarna also its `email`.
///
/// Like [`Customer`](crate::Customer), every field is optional and named as the API's, and
/// blank text reads as absent (MultiSafepay's own examples send `"state": ""`).
///
/// ```
/// # use msp_core as msp;
/// let mut delivery = msp::Delivery::default();
/// delivery.first_name = Some("Jan".into());
/// delivery.last_name = Some("Jansen".into());
/// delivery.address1 = Some("Kraanspoor".into());
/// delivery.house_number = Some("39".into());
/// delivery.zip_code = Some("1033 SC".into());
/// delivery.city = Some("Amsterdam".into());
/// delivery.country = Some("NL".into());
/// assert_eq!(serde_json::to_value(&delivery).unwrap()["country"], "NL");
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Delivery {
    /// First name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub last_name: Option<String>,
    /// Street.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub address1: Option<String>,
    /// Second address line.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub address2: Option<String>,
    /// House number, with any addition (`1/XI`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub house_number: Option<String>,
    /// Postal code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub zip_code: Option<String>,
    /// City.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub city: Option<String>,
    /// State or province.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub state: Option<String>,
    /// ISO 3166-1 alpha-2 country code, such as `NL`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub country: Option<String>,
    /// Phone number.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub phone: Option<String>,
    /// E-mail address (required for Klarna orders).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub email: Option<String>,
}
