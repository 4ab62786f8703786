//! `POST /orders/{order_id}/capture` and `PATCH /capture/{order_id}`
//! (`paths/orders@{order_id}@capture.yaml`, `paths/capture@{order_id}.yaml`); the rules are in
//! `ledger.rs`.

use super::writes::{handle, WriteRequest};
use super::AppStateRef;
use crate::faults::Endpoint;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::response::Response;

/// Captures all or part of an authorisation; `data` is `transaction_id` and `order_id` (the
/// capture's `new_order_id`).
pub(crate) async fn capture(
    State(state): AppStateRef,
    Path(order_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = WriteRequest {
        endpoint: Endpoint::Capture,
        order_id,
        body,
    };
    handle(state, request, Box::new(crate::ledger::capture)).await
}

/// Cancels an authorisation with nothing captured; `data` is `transaction_id`, `order_id` and
/// `success`.
pub(crate) async fn cancel(
    State(state): AppStateRef,
    Path(order_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = WriteRequest {
        endpoint: Endpoint::CancelAuthorization,
        order_id,
        body,
    };
    let change = Box::new(|order: &mut _, body: &_, now, _id| {
        crate::ledger::cancel_authorisation(order, body, now)
    });
    handle(state, request, change).await
}
