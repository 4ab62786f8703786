//! Why a notification was rejected.

use std::fmt;
use std::time::Duration;

/// Why a notification was rejected.
///
/// The variants from [`MissingHeader`](Error::MissingHeader) to
/// [`MalformedSignature`](Error::MalformedSignature) mean the `Auth` header is not in MultiSafepay's format at all;
/// [`SignatureMismatch`](Error::SignatureMismatch) means it is well formed but was not made from
/// this body with this API key; [`Stale`](Error::Stale) and [`Future`](Error::Future) are only
/// reported for a signature that *is* valid, whose timestamp is outside the tolerance.
///
/// Answer every error with a non-200 status (or no [`ACK`](super::ACK)), and do not act on the
/// body. No variant ever holds or prints the API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API key is empty (or only whitespace), so no signature can be trusted.
    EmptyApiKey,
    /// The `Auth` header is empty or missing.
    MissingHeader,
    /// The `Auth` header is not standard base64 (with padding).
    InvalidBase64,
    /// The `Auth` header decodes to bytes that are not UTF-8 text.
    NotUtf8,
    /// The decoded `Auth` header has no `:` between the timestamp and the signature.
    MissingColon,
    /// The timestamp in the decoded `Auth` header is not a number of seconds (ASCII digits).
    InvalidTimestamp,
    /// The signature in the decoded `Auth` header is not 128 hexadecimal characters.
    MalformedSignature {
        /// How many characters the signature part had.
        len: usize,
    },
    /// The signature does not match the body and the API key.
    SignatureMismatch,
    /// The signature is valid but older than the tolerance: a replay, or a delivery that took
    /// too long (MultiSafepay retries with a fresh timestamp).
    Stale {
        /// How long ago the notification was signed.
        age: Duration,
        /// The tolerance it exceeded.
        tolerance: Duration,
    },
    /// The signature is valid but its timestamp is further in the future than the tolerance:
    /// usually this server's clock is behind.
    Future {
        /// How far ahead of this server's clock the timestamp is.
        ahead: Duration,
        /// The tolerance it exceeded.
        tolerance: Duration,
    },
    /// The body is authentic but is not the JSON of a MultiSafepay order (only from the
    /// `verify_and_parse` functions).
    InvalidBody(serde_json::Error),
    /// A `GET` notification without the `transactionid` query parameter (the order id).
    MissingTransactionId,
    /// A `GET` notification (unsigned, only the order id) where only signed `POST` ones are
    /// accepted (the `Signed` extractor, which has no client to fetch the order with).
    UnsignedGet,
    /// The notification came with another method than `POST` (signed) or `GET` (unsigned).
    UnexpectedMethod {
        /// The method, as received (at most 16 characters).
        method: String,
    },
    /// The order of a notification could not be fetched from MultiSafepay (for a `GET`
    /// notification, or when the current state was asked for).
    #[cfg(feature = "client")]
    Fetch(crate::Error),
}

impl Error {
    /// The HTTP status to answer a rejected notification with: 401 when the signature is
    /// missing, malformed, wrong or out of date; 400 when the notification is not one; 405
    /// for another method; 404 when MultiSafepay has no such order; 503 when fetching the
    /// order failed in a way that may pass (MultiSafepay retries: that is wanted); 500 when no
    /// API key is configured and 502 for the other failures to fetch.
    pub fn http_status(&self) -> u16 {
        match self {
            Error::EmptyApiKey => 500,
            Error::MissingHeader
            | Error::InvalidBase64
            | Error::NotUtf8
            | Error::MissingColon
            | Error::InvalidTimestamp
            | Error::MalformedSignature { .. }
            | Error::SignatureMismatch
            | Error::Stale { .. }
            | Error::Future { .. } => 401,
            Error::InvalidBody(_) | Error::MissingTransactionId => 400,
            Error::UnsignedGet | Error::UnexpectedMethod { .. } => 405,
            #[cfg(feature = "client")]
            Error::Fetch(e) if e.is_unknown_order() => 404,
            #[cfg(feature = "client")]
            Error::Fetch(e) if e.is_transient() => 503,
            #[cfg(feature = "client")]
            Error::Fetch(_) => 502,
        }
    }

