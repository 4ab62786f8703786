//! A local emulator of MultiSafepay's JSON API, for developing and testing an integration
//! offline, without an account.
//!
//! It is a real HTTP server on loopback that behaves like MultiSafepay's test environment for
//! what the `msp` SDK and MultiSafepay's official SDKs do: `POST /orders` with the API-key check, the same validation as the
//! SDK (it *is* the SDK's validator and gateway catalogue: the body is read into
//! `msp_core::OrderRequest` and checked with `validate_as_api()`), MultiSafepay's error codes and
//! JSON shapes, order ids unique per site, `GET /orders/{order_id}`, a hosted payment page where
//! the payment is completed, cancelled or declined, and notifications to the order's
//! `notification_url` (a bare `GET` unless the order asks for a signed `POST`), retried until
//! acknowledged. Tests control it: [`Sandbox::set_outcome`], [`Sandbox::advance_clock`],
//! [`Sandbox::notifications`], [`Sandbox::reset`] (and over HTTP under `/_sandbox/` with
//! [`SandboxBuilder::control`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), msp_core::Error> {
//! let sandbox = msp_sandbox::Sandbox::start().await;
//! let client = msp_core::Client::builder()
//!     .base_url(sandbox.url())
//!     .api_key(sandbox.api_key())
//!     .build()?;
//! // ... client.create_order(&order).await?.payment_url points at the sandbox's payment page.
//! # Ok(()) }
//! ```
//!
//! Start one per test: it lives on the Tokio runtime that started it, and starting takes about
//! a millisecond. The binary runs one until interrupted: `cargo run -p msp-sandbox -- --port 8080`.
//!
//! # Routes
//! | method and path | what |
//! | --- | --- |
//! | `POST /v1/json/orders` | creates an order; `data` is `order_id`, `payment_url`, `session_id` (a direct order: the whole order) |
//! | `GET /v1/json/orders/{order_id}` | the order, in the shape of MultiSafepay's `getOrder` example, with its status |
//! | `GET /v1/json/categories` | the site categories (`listSiteCategories.json`) |
//! | `GET /v1/json/me` | `account_id`, `role`, `site_id` |
//! | `GET /v1/json/auth/api_token` | a fresh `api_token` for payment components |
//! | `/_sandbox/...` | the control API, only with [`SandboxBuilder::control`] (see the README) |
//! | `GET /v1/json/payment-methods` | the catalogue's methods (filters `amount`, `currency`, `country`, `include_coupons`), in the shape of `listPaymentMethods.json` |
//! | `GET /v1/json/gateways`, `/gateways/{id}`, `/issuers/{gateway}` | the catalogue's gateways; iDEAL's issuers |
//! | `GET /v1/json/transactions` | the orders as transactions, oldest first, `after`/`before` cursors in `pager` |
//! | `GET /v1/json/recurring/{reference}`, `.../token/{token}`, `DELETE .../remove/{token}` | the tokens of paid orders that had a `recurring_model` and a `customer.reference` |
//! | `GET /connect/{session}/` | the payment page (`payment_url`) |
//! | `PATCH /v1/json/orders/{order_id}` | ships (`"status": "shipped"`) a paid order, cancels (`"status": "cancelled"`) an open one, or extends a paid one's payment term |
//! | `POST /v1/json/orders/{order_id}/refunds` | refunds all (no `amount`, or 0) or part of a paid order, in its currency; `partial_refunded`, then `refunded` |
//! | `PATCH /v1/json/orders/{order_id}/refunds/{refund_id}` | cancels (`"status": "void"`) a refund still `reserved` |
//! | `POST /v1/json/orders/{order_id}/capture` | captures all or part of an authorisation (an order created with `capture: "manual"`, `uncleared` once paid); `completed` |
//! | `PATCH /v1/json/capture/{order_id}` | cancels an authorisation with nothing captured |
//! | `POST /pay/{session}/complete`, `/cancel`, `/decline` | the customer's choice: sets the status to `completed`, `cancelled` or `declined`, sends the notification, redirects (303) to `redirect_url` or `cancel_url` |
//!
//! The API key goes in the `api_key` header, the `api_key` query parameter or
//! `Authorization: Bearer <key>`; it is checked before routing, so a wrong key is 1032 on every
//! path but the payment page's.
//!
//! # Errors
//! Always `{"success": false, "data": {}, "error_code": N, "error_info": "..."}`:
//!
//! | `error_code` | HTTP | when |
//! | --- | --- | --- |
//! | 1032 | 401 | no or wrong API key |
//! | 1001 | 404 | amount not a whole number of minor units, or 0; a capture of more than is left; the `amount` filter of `GET /payment-methods` |
//! | 1002 | 404 | not an ISO 4217 code, or not accepted by the gateway (also the `currency` filter of `GET /payment-methods`) |
//! | 1006 | 404 | `order_id` already used (or over 50 characters); `GET` of, or a write to, an unknown order; an unknown `refund_id` |
//! | 1007 | 404 | `customer.ip_address` or `forwarded_ip` is not an IP address |
//! | 1008 | 404 | description missing, empty, over 200 characters, or with HTML |
//! | 1010 | 404 | `var1`, `var2` or `var3` too long or not text |
//! | 1016 | 404 | a required field missing (also a buy-now-pay-later order without `shopping_cart` items, and any object the catalogue's gateway requires), a body that is not a JSON object, a value without a code of its own (URLs, locale, e-mail...); an invalid filter of `GET /transactions` |
//! | 1018 | 404 | `customer.country` (or the `country` filter of `GET /payment-methods`) is not ISO 3166-1 alpha-2 |
//! | 1023 | 404 | unknown gateway, a flow (`type`) the gateway does not offer, or a gateway the account does not offer ([`SandboxBuilder::gateways`]); `GET /gateways/{id}` or `/issuers/{gateway}` of an unknown gateway |
//! | 1027, 1029, 1031 | 404 | with `checkout_options.validate_cart`: the cart total (exact, from the JSON's number text) differs from `amount`; an item's tax table or unit price is invalid (an unreadable unit price or tax rate is 1031 or 1029 with or without it) |
//! | 1014 | 404 | a transition MultiSafepay documents no code for: shipping an unpaid order, cancelling a paid one, capturing what is not an open authorisation (one not captured within 5 days of being paid is `void`), cancelling a refund that is not `reserved` |
//! | 1034 | 404 | a refund of an unpaid order, of more than is left, or of the same amount within 5 minutes |
//! | 1000 | 410 | an unknown recurring token (`paths/recurring@*.yaml`) |
//! | 1000 | 404 | unknown endpoint ("Not found"); 405 for a wrong method, 413 for a body over [`MAX_BODY`] |
//!
//! Unknown or extra fields never make it refuse an order.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod auth;
mod builder;
mod cart;
mod config;
mod control;
mod customer;
mod errors;
mod faults;
mod intake;
mod journal;
mod ledger;
mod limits;
mod notify;
mod order;
mod outbox;
mod recurring;
mod routes;
mod server;
mod state;
mod time;
mod token;

