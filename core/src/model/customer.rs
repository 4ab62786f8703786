use serde::{Deserialize, Serialize};

// Read leniently: MultiSafepay's own examples send `""` for fields they leave out
// (`"forwarded_ip": ""`), numbers where text is expected (`house_number`), and the API
// accepts them, so blank text reads as absent.

/// `customer`: who pays. Every field is optional; the gateway decides what it needs.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Customer {
    /// Locale such as `nl_NL`: the payment page's language.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub locale: Option<String>,
    /// The customer's IP address (recommended: MultiSafepay's fraud checks use it).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub ip_address: Option<String>,
    /// The original IP behind a proxy (`X-Forwarded-For`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub forwarded_ip: Option<String>,
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
    /// House number.
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
    /// E-mail address (recommended, for fraud checks and receipts).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub email: Option<String>,
    /// The page the customer came from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub referrer: Option<String>,
    /// The customer's browser user agent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub user_agent: Option<String>,
    /// Gender, as the BNPL gateways spell it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub gender: Option<String>,
    /// Birthday, `YYYY-MM-DD`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub birthday: Option<String>,
    /// The merchant's customer reference (needed for recurring payments).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub reference: Option<String>,
    /// Stop MultiSafepay from e-mailing the customer.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub disable_send_email: Option<bool>,
    /// Browser data for 3-D Secure (direct card orders), passed through as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<serde_json::Value>,
}
