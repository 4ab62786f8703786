//! The sandbox's options.

use crate::{Faults, Sandbox};
use std::fmt;
use std::io;
use std::time::Duration;

/// The API key a sandbox accepts unless [`SandboxBuilder::api_key`] sets another.
pub const DEFAULT_API_KEY: &str = "msp-sandbox-test-key";

/// Orders kept unless [`SandboxBuilder::max_orders`] says otherwise; the oldest are forgotten
/// first.
pub const DEFAULT_MAX_ORDERS: usize = 4096;

/// Retries of an unacknowledged notification unless [`SandboxBuilder::notification_retries`]
/// says otherwise: 3, as MultiSafepay does.
pub const DEFAULT_RETRIES: u32 = 3;

/// The wait before each retry unless [`SandboxBuilder::notification_retry_delay`] says otherwise.
/// MultiSafepay waits 15 minutes; the sandbox is quicker, to keep development loops short.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(10);

/// The options, once started.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) api_key: String,
    pub(crate) max_orders: usize,
    pub(crate) notification_retries: u32,
    pub(crate) notification_retry_delay: Duration,
    pub(crate) port: u16,
    pub(crate) verbose: bool,
    pub(crate) faults: Option<Faults>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &"<redacted>")
            .field("max_orders", &self.max_orders)
            .field("notification_retries", &self.notification_retries)
            .field("notification_retry_delay", &self.notification_retry_delay)
            .field("port", &self.port)
            .field("verbose", &self.verbose)
            .field("faults", &self.faults)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_key: DEFAULT_API_KEY.to_owned(),
            max_orders: DEFAULT_MAX_ORDERS,
            notification_retries: DEFAULT_RETRIES,
            notification_retry_delay: DEFAULT_RETRY_DELAY,
            port: 0,
            verbose: false,
            faults: None,
        }
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
    /// The API key the sandbox accepts (default [`DEFAULT_API_KEY`]); requests with another key
    /// are refused with error 1032.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.config.api_key = api_key.into();
        self
    }

    /// How many orders the sandbox keeps (default [`DEFAULT_MAX_ORDERS`], at least 1); beyond
    /// that the oldest is forgotten: `GET` finds it no more, and its id may be used again.
    pub fn max_orders(mut self, max_orders: usize) -> Self {
        self.config.max_orders = max_orders.max(1);
        self
    }

    /// How many times an unacknowledged notification is sent again (default 3).
    pub fn notification_retries(mut self, retries: u32) -> Self {
        self.config.notification_retries = retries;
        self
    }

    /// The wait before each retry of a notification (default [`DEFAULT_RETRY_DELAY`]; tests
    /// can use a few milliseconds).
    pub fn notification_retry_delay(mut self, delay: Duration) -> Self {
        self.config.notification_retry_delay = delay;
        self
    }

    /// The loopback port to listen on (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
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
        if key.is_empty() || key.chars().any(|c| c.is_control()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the API key must be non-empty printable text",
            ));
        }
        self.config.api_key = key;
        crate::server::start(self.config).await
    }
}
