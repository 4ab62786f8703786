//! The gateway catalogue: every payment method the SDK knows, the flows it offers, the currencies
//! it takes and the fields it needs. Data, read by the derive at compile time, by the run-time
//! validator and by the sandbox, so that the three never disagree.
//!
//! Sources, all MultiSafepay's documentation: the gateway-id list (docs "Gateway IDs" page;
//! OpenAPI `components/schemas/GatewayIdentifiers*.yaml`), the example requests published per
//! flow (OpenAPI `paths/orders.yaml`), the "Currencies" rows of the payment-method pages (such as
//! "Card payments") and the "Create American Express order" page for AMEX.

use crate::{Currency, Field, Flow};
use std::fmt;
use std::str::FromStr;

use Currency::*;
use Flow::{Direct, PaymentLink, Redirect};

/// The currencies a gateway accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Currencies {
    /// Only these.
    Only(&'static [Currency]),
    /// Any ISO 4217 currency.
    Any,
}

impl Currencies {
    /// Whether `currency` is accepted.
    pub fn contains(self, currency: Currency) -> bool {
        match self {
            Currencies::Only(list) => list.contains(&currency),
            Currencies::Any => true,
        }
    }
}

/// One row of the catalogue.
#[derive(Debug)]
#[non_exhaustive]
pub struct GatewaySpec {
    /// The gateway.
    pub gateway: Gateway,
    /// The API's code, such as `"AMEX"`.
    pub code: &'static str,
    /// The payment method's name.
    pub name: &'static str,
    /// The flows MultiSafepay documents for it.
    pub flows: &'static [Flow],
    /// The currencies it accepts.
    pub currencies: Currencies,
    /// Fields it needs beyond those every order of its flow needs.
    pub requires: &'static [Field],
}

const CARD: &[Currency] = &[
    AED, AUD, BGN, BRL, CAD, CHF, CLP, CNY, COP, CZK, DKK, EUR, GBP, HKD, HRK, HUF, ILS, INR, ISK,
    JPY, KRW, MXN, MYR, NOK, NZD, PEN, PHP, PLN, RON, RUB, SEK, SGD, THB, TRY, TWD, UAH, USD, VEF,
    ZAR,
];
const AMEX_CURRENCIES: &[Currency] = &[CHF, EUR, GBP, USD];
const EUR_ONLY: &[Currency] = &[EUR];
const EUR_USD: &[Currency] = &[EUR, USD];
const AMAZON: &[Currency] = &[AUD, CHF, DKK, EUR, GBP, HKD, JPY, NOK, NZD, SEK, USD, ZAR];
const BANK_TRANSFER: &[Currency] = &[
    AUD, CAD, CHF, CZK, DKK, EUR, GBP, HKD, HUF, JPY, NOK, PLN, SEK, USD,
];
const DOTPAY: &[Currency] = &[EUR, PLN];
const KLARNA: &[Currency] = &[DKK, EUR, GBP, NOK, SEK];
const PAYPAL: &[Currency] = &[
    AUD, BRL, CAD, CHF, CZK, DKK, EUR, GBP, HKD, HRK, HUF, JPY, MXN, MYR, NOK, NZD, PHP, PLN, RUB,
    SEK, SGD, THB, TRY, TWD, USD,
];
const PAYSAFECARD: &[Currency] = &[EUR, GBP, USD];
const TRUSTLY: &[Currency] = &[EUR, GBP, SEK];
const TRUSTPAY: &[Currency] = &[CZK, DKK, EUR, GBP, NOK, SEK];

// A payment link opens the same payment page as a redirect order: the OpenAPI's payment-page
// schema (`components/schemas/orders/PaymentPage.yaml`) takes `type` `paymentlink` or
// `redirect` with any gateway (or none), so every gateway that offers a redirect offers a link.
const BOTH: &[Flow] = &[Redirect, Direct, PaymentLink];
const REDIRECT_ONLY: &[Flow] = &[Redirect, PaymentLink];

/// The seed page: a card redirect order carries the customer's locale.
const CARD_NEEDS: &[Field] = &[Field::Locale];
/// Bancontact needs the locale (docs `Customer.yaml`).
const LOCALE: &[Field] = &[Field::Locale];

