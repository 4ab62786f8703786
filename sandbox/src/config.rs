//! The sandbox's options and their defaults: what [`SandboxBuilder`](crate::SandboxBuilder)
//! sets and every part of a running sandbox reads.

use crate::faults::Faults;
use msp_core::{Account, AccountMethod, Currency, Gateway};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

/// The API key a sandbox accepts unless [`SandboxBuilder::api_key`](crate::SandboxBuilder::api_key)
/// sets another.
pub const DEFAULT_API_KEY: &str = "msp-sandbox-test-key";

/// Orders kept unless [`SandboxBuilder::max_orders`](crate::SandboxBuilder::max_orders) says
/// otherwise; the oldest are forgotten first.
pub const DEFAULT_MAX_ORDERS: usize = 4096;

/// Retries of an unacknowledged notification unless
/// [`SandboxBuilder::notification_retries`](crate::SandboxBuilder::notification_retries) says
/// otherwise: 3, as MultiSafepay's webhook documentation has said (later versions say 4 or 5).
pub const DEFAULT_RETRIES: u32 = 3;

/// The wait before each retry unless
/// [`SandboxBuilder::notification_retry_delay`](crate::SandboxBuilder::notification_retry_delay)
/// says otherwise. MultiSafepay waits 15 minutes; the sandbox is quicker, to keep development
/// loops short.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(10);

/// The options, once started.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) api_key: String,
    pub(crate) max_orders: usize,
    pub(crate) notification_retries: u32,
    pub(crate) notification_retry_delay: Duration,
    pub(crate) port: u16,
    /// The address to listen on: loopback unless asked otherwise.
    pub(crate) host: IpAddr,
    pub(crate) verbose: bool,
    pub(crate) faults: Option<Faults>,
    /// The gateways the account offers; `None`: every gateway of the catalogue.
    pub(crate) gateways: Option<Vec<Gateway>>,
    /// The account's own terms (gateways, currencies, amount limits, required data), as
    /// `msp-account.json` records them; `None`: the catalogue's.
    pub(crate) account: Option<std::sync::Arc<Account>>,
    /// Whether the control API (`/_sandbox/...`) is served.
    pub(crate) control: bool,
    /// Where orders are kept across restarts, if anywhere.
    pub(crate) state_file: Option<PathBuf>,
}

impl Config {
    /// Whether the account offers `gateway` (see [`SandboxBuilder::gateways`](crate::SandboxBuilder::gateways)).
    pub(crate) fn offers(&self, gateway: Gateway) -> bool {
        self.gateways
            .as_ref()
            .is_none_or(|enabled| enabled.contains(&gateway))
            && self
                .account
                .as_ref()
                .is_none_or(|account| account.method(gateway).is_some())
    }

    /// The account's terms for `gateway`, when the sandbox was given an account
    /// ([`SandboxBuilder::account`](crate::SandboxBuilder::account)).
    pub(crate) fn terms(&self, gateway: Gateway) -> Option<&AccountMethod> {
        self.account.as_ref()?.method(gateway)
    }

    /// Why the account refuses an order for `gateway` in `currency` of `amount_minor`, if it
    /// does (the API's error 1023, "No gateway (payment method) available"): the gateway not
    /// offered, the currency not accepted, the amount outside the account's limits.
    pub(crate) fn refusal(
        &self,
        gateway: Gateway,
        currency: Currency,
        amount_minor: u64,
    ) -> Option<String> {
        if !self.offers(gateway) {
            return Some(format!("{} is not enabled on this account", gateway.code()));
        }
        let account = self.account.as_ref()?;
        account
            .check_currency(gateway, currency)
            .and_then(|()| account.check_amount(gateway, amount_minor))
            .err()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &"<redacted>")
            .field("max_orders", &self.max_orders)
            .field("notification_retries", &self.notification_retries)
            .field("notification_retry_delay", &self.notification_retry_delay)
            .field("port", &self.port)
            .field("host", &self.host)
            .field("verbose", &self.verbose)
            .field("faults", &self.faults)
            .field("gateways", &self.gateways)
            .field(
                "account",
                &self
                    .account
                    .as_ref()
                    .map(|a| a.methods.iter().map(|m| m.gateway).collect::<Vec<_>>()),
            )
            .field("control", &self.control)
            .field("state_file", &self.state_file)
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
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            verbose: false,
            faults: None,
            gateways: None,
            account: None,
            control: false,
            state_file: None,
        }
    }
}