    /// A short reason to answer a rejected notification with, in a few words: never the key,
    /// nor anything of the request or of MultiSafepay's answer. [`Display`](fmt::Display) says
    /// more, for the log.
    pub fn reason(&self) -> &'static str {
        match self {
            Error::EmptyApiKey => "notifications cannot be verified: no API key is configured",
            Error::MissingHeader => "missing Auth header",
            Error::InvalidBase64
            | Error::NotUtf8
            | Error::MissingColon
            | Error::InvalidTimestamp
            | Error::MalformedSignature { .. } => "malformed Auth header",
            Error::SignatureMismatch => "invalid signature",
            Error::Stale { .. } => "signature expired",
            Error::Future { .. } => "signature timestamp in the future",
            Error::InvalidBody(_) => "the body is not a MultiSafepay order",
            Error::MissingTransactionId => "missing transactionid",
            Error::UnsignedGet => "only signed POST notifications are accepted here",
            Error::UnexpectedMethod { .. } => "notifications are POST or GET",
            #[cfg(feature = "client")]
            Error::Fetch(e) if e.is_unknown_order() => "no such order",
            #[cfg(feature = "client")]
            Error::Fetch(_) => "could not fetch the order; try again later",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyApiKey => f.write_str(
                "the API key is empty: notifications cannot be verified without the site's API key \
                 (is MSP_API_KEY set?)",
            ),
            Error::MissingHeader => f.write_str(
                "the Auth header is empty or missing: only POST notifications are signed (a GET \
                 notification must be confirmed by fetching the order)",
            ),
            Error::InvalidBase64 => f.write_str(
                "the Auth header is not valid base64: MultiSafepay sends base64 of \
                 \"<timestamp>:<signature>\"; pass the header value unchanged",
            ),
            Error::NotUtf8 => f.write_str(
                "the Auth header decodes to bytes that are not text; expected \
                 \"<timestamp>:<signature>\"",
            ),
            Error::MissingColon => f.write_str(
                "the decoded Auth header has no ':' between the timestamp and the signature",
            ),
            Error::InvalidTimestamp => f.write_str(
                "the timestamp in the Auth header is not a whole number of seconds since 1970",
            ),
            Error::MalformedSignature { len } => write!(
                f,
                "the signature in the Auth header is not 128 hexadecimal characters \
                 (an HMAC-SHA512): it has {len} characters or a non-hex character"
            ),
            Error::SignatureMismatch => f.write_str(
                "the signature does not match: the body was altered, it was signed with another \
                 API key than this site's, or the body was re-encoded before verifying (pass the \
                 raw request body bytes)",
            ),
            Error::Stale { age, tolerance } => write!(
                f,
                "the notification was signed {}s ago, more than the {}s allowed: it may be a \
                 replay (MultiSafepay retries with a fresh timestamp); check this server's clock \
                 if this happens to every notification",
                age.as_secs(),
                tolerance.as_secs()
            ),
            Error::Future { ahead, tolerance } => write!(
                f,
                "the notification's timestamp is {}s ahead of this server's clock, more than the \
                 {}s allowed: check this server's clock",
                ahead.as_secs(),
                tolerance.as_secs()
            ),
            Error::InvalidBody(e) => write!(
                f,
                "the notification is authentic but its body is not a MultiSafepay order: {e}"
            ),
            Error::MissingTransactionId => f.write_str(
                "the GET notification has no `transactionid` query parameter: MultiSafepay calls \
                 `notification_url?transactionid=<order_id>&timestamp=<unix seconds>`",
            ),
            Error::UnsignedGet => f.write_str(
                "an unsigned GET notification where only signed POST ones are accepted: have the \
                 order ask for `notification_method = \"POST\"`, or take `Notified`, which \
                 fetches the order of a GET notification with the client",
            ),
            Error::UnexpectedMethod { method } => write!(
                f,
                "a notification with method {method}: MultiSafepay notifies with POST (the signed \
                 order) or GET (only its id)"
            ),
            #[cfg(feature = "client")]
            Error::Fetch(e) => write!(f, "could not fetch the notified order: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidBody(e) => Some(e),
            #[cfg(feature = "client")]
            Error::Fetch(e) => Some(e),
            _ => None,
        }
    }
}