macro_rules! catalogue {
    ($($id:ident = ($code:literal, $name:literal, $flows:expr, $currencies:expr, $requires:expr),)*) => {
        /// A MultiSafepay payment method (the API's `gateway`), such as `Gateway::AMEX`.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[non_exhaustive]
        pub enum Gateway {
            $(#[doc = $name] $id,)*
        }

        /// Every gateway, indexed by `Gateway as usize`.
        pub static CATALOGUE: &[GatewaySpec] = &[
            $(GatewaySpec {
                gateway: Gateway::$id,
                code: $code,
                name: $name,
                flows: $flows,
                currencies: $currencies,
                requires: $requires,
            },)*
        ];
    };
}

catalogue! {
    // Cards. AMEX: redirect only and four currencies, as the AMEX page and card-payments.md say.
    AMEX = ("AMEX", "American Express", REDIRECT_ONLY, Currencies::Only(AMEX_CURRENCIES), CARD_NEEDS),
    CREDITCARD = ("CREDITCARD", "Card payment (scheme detected on the payment page)", BOTH, Currencies::Only(CARD), CARD_NEEDS),
    MAESTRO = ("MAESTRO", "Maestro", BOTH, Currencies::Only(CARD), CARD_NEEDS),
    MASTERCARD = ("MASTERCARD", "Mastercard", BOTH, Currencies::Only(CARD), CARD_NEEDS),
    VISA = ("VISA", "Visa", BOTH, Currencies::Only(CARD), CARD_NEEDS),
    // Banking.
    BANKTRANS = ("BANKTRANS", "Bank transfer", BOTH, Currencies::Only(BANK_TRANSFER), &[]),
    BELFIUS = ("BELFIUS", "Belfius", BOTH, Currencies::Only(EUR_ONLY), &[]),
    BIZUM = ("BIZUM", "Bizum", BOTH, Currencies::Only(EUR_ONLY), &[]),
    CBC = ("CBC", "CBC", BOTH, Currencies::Only(EUR_ONLY), &[]),
    KBC = ("KBC", "KBC", BOTH, Currencies::Only(EUR_ONLY), &[]),
    DBRTP = ("DBRTP", "Request to Pay", BOTH, Currencies::Only(EUR_ONLY), &[]),
    DIRDEB = ("DIRDEB", "SEPA Direct Debit", BOTH, Currencies::Only(EUR_ONLY), &[]),
    DIRECTBANK = ("DIRECTBANK", "Sofort", BOTH, Currencies::Only(EUR_ONLY), &[]),
    DOTPAY = ("DOTPAY", "Dotpay", REDIRECT_ONLY, Currencies::Only(DOTPAY), &[]),
    EPS = ("EPS", "EPS", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    GIROPAY = ("GIROPAY", "Giropay", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    IDEAL = ("IDEAL", "iDEAL", BOTH, Currencies::Only(EUR_ONLY), &[]),
    IDEALQR = ("IDEALQR", "iDEAL QR", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    MBWAY = ("MBWAY", "MB WAY", BOTH, Currencies::Only(EUR_ONLY), &[]),
    MISTERCASH = ("MISTERCASH", "Bancontact", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), LOCALE),
    MULTIBANCO = ("MULTIBANCO", "Multibanco", BOTH, Currencies::Only(EUR_ONLY), &[]),
    MYBANK = ("MYBANK", "MyBank", BOTH, Currencies::Only(EUR_ONLY), &[]),
    TRUSTLY = ("TRUSTLY", "Trustly", BOTH, Currencies::Only(TRUSTLY), &[]),
    TRUSTPAY = ("TRUSTPAY", "TrustPay", REDIRECT_ONLY, Currencies::Only(TRUSTPAY), &[]),
    // Wallets.
    ALIPAY = ("ALIPAY", "Alipay", BOTH, Currencies::Only(EUR_USD), &[]),
    ALIPAYPLUS = ("ALIPAYPLUS", "Alipay+", BOTH, Currencies::Only(EUR_USD), &[]),
    AMAZONBTN = ("AMAZONBTN", "Amazon Pay", BOTH, Currencies::Only(AMAZON), &[]),
    APPLEPAY = ("APPLEPAY", "Apple Pay", BOTH, Currencies::Only(CARD), &[]),
    GOOGLEPAY = ("GOOGLEPAY", "Google Pay", BOTH, Currencies::Only(CARD), &[]),
    PAYPAL = ("PAYPAL", "PayPal", BOTH, Currencies::Only(PAYPAL), &[]),
    WECHAT = ("WECHAT", "WeChat Pay", BOTH, Currencies::Only(EUR_ONLY), &[]),
    // Buy now, pay later (they also need a `shopping_cart`, which the order model carries as JSON).
    AFTERPAY = ("AFTERPAY", "Riverty", BOTH, Currencies::Only(EUR_ONLY), &[]),
    BILLINK = ("BILLINK", "Billink", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    BNPL_INSTM = ("BNPL_INSTM", "Pay After Delivery installments", BOTH, Currencies::Only(EUR_ONLY), &[]),
    BNPL_MF = ("BNPL_MF", "Pay After Delivery", BOTH, Currencies::Only(EUR_ONLY), &[]),
    EINVOICE = ("EINVOICE", "E-Invoicing", BOTH, Currencies::Only(EUR_ONLY), &[]),
    IN3 = ("IN3", "in3", BOTH, Currencies::Only(EUR_ONLY), &[]),
    KLARNA = ("KLARNA", "Klarna", BOTH, Currencies::Only(KLARNA), &[]),
    SANTANDER = ("SANTANDER", "Betaal per Maand", BOTH, Currencies::Only(EUR_ONLY), &[]),
    ZINIA = ("ZINIA", "Zinia", BOTH, Currencies::Only(EUR_ONLY), &[]),
    // Gift and prepaid cards.
    EDENCOM = ("EDENCOM", "Edenred Ecocheque", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    EDENRES = ("EDENRES", "Edenred Restaurant", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    VVVGIFTCRD = ("VVVGIFTCRD", "VVV Cadeaukaart", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    WEBSHOPGFT = ("WEBSHOPGFT", "Webshop Giftcard", REDIRECT_ONLY, Currencies::Only(EUR_ONLY), &[]),
    PSAFECARD = ("PSAFECARD", "Paysafecard", BOTH, Currencies::Only(PAYSAFECARD), &[]),
}

/// Fields every order needs, whatever its gateway and flow (the API's schema `required` list;
/// `type` and `gateway` come from the order itself).
pub const ALWAYS_REQUIRED: &[Field] = &[
    Field::OrderId,
    Field::Currency,
    Field::Amount,
    Field::Description,
];

/// Fields a flow needs: a redirect order sends the customer away, so it must say where the
/// customer comes back to and where MultiSafepay reports the outcome (the AMEX page marks the
/// three URLs required).
pub fn flow_requires(flow: Flow) -> &'static [Field] {
    match flow {
        Flow::Redirect => &[Field::NotificationUrl, Field::RedirectUrl, Field::CancelUrl],
        Flow::Direct | Flow::PaymentLink => &[Field::NotificationUrl],
    }
}

impl Gateway {
    /// Every gateway.
    pub fn all() -> impl Iterator<Item = Gateway> {
        CATALOGUE.iter().map(|spec| spec.gateway)
    }

    /// The gateway's row of the catalogue.
    pub fn spec(self) -> &'static GatewaySpec {
        &CATALOGUE[self as usize]
    }

    /// The API's code, such as `"AMEX"`.
    pub fn code(self) -> &'static str {
        self.spec().code
    }

    /// Looks a code up exactly (`"AMEX"`).
    pub fn from_code(code: &str) -> Option<Gateway> {
        CATALOGUE
            .iter()
            .find(|spec| spec.code == code)
            .map(|spec| spec.gateway)
    }

    /// Whether the gateway offers `flow`.
    pub fn offers(self, flow: Flow) -> bool {
        self.spec().flows.contains(&flow)
    }

    /// Whether the gateway accepts `currency`.
    pub fn accepts(self, currency: Currency) -> bool {
        self.spec().currencies.contains(currency)
    }

    /// Every field an order needs for this gateway and flow, `type` and `gateway` excluded.
    pub fn required_fields(self, flow: Flow) -> impl Iterator<Item = Field> {
        ALWAYS_REQUIRED
            .iter()
            .chain(flow_requires(flow))
            .chain(self.spec().requires)
            .copied()
    }

    /// The flows the gateway offers, for messages: `"redirect", "direct" and "paymentlink"`.
    pub fn flow_list(self) -> String {
        let flows: Vec<String> = self
            .spec()
            .flows
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect();
        match flows.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => flows.concat(),
        }
    }

    /// Whether its orders must carry a `shopping_cart`: the buy-now-pay-later methods
    /// (`components/schemas/orders/BNPL.yaml` lists `shopping_cart` as required for the gateways
    /// of `GatewayIdentifiersBNPL.yaml`).
    pub fn requires_shopping_cart(self) -> bool {
        use Gateway::*;
        matches!(
            self,
            AFTERPAY | BILLINK | BNPL_INSTM | BNPL_MF | EINVOICE | IN3 | KLARNA | SANTANDER | ZINIA
        )
    }

    /// Whether it is a gift card (`"type": "coupon"` in `listGatewaysWithCoupons.json`; the
    /// catalogue's gateways of `GatewayIdentifiersPrepaidCard.yaml`).
    pub fn is_gift_card(self) -> bool {
        use Gateway::*;
        matches!(self, EDENCOM | EDENRES | VVVGIFTCRD | WEBSHOPGFT)
    }

    /// Explains why `flow` is refused, or `Ok` if the gateway offers it.
    pub fn check_flow(self, flow: Flow) -> Result<(), String> {
        if self.offers(flow) {
            return Ok(());
        }
        let list = self.flow_list();
        Err(if self.spec().flows.len() == 1 {
            format!("{self} supports only flow {list}")
        } else {
            format!("{self} does not support flow \"{flow}\"; it supports {list}")
        })
    }

    /// Explains why `currency` is refused, or `Ok` if the gateway accepts it.
    pub fn check_currency(self, currency: Currency) -> Result<(), String> {
        match self.spec().currencies {
            Currencies::Only(list) if !list.contains(&currency) => {
                let codes: Vec<&str> = list.iter().map(|c| c.code()).collect();
                Err(format!(
                    "{self} does not accept {currency}; it accepts: {}",
                    codes.join(", ")
                ))
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string that is not a gateway code; `Display` suggests the closest one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseGatewayError {
    input: String,
}

impl ParseGatewayError {
    /// The closest gateway code, if the input looks like a typo of one.
    pub fn suggestion(&self) -> Option<Gateway> {
        crate::suggest::closest(&self.input, CATALOGUE.iter().map(|s| s.code))
            .and_then(Gateway::from_code)
    }
}

impl fmt::Display for ParseGatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gateway `{}` does not exist", self.input)?;
        match self.suggestion() {
            Some(g) => write!(f, "; did you mean `{g}`?"),
            None => f.write_str("; see `msp::Gateway` for the gateways MultiSafepay offers"),
        }
    }
}

impl std::error::Error for ParseGatewayError {}

impl FromStr for Gateway {
    type Err = ParseGatewayError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Gateway::from_code(s).ok_or_else(|| ParseGatewayError {
            input: s.chars().take(64).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_indexed_by_gateway() {
        for (i, spec) in CATALOGUE.iter().enumerate() {
            assert_eq!(spec.gateway as usize, i, "{} is out of place", spec.code);
            assert_eq!(Gateway::from_code(spec.code), Some(spec.gateway));
            assert!(!spec.flows.is_empty(), "{} offers no flow", spec.code);
        }
    }

    #[test]
    fn amex_is_redirect_only_with_four_currencies() {
        assert!(Gateway::AMEX.offers(Flow::Redirect));
        assert!(!Gateway::AMEX.offers(Flow::Direct));
        for c in [EUR, GBP, USD, CHF] {
            assert!(Gateway::AMEX.accepts(c), "{c}");
        }
        assert!(!Gateway::AMEX.accepts(JPY));
        assert_eq!(
            Gateway::AMEX.check_flow(Flow::Direct).unwrap_err(),
            "AMEX does not support flow \"direct\"; it supports \"redirect\" and \"paymentlink\""
        );
        assert_eq!(
            Gateway::IDEAL.flow_list(),
            "\"redirect\", \"direct\" and \"paymentlink\""
        );
        assert_eq!(
            Gateway::AMEX.check_currency(XAU).unwrap_err(),
            "AMEX does not accept XAU; it accepts: CHF, EUR, GBP, USD"
        );
    }

    #[test]
    fn amex_redirect_requires_what_the_seed_page_shows() {
        let required: Vec<&str> = Gateway::AMEX
            .required_fields(Flow::Redirect)
            .map(Field::path)
            .collect();
        assert_eq!(
            required,
            [
                "order_id",
                "currency",
                "amount",
                "description",
                "payment_options.notification_url",
                "payment_options.redirect_url",
                "payment_options.cancel_url",
                "customer.locale",
            ]
        );
    }

    #[test]
    fn every_gateway_offers_a_payment_link_where_it_offers_a_redirect() {
        for gateway in Gateway::all() {
            assert_eq!(
                gateway.offers(Flow::PaymentLink),
                gateway.offers(Flow::Redirect),
                "{gateway}"
            );
        }
        let required: Vec<&str> = Gateway::IDEAL
            .required_fields(Flow::PaymentLink)
            .map(Field::path)
            .collect();
        assert_eq!(
            required,
            [
                "order_id",
                "currency",
                "amount",
                "description",
                "payment_options.notification_url"
            ]
        );
    }

    #[test]
    fn bnpl_needs_a_cart_and_gift_cards_are_coupons() {
        assert!(Gateway::KLARNA.requires_shopping_cart() && Gateway::IN3.requires_shopping_cart());
        assert!(!Gateway::IDEAL.requires_shopping_cart());
        assert!(Gateway::EDENRES.is_gift_card() && !Gateway::VISA.is_gift_card());
    }

    #[test]
    fn unknown_gateway_suggests_the_closest() {
        let err = "AMX".parse::<Gateway>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "gateway `AMX` does not exist; did you mean `AMEX`?"
        );
        assert_eq!(
            "ideal".parse::<Gateway>().unwrap_err().suggestion(),
            Some(Gateway::IDEAL)
        );
    }
}
