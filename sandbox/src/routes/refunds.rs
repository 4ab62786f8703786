//! `POST /orders/{order_id}/refunds` and `PATCH /orders/{order_id}/refunds/{refund_id}`
//! (`paths/orders@{order_id}@refunds.yaml`, `paths/orders@{order_id}@refunds@{refund_id}.yaml`);
//! the rules are in `ledger.rs`.

use super::writes::{handle, WriteRequest};
use super::AppStateRef;
use crate::faults::Endpoint;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::response::Response;

/// Refunds all or part of a paid order; `data` is `order_id`, `transaction_id` and
/// `refund_id` (`examples/responses/refundOrder.json`, `responseBody/refundOrder.yaml`).
pub(crate) async fn create(
    State(state): AppStateRef,
    Path(order_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = WriteRequest {
        endpoint: Endpoint::Refund,
        order_id,
        body,
    };
    handle(state, request, Box::new(crate::ledger::refund)).await
}

/// Cancels a refund still `reserved` (`{"status": "void"}`); `data` is empty.
pub(crate) async fn cancel(
    State(state): AppStateRef,
    Path((order_id, refund_id)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = WriteRequest {
        endpoint: Endpoint::CancelRefund,
        order_id,
        body,
    };
    let change = Box::new(move |order: &mut _, body: &_, now, _id| {
        crate::ledger::cancel_refund(order, &refund_id, body, now)
    });
    handle(state, request, change).await
}
