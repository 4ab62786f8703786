//! Setting the options and starting: [`SandboxBuilder`], and [`Sandbox::start`] and
//! [`Sandbox::builder`] that lead to it.

use crate::config::Config;
use crate::faults::Faults;
use crate::Sandbox;
use msp_core::Gateway;
use std::io;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

impl Sandbox {
    /// Starts a sandbox with the default options on a free port of `127.0.0.1`.
    ///
    /// # Panics
    /// If no loopback port can be bound or there is no Tokio runtime (as wiremock's
    /// `MockServer::start` does); [`SandboxBuilder::try_start`] returns the error instead.
    pub async fn start() -> Sandbox {
        Sandbox::builder().start().await
    }

    /// Options: API key, order cap, notification retries.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }
}

/// Options of a [`Sandbox`]; from [`Sandbox::builder`].
///
/// ```no_run
/// # async fn run() {
/// use std::time::Duration;
/// let sandbox = msp_sandbox::Sandbox::builder()
///     .api_key("my-test-key")
///     .max_orders(100)
///     .notification_retries(3)
///     .notification_retry_delay(Duration::from_millis(5))
///     .start()
///     .await;
/// # }
/// ```
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until `.start()`"]
pub struct SandboxBuilder {
    config: Config,
}

impl SandboxBuilder {
    /// The API key the sandbox accepts (default [`DEFAULT_API_KEY`](crate::DEFAULT_API_KEY));
    /// requests with another key are refused with error 1032.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.config.api_key = api_key.into();
        self
    }

    /// How many orders the sandbox keeps (default
    /// [`DEFAULT_MAX_ORDERS`](crate::DEFAULT_MAX_ORDERS), at least 1); beyond that the oldest is
    /// forgotten: `GET` finds it no more, and its id may be used again.
    pub fn max_orders(mut self, max_orders: usize) -> Self {
        self.config.max_orders = max_orders.max(1);
        self
    }

    /// How many times an unacknowledged notification is sent again (default 3).
    pub fn notification_retries(mut self, retries: u32) -> Self {
        self.config.notification_retries = retries;
        self
    }

    /// The wait before each retry of a notification (default
    /// [`DEFAULT_RETRY_DELAY`](crate::DEFAULT_RETRY_DELAY); tests can use a few milliseconds).
    pub fn notification_retry_delay(mut self, delay: Duration) -> Self {
        self.config.notification_retry_delay = delay;
        self
    }

    /// The loopback port to listen on (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// The address to listen on (default `127.0.0.1`). Only a container needs another one
    /// (`0.0.0.0`, so that a published port reaches it); the sandbox has no authentication
    /// beyond its test key, so never expose it beyond a test network. [`Sandbox::url`] still
    /// names `127.0.0.1` then.
    pub fn host(mut self, host: IpAddr) -> Self {
        self.config.host = host;
        self
    }

    /// Print one line per request and per notification attempt to standard error (default
    /// off; the binary turns it on).
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.config.verbose = verbose;
        self
    }

    /// Spoils a seeded share of `POST /orders` and `GET /orders/{order_id}` requests (dropped
    /// connections, late answers, 5xx, 429, garbled bodies): see [`Faults`]. Off by default.
    ///
    /// ```no_run
    /// # async fn run() {
    /// use msp_sandbox::{Faults, Sandbox};
    /// let sandbox = Sandbox::builder().faults(Faults::new(7).rate(0.3)).start().await;
    /// # }
    /// ```
    pub fn faults(mut self, faults: Faults) -> Self {
        self.config.faults = Some(faults);
        self
    }

    /// The gateways the account offers (default: every gateway of the catalogue). An order for
    /// another gateway is refused with error 1023, as MultiSafepay refuses a payment method the
    /// account does not offer.
    ///
    /// ```no_run
    /// # async fn run() {
    /// use msp_core::Gateway;
    /// let sandbox = msp_sandbox::Sandbox::builder()
    ///     .gateways([Gateway::AMEX, Gateway::IDEAL])
    ///     .start()
    ///     .await;
    /// # }
    /// ```
    pub fn gateways(mut self, gateways: impl IntoIterator<Item = Gateway>) -> Self {
        self.config.gateways = Some(gateways.into_iter().collect());
        self
    }

    /// The merchant's account to emulate, as `msp-account.json` records it
    /// ([`msp_core::account`]): only its gateways are offered, and an order in a currency its
    /// gateway does not accept here, or of an amount outside its limits, is refused with error
    /// 1023 ("No gateway (payment method) available"). `GET /payment-methods` answers with the
    /// account's currencies, limits and required data, so that `msp sync` against the sandbox
    /// writes back the account it enforces. With [`SandboxBuilder::gateways`] too, a gateway
    /// must be in both. (The flows of the file are not enforced: the API does not report them.)
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), msp_core::AccountError> {
    /// let sandbox = msp_sandbox::Sandbox::builder()
    ///     .account(msp_core::Account::load("msp-account.json")?)
    ///     .start()
    ///     .await;
    /// # Ok(()) }
    /// ```
    pub fn account(mut self, account: msp_core::Account) -> Self {
        self.config.account = Some(std::sync::Arc::new(account));
        self
    }

    /// Serves the control API over HTTP under `/_sandbox/` (default off): move the clock, set
    /// an order's outcome, read the notifications, reset (see [`Sandbox::advance_clock`] and
    /// the sandbox's README). The same operations are always available as methods of
    /// [`Sandbox`].
    pub fn control(mut self, enabled: bool) -> Self {
        self.config.control = enabled;
        self
    }

    /// Keeps the orders in `path` across restarts (default: in memory only). Each acknowledged
    /// change is written durably before it is answered; a sandbox started on the same file
    /// finds them again (their payment URLs point at its new address).
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.state_file = Some(path.into());
        self
    }

    /// Starts the sandbox on `127.0.0.1`.
    ///
    /// # Panics
    /// If it cannot start (the port is taken, an empty API key, no Tokio runtime); use
    /// [`SandboxBuilder::try_start`] to handle that.
    pub async fn start(self) -> Sandbox {
        match self.try_start().await {
            Ok(sandbox) => sandbox,
            Err(e) => panic!("msp-sandbox could not start: {e}"),
        }
    }

    /// Starts the sandbox on `127.0.0.1`, or says why it could not.
    pub async fn try_start(mut self) -> io::Result<Sandbox> {
        let key = self.config.api_key.trim().to_owned();
        if key.is_empty() || key.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the API key must be non-empty printable text without spaces",
            ));
        }
        self.config.api_key = key;
        crate::server::start(self.config).await
    }
}
