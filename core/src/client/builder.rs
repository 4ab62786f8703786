//! Building a [`Client`]: environment, key, base URL, timeouts.

use super::{Client, Inner, RetryPolicy};
use crate::Error;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Which MultiSafepay API to talk to. Defaults to `Test`: live is always an explicit choice.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Environment {
    /// `https://testapi.multisafepay.com/v1/json/`: test keys, no real money.
    #[default]
    Test,
    /// `https://api.multisafepay.com/v1/json/`: live keys, real money.
    Live,
}

impl Environment {
    /// The base URL of the JSON API.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Test => "https://testapi.multisafepay.com/v1/json/",
            Environment::Live => "https://api.multisafepay.com/v1/json/",
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "test" => Ok(Environment::Test),
            "live" => Ok(Environment::Live),
            _ => Err(Error::Config(format!(
                "environment `{s}` is neither `test` nor `live`"
            ))),
        }
    }
}

/// Builds a [`Client`]; from [`Client::builder`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    environment: Environment,
    base_url: Option<String>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    account: Option<Arc<crate::Account>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("account", &self.account.as_ref().map(|a| a.methods.len()))
            .finish()
    }
}

/// The longest a request may take unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl ClientBuilder {
    /// The site's API key (from MultiSafepay Control). Sent in the `api_key` header only.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Test (the default) or live.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Another base URL, such as the local sandbox's; wins over the environment. Must be https,
    /// except on loopback, and end in the JSON API's path, `/json/` (as
    /// `https://testapi.multisafepay.com/v1/json/` and the sandbox's URL do): a host alone is
    /// refused with an [`Error::Config`] that says so, rather than every request answering
    /// "error 1000, Not found".
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The longest one request may take, connecting included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How transient failures are retried ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The merchant's account, as `msp-account.json` records it (see [`crate::account`]): every
    /// order is then checked against it before it is sent (its gateway enabled, its flow and
    /// currency allowed, its amount within the account's limits), and one that does not fit is an
    /// [`Error::Validation`] naming the limit, with no byte sent.
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = msp::Client::builder()
    ///     .api_key("your-test-api-key")
    ///     .account(msp::Account::load("msp-account.json")?)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn account(mut self, account: crate::Account) -> Self {
        self.account = Some(Arc::new(account));
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = self.api_key.as_deref().map(str::trim).unwrap_or_default();
        if api_key.is_empty() {
            return Err(Error::Config(
                "no API key: call `.api_key(..)` or set MSP_API_KEY (MultiSafepay Control, Settings > Website)".into(),
            ));
        }
        let mut key = HeaderValue::from_str(api_key).map_err(|_| {
            Error::Config("the API key contains characters a header cannot carry".into())
        })?;
        key.set_sensitive(true);

        let base_url = parse_base_url(
            self.base_url
                .as_deref()
                .unwrap_or(self.environment.base_url()),
        )?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);

        let mut headers = HeaderMap::new();
        headers.insert("api_key", key);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let loopback = is_loopback(&base_url);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            // The API never redirects; following one would carry the `api_key` header to
            // wherever it points (reqwest strips only the standard auth headers).
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!loopback)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("msp-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("could not start the HTTP client: {e}")))?;
        let jitter = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos().into());
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                orders: base_url
                    .join("orders")
                    .map_err(|e| Error::Config(format!("the base URL cannot take paths ({e})")))?,
                base_url,
                retry: self.retry,
                account: self.account,
                jitter: jitter.into(),
                #[cfg(feature = "webhook")]
                verifier: crate::webhook::Verifier::new(api_key),
            }),
        })
    }
}

/// Parses and checks a base URL: https, or http on loopback only (the sandbox, tests), and the
/// JSON API's path (`.../json/`).
///
/// Errors name the scheme and host only: a pasted URL may carry a key in its query.
fn parse_base_url(raw: &str) -> Result<Url, Error> {
    let mut url =
        Url::parse(raw).map_err(|e| Error::Config(format!("the base URL is not a URL ({e})")))?;
    let shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(Error::Config(format!(
                "base URL `{shown}` must use https (plain http is only allowed on loopback, for the sandbox)"
            )))
        }
    }
    if url.query().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "base URL `{shown}` must not carry a query or credentials: the API key goes in `.api_key(..)`"
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    // Every endpoint is relative to the JSON API's root (`docsopenapi.yaml`, `servers:
    // https://testapi.multisafepay.com/v1/json`); a host alone answers "1000, Not found".
    if !url.path().ends_with("/json/") {
        return Err(Error::Config(format!(
            "base URL `{shown}` does not point at the JSON API's root: its path should end in \
             `/json/`, such as {} (or the sandbox's `Sandbox::url()`, \
             http://127.0.0.1:PORT/v1/json/)",
            Environment::Test.base_url()
        )));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_unless_loopback() {
        assert!(parse_base_url("https://testapi.multisafepay.com/v1/json/").is_ok());
        assert!(parse_base_url("http://127.0.0.1:8080/v1/json/").is_ok());
        assert!(parse_base_url("http://[::1]:8080/v1/json").is_ok());
        assert!(parse_base_url("http://localhost:1/v1/json/").is_ok());
        for bad in [
            "http://api.multisafepay.com/v1/json/",
            "http://10.0.0.1/",
            "ftp://127.0.0.1/",
            "not a url",
            "https://user:pw@api.example/",
            "https://api.example/?api_key=x",
        ] {
            assert!(
                matches!(parse_base_url(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
        assert_eq!(
            parse_base_url("http://127.0.0.1:1/v1/json").unwrap().path(),
            "/v1/json/"
        );
    }

    #[test]
    fn a_base_url_without_the_api_path_says_what_it_expects() {
        for bad in [
            "https://testapi.multisafepay.com",
            "https://testapi.multisafepay.com/v1/",
            "http://127.0.0.1:8080/",
            "https://testapi.multisafepay.com/v1/json/orders",
        ] {
            let Err(Error::Config(message)) = parse_base_url(bad) else {
                panic!("{bad} was accepted");
            };
            assert!(
                message.contains("should end in `/json/`")
                    && message.contains("https://testapi.multisafepay.com/v1/json/"),
                "{message}"
            );
        }
        let error = Client::builder()
            .api_key("k")
            .base_url("https://testapi.multisafepay.com")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("`/json/`"), "{error}");
    }

    #[test]
    fn build_refuses_a_missing_key_and_hides_a_given_one() {
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
        assert!(matches!(
            Client::builder().api_key("  ").build(),
            Err(Error::Config(_))
        ));
        let builder = Client::builder().api_key("secret-key-123");
        assert!(!format!("{builder:?}").contains("secret-key-123"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("secret-key-123"));
        let bad = Client::builder()
            .api_key("secret\nkey")
            .build()
            .unwrap_err();
        assert!(!bad.to_string().contains("secret"));
    }

    #[test]
    fn environment_defaults_to_test() {
        let client = Client::builder().api_key("k").build().unwrap();
        assert_eq!(
            client.base_url(),
            "https://testapi.multisafepay.com/v1/json/"
        );
        assert_eq!("LIVE".parse::<Environment>().unwrap(), Environment::Live);
        assert!("prod".parse::<Environment>().is_err());
    }
}
