//! The HTTP client: one pooled reqwest client (rustls) per [`Client`].

mod builder;
#[cfg(test)]
mod hostile_tests;
mod response;
mod retry;
mod trace;

pub use builder::{ClientBuilder, Environment, DEFAULT_TIMEOUT};
pub use response::{CreatedOrder, OrderDetails, MAX_BODY};
pub use retry::RetryPolicy;

use crate::{Error, Order, OrderRequest};
use reqwest::Method;
use serde_json::Value;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use trace::Instrument;
use url::Url;

/// A MultiSafepay API client. Cheap to clone (one shared connection pool), `Send + Sync`.
///
/// ```no_run
/// # async fn run() -> Result<(), msp_core::Error> {
/// let client = msp_core::Client::builder()
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
    /// Seeds the retry jitter; distinct per pause so concurrent retries spread out.
    jitter: AtomicU64,
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

    /// Validates `order` and creates it (`POST /orders`); an invalid order is never sent.
    /// Exactly once, even when a response is lost: see [`Client::submit`].
    pub async fn create_order(&self, order: &OrderRequest) -> Result<CreatedOrder, Error> {
        order.validate()?;
        self.create_exactly_once(order).await
    }

    /// Builds the request of anything that implements [`Order`] (a `#[derive(MspOrder)]`
    /// struct) and creates it. `to_request` has checked the values; nothing invalid is sent.
    ///
    /// `POST /orders` is not idempotent, so after a failure that may have reached MultiSafepay
    /// (a timeout, a lost connection, a 5xx, a garbled answer) the client looks the order up by
    /// its `order_id` before sending again: if it exists, the submit resolves to it. Sending
    /// again is safe even when the lookup fails, because MultiSafepay refuses a taken
    /// `order_id` (error 1006), which the client then looks up again. A submit therefore never
    /// creates an order twice, provided order ids are unique. When the retries run out before a
    /// lookup could tell, the error is [`Error::OutcomeUnknown`].
    pub async fn submit<O: Order + ?Sized>(&self, order: &O) -> Result<CreatedOrder, Error> {
        let request = order.to_request()?;
        self.create_exactly_once(&request).await
    }

    /// Fetches an order by the merchant's order id (`GET /orders/{order_id}`); transient
    /// failures are retried.
    pub async fn get_order(&self, order_id: &str) -> Result<OrderDetails, Error> {
        self.fetch_order(order_id, Instant::now()).await
    }

    /// `get_order`, its retries bounded by the time budget that began at `started`.
    async fn fetch_order(&self, order_id: &str, started: Instant) -> Result<OrderDetails, Error> {
        let url = self.order_url(order_id);
        let (status, data) = self.with_retries(Method::GET, &url, started).await?;
        let mut details: OrderDetails = response::decode_data(status, &data)?;
        details.raw = data;
        Ok(details)
    }

    async fn create_exactly_once(&self, order: &OrderRequest) -> Result<CreatedOrder, Error> {
        let body = serde_json::to_vec(order)
            .map_err(|e| Error::Config(format!("could not encode the order: {e}")))?;
        let url = &self.inner.orders;
        let order_id = order.order_id.to_string();
        let policy = self.inner.retry;
        let started = Instant::now();
        let budget_left =
            |attempt| attempt < policy.max_attempts && started.elapsed() < policy.max_elapsed;
        let mut ambiguous = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let error = match self.attempt(Method::POST, url, Some(&body), attempt).await {
                Ok((status, data)) => match response::decode_data(status, &data) {
                    Ok(created) => return Ok(created),
                    // Accepted, but the answer is unreadable: the order may exist; reconcile.
                    Err(error) => error,
                },
                Err(error) => error,
            };
            // 1006 after an attempt that may have landed: that attempt created it.
            let landed_before = ambiguous && error.error_code() == Some(1006);
            ambiguous |= error.is_ambiguous();
            if !ambiguous {
                // Nothing sent so far can have created the order.
                if !(error.is_transient() && budget_left(attempt)) {
                    return Err(error);
                }
                self.pause(&error, attempt).await;
                continue;
            }
            trace::reconciling(&order_id);
            let lookup_failure = match self.lookup(&order_id, started).await {
                Ok(Some(created)) => return Ok(created),
                // Not there (yet; an earlier attempt may still be processed).
                Ok(None) => None,
                Err(lookup) => Some(lookup),
            };
            // Sending again is safe whatever the lookup said: a landed attempt makes it a 1006,
            // looked up in turn. A 1006 that the lookup cannot find yet is tried again too.
            if !((error.is_transient() || landed_before) && budget_left(attempt)) {
                return Err(Error::outcome_unknown(
                    order_id,
                    lookup_failure.unwrap_or(error),
                ));
            }
            self.pause(&error, attempt).await;
        }
    }

    /// The order, if MultiSafepay has it; within the submit's time budget.
    async fn lookup(
        &self,
        order_id: &str,
        started: Instant,
    ) -> Result<Option<CreatedOrder>, Error> {
        match self.fetch_order(order_id, started).await {
            Ok(details) => match details.payment_url {
                Some(payment_url) => Ok(Some(CreatedOrder::new(details.order_id, payment_url))),
                None => Err(response::decode_error(
                    200,
                    "the order exists but has no payment_url".into(),
                    &[],
                )),
            },
            Err(Error::Api {
                status, error_code, ..
            }) if status == 404 || error_code == Some(1006) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn with_retries(
        &self,
        method: Method,
        url: &Url,
        started: Instant,
    ) -> Result<(u16, Value), Error> {
        let policy = self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.attempt(method.clone(), url, None, attempt).await {
                Err(error)
                    if error.is_transient()
                        && attempt < policy.max_attempts
                        && started.elapsed() < policy.max_elapsed =>
                {
                    self.pause(&error, attempt).await
                }
                outcome => return outcome,
            }
        }
    }

    async fn pause(&self, error: &Error, attempt: u32) {
        let seed = self.inner.jitter.fetch_add(1, Ordering::Relaxed);
        let delay = self.inner.retry.delay(attempt, error.retry_after(), seed);
        trace::retrying(error, attempt, delay);
        tokio::time::sleep(delay).await;
    }

    /// `orders/{order_id}`, the id percent-encoded as one path segment.
    fn order_url(&self, order_id: &str) -> Url {
        let mut url = self.inner.orders.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.push(order_id);
        }
        url
    }

    /// One request and its answer, in a tracing span.
    async fn attempt(
        &self,
        method: Method,
        url: &Url,
        body: Option<&[u8]>,
        attempt: u32,
    ) -> Result<(u16, Value), Error> {
        let span = trace::span(method.as_str(), url.path(), attempt);
        let started = Instant::now();
        let mut request = self.inner.http.request(method, url.clone());
        if let Some(body) = body {
            request = request.body(body.to_vec());
        }
        let mut status = None;
        let outcome = async {
            let response = request.send().await.map_err(Error::Transport)?;
            status = Some(response.status().as_u16());
            read(response).await
        }
        .instrument(span.clone())
        .await;
        trace::finish(&span, status, started);
        outcome
    }
}

/// Reads an answer: 429 and 502/503/504 by their status, the rest by the body (capped).
async fn read(mut response: reqwest::Response) -> Result<(u16, Value), Error> {
    let status = response.status().as_u16();
    if status == 429 {
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
            .map(Duration::from_secs);
        return Err(Error::RateLimited { retry_after });
    }
    if matches!(status, 502..=504) {
        return Err(Error::Unavailable { status });
    }
    if (300..400).contains(&status) {
        // Not followed (see the builder): the API never redirects, so the base URL is wrong.
        return Err(response::decode_error(
            status,
            "MultiSafepay's API does not redirect; check the base URL".into(),
            &[],
        ));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(response::decode_error(
                status,
                format!("the answer is longer than {MAX_BODY} bytes"),
                &body,
            ));
        }
        body.extend_from_slice(&chunk);
    }
    response::interpret(status, &body).map(|data| (status, data))
}
