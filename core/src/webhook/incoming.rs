//! [`Incoming`]: a notification as it arrived, by either method, and the order it stands for.

use super::{Error, Notification, Verifier};
use crate::Client;

/// A notification as it arrived, checked but not yet turned into the order.
///
/// MultiSafepay notifies in one of two ways, as the order's
/// `payment_options.notification_method` asks (`#[msp_order(notification_method = "POST")]`);
/// without one it uses `GET`:
///
/// | method | what arrives | what [`Incoming::order`] hands |
/// | --- | --- | --- |
/// | `POST` | the order's JSON, signed in the `Auth` header | the signed order, verified, as it was when sent |
/// | `GET` | only `?transactionid=<order_id>&timestamp=<unix>`, unsigned | the order fetched with [`Client::get_order`] |
///
/// Both end in the same typed [`Notification`] (an [`OrderDetails`](crate::OrderDetails)), so a
/// handler serves both methods alike. A `GET` is trusted for nothing but the order id: what the
/// handler gets is what MultiSafepay answers for it. Anyone can send one, though, and each costs
/// a request to MultiSafepay: rate-limit the route if that matters.
///
/// # Repeated and out-of-order notifications
///
/// MultiSafepay may deliver a notification more than once (it retries until it reads `OK`,
/// and a status change can race a retry) and in any order. Nothing here keeps state between
/// notifications, so every delivery reaches the handler: **act idempotently** (set the status,
/// do not add to it). What the order handed is:
///
/// - for a `GET` notification, always the order's *current* state, fetched when the
///   notification is handled: a late or repeated notification gives the latest status, never
///   an older one than a notification handled before it;
/// - for a `POST` notification with [`Incoming::order`], the order *as signed when it was
///   sent*: a delayed retry may carry an older status than one already handled. When that
///   matters (a refund after a completion, say), use [`Incoming::current`], which verifies the
///   signature and then fetches the current state, or compare the order's `modified` time
///   with the one you stored.
#[derive(Clone, Debug)]
#[non_exhaustive]
// One per request, moved once into the handler: boxing the order would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Incoming {
    /// A `POST` notification whose signature was verified: the order as MultiSafepay sent it.
    Signed(Notification),
    /// A `GET` notification: only the order id, which anyone could have sent; the order must
    /// be fetched.
    Unsigned {
        /// The order id (`transactionid`).
        order_id: String,
        /// The `timestamp` parameter (seconds since 1970), when present and a number.
        timestamp: Option<u64>,
    },
}

impl Incoming {
    /// Reads a notification from the parts of its request: the method, the URL's query string
    /// (without the `?`), the `Auth` header and the raw body, exactly as received.
    ///
    /// A `POST` must be signed (the body is then verified and read); a `GET` must name the
    /// order in `transactionid` (its body and headers are ignored). Any other method is
    /// [`Error::UnexpectedMethod`].
    pub fn from_request(
        verifier: &Verifier,
        method: &str,
        query: Option<&str>,
        auth_header: Option<&str>,
        body: &[u8],
    ) -> Result<Incoming, Error> {
        if method.eq_ignore_ascii_case("POST") {
            let notification = verifier.verify_and_parse(body, auth_header.unwrap_or_default())?;
            Ok(Incoming::Signed(notification))
        } else if method.eq_ignore_ascii_case("GET") {
            Incoming::from_query(query.unwrap_or_default())
        } else {
            Err(Error::UnexpectedMethod {
                method: method.chars().take(16).collect(),
            })
        }
    }

    /// Reads a `GET` notification's query string (`transactionid=..&timestamp=..`, without the
    /// `?`).
    pub fn from_query(query: &str) -> Result<Incoming, Error> {
        let mut order_id = None;
        let mut timestamp = None;
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "transactionid" if order_id.is_none() => order_id = Some(value.into_owned()),
                "timestamp" if timestamp.is_none() => timestamp = value.parse().ok(),
                _ => {}
            }
        }
        match order_id {
            Some(order_id) if !order_id.trim().is_empty() => Ok(Incoming::Unsigned {
                order_id,
                timestamp,
            }),
            _ => Err(Error::MissingTransactionId),
        }
    }

    /// The order id the notification is about.
    pub fn order_id(&self) -> &str {
        match self {
            Incoming::Signed(order) => &order.order_id,
            Incoming::Unsigned { order_id, .. } => order_id,
        }
    }

    /// The order: the signed one of a `POST`, as sent; for a `GET`, the current one, fetched
    /// with `client` (see the type's notes on repeats and order).
    pub async fn order(self, client: &Client) -> Result<Notification, Error> {
        match self {
            Incoming::Signed(order) => Ok(order),
            Incoming::Unsigned { order_id, .. } => fetch(client, &order_id).await,
        }
    }

    /// The order's current state, fetched with `client` for either method (a `POST`'s
    /// signature has been verified first, so a forged notification fetches nothing).
    pub async fn current(self, client: &Client) -> Result<Notification, Error> {
        fetch(client, self.order_id()).await
    }
}

/// Fetches the notified order.
async fn fetch(client: &Client, order_id: &str) -> Result<Notification, Error> {
    client.get_order(order_id).await.map_err(Error::Fetch)
}

