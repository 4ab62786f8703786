use super::Amount;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// `gateway_info`: what a payment method needs beyond the order itself
/// (`components/schemas/GatewayInfo.yaml` and its per-family parts `GatewayInfoBNPL.yaml`,
/// `GatewayInfoBanking.yaml`, `GatewayInfoCreditCard.yaml`, `GatewayInfoWallet.yaml`).
///
/// One struct for every family, as the API has one object; set the fields of yours:
/// - buy now, pay later (credit checks in the Netherlands and Belgium): `birthday`, `gender`,
///   `phone`, `email`, `bank_account`;
/// - SEPA Direct Debit `direct` orders (`DIRDEB`): `account_holder_name`, `account_id` (the
///   IBAN), `emandate`;
/// - iDEAL QR: `qr_size`, `allow_multiple`, `allow_change_amount`, `min_amount`, `max_amount`;
///   Bancontact QR: `qr_enabled`;
/// - Apple Pay and Google Pay `direct` orders: `payment_token`;
/// - direct card orders: `card_number`, `card_holder_name`, `card_expiry_date`, `card_cvc`,
///   `flexible_3d`, `term_url`, `moto` (card data only where your PCI scope allows it);
/// - iDEAL `direct` orders: `issuer_id`.
///
/// `Debug` never shows the card number or the CVC.
///
/// ```
/// # use msp_core as msp;
/// let mut info = msp::GatewayInfo::default();
/// info.account_holder_name = Some("J. Jansen".into());
/// info.account_id = Some("NL02ABNA0123456789".into());
/// info.emandate = Some("mandate-1".into());
/// assert_eq!(serde_json::to_value(&info).unwrap()["account_id"], "NL02ABNA0123456789");
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GatewayInfo {
    /// iDEAL `direct` orders: the bank's issuer id (`Client::payment_methods` lists them).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub issuer_id: Option<String>,
    /// BNPL: the customer's date of birth, `YYYY-MM-DD`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub birthday: Option<String>,
    /// BNPL: the customer's title (`mr`, `mrs`, `miss`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub gender: Option<String>,
    /// BNPL: the customer's phone number.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub phone: Option<String>,
    /// BNPL: the e-mail address to send payment instructions to (at most 64 characters).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub email: Option<String>,
    /// BNPL: the customer's bank account (an IBAN, or an older national number).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub bank_account: Option<String>,
    /// SEPA Direct Debit `direct` orders: the IBAN to debit.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub account_id: Option<String>,
    /// SEPA Direct Debit `direct` orders: the account holder's name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub account_holder_name: Option<String>,
    /// SEPA Direct Debit `direct` orders: the IBAN (an alias of `account_id`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub account_holder_iban: Option<String>,
    /// SEPA Direct Debit `direct` orders: your identifier of the mandate.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub emandate: Option<String>,
    /// Bancontact: whether to generate a QR code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub qr_enabled: Option<bool>,
    /// iDEAL QR: the image's width and height in pixels (100 to 2000; 250 by default).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::number"
    )]
    pub qr_size: Option<u64>,
    /// iDEAL QR: whether the code can be used more than once.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub allow_multiple: Option<bool>,
    /// iDEAL QR: whether the customer may change the amount (then set `min_amount` and `max_amount`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub allow_change_amount: Option<bool>,
    /// iDEAL QR: the least the customer may pay, in minor units (below `amount`); written as the API's text.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::optional_amount",
        serialize_with = "amount_text"
    )]
    pub min_amount: Option<Amount>,
    /// iDEAL QR: the most the customer may pay, in minor units (above `amount`); written as the API's text.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::optional_amount",
        serialize_with = "amount_text"
    )]
    pub max_amount: Option<Amount>,
    /// Apple Pay and Google Pay `direct` orders: the token the wallet's JavaScript API gave.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub payment_token: Option<String>,
    /// Direct card orders: the card number.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub card_number: Option<String>,
    /// Direct card orders: the cardholder's name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub card_holder_name: Option<String>,
    /// Direct card orders: the expiry date, `YYMM`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub card_expiry_date: Option<String>,
    /// Direct card orders: the verification code (not for Maestro or recurring payments).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub card_cvc: Option<String>,
    /// Flexible 3D orders: whether 3D Secure is required.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub flexible_3d: Option<bool>,
    /// Flexible 3D orders: where the card issuer sends the authentication result.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::string"
    )]
    pub term_url: Option<String>,
    /// MOTO orders: whether the order is a mail or telephone order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub moto: Option<bool>,
}

/// `min_amount` and `max_amount` are strings in the API (`GatewayInfoBanking.yaml`).
fn amount_text<S: Serializer>(amount: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
    match amount {
        Some(amount) => s.serialize_str(&amount.to_string()),
        None => s.serialize_none(),
    }
}

impl fmt::Debug for GatewayInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |value: &Option<String>| value.as_ref().map(|_| "<hidden>");
        f.debug_struct("GatewayInfo")
            .field("issuer_id", &self.issuer_id)
            .field("birthday", &self.birthday)
            .field("gender", &self.gender)
            .field("phone", &self.phone)
            .field("email", &self.email)
            .field("bank_account", &self.bank_account)
            .field("account_id", &self.account_id)
            .field("account_holder_name", &self.account_holder_name)
            .field("account_holder_iban", &self.account_holder_iban)
            .field("emandate", &self.emandate)
            .field("qr_enabled", &self.qr_enabled)
            .field("qr_size", &self.qr_size)
            .field("allow_multiple", &self.allow_multiple)
            .field("allow_change_amount", &self.allow_change_amount)
            .field("min_amount", &self.min_amount)
            .field("max_amount", &self.max_amount)
            .field("payment_token", &self.payment_token)
            .field("card_number", &hidden(&self.card_number))
            .field("card_holder_name", &self.card_holder_name)
            .field("card_expiry_date", &self.card_expiry_date)
            .field("card_cvc", &hidden(&self.card_cvc))
            .field("flexible_3d", &self.flexible_3d)
            .field("term_url", &self.term_url)
            .field("moto", &self.moto)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_examples_and_writes_them_back() {
        let qr = json!({"qr_size": 250, "allow_multiple": false, "allow_change_amount": true,
                        "max_amount": "2000", "min_amount": "500"});
        let info: GatewayInfo = serde_json::from_value(qr.clone()).unwrap();
        assert_eq!(info.min_amount, Some(Amount::new(500)));
        assert_eq!(serde_json::to_value(&info).unwrap(), qr);
        let bnpl = json!({"birthday": "1980-01-30", "bank_account": "0417164300",
                          "phone": "0208500500", "email": "example@multisafepay.com"});
        let info: GatewayInfo = serde_json::from_value(bnpl.clone()).unwrap();
        assert_eq!(serde_json::to_value(&info).unwrap(), bnpl);
    }

    #[test]
    fn debug_hides_card_data() {
        let info = GatewayInfo {
            card_number: Some("4111111111111111".into()),
            card_cvc: Some("123".into()),
            ..GatewayInfo::default()
        };
        let shown = format!("{info:?}");
        assert!(!shown.contains("4111") && !shown.contains("123"), "{shown}");
    }
}
