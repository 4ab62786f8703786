//! MultiSafepay orders from the structs you already have.
//!
//! Annotate a struct with `#[derive(MspOrder)]`: the compiler refuses a struct that can never
//! become a valid order for the chosen gateway and flow, pointing at the token to change, and the
//! struct gets `.to_request()` (the body of `POST /orders`, its run-time values checked) and
//! `.submit(&client)` (validate, send, and get the payment URL back).
//!
//! ```
//! use msp::{Currency, MspOrder};
//!
//! #[derive(MspOrder)]
//! #[msp_order(
//!     gateway = "AMEX", flow = "redirect",              // required
//!     notification_url = "https://shop.example/notify", // fixed values, checked at compile time
//!     notification_method = "POST",                     // signed POST notifications
//!     redirect_url = "https://shop.example/thanks",
//!     cancel_url = "https://shop.example/cancel",
//!     locale = "nl_NL",                                 // customer.locale
//! )]
//! struct Checkout {
//!     order_id: String,             // a field named after an API field supplies it
//!     currency: Currency,
//!     #[msp_order(amount)]          // or a field attribute names the API field it supplies
//!     total_cents: u64,
//!     description: String,
//!     ip_address: std::net::IpAddr, // customer.ip_address, by its leaf name
//!     country: String,              // customer.country: the fraud check needs it for cards
//!     email: Option<String>,        // optional API fields may be `Option`
//!     internal_note: String,        // the merchant's own: left alone
//! }
//!
//! let checkout = Checkout {
//!     order_id: "my-order-id-1".into(),
//!     currency: Currency::EUR,
//!     total_cents: 1000,
//!     description: "Test Order Description".into(),
//!     ip_address: [127, 0, 0, 1].into(),
//!     country: "NL".into(),
//!     email: None,
//!     internal_note: String::new(),
//! };
//! let request = checkout.to_request()?;
//! assert_eq!(request.amount.minor_units(), 1000);
//! # Ok::<(), msp::ValidationErrors>(())
//! ```
//!
//! # The attribute
//!
//! On the struct, `#[msp_order(key = value, ...)]`:
//! - `gateway = "AMEX"` and `flow = "redirect"` (the API's `type`): required; an unknown gateway,
//!   or a flow the gateway does not offer, is a compile error.
//! - Fixed values, checked at compile time by the same rules as run-time values:
//!   `currency`, `description`, `notification_url`, `redirect_url`, `cancel_url`,
//!   `close_window` (`true`/`false`) and the customer's `locale`.
//! - `crate = "path"`: where the `msp` crate is, if you renamed the dependency.
//! - `allow(fraud_check, deprecated_gateway, get_notification)`: silences, for this struct, the
//!   derive's warnings (printed by rustc as "use of deprecated constant" at the struct's name)
//!   about fields MultiSafepay's fraud check needs but nothing supplies (such as
//!   `customer.country` for card orders: without them a payment may end Uncleared or Declined),
//!   a deprecated gateway (GIROPAY, DIRECTBANK), and a notification URL without
//!   `notification_method` (MultiSafepay then calls it by GET, with no signed body).
//!
//! A field named after an order field the derive cannot supply (`items`, `second_chance`, ...)
//! is a compile error rather than a field silently left out of the request: rename it, or mark
//! it `#[msp_order(skip)]`.
//!
//! On a field: `#[msp_order(amount)]` or `#[msp_order(customer.ip_address)]` names the API field
//! it supplies (by default a field supplies the API field of its own name, by leaf name where
//! that is unambiguous); `#[msp_order(skip)]` leaves a field alone whatever its name. A field
//! named `customer` (of type [`Customer`] or `Option<Customer>`) supplies the whole customer
//! object; single customer fields and a fixed `locale` override its values.
//!
//! Each API field the gateway and flow require must be supplied exactly once. Field types:
//! amounts `u64`, `u32` or [`Amount`] (never a float: amounts are integer minor units);
//! the currency [`Currency`]; text `String`, `&str` or `Cow<str>`; the order id text or any
//! integer type; IP addresses also `std::net::IpAddr`; URLs also `url::Url`; and `Option` of
//! these for the API fields that are not required.
//!
//! # What this crate exports
//!
//! The derive [`MspOrder`] and the trait it implements, [`Order`]; the order model
//! ([`OrderRequest`] and its parts); the typed values ([`Currency`], [`Gateway`], [`Flow`],
//! [`OrderStatus`]) and the violations of the rules ([`ValidationErrors`]); with the `client`
//! feature, the HTTP [`Client`] and its [`Error`]; with the `webhook` feature, [`webhook`]. The
//! gateway catalogue and the rules themselves stay in `msp-core`: the derive and the client apply
//! them for you.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use msp_macros::MspOrder;

