//! The HTTP client: one pooled reqwest client (rustls) per [`Client`].

mod builder;
mod response;

pub use builder::{ClientBuilder, Environment, DEFAULT_TIMEOUT};
pub use response::{CreatedOrder, OrderDetails, MAX_BODY};

use crate::{Error, Order, OrderRequest};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
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
    pub async fn create_order(&self, order: &OrderRequest) -> Result<CreatedOrder, Error> {
        order.validate()?;
        self.post_order(order).await
    }

    /// Builds the request of anything that implements [`Order`] (a `#[derive(MspOrder)]`
    /// struct) and creates it. `to_request` has checked the values; nothing invalid is sent.
    pub async fn submit<O: Order + ?Sized>(&self, order: &O) -> Result<CreatedOrder, Error> {
        let request = order.to_request()?;
        self.post_order(&request).await
    }

    /// Fetches an order by the merchant's order id (`GET /orders/{order_id}`).
    pub async fn get_order(&self, order_id: &str) -> Result<OrderDetails, Error> {
        let url = self.order_url(order_id);
        let (status, data) = self
            .execute(self.inner.http.request(Method::GET, url))
            .await?;
        let raw = data.clone();
        let mut details: OrderDetails = response::decode_data(status, data)?;
        details.raw = raw;
        Ok(details)
    }

    async fn post_order(&self, order: &OrderRequest) -> Result<CreatedOrder, Error> {
        let body = serde_json::to_vec(order)
            .map_err(|e| Error::Config(format!("could not encode the order: {e}")))?;
        let url = self.endpoint("orders");
        let (status, data) = self.execute(self.inner.http.post(url).body(body)).await?;
        response::decode_data(status, data)
    }

    fn endpoint(&self, path: &str) -> Url {
        let mut url = self.inner.base_url.clone();
        url.set_path(&format!("{}{path}", self.inner.base_url.path()));
        url
    }

    /// `orders/{order_id}`, the id percent-encoded as one path segment.
    fn order_url(&self, order_id: &str) -> Url {
        let mut url = self.endpoint("orders");
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.push(order_id);
        }
        url
    }

    async fn execute(&self, request: RequestBuilder) -> Result<(u16, Value), Error> {
        let mut response = request.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
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
}
