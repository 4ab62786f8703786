//! The engine behind the [`msp`](https://docs.rs/msp) crate: MultiSafepay's gateway catalogue,
//! the order model and its validation, and the HTTP client.
//!
//! With default features off this crate is only the catalogue and the rules, with no
//! dependencies: `msp-macros` reads it at compile time, so the derive and the run-time validator
//! apply the same rules.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod account;
pub mod catalogue;
mod conversion;
mod countries;
mod currency;
#[doc(hidden)]
pub mod derive_support;
mod field;
mod flow;
pub mod rules;
mod status;
pub mod suggest;
mod validation;

pub use account::{Account, AccountError, AccountMethod};
pub use catalogue::{Gateway, ParseGatewayError};
pub use conversion::Conversion;
pub use currency::{Currency, ParseCurrencyError};
pub use field::{Field, Kind};
pub use flow::{Flow, ParseFlowError};
pub use status::OrderStatus;
pub use validation::{ValidationErrors, Violation};

#[cfg(feature = "serde")]
mod model;
#[cfg(feature = "serde")]
pub use model::{
    AlternateTaxTable, CartItem, CheckoutOptions, DefaultTaxTable, Delivery, GatewayInfo,
    ShoppingCart, TaxRate, TaxRule, TaxTables, SHIPPING_ITEM_ID,
};
#[cfg(feature = "serde")]
pub use model::{
    Amount, Customer, CustomerIp, NotificationMethod, Order, OrderCustomer, OrderDelivery, OrderId,
    OrderRequest, PaymentOptions,
};
#[cfg(feature = "serde")]
pub use model::{Capture, Captured, OrderUpdate, Refund, Refunded};
#[cfg(feature = "serde")]
mod order_details;
#[cfg(feature = "serde")]
pub use order_details::{OrderDetails, PaymentDetails, RelatedTransaction};
#[cfg(feature = "serde")]
mod discovery;
#[cfg(feature = "serde")]
pub use discovery::{
    AccountGateway, AllowedAmount, AppSupport, Apps, Brand, IconUrls, Issuer, PaymentMethod,
    PaymentMethodQuery, RecurringModels, Tokenization,
};
#[cfg(feature = "serde")]
mod token;
#[cfg(feature = "serde")]
pub use token::Token;
#[cfg(feature = "serde")]
mod raw_text;
#[cfg(feature = "serde")]
mod transaction;
#[cfg(feature = "serde")]
pub use transaction::{Transaction, TransactionQuery};

#[cfg(feature = "webhook")]
pub mod webhook;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
pub use client::Submission;
#[cfg(feature = "client")]
pub use client::{
    Client, ClientBuilder, CreatedOrder, Environment, Method, RetryPolicy, Transactions,
    DEFAULT_TIMEOUT, MAX_BODY,
};
#[cfg(feature = "client")]
pub use error::{Error, TransportError};

/// The seeded generator behind the client's retry jitter and the sandbox's fault plans; not
/// part of the public API.
#[doc(hidden)]
pub mod prng;

/// MultiSafepay's lenient reading of a flag (`true`, `"1"`, `"TRUE"`...), for the sandbox; not
/// part of the public API.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub use model::lenient::bool_value as lenient_flag;