// The typed values an order is made of, and the status MultiSafepay reports.
pub use msp_core::{
    Currency, Flow, Gateway, OrderStatus, ParseCurrencyError, ParseFlowError, ParseGatewayError,
};

// What the derive produces and what its run-time checks report.
pub use msp_core::{
    Amount, Customer, Field, NotificationMethod, Order, OrderId, OrderRequest, PaymentOptions,
    ValidationErrors, Violation,
};

// The borrowing parts of a request: the customer and delivery address as the request carries
// them, and a customer's IP address, typed or text.
pub use msp_core::{CustomerIp, OrderCustomer, OrderDelivery};

// The order's typed parts: the shopping cart and its tax tables, the delivery address, and the
// payment method's `gateway_info`.
pub use msp_core::{
    AlternateTaxTable, CartItem, CheckoutOptions, DefaultTaxTable, Delivery, GatewayInfo,
    ShoppingCart, TaxRate, TaxRule, TaxTables, SHIPPING_ITEM_ID,
};

// The HTTP client.
/// What a derived struct's `submit(&client)` returns: `.await` it.
#[cfg(feature = "client")]
pub use msp_core::Submission;
#[cfg(feature = "client")]
pub use msp_core::TransportError;
#[cfg(feature = "client")]
pub use msp_core::{
    Client, ClientBuilder, CreatedOrder, Environment, Error, OrderDetails, RetryPolicy,
    DEFAULT_TIMEOUT, MAX_BODY,
};

// After the order: refunds, captures, updates, and what the order shows of them.
#[cfg(feature = "client")]
pub use msp_core::{
    Capture, Captured, OrderUpdate, PaymentDetails, Refund, Refunded, RelatedTransaction,
};
// Discovery and listings: what the account offers, its transactions, recurring tokens, and the
// escape hatch for endpoints not typed yet.
pub use msp_core::{
    AccountGateway, AllowedAmount, AppSupport, Apps, Brand, IconUrls, Issuer, PaymentMethod,
    PaymentMethodQuery, RecurringModels, Token, Tokenization, Transaction, TransactionQuery,
};
#[cfg(feature = "client")]
pub use msp_core::{Method, Transactions};
// The merchant's account as `msp-account.json` records it (`msp sync`): the derive reads the file
// at compile time, `ClientBuilder::account` checks orders against it at run time.
pub use msp_core::{Account, AccountError, AccountMethod};

/// `url::Url`, which URL fields of a derived order accept.
#[cfg(feature = "client")]
pub use msp_core::derive_support::url;

#[cfg(feature = "webhook")]
pub mod webhook;

/// What the code generated by `#[derive(MspOrder)]` calls. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use msp_core::derive_support::*;
}

/// The crate's internals are not part of its API: the catalogue, the rules and the name
/// suggestions stay in `msp-core`, so that changing them is not a breaking change of `msp`.
///
/// ```compile_fail
/// use msp::rules;
/// ```
/// ```compile_fail
/// use msp::suggest;
/// ```
/// ```compile_fail
/// use msp::catalogue;
/// ```
/// ```compile_fail
/// use msp::Kind;
/// ```
#[cfg(doctest)]
pub struct InternalsStayInCore;

// The README's examples compile with `msp` alone (the one that needs the caller's own
// `my_checkout` is marked `ignore`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
