//! The gateway catalogue: every payment method the SDK knows, the flows it offers, the currencies
//! it takes and the fields it needs. Data, read by the derive at compile time, by the run-time
//! validator and by the sandbox, so that the three never disagree.
//!
//! Sources, all MultiSafepay's documentation: the gateway-id list (docs "Gateway IDs" page;
//! OpenAPI `components/schemas/GatewayIdentifiers*.yaml`), the example requests published per
//! flow (OpenAPI `paths/orders.yaml`), the "Currencies" rows of the payment-method pages (such as
//! "Card payments") and the "Create American Express order" page for AMEX. The rows are in
//! `catalogue/table.rs`; `core/tests/catalogue_drift.rs` holds them to the OpenAPI files copied
//! into `core/tests/openapi/`.

use crate::{Currency, Field, Flow};
use std::fmt;
use std::str::FromStr;

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

/// The group of MultiSafepay's OpenAPI order schemas a gateway belongs to
/// (`components/schemas/orders/*.yaml`, and the `GatewayIdentifiers*.yaml` enums they cite).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// Credit and debit cards (`CreditCard.yaml`).
    Card,
    /// Banking methods (`Banking.yaml`).
    Banking,
    /// Wallets (`Wallet.yaml`).
    Wallet,
    /// Buy now, pay later (`BNPL.yaml`): the API refuses an order without customer, delivery
    /// address and shopping cart.
    Bnpl,
    /// Gift cards, listed as coupons (`PrepaidCard.yaml`; `"type": "coupon"` in
    /// `listGatewaysWithCoupons.json`).
    GiftCard,
    /// A prepaid card that is not a coupon (Paysafecard).
    Prepaid,
}

/// Whether MultiSafepay still processes a gateway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lifecycle {
    /// Offered.
    Active,
    /// Deprecated or ended: orders compile (the derive warns with this note) but should move to
    /// another gateway.
    Deprecated(&'static str),
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
    /// The group of order schemas it belongs to.
    pub family: Family,
    /// The flows MultiSafepay documents for it.
    pub flows: &'static [Flow],
    /// The currencies it accepts.
    pub currencies: Currencies,
    /// Fields the API refuses an order without, beyond those every order of its flow needs.
    pub requires: &'static [Field],
    /// Fields MultiSafepay's fraud check needs (`components/schemas/Customer.yaml`): without
    /// them "the transaction status may be Uncleared, or even Declined". Not refused.
    pub fraud_check: &'static [Field],
    /// Whether it is still offered.
    pub lifecycle: Lifecycle,
}

macro_rules! catalogue {
    ($($id:ident = (
        $code:literal, $name:literal, $family:expr, $flows:expr, $currencies:expr, $requires:expr,
        $fraud:expr, $lifecycle:expr
    ),)*) => {
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
                family: $family,
                flows: $flows,
                currencies: $currencies,
                requires: $requires,
                fraud_check: $fraud,
                lifecycle: $lifecycle,
            },)*
        ];
    };
}

