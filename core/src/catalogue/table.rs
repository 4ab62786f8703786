//! The catalogue's rows: one per gateway id, grouped by the family of MultiSafepay's OpenAPI
//! schemas (`components/schemas/orders/{CreditCard,Banking,Wallet,BNPL,PrepaidCard}.yaml`).
//!
//! Columns: the API's code; the payment method's name; its family; the flows it offers; the
//! currencies it accepts; the fields the API refuses an order without, beyond those of every
//! order of its flow; the fields MultiSafepay's fraud check needs (a missing one is a warning,
//! not a refusal); whether the gateway is still offered.

use super::{Currencies, Family, GatewaySpec, Lifecycle};
use crate::{Currency, Field, Flow};

use Currency::*;
use Family::{Banking, Bnpl, Card, GiftCard, Prepaid, Wallet};
use Flow::{Direct, PaymentLink, Redirect};
use Lifecycle::{Active, Deprecated};

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
// Where MultiSafepay publishes only a redirect example (OpenAPI `paths/orders.yaml`), the row
// offers no `direct` although its family's schema lists it.
const BOTH: &[Flow] = &[Redirect, Direct, PaymentLink];
const REDIRECT_ONLY: &[Flow] = &[Redirect, PaymentLink];

const NONE: &[Field] = &[];
/// The seed page: a card redirect order carries the customer's locale.
const CARD_NEEDS: &[Field] = &[Field::Locale];
/// Bancontact needs the locale (`Customer.yaml`, `locale`: "Required for: Bancontact").
const LOCALE: &[Field] = &[Field::Locale];
/// `components/schemas/orders/BNPL.yaml`, `required:`: `customer`, `delivery` and
/// `shopping_cart`, besides the fields of every order.
const BNPL_NEEDS: &[Field] = &[Field::Customer, Field::Delivery, Field::ShoppingCart];

/// Fields a gateway's `direct` orders need beyond its row: SEPA Direct Debit's account
/// (`components/schemas/GatewayInfoBanking.yaml`: "For SEPA Direct Debit `direct` orders
/// (**required**)"), and the wallet token of Apple Pay and Google Pay (`GatewayInfo.yaml`,
/// `payment_token`: "Required for: Apple Pay `direct` orders", "Google Pay `direct` orders").
pub(super) const DIRECT_NEEDS: &[(Gateway, &[Field])] = &[
    (
        Gateway::DIRDEB,
        &[
            Field::AccountId,
            Field::AccountHolderName,
            Field::AccountHolderIban,
            Field::Emandate,
        ],
    ),
    (Gateway::APPLEPAY, &[Field::PaymentToken]),
    (Gateway::GOOGLEPAY, &[Field::PaymentToken]),
];

// The fraud check (`components/schemas/Customer.yaml`): `ip_address` for "BNPL, card, and
// payment Component orders", `country` for "Bank Transfer, cards", `email` for "Visa, Bank
// Transfer and Trustly". "If empty or incorrect, the transaction status may be Uncleared, or even
// Declined."
const CARD_FRAUD: &[Field] = &[Field::IpAddress, Field::Country];
const VISA_FRAUD: &[Field] = &[Field::IpAddress, Field::Country, Field::Email];
const BANK_TRANSFER_FRAUD: &[Field] = &[Field::Country, Field::Email];
const TRUSTLY_FRAUD: &[Field] = &[Field::Email];
const BNPL_FRAUD: &[Field] = &[Field::IpAddress];

/// Giropay's owner ended the scheme; MultiSafepay's Giropay page carries the notice.
const GIROPAY_END: Lifecycle = Deprecated(
    "Giropay reached its end of life on 2024-07-01: MultiSafepay no longer processes GIROPAY \
     orders; offer another banking method, such as gateway = \"IDEAL\" or \"TRUSTLY\"",
);
/// MultiSafepay's Sofort page: "For custom integrations, do not use the DIRECTBANK gateway any
/// longer."
const SOFORT_END: Lifecycle = Deprecated(
    "Sofort (DIRECTBANK) is deprecated: MultiSafepay's Sofort page asks custom integrations not to \
     use the DIRECTBANK gateway any longer; offer another banking method, such as gateway = \"TRUSTLY\"",
);