/// Reads a notification of either method and hands its order ([`Incoming::from_request`]
/// then [`Incoming::order`]), verifying with the client's own key.
///
/// For any web framework: pass the request's method, query string (without the `?`), `Auth`
/// header and raw body; answer HTTP 200 with [`ACK`](super::ACK) on `Ok`, and
/// [`Error::http_status`] with [`Error::reason`] on `Err`.
///
/// ```no_run
/// # use msp_core as msp;
/// # async fn handle(client: &msp::Client, method: &str, query: Option<&str>, auth: Option<&str>, body: &[u8]) {
/// match msp::webhook::resolve(client, method, query, auth, body).await {
///     Ok(order) => {
///         // update order.order_id to order.status (idempotently), then answer 200 "OK"
///     }
///     Err(e) => {
///         // answer e.http_status() with e.reason(); log e
///     }
/// }
/// # }
/// ```
pub async fn resolve(
    client: &Client,
    method: &str,
    query: Option<&str>,
    auth_header: Option<&str>,
    body: &[u8],
) -> Result<Notification, Error> {
    let verifier = client.webhook_verifier();
    Incoming::from_request(&verifier, method, query, auth_header, body)?
        .order(client)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "site-key";
    const BODY: &[u8] = br#"{"order_id":"o-1","status":"completed","amount":100,"currency":"EUR"}"#;

    fn verifier() -> Verifier {
        Verifier::new(KEY).tolerance(std::time::Duration::ZERO)
    }

    #[test]
    fn a_get_names_the_order_in_its_query() {
        let incoming = Incoming::from_query("transactionid=o%2F1+x&timestamp=1700000000").unwrap();
        assert_eq!(incoming.order_id(), "o/1 x");
        assert!(matches!(
            incoming,
            Incoming::Unsigned {
                timestamp: Some(1_700_000_000),
                ..
            }
        ));
        // The first of a repeated parameter; an unreadable timestamp is no timestamp.
        let incoming = Incoming::from_query("transactionid=a&transactionid=b&timestamp=x").unwrap();
        assert!(
            matches!(&incoming, Incoming::Unsigned { order_id, timestamp: None } if order_id == "a")
        );
        for query in [
            "",
            "timestamp=1",
            "transactionid=",
            "transactionid=%20",
            "TransactionId=a",
        ] {
            assert!(
                matches!(
                    Incoming::from_query(query),
                    Err(Error::MissingTransactionId)
                ),
                "{query}"
            );
        }
    }

    #[test]
    fn the_method_decides_how_it_is_read() {
        let auth = super::super::sign(BODY, KEY, 1);
        let post = Incoming::from_request(&verifier(), "POST", None, Some(&auth), BODY).unwrap();
        assert!(matches!(&post, Incoming::Signed(order) if order.order_id == "o-1"));
        // A GET is read from its query alone, whatever its body and headers.
        let get = Incoming::from_request(
            &verifier(),
            "get",
            Some("transactionid=o-2"),
            Some(&auth),
            BODY,
        )
        .unwrap();
        assert_eq!(get.order_id(), "o-2");
        // A POST is never taken for a hint: unsigned or wrongly signed, it is refused.
        let unsigned =
            Incoming::from_request(&verifier(), "POST", Some("transactionid=o-1"), None, BODY);
        assert!(matches!(unsigned, Err(Error::MissingHeader)));
        let forged = Incoming::from_request(&verifier(), "post", None, Some(&auth), b"{}");
        assert!(matches!(forged, Err(Error::SignatureMismatch)));
        let put =
            Incoming::from_request(&verifier(), "PUT-AND-A-VERY-LONG-METHOD", None, None, b"");
        match put {
            Err(Error::UnexpectedMethod { method }) => assert_eq!(method, "PUT-AND-A-VERY-L"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rejections_have_a_status_and_a_short_reason() {
        let fetch = |status, code| {
            Error::Fetch(crate::Error::Api {
                status,
                error_code: code,
                error_info: "secret detail".into(),
            })
        };
        let cases = [
            (Error::EmptyApiKey, 500),
            (Error::MissingHeader, 401),
            (Error::InvalidBase64, 401),
            (Error::SignatureMismatch, 401),
            (
                Error::Stale {
                    age: std::time::Duration::from_secs(700),
                    tolerance: std::time::Duration::from_secs(600),
                },
                401,
            ),
            (Error::MissingTransactionId, 400),
            (Error::UnsignedGet, 405),
            (
                Error::UnexpectedMethod {
                    method: "PUT".into(),
                },
                405,
            ),
            (fetch(404, None), 404),
            (fetch(200, Some(1006)), 404),
            (fetch(401, Some(1032)), 502),
            (Error::Fetch(crate::Error::Unavailable { status: 503 }), 503),
        ];
        for (error, status) in cases {
            assert_eq!(error.http_status(), status, "{error:?}");
            let reason = error.reason();
            assert!(reason.len() <= 60 && !reason.contains("secret"), "{reason}");
        }
        let error = fetch(401, Some(1032));
        assert!(error
            .to_string()
            .contains("could not fetch the notified order"));
        assert!(std::error::Error::source(&error).is_some());
    }
}