mod schema;
mod table;
pub use schema::{unsupported_field, UNSUPPORTED_ORDER_FIELDS};
pub use table::{Gateway, CATALOGUE};

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

    /// The `gateway_info` fields the API refuses a `direct` order of this gateway without
    /// (SEPA Direct Debit's account, the Apple Pay and Google Pay token); part of
    /// [`Gateway::required_fields`] for [`Flow::Direct`].
    pub fn direct_fields(self) -> &'static [Field] {
        table::DIRECT_NEEDS
            .iter()
            .find(|(gateway, _)| *gateway == self)
            .map_or(&[], |(_, fields)| fields)
    }

    /// Every field an order needs for this gateway and flow, `type` and `gateway` excluded.
    pub fn required_fields(self, flow: Flow) -> impl Iterator<Item = Field> {
        let direct = match flow {
            Flow::Direct => self.direct_fields(),
            _ => &[],
        };
        ALWAYS_REQUIRED
            .iter()
            .chain(flow_requires(flow))
            .chain(self.spec().requires)
            .chain(direct)
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
    /// of `GatewayIdentifiersBNPL.yaml`). Read from the row's requirements, where the rule is
    /// written once.
    pub fn requires_shopping_cart(self) -> bool {
        self.spec().requires.contains(&Field::ShoppingCart)
    }

    /// Whether it is a gift card (`"type": "coupon"` in `listGatewaysWithCoupons.json`; the
    /// catalogue's gateways of `GatewayIdentifiersPrepaidCard.yaml`).
    pub fn is_gift_card(self) -> bool {
        self.spec().family == Family::GiftCard
    }

    /// The note of a deprecated gateway (GIROPAY, DIRECTBANK), `None` for an active one.
    pub fn deprecation(self) -> Option<&'static str> {
        match self.spec().lifecycle {
            Lifecycle::Deprecated(note) => Some(note),
            Lifecycle::Active => None,
        }
    }

    /// The fields MultiSafepay's fraud check needs for this gateway (`Customer.yaml`); an order
    /// without them is accepted, but may end Uncleared or Declined.
    pub fn fraud_check_fields(self) -> &'static [Field] {
        self.spec().fraud_check
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
    use crate::Currency::*;

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
        assert!(Gateway::IN3B2B.requires_shopping_cart());
        // Paysafecard is prepaid, not a coupon.
        assert!(!Gateway::PSAFECARD.is_gift_card());
        let gift_cards = Gateway::all().filter(|g| g.is_gift_card()).count();
        assert_eq!(
            gift_cards, 34,
            "the 33 of the OpenAPI's enum and WEBSHOPGFT"
        );
        for code in [
            "BOEKENBON",
            "VVVGIFTCRD",
            "WIJNCADEAU",
            "YOURGIFT",
            "EDENECO",
        ] {
            let gateway: Gateway = code.parse().unwrap();
            assert!(gateway.is_gift_card(), "{code}");
            assert_eq!(gateway.check_currency(EUR), Ok(()));
        }
        assert_eq!(Gateway::EDENCOM.spec().name, "Edenred Ticket Compliments");
    }

    #[test]
    fn bnpl_orders_need_a_customer_delivery_and_cart() {
        for gateway in Gateway::all().filter(|g| g.spec().family == Family::Bnpl) {
            let required: Vec<Field> = gateway.required_fields(Flow::Redirect).collect();
            for field in [Field::Customer, Field::Delivery, Field::ShoppingCart] {
                assert!(required.contains(&field), "{gateway} {field}");
            }
        }
        assert!(!Gateway::IDEAL
            .required_fields(Flow::Redirect)
            .any(|f| f == Field::Customer));
    }

    #[test]
    fn direct_debit_direct_orders_need_the_account() {
        let direct: Vec<&str> = Gateway::DIRDEB
            .required_fields(Flow::Direct)
            .map(Field::path)
            .skip(5)
            .collect();
        assert_eq!(
            direct,
            [
                "gateway_info.account_id",
                "gateway_info.account_holder_name",
                "gateway_info.account_holder_iban",
                "gateway_info.emandate"
            ]
        );
        assert_eq!(Gateway::DIRDEB.required_fields(Flow::Redirect).count(), 7);
        assert!(Gateway::APPLEPAY
            .required_fields(Flow::Direct)
            .any(|f| f == Field::PaymentToken));
        assert!(!Gateway::APPLEPAY
            .required_fields(Flow::Redirect)
            .any(|f| f == Field::PaymentToken));
    }

    #[test]
    fn deprecated_gateways_say_so() {
        let deprecated: Vec<Gateway> = Gateway::all()
            .filter(|g| g.deprecation().is_some())
            .collect();
        assert_eq!(deprecated, [Gateway::DIRECTBANK, Gateway::GIROPAY]);
        assert!(Gateway::GIROPAY
            .deprecation()
            .unwrap()
            .contains("2024-07-01"));
        assert!(Gateway::DIRECTBANK
            .deprecation()
            .unwrap()
            .contains("DIRECTBANK"));
        assert_eq!(Gateway::IDEAL.deprecation(), None);
    }

    #[test]
    fn fraud_check_fields_follow_the_customer_schema() {
        use Field::{Country, Email, IpAddress};
        assert_eq!(
            Gateway::VISA.fraud_check_fields(),
            [IpAddress, Country, Email]
        );
        assert_eq!(
            Gateway::MASTERCARD.fraud_check_fields(),
            [IpAddress, Country]
        );
        assert_eq!(Gateway::BANKTRANS.fraud_check_fields(), [Country, Email]);
        assert_eq!(Gateway::TRUSTLY.fraud_check_fields(), [Email]);
        assert_eq!(Gateway::KLARNA.fraud_check_fields(), [IpAddress]);
        assert!(Gateway::IDEAL.fraud_check_fields().is_empty());
        // A fraud-check field is never also a hard requirement: one level each.
        for gateway in Gateway::all() {
            for field in gateway.fraud_check_fields() {
                assert!(
                    !gateway.spec().requires.contains(field),
                    "{gateway} {field}"
                );
            }
        }
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
