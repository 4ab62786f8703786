//! The HTTP surface: MultiSafepay's JSON API under `/v1/json/` (the path layout of
//! `https://testapi.multisafepay.com/v1/json/`), and the hosted payment page.
//!
//! | method and path | what |
//! | --- | --- |
//! | `POST /v1/json/orders` | create an order ([`orders::create`]) |
//! | `GET /v1/json/orders/{order_id}` | the order as stored ([`orders::get`]) |
//! | `PATCH /v1/json/orders/{order_id}` | ship, cancel, extend ([`updates::update`]) |
//! | `POST /v1/json/orders/{order_id}/refunds` | refund ([`refunds::create`]) |
//! | `PATCH /v1/json/orders/{order_id}/refunds/{refund_id}` | cancel a refund ([`refunds::cancel`]) |
//! | `POST /v1/json/orders/{order_id}/capture` | capture an authorisation ([`capture::capture`]) |
//! | `PATCH /v1/json/capture/{order_id}` | cancel an authorisation ([`capture::cancel`]) |
//! | `GET /v1/json/categories`, `/me`, `/auth/api_token` | the account's fixed answers ([`account`]) |
//! | `GET /v1/json/terminals`, `/terminal-groups/{id}/terminals`, `/pos/receipt/{order_id}` | point of sale ([`pos`]) |
//! | `POST /v1/json/orders/{order_id}/cancel` | cancel a Bancontact QR payment ([`pos::cancel_qr`]) |
//! | `/_sandbox/...` | the control API, when enabled ([`control`]) |
//! | `GET /v1/json/payment-methods`, `/payment-methods/{id}`, `/gateways`, `/gateways/{id}`, `/issuers/{gateway}` | what the account offers, from the catalogue ([`discovery`]) |
//! | `GET /v1/json/transactions` | the orders as transactions, with cursors ([`transactions::list`]) |
//! | `GET /v1/json/recurring/{reference}`, `.../token/{token}`, `DELETE .../remove/{token}` | recurring tokens ([`tokens`]) |
//! | `GET /connect/{session}/` | the payment page, `payment_url` ([`pay::page`]) |
//! | `POST /pay/{session}/complete`, `.../cancel`, `.../decline` | the customer's choice ([`pay::act`]) |
//!
//! Anything else is 404 with error 1000 "Not found". The API key is checked before routing
//! ([`crate::auth`]), so a wrong key is 1032 on every path but the payment page's.

pub(crate) mod account;
pub(crate) mod capture;
pub(crate) mod control;
pub(crate) mod discovery;
pub(crate) mod orders;
pub(crate) mod pay;
pub(crate) mod pos;
pub(crate) mod refunds;
pub(crate) mod tokens;
pub(crate) mod transactions;
pub(crate) mod updates;
pub(crate) mod writes;

use crate::errors::{ApiError, Code};
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::Router;
use std::sync::Arc;

/// The routes, with the body limit and (when verbose) a one-line log per request.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let verbose = state.config.verbose;
    let mut router = Router::new()
        .route(
            "/v1/json/orders",
            post(orders::create).fallback(wrong_method),
        )
        .route(
            "/v1/json/orders/{order_id}",
            get(orders::get)
                .patch(updates::update)
                .fallback(wrong_method),
        )
        .route(
            "/v1/json/orders/{order_id}/refunds",
            post(refunds::create).fallback(wrong_method),
        )
        .route(
            "/v1/json/orders/{order_id}/refunds/{refund_id}",
            patch(refunds::cancel).fallback(wrong_method),
        )
        .route(
            "/v1/json/orders/{order_id}/capture",
            post(capture::capture).fallback(wrong_method),
        )
        .route(
            "/v1/json/capture/{order_id}",
            patch(capture::cancel).fallback(wrong_method),
        )
        .route("/v1/json/payment-methods", get(discovery::payment_methods))
        .route(
            "/v1/json/payment-methods/{payment_method_id}",
            get(discovery::payment_method),
        )
        .route("/v1/json/gateways", get(discovery::gateways))
        .route("/v1/json/gateways/{gateway_id}", get(discovery::gateway))
        .route("/v1/json/issuers/{gateway}", get(discovery::issuers))
        .route("/v1/json/transactions", get(transactions::list))
        .route("/v1/json/recurring/{reference}", get(tokens::list))
        .route(
            "/v1/json/recurring/{reference}/token/{token}",
            get(tokens::get),
        )
        .route(
            "/v1/json/recurring/{reference}/remove/{token}",
            delete(tokens::remove),
        )
        .route("/connect/{session}/", get(pay::page))
        .route("/connect/{session}", get(pay::page))
        .route("/pay/{session}/{action}", post(pay::act))
        .route("/v1/json/categories", get(account::categories))
        .route("/v1/json/me", get(account::me))
        .route("/v1/json/auth/api_token", get(account::api_token))
        .route(
            "/v1/json/orders/{order_id}/cancel",
            post(pos::cancel_qr).fallback(wrong_method),
        )
        .route("/v1/json/terminals", get(pos::list).fallback(wrong_method))
        .route(
            "/v1/json/terminal-groups/{terminal_group_id}/terminals",
            get(pos::by_group),
        )
        .route("/v1/json/pos/receipt/{order_id}", get(pos::receipt));
    if state.config.control {
        router = router.merge(control::routes());
    }
    let router = router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            crate::auth::require_key,
        ))
        .layer(DefaultBodyLimit::max(crate::limits::MAX_BODY));
    let router = if verbose {
        router.layer(middleware::from_fn(log))
    } else {
        router
    };
    router.with_state(state)
}

/// An unknown endpoint: 404 with 1000 "Not found" (`components/errors/410Error.yaml`).
async fn not_found() -> ApiError {
    ApiError::new(Code::Unknown)
}

/// A known path with a method it does not take.
async fn wrong_method() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: Code::Unknown,
        info: "Method not allowed".to_owned(),
    }
}

/// `POST /v1/json/orders -> 200`: the path only (a query may carry an API key).
async fn log(request: Request, next: Next) -> Response {
    let line = format!("{} {}", request.method(), request.uri().path());
    let response = next.run(request).await;
    eprintln!("msp-sandbox: {line} -> {}", response.status().as_u16());
    response
}

/// Turns a handler's result into a response.
pub(crate) fn respond<T: IntoResponse>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(ok) => ok.into_response(),
        Err(error) => error.into_response(),
    }
}

/// `answer` once every change made before it was read is durable: an answer acknowledges what
/// it shows. If they cannot be, the error is answered instead.
pub(crate) async fn acknowledged(state: &AppState, answer: Response) -> Response {
    match state.durable_reads().await {
        Ok(()) => answer,
        Err(e) => e.into_response(),
    }
}

/// Shared by the JSON endpoints.
pub(crate) type AppStateRef = State<Arc<AppState>>;
