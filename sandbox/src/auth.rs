//! The API-key check, in every form MultiSafepay's clients send the key:
//!
//! - the `api_key` header and the `api_key` query parameter: the OpenAPI description's
//!   `ApiKeyHeader` and `ApiKeyQuery` security schemes (`docsopenapi.yaml`);
//! - `Authorization: Bearer <key>`, which MultiSafepay's official SDKs send (the Python SDK's
//!   `Client._create_request`, for one).
//!
//! It runs before routing ([`require_key`]), so that a wrong or missing key is 1032 on every
//! path of the JSON API, unknown paths included (an unknown path with the right key is 1000
//! "Not found"). The payment page (`/connect/...`, `/pay/...`) is the customer's browser and
//! takes no key.

use crate::errors::{ApiError, Code};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The paths a browser opens, without a key: the payment page and its buttons.
fn is_public(path: &str) -> bool {
    path.starts_with("/connect/") || path == "/connect" || path.starts_with("/pay/")
}

/// Refuses a request without the sandbox's key with 1032 (HTTP 401), before any route.
pub(crate) async fn require_key(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if is_public(request.uri().path())
        || key_ok(
            &state.config.api_key,
            request.headers(),
            request.uri().query(),
        )
    {
        next.run(request).await
    } else {
        ApiError::new(Code::InvalidApiKey).into_response()
    }
}

/// Whether the request carries `expected` in one of the three forms. A key given in several
/// forms must be right in the first present of: the `api_key` header, `Authorization: Bearer`,
/// the `api_key` query parameter.
pub(crate) fn key_ok(expected: &str, headers: &HeaderMap, query: Option<&str>) -> bool {
    given_key(headers, query).is_some_and(|key| same_key(key.trim(), expected))
}

/// The key the request carries, if any.
fn given_key(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    if let Some(value) = headers.get("api_key") {
        return value.to_str().ok().map(str::to_owned);
    }
    if let Some(value) = headers.get(AUTHORIZATION) {
        let value = value.to_str().ok()?.trim();
        let (scheme, token) = value.split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.to_owned());
    }
    query_key(query?)
}

/// `api_key` of a query string, percent-decoded.
fn query_key(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (name == "api_key").then(|| percent_decode(value))
    })
}

/// `%XX` and `+` decoding; an invalid escape is kept as is (and so never matches a key).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Compares without stopping at the first difference.
fn same_key(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn each_form_is_accepted_and_a_wrong_key_is_not() {
        let none = HeaderMap::new();
        assert!(key_ok("k1", &headers(&[("api_key", "k1")]), None));
        assert!(key_ok(
            "k1",
            &headers(&[("authorization", "Bearer k1")]),
            None
        ));
        assert!(key_ok(
            "k1",
            &headers(&[("authorization", "bearer  k1 ")]),
            None
        ));
        assert!(key_ok("k 1", &none, Some("locale=en_US&api_key=k%201")));
        assert!(!key_ok("k1", &none, None));
        assert!(!key_ok(
            "k1",
            &headers(&[("authorization", "Basic k1")]),
            None
        ));
        assert!(!key_ok(
            "k1",
            &headers(&[("authorization", "Bearer k2")]),
            None
        ));
        assert!(!key_ok(
            "k1",
            &headers(&[("api_key", "k2")]),
            Some("api_key=k1")
        ));
        assert!(!key_ok("k1", &none, Some("api_key=%zz")));
        assert!(!key_ok("k1", &none, Some("xapi_key=k1")));
    }

    #[test]
    fn the_payment_page_is_public() {
        assert!(is_public("/connect/abc/"));
        assert!(is_public("/pay/abc/complete"));
        assert!(!is_public("/v1/json/orders"));
        assert!(!is_public("/connector"));
    }
}