catalogue! {
    // Cards. AMEX: redirect only and four currencies, as the AMEX page and card-payments.md say.
    AMEX = ("AMEX", "American Express", Card, REDIRECT_ONLY, Currencies::Only(AMEX_CURRENCIES), CARD_NEEDS, CARD_FRAUD, Active),
    CREDITCARD = ("CREDITCARD", "Card payment (scheme detected on the payment page)", Card, BOTH, Currencies::Only(CARD), CARD_NEEDS, CARD_FRAUD, Active),
    MAESTRO = ("MAESTRO", "Maestro", Card, BOTH, Currencies::Only(CARD), CARD_NEEDS, CARD_FRAUD, Active),
    MASTERCARD = ("MASTERCARD", "Mastercard", Card, BOTH, Currencies::Only(CARD), CARD_NEEDS, CARD_FRAUD, Active),
    VISA = ("VISA", "Visa", Card, BOTH, Currencies::Only(CARD), CARD_NEEDS, VISA_FRAUD, Active),
    // Banking.
    BANKTRANS = ("BANKTRANS", "Bank transfer", Banking, BOTH, Currencies::Only(BANK_TRANSFER), NONE, BANK_TRANSFER_FRAUD, Active),
    BELFIUS = ("BELFIUS", "Belfius", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BIZUM = ("BIZUM", "Bizum", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    CBC = ("CBC", "CBC", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    KBC = ("KBC", "KBC", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    DBRTP = ("DBRTP", "Request to Pay", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    DIRDEB = ("DIRDEB", "SEPA Direct Debit", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    DIRECTBANK = ("DIRECTBANK", "Sofort", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, SOFORT_END),
    DOTPAY = ("DOTPAY", "Dotpay", Banking, REDIRECT_ONLY, Currencies::Only(DOTPAY), NONE, NONE, Active),
    EPS = ("EPS", "EPS", Banking, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    GIROPAY = ("GIROPAY", "Giropay", Banking, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, GIROPAY_END),
    IDEAL = ("IDEAL", "iDEAL", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    IDEALQR = ("IDEALQR", "iDEAL QR", Banking, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    MBWAY = ("MBWAY", "MB WAY", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    MISTERCASH = ("MISTERCASH", "Bancontact", Banking, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), LOCALE, NONE, Active),
    MULTIBANCO = ("MULTIBANCO", "Multibanco", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    // Not in the OpenAPI's gateway enums, but MultiSafepay publishes its direct and redirect
    // examples (`components/examples/requests/post-orders/mybank-*.json`).
    MYBANK = ("MYBANK", "MyBank", Banking, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    TRUSTLY = ("TRUSTLY", "Trustly", Banking, BOTH, Currencies::Only(TRUSTLY), NONE, TRUSTLY_FRAUD, Active),
    TRUSTPAY = ("TRUSTPAY", "TrustPay", Banking, REDIRECT_ONLY, Currencies::Only(TRUSTPAY), NONE, NONE, Active),
    // Wallets.
    ALIPAY = ("ALIPAY", "Alipay", Wallet, BOTH, Currencies::Only(EUR_USD), NONE, NONE, Active),
    ALIPAYPLUS = ("ALIPAYPLUS", "Alipay+", Wallet, BOTH, Currencies::Only(EUR_USD), NONE, NONE, Active),
    AMAZONBTN = ("AMAZONBTN", "Amazon Pay", Wallet, BOTH, Currencies::Only(AMAZON), NONE, NONE, Active),
    APPLEPAY = ("APPLEPAY", "Apple Pay", Wallet, BOTH, Currencies::Only(CARD), NONE, NONE, Active),
    GOOGLEPAY = ("GOOGLEPAY", "Google Pay", Wallet, BOTH, Currencies::Only(CARD), NONE, NONE, Active),
    PAYPAL = ("PAYPAL", "PayPal", Wallet, BOTH, Currencies::Only(PAYPAL), NONE, NONE, Active),
    WECHAT = ("WECHAT", "WeChat Pay", Wallet, BOTH, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    // Buy now, pay later: `components/schemas/orders/BNPL.yaml` requires `customer`, `delivery`
    // and `shopping_cart`.
    AFTERPAY = ("AFTERPAY", "Riverty", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    BILLINK = ("BILLINK", "Billink", Bnpl, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    BNPL_INSTM = ("BNPL_INSTM", "Pay After Delivery installments", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    BNPL_MF = ("BNPL_MF", "Pay After Delivery", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    EINVOICE = ("EINVOICE", "E-Invoicing", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    IN3 = ("IN3", "in3", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    // in3 for businesses: not in the OpenAPI's enums; MultiSafepay's "in3 Business" page
    // documents the id for direct requests, EUR only (150 to 30,000 EUR).
    IN3B2B = ("IN3B2B", "in3 Business", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    KLARNA = ("KLARNA", "Klarna", Bnpl, BOTH, Currencies::Only(KLARNA), BNPL_NEEDS, BNPL_FRAUD, Active),
    SANTANDER = ("SANTANDER", "Betaal per Maand", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    ZINIA = ("ZINIA", "Zinia", Bnpl, BOTH, Currencies::Only(EUR_ONLY), BNPL_NEEDS, BNPL_FRAUD, Active),
    // Gift and prepaid cards (`GatewayIdentifiersPrepaidCard.yaml`), EUR only ("gift cards"
    // on the payment-method pages). MultiSafepay publishes a redirect example only
    // (`gift-card.json`), so the rows offer no direct flow.
    AMSGIFT = ("AMSGIFT", "Amsterdam Stadspas", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BABYCAD = ("BABYCAD", "Baby Cadeaubon", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BEAUTYCAD = ("BEAUTYCAD", "Beauty Cadeau", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BEAUTYWELL = ("BEAUTYWELL", "Beauty & Wellness", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BIERCHEQUE = ("BIERCHEQUE", "Biercheque", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BLOEMENCAD = ("BLOEMENCAD", "Bloemen Cadeaukaart", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BOEKENBON = ("BOEKENBON", "Boekenbon", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    BOEKENVOOR = ("BOEKENVOOR", "Boekenvoordeel", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    DORDTPAS = ("DORDTPAS", "Dordtpas", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    // EDENCOM is Edenred's Ticket Compliments, not its EcoCheque: the OpenAPI's coupon listing
    // (`components/examples/responses/listGatewaysWithCoupons.json`) describes EDENCOM as
    // "Ticket Compliments" and EDENECO as "Ticket EcoCheque".
    EDENCOM = ("EDENCOM", "Edenred Ticket Compliments", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    EDENECO = ("EDENECO", "Edenred Ticket EcoCheque", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    EDENRES = ("EDENRES", "Edenred Ticket Restaurant", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    EDENSPORTS = ("EDENSPORTS", "Edenred Ticket Sport & Culture", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    FASHIONCHQ = ("FASHIONCHQ", "Fashioncheque", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    FASHIONGFT = ("FASHIONGFT", "Fashion Giftcard", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    GELREPAS = ("GELREPAS", "Gelrepas", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    GEZONDHEID = ("GEZONDHEID", "Gezondheidsbon", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    GOOD4FUN = ("GOOD4FUN", "Good4fun", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    HORSESGIFT = ("HORSESGIFT", "Horses & Gifts", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    HUISTUIN = ("HUISTUIN", "Huis & Tuin Cadeau", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    KIDSCADEAU = ("KIDSCADEAU", "Kids Cadeau", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    KLUSCADEAU = ("KLUSCADEAU", "Klus Cadeau", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    NATNLBIOSC = ("NATNLBIOSC", "Nationale Bioscoopbon", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    NATENCRD = ("NATENCRD", "Nationale EntertainmentCard", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    NATNLETUIN = ("NATNLETUIN", "Nationale Tuinbon", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    OHMYGOOD = ("OHMYGOOD", "OhMyGood", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    ROTGIFT = ("ROTGIFT", "Rotterdampas", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    SPORTENFIT = ("SPORTENFIT", "Sport & Fit Cadeau", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    SPORTSGIFT = ("SPORTSGIFT", "Sports Giftcard", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    UPAS = ("UPAS", "U-pas", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    // VVVGIFTCRD, not the OpenAPI enum's VVVGIFTCARD: MultiSafepay's own gift-card order example
    // (docs "Create a gift card order") and the `settings.coupons.allow` enum
    // (`components/schemas/Settings.yaml`) both send VVVGIFTCRD, and gateway ids are at most ten
    // characters (the eleven-letter spelling stands alone in `GatewayIdentifiers*.yaml`).
    VVVGIFTCRD = ("VVVGIFTCRD", "VVV Cadeaukaart", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    // Not in the gateway enums; the `settings.coupons.allow` enum (`Settings.yaml`) lists it.
    WEBSHOPGFT = ("WEBSHOPGFT", "Webshop Giftcard", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    WIJNCADEAU = ("WIJNCADEAU", "Wijn Cadeaukaart", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    YOURGIFT = ("YOURGIFT", "YourGift", GiftCard, REDIRECT_ONLY, Currencies::Only(EUR_ONLY), NONE, NONE, Active),
    // Paysafecard: a prepaid card outside the OpenAPI's enums, on MultiSafepay's Paysafecard page.
    PSAFECARD = ("PSAFECARD", "Paysafecard", Prepaid, BOTH, Currencies::Only(PAYSAFECARD), NONE, NONE, Active),
}
