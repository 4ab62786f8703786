//! Verification of MultiSafepay's signed notifications (webhooks).
//!
//! With `notification_method` `POST`, MultiSafepay posts the full order JSON to the
//! notification URL (`?transactionid=<order_id>&timestamp=<unix>`) with an `Auth` header:
//! base64 of `"<timestamp>:<hex HMAC-SHA512>"`, keyed with the site's API key, over
//! `"<timestamp>:"` followed by the body. Pass the **raw body bytes exactly as received**: a body
//! parsed and serialised again no longer matches its signature.
//!
//! ```
//! use msp::{webhook, OrderStatus};
//! # let api_key = "site-api-key";
//! # let now = std::time::SystemTime::now()
//! #     .duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
//! # let body: &[u8] = br#"{"order_id":"order-1","transaction_id":4680345,"status":"completed","amount":2500,"currency":"EUR"}"#;
//! # let auth_header = webhook::sign(body, api_key, now);
//! // `body`: the raw request body; `auth_header`: the value of the `Auth` header.
//! let notification = webhook::verify_and_parse(body, &auth_header, api_key)?;
//! if notification.status == OrderStatus::Completed {
//!     // mark notification.order_id as paid (notifications may repeat: make this idempotent)
//! }
//! // then answer HTTP 200 with the body webhook::ACK
//! # Ok::<(), webhook::Error>(())
//! ```
//!
//! A notification sent with `GET` (an order without `notification_method` gets these) has no
//! body and no signature, only `?transactionid=<order_id>&timestamp=<unix>`: treat it as a hint
//! and fetch the order (`GET /orders/{order_id}`, `Client::get_order`). Ask for `POST` with the
//! derive's key: `#[msp_order(notification_method = "POST")]`.
//!
//! Both methods at once, the key configured once in the client:
//!
//! - in any framework, `resolve(&client, method, query, auth_header, body)` hands the order of a
//!   notification of either method (a `GET`'s fetched with the client); [`Incoming`] is the
//!   notification read but not yet resolved, and says what a handler gets when notifications
//!   repeat or arrive out of order;
//! - with the `axum` feature, the extractors `Notified` (either method), `Current` (always the
//!   current order, fetched) and `Signed` (signed `POST` only, needing just a [`Verifier`],
//!   such as `Verifier::from_env()`) hand the order to the handler and answer a rejected
//!   notification with its status and a short reason; with the `Client` as the router's state
//!   they need nothing else.
//!
//! MultiSafepay's page on notifications: <https://docs.multisafepay.com/docs/webhook>.

pub use msp_core::webhook::{
    sign, verify, verify_and_parse, Error, Notification, Verifier, ACK, AUTH_HEADER,
    DEFAULT_TOLERANCE,
};

// A notification of either method (signed `POST`, or `GET` with only the order id) and the
// order it stands for, with the client.
#[cfg(feature = "client")]
pub use msp_core::webhook::{resolve, Incoming};

// The axum extractors (feature `axum`).
#[cfg(feature = "axum")]
pub use msp_core::webhook::{Current, Notified, Rejection, Signed};

/// The order status of a [`Notification`]: [`crate::OrderStatus`], also reachable here, where
/// webhook handlers look for it (one documentation page: this is not inlined).
#[doc(no_inline)]
pub use crate::OrderStatus;