pub use builder::SandboxBuilder;
pub use config::{DEFAULT_API_KEY, DEFAULT_MAX_ORDERS, DEFAULT_RETRIES, DEFAULT_RETRY_DELAY};
pub use control::{Outcome, OutcomeError};
pub use customer::{CustomerAction, CustomerError};
pub use faults::{
    Endpoint, EndpointTally, FaultCounts, FaultKind, FaultTally, Faults, DEFAULT_FAULT_DELAY,
    DEFAULT_FAULT_RATE,
};
pub use limits::MAX_BODY;
pub use outbox::{DeliveryAttempt, SentNotification, OUTBOX_CAP};

use state::AppState;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;

/// A running sandbox, on a free loopback port; stopped when dropped.
///
/// Needs a Tokio runtime (such as `#[tokio::test]`'s). Started by [`Sandbox::start`] or
/// [`Sandbox::builder`].
// `start` and `builder` are in builder.rs and `act_as_customer` in customer.rs, so that this
// module depends on the state alone and the modules import one another one way.
pub struct Sandbox {
    address: SocketAddr,
    url: String,
    state: Arc<AppState>,
    shutdown: watch::Sender<bool>,
}

impl Sandbox {
    pub(crate) fn new(
        address: SocketAddr,
        state: Arc<AppState>,
        shutdown: watch::Sender<bool>,
    ) -> Sandbox {
        Sandbox {
            url: format!("http://{address}/v1/json/"),
            address,
            state,
            shutdown,
        }
    }

    /// The base URL of the JSON API, `http://127.0.0.1:PORT/v1/json/` (the path layout of
    /// `https://testapi.multisafepay.com/v1/json/`): give it to `Client::builder().base_url(..)`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The API key the sandbox accepts.
    pub fn api_key(&self) -> &str {
        &self.state.config.api_key
    }

    /// The socket address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// A client for this sandbox: [`Sandbox::url`] and [`Sandbox::api_key`], default timeout.
    pub fn client(&self) -> Result<msp_core::Client, msp_core::Error> {
        msp_core::Client::builder()
            .base_url(self.url())
            .api_key(self.api_key())
            .build()
    }

    /// How many orders it holds now (at most the `max_orders` option).
    pub fn stored_orders(&self) -> usize {
        self.state.len()
    }

    /// The order with this id as `GET /orders/{order_id}` returns its `data` (read directly:
    /// never spoiled by [`Faults`]), if the sandbox holds it.
    pub fn stored_order(&self, order_id: &str) -> Option<serde_json::Value> {
        let order = self.state.order_json(order_id).ok().flatten();
        // An expiry found on the way is announced once durable.
        if let Err(e) = self.state.durable_reads_now() {
            eprintln!("msp-sandbox: {}", e.info);
        }
        order
    }

    /// How many times an order with this id was stored: 0 or 1 unless it was evicted and
    /// created again (evictions are remembered for the last `4 * max_orders` evicted ids).
    pub fn times_stored(&self, order_id: &str) -> u32 {
        self.state.times_stored(order_id)
    }

    /// Requests to `endpoint` received and faults injected into them (by [`FaultKind`]), so
    /// far: for the writes after an order, which [`Sandbox::fault_tally`] does not cover.
    pub fn endpoint_tally(&self, endpoint: Endpoint) -> EndpointTally {
        self.state.endpoint_tally(endpoint)
    }

    /// How many refunds and captures of order `order_id` were recorded with the own id
    /// `own_id` (`refund_order_id` or `new_order_id`): 1 for each made, whatever the retries.
    pub fn times_recorded(&self, order_id: &str, own_id: &str) -> usize {
        self.state.times_recorded(order_id, own_id)
    }

    /// Requests received, faults injected (by endpoint and [`FaultKind`]), orders stored and
    /// duplicates refused, so far.
    pub fn fault_tally(&self) -> FaultTally {
        self.state.tally()
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .field("config", &self.state.config)
            .finish()
    }
}

impl Drop for Sandbox {
    /// Stops accepting connections, finishes the requests in flight and stops sending
    /// notifications.
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sandbox_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Sandbox>();
        assert_send_sync::<super::SandboxBuilder>();
    }
}
