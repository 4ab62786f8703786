//! The one error type of the client; what each error means for a retry is in [`classify`].

mod classify;
mod transport;

pub use transport::TransportError;

use crate::{OrderStatus, ValidationErrors};

/// Everything that can go wrong talking to MultiSafepay.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The order broke a rule; nothing was sent. Fix the listed fields.
    #[error("{0}; nothing was sent to MultiSafepay")]
    Validation(#[from] ValidationErrors),

    /// MultiSafepay answered and refused the request.
    #[error("MultiSafepay refused the request: {}", api_message(*.error_code, .error_info, *.status))]
    Api {
        /// The HTTP status (MultiSafepay also reports errors with 200).
        status: u16,
        /// MultiSafepay's `error_code`, such as 1006 (order id already used) or 1032 (bad API key).
        error_code: Option<i64>,
        /// MultiSafepay's `error_info`.
        error_info: String,
    },

    /// MultiSafepay is down or overloaded (an outage page, a 5xx); try again later.
    #[error("MultiSafepay is unavailable (HTTP {status}); try again later")]
    Unavailable {
        /// The HTTP status.
        status: u16,
    },

    /// MultiSafepay asked the client to slow down (HTTP 429).
    #[error("MultiSafepay is rate-limiting requests (HTTP 429); try again later")]
    RateLimited {
        /// How long MultiSafepay asked to wait (`Retry-After`).
        retry_after: Option<std::time::Duration>,
    },

    /// A write that may have taken effect (creating the order, a refund, a capture, an update)
    /// failed, and the retries ran out before a lookup of the order could tell whether it had.
    /// [`Client::get_order`](crate::Client::get_order) tells what became of it. Repeating the
    /// same write is safe: MultiSafepay refuses a second order with the same `order_id` (error
    /// 1006), and the client finds a refund or capture by its own id before sending it again.
    /// (An extension of the payment term leaves no trace to find: see
    /// [`OrderUpdate::extend_expiration`](crate::OrderUpdate::extend_expiration).)
    #[error("could not tell whether the request for order `{order_id}` took effect ({source}); it may have. Repeating the same request is safe (the same order id, refund id or capture id never takes effect twice); `get_order` tells what became of it")]
    OutcomeUnknown {
        /// The order's id.
        order_id: String,
        /// The last failure.
        source: Box<Error>,
    },

    /// The request did not complete: no connection, a timeout, a broken connection. Ask the
    /// [`TransportError`] which ([`is_timeout`](TransportError::is_timeout),
    /// [`is_connect`](TransportError::is_connect)).
    #[error("could not reach MultiSafepay: {0}")]
    Transport(#[source] TransportError),

    /// MultiSafepay's answer could not be read.
    #[error(
        "could not read MultiSafepay's answer (HTTP {status}): {reason}; it began: {snippet:?}"
    )]
    Decode {
        /// The HTTP status.
        status: u16,
        /// What was wrong with it.
        reason: String,
        /// The first characters of the body.
        snippet: String,
    },

    /// The client is set up wrongly (missing API key, a base URL that is not https...).
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// The answer was a redirect (HTTP 3xx). MultiSafepay's API never redirects, so the base URL
    /// is wrong (an old path, a proxy). It was not followed: the `api_key` header would have
    /// gone with it.
    #[error("MultiSafepay's API does not redirect, yet the answer was HTTP {status}{}; check the base URL (the redirect was not followed)", location_message(.location))]
    Redirect {
        /// The HTTP status.
        status: u16,
        /// Where it pointed (`Location`), when it said.
        location: Option<String>,
    },

    /// The order exists but MultiSafepay gives no payment page for it (no `payment_url`): it
    /// may be paid, cancelled or expired already. [`Client::get_order`](crate::Client::get_order)
    /// tells the rest.
    #[error(
        "order `{order_id}` exists (status {status}) but MultiSafepay gives no payment_url for it"
    )]
    MissingPaymentUrl {
        /// The order's id.
        order_id: String,
        /// The order's status.
        status: OrderStatus,
    },
}

impl Error {
    pub(crate) fn transport(error: reqwest::Error) -> Error {
        Error::Transport(TransportError::new(error))
    }

    pub(crate) fn outcome_unknown(order_id: String, source: Error) -> Error {
        Error::OutcomeUnknown {
            order_id,
            source: Box::new(source),
        }
    }
}

fn api_message(code: Option<i64>, info: &str, status: u16) -> String {
    let hint = match code {
        Some(1032) => " (check the API key and that it belongs to this environment: test keys only work against the test API)",
        Some(1006) => " (order ids must be unique per site: this one was used before)",
        Some(1023) => " (the payment method is not enabled for this site in MultiSafepay Control)",
        _ => "",
    };
    match code {
        Some(code) => format!("error {code}, {info}{hint} (HTTP {status})"),
        None => format!("{info} (HTTP {status})"),
    }
}

fn location_message(location: &Option<String>) -> String {
    location
        .as_deref()
        .map(|to| format!(" to `{to}`"))
        .unwrap_or_default()
}
