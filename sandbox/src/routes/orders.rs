//! `POST /orders` and `GET /orders/{order_id}`.

use super::{acknowledged, respond, AppStateRef};
use crate::errors::{ApiError, Code};
use crate::faults::Endpoint;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use msp_core::Flow;
use serde_json::{json, Value};

/// `POST /v1/json/orders` (the key was checked before routing: [`crate::auth`]): the body (read and checked by [`crate::intake`]), then
/// the id's uniqueness; on success the documented `data` (`order_id`, `payment_url`,
/// `session_id` for redirect and payment-link orders; the whole order, with `payment_url`, for
/// direct orders, as `postOrdersDirectIdeal.json` shows).
///
/// With a fault plan, the request may be spoiled ([`crate::faults`]), before or after the order
/// is stored.
pub(crate) async fn create(
    State(state): AppStateRef,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let key = match &body {
        Ok(bytes) if state.faults.active() => order_id_of(bytes),
        _ => String::new(),
    };
    let fault = state.faults.decide(Endpoint::CreateOrder, &key);
    let handle = move || async move { respond(create_order(&state, body).await) };
    match fault {
        None => handle().await,
        Some(fault) => fault.answer(handle).await,
    }
}

/// The `order_id` of a body, as text, or empty: the key the fault plan draws by.
fn order_id_of(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut body)) => match body.remove("order_id") {
            Some(Value::String(id)) => id,
            Some(other) => other.to_string(),
            None => String::new(),
        },
        _ => String::new(),
    }
}

async fn create_order(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large()
        } else {
            ApiError::detailed(Code::MissingData, "the body could not be read")
        }
    })?;
    let request = crate::intake::read_order(&body)?;
    if let Some(refusal) = request.gateway.and_then(|g| {
        state
            .config
            .refusal(g, request.currency, request.amount.minor_units())
    }) {
        return Err(ApiError::detailed(Code::NoGateway, refusal));
    }
    let order = state.create(&request).await?;
    let data = match request.flow {
        Flow::Direct => order.to_json(&request, &state.origin, state.clock.now()),
        _ => json!({
            // The core's serialisation: a number stays a number.
            "order_id": request.order_id,
            "payment_url": state.payment_url(&order.session_id, &request),
            "session_id": order.session_id,
        }),
    };
    Ok(success(data))
}

/// `GET /v1/json/orders/{order_id}`: `data` in the shape of the docs' `getOrder` example; an
/// unknown id is 404 with error 1006 (`paths/orders@{psp_id}.yaml`: "'404': description: Order
/// not found", `Error1006.yaml`). With a fault plan, the request may be spoiled.
pub(crate) async fn get(
    State(state): AppStateRef,
    order_id: Result<Path<String>, PathRejection>,
) -> Response {
    let key = match &order_id {
        Ok(Path(id)) => id.as_str(),
        Err(_) => "",
    };
    let fault = state.faults.decide(Endpoint::GetOrder, key);
    let handle = move || async move {
        let answer = respond(get_order(&state, order_id));
        acknowledged(&state, answer).await
    };
    match fault {
        None => handle().await,
        Some(fault) => fault.answer(handle).await,
    }
}

fn get_order(
    state: &AppState,
    order_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::new(Code::InvalidOrderId);
    let Path(order_id) = order_id.map_err(|_| not_found())?;
    let data = state.order_json(&order_id)?.ok_or_else(not_found)?;
    // An order's answer is about 2 KB; more with a cart or refunds.
    Ok(json_body(&success(data).0, 4096))
}

pub(crate) fn success(data: Value) -> Json<Value> {
    Json(json!({"success": true, "data": data}))
}

/// `answer` as a JSON response, written into a buffer of `capacity` bytes (grown if short), so
/// that a large answer is not copied over and over as its buffer grows.
pub(crate) fn json_body(answer: &impl serde::Serialize, capacity: usize) -> Response {
    let mut body = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut body, answer) {
        Ok(()) => (
            [(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => ApiError::detailed(
            Code::Unknown,
            format!("the answer could not be written: {e}"),
        )
        .into_response(),
    }
}
