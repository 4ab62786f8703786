//! What the write endpoints after an order share (the key is checked before routing): the body, the fault plan, the
//! change under the store's lock, and the notification of a status change.

use super::orders::success;
use super::respond;
use crate::errors::{ApiError, Code};
use crate::faults::Endpoint;
use crate::order::StoredOrder;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;

/// A change of an order: given the order, the request's JSON body, the time and a fresh
/// transaction id, it changes the order and returns `data`, or refuses.
pub(crate) type Change =
    Box<dyn FnOnce(&mut StoredOrder, &Value, u64, u64) -> Result<Value, ApiError> + Send>;

/// One request to a write endpoint naming `order_id` in its path.
pub(crate) struct WriteRequest {
    pub(crate) endpoint: Endpoint,
    pub(crate) order_id: String,
    pub(crate) body: Result<Bytes, BytesRejection>,
}

/// Handles `request` with `change`; with a fault plan the request may be spoiled, before or
/// after the change (as `POST /orders` is before or after the store).
pub(crate) async fn handle(
    state: Arc<AppState>,
    request: WriteRequest,
    change: Change,
) -> Response {
    let fault = state.faults.decide(request.endpoint, &request.order_id);
    let handle = move || async move { respond(apply(&state, request, change).await) };
    match fault {
        None => handle().await,
        Some(fault) => fault.answer(handle).await,
    }
}

async fn apply(
    state: &AppState,
    request: WriteRequest,
    change: Change,
) -> Result<axum::Json<Value>, ApiError> {
    let body = request.body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large()
        } else {
            ApiError::detailed(Code::MissingData, "the body could not be read")
        }
    })?;
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| ApiError::detailed(Code::MissingData, "the body is not JSON"))?
    };
    if !body.is_object() {
        return Err(ApiError::detailed(
            Code::MissingData,
            "the body is not a JSON object",
        ));
    }
    let (data, settled) = state
        .change(&request.order_id, |order, now, id| {
            change(order, &body, now, id)
        })
        .await?;
    if let Some(settled) = settled {
        state.notifier.announce(&settled);
    }
    Ok(success(data))
}
