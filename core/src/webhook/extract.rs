//! axum extractors of notifications (feature `axum`, for axum 0.8): the handler receives the
//! verified, typed order, and a rejected notification is answered with its status and a short
//! reason.

use super::{Error, Incoming, Notification, Verifier, AUTH_HEADER};
use crate::Client;
use axum_core::extract::{FromRef, FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use http::StatusCode;
use std::fmt;

/// The order of a notification of either method: a `POST`'s signed order, verified; a `GET`'s
/// order, fetched with the client (see [`Incoming`] for what each hands when notifications
/// repeat or arrive out of order).
///
/// Needs a [`Client`] and a [`Verifier`] from the router's state (`FromRef`); a state that is
/// just the `Client` gives both, the verifier keyed with the client's API key. Route both
/// methods to the handler, and answer [`ACK`](super::ACK):
///
/// ```no_run
/// # use msp_core as msp;
/// use axum::{routing::get, Router};
/// use msp::webhook::{Notified, ACK};
///
/// async fn notification(Notified(order): Notified) -> &'static str {
///     // set order.order_id to order.status in your database (idempotently), then:
///     ACK
/// }
///
/// # fn app(client: msp::Client) -> Router {
/// Router::new()
///     .route("/msp/notify", get(notification).post(notification))
///     .with_state(client)
/// # }
/// ```
///
/// A rejected notification is answered with [`Rejection`]'s status and short reason before
/// the handler runs; take `Result<Notified, Rejection>` to log it first.
#[derive(Clone, Debug)]
pub struct Notified(pub Notification);

/// The current state of a notified order, fetched with the client for either method (a
/// `POST`'s signature is verified first): what [`Incoming::current`] hands. One request to
/// MultiSafepay per notification, and never a stale order, however late a retry arrives.
///
/// The same state as [`Notified`].
#[derive(Clone, Debug)]
pub struct Current(pub Notification);

/// The order of a signed `POST` notification, verified; a `GET` one is refused (405,
/// [`Error::UnsignedGet`]).
/// Needs only a [`Verifier`] from the state (such as [`Verifier::from_env`]): for a handler
/// without a client, of orders that ask for `notification_method = "POST"`.
///
/// ```no_run
/// # use msp_core as msp;
/// use axum::{routing::post, Router};
/// use msp::webhook::{Signed, Verifier, ACK};
///
/// async fn notification(Signed(order): Signed) -> &'static str {
///     ACK
/// }
///
/// # fn app() -> Result<Router, msp::webhook::Error> {
/// let app = Router::new()
///     .route("/msp/notify", post(notification))
///     .with_state(Verifier::from_env()?);
/// # Ok(app) }
/// ```
#[derive(Clone, Debug)]
pub struct Signed(pub Notification);

/// Why a notification was refused by an extractor: answered with [`Error::http_status`] and
/// [`Error::reason`] (or axum's answer when the body could not be read).
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// The notification is not valid, or its order could not be fetched.
    Notification(Error),
    /// The body could not be read (too large for axum's body limit, or cut off).
    Body(axum_core::extract::rejection::BytesRejection),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Notification(e) => write!(f, "notification refused: {e}"),
            Rejection::Body(e) => write!(f, "notification refused: {e}"),
        }
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Rejection::Notification(e) => Some(e),
            Rejection::Body(e) => Some(e),
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::Notification(e) => {
                let status = StatusCode::from_u16(e.http_status())
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                (status, e.reason()).into_response()
            }
            Rejection::Body(e) => e.into_response(),
        }
    }
}

impl From<Error> for Rejection {
    fn from(e: Error) -> Self {
        Rejection::Notification(e)
    }
}

/// A router whose state is the [`Client`] verifies with the client's key.
impl FromRef<Client> for Verifier {
    fn from_ref(client: &Client) -> Self {
        client.webhook_verifier()
    }
}

/// Reads the request into an [`Incoming`] with the state's verifier.
async fn incoming<S>(request: Request, state: &S) -> Result<Incoming, Rejection>
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    let method = request.method().clone();
    let query = request.uri().query().map(str::to_owned);
    let auth = request
        .headers()
        .get(AUTH_HEADER)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    // Only a POST's body is read: a GET's is ignored.
    let body = if method == http::Method::POST {
        Bytes::from_request(request, state)
            .await
            .map_err(Rejection::Body)?
    } else {
        Bytes::new()
    };
    let verifier = Verifier::from_ref(state);
    Ok(Incoming::from_request(
        &verifier,
        method.as_str(),
        query.as_deref(),
        auth.as_deref(),
        &body,
    )?)
}

impl<S> FromRequest<S> for Notified
where
    S: Send + Sync,
    Client: FromRef<S>,
    Verifier: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let incoming = incoming(request, state).await?;
        let client = Client::from_ref(state);
        Ok(Notified(incoming.order(&client).await?))
    }
}

impl<S> FromRequest<S> for Current
where
    S: Send + Sync,
    Client: FromRef<S>,
    Verifier: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let incoming = incoming(request, state).await?;
        let client = Client::from_ref(state);
        Ok(Current(incoming.current(&client).await?))
    }
}

impl<S> FromRequest<S> for Signed
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        match incoming(request, state).await? {
            Incoming::Signed(order) => Ok(Signed(order)),
            Incoming::Unsigned { .. } => Err(Rejection::Notification(Error::UnsignedGet)),
        }
    }
}
