//! The HTTP client: one pooled reqwest client (rustls) per [`Client`].

mod builder;
mod decide;
mod discovery;
mod drive;
#[cfg(test)]
mod hostile_tests;
mod raw;
mod response;
mod retry;
mod submission;
mod tokens;
mod trace;
mod transactions;
mod writes;

pub use builder::{ClientBuilder, Environment, DEFAULT_TIMEOUT};
pub use response::{CreatedOrder, MAX_BODY};
pub use retry::RetryPolicy;
pub use submission::Submission;
pub use transactions::Transactions;

/// The HTTP method of [`Client::request`].
pub use reqwest::Method;

use crate::{Error, Order, OrderDetails, OrderRequest};
use decide::Lookup;
use std::fmt;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;
use url::Url;

/// [`Client::submit`] after the order was prepared: the one future behind every
/// [`Submission`], so that no struct gets an `async` state machine of its own. An order that
/// could not be prepared (invalid, or outside the account) fails here, before anything is sent.
async fn submit_request(
    client: &Client,
    prepared: Result<Prepared, Error>,
) -> Result<CreatedOrder, Error> {
    client.create_exactly_once(prepared?).await
}

/// An order ready to send: its JSON body and its id (to look it up). Small, where the
/// [`OrderRequest`] it was made from is over a kilobyte: the future that sends it is moved
/// into its box, and moved again by an executor, so it holds this rather than the request.
struct Prepared {
    body: bytes::Bytes,
    order_id: String,
}

/// A MultiSafepay API client. Cheap to clone (one shared connection pool), `Send + Sync`.
///
/// ```no_run
/// # use msp_core as msp;
/// # async fn run() -> Result<(), msp::Error> {
/// let client = msp::Client::builder()
///     .api_key("your-test-api-key")
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// `{base_url}orders`, built once: it is on every order's path.
    orders: Url,
    retry: RetryPolicy,
    /// The account orders are checked against before sending ([`ClientBuilder::account`]).
    account: Option<Arc<crate::Account>>,
    /// Seeds the retry jitter; distinct per pause so concurrent retries spread out.
    jitter: AtomicU64,
    /// Checks notifications with this client's API key (holds the keyed HMAC, not the key).
    #[cfg(feature = "webhook")]
    verifier: crate::webhook::Verifier,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &"<redacted>")
            .finish()
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `MSP_API_KEY` (required), `MSP_ENVIRONMENT` (`test`, the
    /// default, or `live`) and `MSP_BASE_URL` (optional, such as the sandbox's URL).
    pub fn from_env() -> Result<Client, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let api_key = var("MSP_API_KEY").ok_or_else(|| {
            Error::Config("MSP_API_KEY is not set: export your site's API key".into())
        })?;
        let mut builder = Client::builder().api_key(api_key);
        if let Some(environment) = var("MSP_ENVIRONMENT") {
            builder = builder.environment(environment.parse()?);
        }
        if let Some(base_url) = var("MSP_BASE_URL") {
            builder = builder.base_url(base_url);
        }
        builder.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// A [`Verifier`](crate::webhook::Verifier) of MultiSafepay's notifications keyed with this
    /// client's API key: the key is configured once, for the requests and the notifications.
    #[cfg(feature = "webhook")]
    pub fn webhook_verifier(&self) -> crate::webhook::Verifier {
        self.inner.verifier.clone()
    }

    /// Validates `order` and creates it (`POST /orders`); an invalid order is never sent.
    /// Exactly once, even when a response is lost: see [`Client::submit`]. Once the attempts
    /// are spent, an order that may still land is looked up until the time budget is; only
    /// then is the error [`Error::OutcomeUnknown`].
    pub async fn create_order(&self, order: &OrderRequest<'_>) -> Result<CreatedOrder, Error> {
        order.validate()?;
        self.create_exactly_once(self.prepare(order)?).await
    }

    /// Builds the request of anything that implements [`Order`] (a `#[derive(MspOrder)]`
    /// struct) and creates it when the returned [`Submission`] is awaited: the request is built,
    /// its run-time values checked and its body encoded, by this call; nothing invalid is sent.
    /// A derived struct's `submit(&client)` is this call.
    ///
    /// `POST /orders` is not idempotent, so after a failure that may have reached MultiSafepay
    /// (a timeout, a lost connection, a 5xx, a garbled answer) the client looks the order up by
    /// its `order_id` before sending again: if it exists, the submit resolves to it. Sending
    /// again is safe even when the lookup fails, because MultiSafepay refuses a taken
    /// `order_id` (error 1006), which the client then looks up again. A submit therefore never
    /// creates an order twice, provided order ids are unique. When the attempts run out while
    /// one may still land (stored late), nothing more is sent, but the order is looked up again,
    /// with the policy's backoff, until it is found or the time budget
    /// ([`RetryPolicy::max_elapsed`], from the first attempt) is spent; only then is the error
    /// [`Error::OutcomeUnknown`], its source the last failure.
    pub fn submit<'a, O: Order + ?Sized>(&'a self, order: &'a O) -> Submission<'a> {
        Submission::new(self, order.to_request())
    }

    /// A checked order made ready to send: it fits the account of
    /// [`ClientBuilder::account`], if one was given, and is encoded.
    fn prepare(&self, order: &OrderRequest<'_>) -> Result<Prepared, Error> {
        if let Some(account) = &self.inner.account {
            account.check_order(order)?;
        }
        Ok(Prepared {
            body: drive::json_body(order, "order")?,
            order_id: order.order_id.to_text(),
        })
    }

    /// Fetches an order by the merchant's order id (`GET /orders/{order_id}`); transient
    /// failures are retried.
    pub async fn get_order(&self, order_id: &str) -> Result<OrderDetails, Error> {
        self.fetch_order(order_id, Instant::now()).await
    }

    /// `get_order`, its retries bounded by the time budget that began at `started`.
    async fn fetch_order(&self, order_id: &str, started: Instant) -> Result<OrderDetails, Error> {
        let url = self.order_url(order_id);
        self.idempotent(Method::GET, &url, started).await
    }

    /// `POST /orders`, reconciled by looking the order up (see `decide.rs`).
    async fn create_exactly_once(&self, order: Prepared) -> Result<CreatedOrder, Error> {
        let Prepared { body, order_id } = order;
        let url = &self.inner.orders;
        let started = Instant::now();
        self.exactly_once(
            &order_id,
            started,
            |attempt| self.send(Method::POST, url, Some(&body), attempt),
            || self.lookup(&order_id, started),
        )
        .await
    }

    /// What became of a `POST /orders`: the order and its payment page, if MultiSafepay has it;
    /// within the submit's time budget.
    async fn lookup(&self, order_id: &str, started: Instant) -> Lookup<CreatedOrder> {
        match Lookup::of(self.fetch_order(order_id, started).await) {
            Lookup::Found(details) => match details.payment_url {
                Some(payment_url) => {
                    Lookup::Found(CreatedOrder::new(details.order_id, payment_url))
                }
                None => Lookup::Failed(Error::MissingPaymentUrl {
                    order_id: details.order_id,
                    status: details.status,
                }),
            },
            Lookup::NotFound => Lookup::NotFound,
            Lookup::Failed(error) => Lookup::Failed(error),
        }
    }

    /// `orders/{order_id}`, the id percent-encoded as one path segment.
    fn order_url(&self, order_id: &str) -> Url {
        let mut url = self.inner.orders.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.push(order_id);
        }
        url
    }
}
