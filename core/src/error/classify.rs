//! What an [`Error`] means for the next step: every question the client (and its caller) asks
//! of an error is answered here, and nowhere else.

use super::Error;
use std::time::Duration;

/// MultiSafepay's error 1006: on `POST /orders` the order id is taken; on
/// `GET /orders/{order_id}` no such order (`components/errors/Error1006.yaml`).
const INVALID_TRANSACTION_ID: i64 = 1006;

/// MultiSafepay's error 1034: cannot refund (more than is left, or the same refund again
/// within 5 minutes; docs.multisafepay.com, "Error codes").
const CANNOT_REFUND: i64 = 1034;

impl Error {
    /// Whether trying again may succeed: connection failures, timeouts, 429, 502/503/504, an
    /// answer to a request that went through but was cut off or garbled.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Transport(_) | Error::Unavailable { .. } | Error::RateLimited { .. } => true,
            Error::Decode { status, .. } => is_success(*status),
            _ => false,
        }
    }

    /// Whether the request may have reached MultiSafepay and been acted on although it failed:
    /// a timeout, a connection lost after sending, an answer cut off or garbled, a 5xx. A write
    /// that failed so is looked up before it is sent again.
    pub(crate) fn is_ambiguous(&self) -> bool {
        match self {
            Error::Transport(e) => !e.is_connect(),
            Error::Unavailable { .. } => true,
            Error::Decode { status, .. } => is_success(*status),
            _ => false,
        }
    }

    /// How long MultiSafepay asked to wait (`Retry-After` of a 429).
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// Whether a timeout ended the request.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// MultiSafepay's `error_code`, for an [`Error::Api`].
    pub fn error_code(&self) -> Option<i64> {
        match self {
            Error::Api { error_code, .. } => *error_code,
            _ => None,
        }
    }

    /// Whether MultiSafepay refused a new order because its `order_id` was used before
    /// (error 1006). After [`Error::OutcomeUnknown`] this usually means the first submit
    /// created it.
    pub fn is_duplicate_order_id(&self) -> bool {
        self.error_code() == Some(INVALID_TRANSACTION_ID)
    }

    /// Whether MultiSafepay refused a refund (error 1034, "cannot refund": more than is left,
    /// or the same refund again within 5 minutes). After a failure that may have reached
    /// MultiSafepay this usually means the first attempt made the refund.
    pub fn is_refund_refused(&self) -> bool {
        self.error_code() == Some(CANNOT_REFUND)
    }

    /// Whether a lookup of an order found none: HTTP 404, or error 1006 with any status.
    pub(crate) fn is_unknown_order(&self) -> bool {
        matches!(self, Error::Api { status: 404, .. })
            || self.error_code() == Some(INVALID_TRANSACTION_ID)
    }

    /// A short name of the kind of failure, for logs: never the message, which may quote the
    /// answer's body.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Error::Transport(e) if e.is_timeout() => "timeout",
            Error::Transport(_) => "transport",
            Error::Unavailable { .. } => "unavailable",
            Error::RateLimited { .. } => "rate_limited",
            Error::Decode { .. } => "unreadable_answer",
            Error::Api { .. } => "api",
            Error::Validation(_) => "validation",
            Error::OutcomeUnknown { .. } => "outcome_unknown",
            Error::Config(_) => "config",
            Error::Redirect { .. } => "redirect",
            Error::MissingPaymentUrl { .. } => "missing_payment_url",
        }
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrderStatus;

    fn api(status: u16, code: Option<i64>) -> Error {
        Error::Api {
            status,
            error_code: code,
            error_info: String::new(),
        }
    }

    fn decode(status: u16) -> Error {
        Error::Decode {
            status,
            reason: String::new(),
            snippet: String::new(),
        }
    }

    #[test]
    fn each_error_is_classified() {
        let wait = Some(Duration::from_secs(3));
        // error, transient, ambiguous (may have landed), unknown order, duplicate, retry_after, kind
        #[rustfmt::skip]
        let table = [
            (Error::Unavailable { status: 503 },        true,  true,  false, false, None, "unavailable"),
            (Error::RateLimited { retry_after: wait },  true,  false, false, false, wait, "rate_limited"),
            (decode(200),                               true,  true,  false, false, None, "unreadable_answer"),
            (decode(299),                               true,  true,  false, false, None, "unreadable_answer"),
            (decode(300),                               false, false, false, false, None, "unreadable_answer"),
            (decode(400),                               false, false, false, false, None, "unreadable_answer"),
            (api(200, Some(1006)),                      false, false, true,  true,  None, "api"),
            (api(404, None),                            false, false, true,  false, None, "api"),
            (api(404, Some(1032)),                      false, false, true,  false, None, "api"),
            (api(403, Some(1032)),                      false, false, false, false, None, "api"),
            (Error::Redirect { status: 307, location: None },
                                                        false, false, false, false, None, "redirect"),
            (Error::MissingPaymentUrl { order_id: "o".into(), status: OrderStatus::Completed },
                                                        false, false, false, false, None, "missing_payment_url"),
            (Error::Config(String::new()),              false, false, false, false, None, "config"),
            (Error::outcome_unknown("o".into(), Error::Unavailable { status: 503 }),
                                                        false, false, false, false, None, "outcome_unknown"),
        ];
        for (error, transient, ambiguous, unknown, duplicate, retry_after, kind) in table {
            assert_eq!(error.is_transient(), transient, "transient: {error:?}");
            assert_eq!(error.is_ambiguous(), ambiguous, "ambiguous: {error:?}");
            assert_eq!(
                error.is_unknown_order(),
                unknown,
                "unknown order: {error:?}"
            );
            assert_eq!(
                error.is_duplicate_order_id(),
                duplicate,
                "duplicate: {error:?}"
            );
            assert_eq!(error.retry_after(), retry_after, "retry_after: {error:?}");
            assert_eq!(error.kind(), kind, "{error:?}");
            assert!(!error.is_timeout(), "{error:?}");
        }
    }

    #[test]
    fn the_new_kinds_say_what_to_do() {
        let redirect = Error::Redirect {
            status: 301,
            location: Some("https://elsewhere.example/v1/json/orders".into()),
        };
        let text = redirect.to_string();
        assert!(
            text.contains("HTTP 301 to `https://elsewhere.example/v1/json/orders`"),
            "{text}"
        );
        assert!(text.contains("check the base URL"), "{text}");
        let missing = Error::MissingPaymentUrl {
            order_id: "o-1".into(),
            status: OrderStatus::Completed,
        };
        assert_eq!(
            missing.to_string(),
            "order `o-1` exists (status completed) but MultiSafepay gives no payment_url for it"
        );
    }
}
