//! Verification of MultiSafepay's signed notifications (webhooks).
//!
//! With `notification_method` `POST`, MultiSafepay posts the full order JSON to the
//! notification URL (`?transactionid=<order_id>&timestamp=<unix>`) with an `Auth` header:
//! base64 of `"<timestamp>:<hex HMAC-SHA512>"`, keyed with the site's API key, over
//! `"<timestamp>:"` followed by the body. Pass the **raw body bytes exactly as received**: a body
//! parsed and serialised again no longer matches its signature.
//!
//! ```
//! # use msp_core as msp;
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
//! and fetch the order (`GET /orders/{order_id}`). With the `client` feature, [`Incoming`] and
//! [`resolve`] read a notification of either method into the same typed order, fetching a
//! `GET`'s with the client, and say what a handler gets when notifications repeat or arrive out
//! of order. With the `axum` feature, the extractors `Notified`, `Current` and `Signed` do it in
//! an axum handler. The key is configured once: `Client::webhook_verifier`,
//! `Verifier::from_client` or [`Verifier::from_env`].
//!
//! MultiSafepay's page on notifications: <https://docs.multisafepay.com/docs/webhook>.

mod error;
#[cfg(feature = "axum")]
mod extract;
#[cfg(feature = "client")]
mod incoming;
mod signature;
mod verifier;

#[cfg(test)]
mod tests;

use std::time::Duration;

pub use error::Error;
#[cfg(feature = "axum")]
pub use extract::{Current, Notified, Rejection, Signed};
#[cfg(feature = "client")]
pub use incoming::{resolve, Incoming};
pub use signature::sign;
pub use verifier::Verifier;

/// A verified notification: the order MultiSafepay posts, the same [`OrderDetails`] that
/// [`Client::get_order`](crate::Client::get_order) returns (the body of a `POST` notification
/// is the `data` of `GET /orders/{order_id}`), its status an [`OrderStatus`].
///
/// [`OrderDetails`]: crate::OrderDetails
/// [`OrderStatus`]: crate::OrderStatus
pub type Notification = crate::OrderDetails;

/// The body to answer a notification with, with HTTP status 200.
///
/// MultiSafepay counts a notification as delivered only on HTTP 200 with `OK` within the first
/// 100 characters of the response body; otherwise it retries 3 times, 15 minutes apart.
pub const ACK: &str = "OK";

/// The name of the request header that carries the signature.
pub const AUTH_HEADER: &str = "Auth";

/// How far a signature's timestamp may be from now by default: 600 seconds, as in
/// MultiSafepay's PHP SDK.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(600);

/// Checks that `auth_header` (the `Auth` header's value) signs `body` (the raw request body,
/// exactly as received) with `api_key` (surrounding whitespace ignored), and that its timestamp
/// is within [`DEFAULT_TOLERANCE`] of the system clock.
///
/// For another tolerance or clock, use a [`Verifier`].
pub fn verify(body: &[u8], auth_header: &str, api_key: &str) -> Result<(), Error> {
    Verifier::new(api_key).verify(body, auth_header)
}

/// [`verify`], then reads the body into a [`Notification`].
pub fn verify_and_parse(
    body: &[u8],
    auth_header: &str,
    api_key: &str,
) -> Result<Notification, Error> {
    Verifier::new(api_key).verify_and_parse(body, auth_header)
}
