//! Paths under the base URL, and the escape hatch for endpoints the SDK does not type yet.

use super::Client;
use crate::Error;
use reqwest::Method;
use serde_json::{Map, Value};
use std::time::Instant;
use url::Url;

impl Client {
    /// `{base_url}{segments joined by /}?{query}`, each segment percent-encoded as one segment
    /// (an order id or a reference cannot reach another path).
    pub(super) fn endpoint(&self, segments: &[&str], query: &[(&str, String)]) -> Url {
        let mut url = self.inner.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// Any endpoint of MultiSafepay's JSON API that the SDK does not type yet: `method`,
    /// `path` relative to the base URL (`"payment-methods/IDEAL?locale=nl_NL"`), an optional
    /// JSON body. The answer is checked as every other (its `success` flag, MultiSafepay's
    /// `error_code` as an [`Error::Api`]) and returned whole: `data` and what comes beside it
    /// (such as a `pager`).
    ///
    /// The API key goes in its header as for every request, never in a URL, a log line or an
    /// error; each request is traced (method, path, attempt, status, latency; never the query
    /// or a body). `GET` is retried on transient failures; other methods are sent **once**: a
    /// write that fails in a way that may have landed is returned as is, so look its target up
    /// before sending it again (the typed writes do that for you).
    ///
    /// A path that is absolute, or that leaves the base URL (`..`), is an [`Error::Config`]; so
    /// is `HEAD`, whose answer has no body to check (use `GET`).
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # async fn run(client: msp::Client) -> Result<(), msp::Error> {
    /// let answer = client
    ///     .request(msp::Method::GET, "payment-methods/IDEAL?locale=nl_NL", None)
    ///     .await?;
    /// println!("{}", answer["data"]["name"]);
    /// # Ok(()) }
    /// ```
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        if method == Method::HEAD {
            return Err(Error::Config(
                "a HEAD answer has no body to check: use GET".to_owned(),
            ));
        }
        let url = self.relative(path)?;
        let body = body
            .map(|body| super::drive::json_body(body, "body"))
            .transpose()?;
        let body = body.as_ref();
        let (_, envelope): (u16, Map<String, Value>) = if method == Method::GET {
            self.idempotent_answer(method, &url, body, Instant::now())
                .await?
        } else {
            self.answer(method, &url, body, 1).await?
        };
        Ok(Value::Object(envelope))
    }

    /// `path` joined to the base URL, refused if it leaves it.
    fn relative(&self, path: &str) -> Result<Url, Error> {
        let base = &self.inner.base_url;
        let refuse = |why: &str| {
            Error::Config(format!(
                "request path {why}: give a path relative to the base URL, such as `orders/o-1`"
            ))
        };
        let trimmed = path.trim_start_matches('/');
        if path.starts_with("//") || path.contains("://") || path.contains('\\') {
            return Err(refuse("is absolute"));
        }
        let url = base.join(trimmed).map_err(|_| refuse("is not a path"))?;
        if url.origin() != base.origin() || !url.path().starts_with(base.path()) {
            return Err(refuse("leaves the base URL"));
        }
        if url.path().contains("%2e%2e") || url.path().contains("%2E%2E") {
            return Err(refuse("leaves the base URL"));
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Client, Error};

    fn client() -> Client {
        Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:1/v1/json/")
            .build()
            .unwrap()
    }

    #[test]
    fn paths_are_relative_to_the_base_url() {
        let client = client();
        for (path, url) in [
            ("orders/o-1", "http://127.0.0.1:1/v1/json/orders/o-1"),
            ("/orders/o-1", "http://127.0.0.1:1/v1/json/orders/o-1"),
            (
                "payment-methods?currency=EUR",
                "http://127.0.0.1:1/v1/json/payment-methods?currency=EUR",
            ),
        ] {
            assert_eq!(client.relative(path).unwrap().as_str(), url, "{path}");
        }
        for bad in [
            "https://elsewhere.example/v1/json/orders",
            "//elsewhere.example/x",
            "../../admin",
            "orders/../../../x",
            "..\\x",
        ] {
            assert!(
                matches!(client.relative(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn segments_are_encoded_one_by_one() {
        let url = client().endpoint(
            &["recurring", "a/b?c", "token", "t"],
            &[("limit", "5".to_owned())],
        );
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/v1/json/recurring/a%2Fb%3Fc/token/t?limit=5"
        );
    }
}
