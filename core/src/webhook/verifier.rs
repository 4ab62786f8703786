//! [`Verifier`]: the API key, the tolerance and the clock that notifications are checked with.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::signature::{keyed, AuthHeader, HmacSha512};
use super::{Error, Notification, DEFAULT_TOLERANCE};

/// A clock that a [`Verifier`] reads the current time from.
type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Checks notifications with one API key, a tolerance and a clock.
///
/// Build it once and share it (it is cheap to clone, `Send` and `Sync`):
///
/// ```
/// # use msp_core as msp;
/// use std::time::Duration;
/// use msp::webhook::Verifier;
///
/// let verifier = Verifier::new("site-api-key").tolerance(Duration::from_secs(300));
/// # let body = b"{}";
/// # let auth = msp::webhook::sign(body, "site-api-key", 1);
/// // in the handler, with the raw body bytes and the `Auth` header:
/// match verifier.verify(body, &auth) {
///     Ok(()) => { /* act on it, answer 200 with webhook::ACK */ }
///     Err(e) => eprintln!("notification rejected: {e}"),
/// }
/// ```
///
/// Its `Debug` output never shows the API key.
#[derive(Clone)]
pub struct Verifier {
    /// The HMAC keyed with the trimmed API key; `None` when that key is empty.
    mac: Option<HmacSha512>,
    tolerance: Duration,
    /// `None` is the system clock.
    clock: Option<Clock>,
}

impl Verifier {
    /// A verifier for the site whose API key is `api_key` (surrounding whitespace is ignored),
    /// with the default tolerance ([`DEFAULT_TOLERANCE`], 600 s) and the system clock.
    ///
    /// An empty key is not refused here, but every verification with it fails with
    /// [`Error::EmptyApiKey`].
    #[must_use]
    pub fn new(api_key: &str) -> Self {
        Verifier {
            mac: keyed(api_key),
            tolerance: DEFAULT_TOLERANCE,
            clock: None,
        }
    }

    /// The verifier of a [`Client`](crate::Client): keyed with the API key the client was built
    /// with, so that the key is configured once. The same as
    /// [`Client::webhook_verifier`](crate::Client::webhook_verifier).
    #[cfg(feature = "client")]
    #[must_use]
    pub fn from_client(client: &crate::Client) -> Self {
        client.webhook_verifier()
    }

    /// A verifier keyed with `MSP_API_KEY`, the variable `Client::from_env` reads, for a
    /// notification handler that has no client.
    ///
    /// Fails with [`Error::EmptyApiKey`] when the variable is unset or blank.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_key_var(std::env::var("MSP_API_KEY").ok())
    }

    /// [`Verifier::from_env`] given the variable's value.
    fn from_key_var(value: Option<String>) -> Result<Self, Error> {
        let verifier = Verifier::new(value.as_deref().unwrap_or_default());
        match verifier.mac {
            Some(_) => Ok(verifier),
            None => Err(Error::EmptyApiKey),
        }
    }

    /// How far the signature's timestamp may be from now, in the past or the future, whole
    /// seconds compared; [`Duration::ZERO`] turns the check off.
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Reads the current time from `clock` instead of the system clock (for tests, or a
    /// trusted time source).
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Checks that `auth_header` (the `Auth` header's value) signs `body` (the raw request
    /// body, exactly as received) with this verifier's API key, and that its timestamp is
    /// within the tolerance.
    ///
    /// The signature is compared in constant time, and checked before the timestamp: a
    /// [`Error::Stale`] or [`Error::Future`] is only reported for a genuine signature.
    pub fn verify(&self, body: &[u8], auth_header: &str) -> Result<(), Error> {
        let mac = self.mac.as_ref().ok_or(Error::EmptyApiKey)?;
        let header = AuthHeader::parse(auth_header)?;
        header.check(mac, body)?;
        self.check_freshness(header.timestamp)
    }

    /// [`verify`](Verifier::verify), then reads the body into a [`Notification`].
    pub fn verify_and_parse(&self, body: &[u8], auth_header: &str) -> Result<Notification, Error> {
        self.verify(body, auth_header)?;
        serde_json::from_slice(body).map_err(Error::InvalidBody)
    }

    fn check_freshness(&self, timestamp: u64) -> Result<(), Error> {
        if self.tolerance.is_zero() {
            return Ok(());
        }
        let now = self
            .clock
            .as_ref()
            .map_or_else(SystemTime::now, |clock| clock());
        // A clock before 1970 is read as 1970: every timestamp then looks like the future.
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        if now >= timestamp {
            let age = Duration::from_secs(now - timestamp);
            if age > self.tolerance {
                return Err(Error::Stale {
                    age,
                    tolerance: self.tolerance,
                });
            }
        } else {
            let ahead = Duration::from_secs(timestamp - now);
            if ahead > self.tolerance {
                return Err(Error::Future {
                    ahead,
                    tolerance: self.tolerance,
                });
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field(
                "api_key",
                &format_args!(
                    "{}",
                    if self.mac.is_some() {
                        "<redacted>"
                    } else {
                        "<empty>"
                    }
                ),
            )
            .field("tolerance", &self.tolerance)
            .field(
                "clock",
                &format_args!(
                    "{}",
                    if self.clock.is_some() {
                        "custom"
                    } else {
                        "system"
                    }
                ),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_env_needs_a_key() {
        assert!(matches!(
            Verifier::from_key_var(None),
            Err(Error::EmptyApiKey)
        ));
        assert!(matches!(
            Verifier::from_key_var(Some("  ".into())),
            Err(Error::EmptyApiKey)
        ));
        let verifier = Verifier::from_key_var(Some(" site-key\n".into())).unwrap();
        let body = b"{}";
        let auth = super::super::sign(body, "site-key", 1);
        assert!(verifier
            .tolerance(Duration::ZERO)
            .verify(body, &auth)
            .is_ok());
    }

    #[cfg(feature = "client")]
    #[test]
    fn a_clients_verifier_has_its_key() {
        let client = crate::Client::builder()
            .api_key("client-key")
            .build()
            .unwrap();
        let body = b"{}";
        let auth = super::super::sign(body, "client-key", 1);
        for verifier in [client.webhook_verifier(), Verifier::from_client(&client)] {
            let verifier = verifier.tolerance(Duration::ZERO);
            assert!(verifier.verify(body, &auth).is_ok());
            let other = super::super::sign(body, "other-key", 1);
            assert!(verifier.verify(body, &other).is_err());
        }
    }
}
