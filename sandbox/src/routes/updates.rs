//! `PATCH /orders/{order_id}` (`paths/orders@{order_id}.yaml`): ship, cancel, extend; the
//! rules are in `ledger.rs`.

use super::writes::{handle, WriteRequest};
use super::AppStateRef;
use crate::faults::Endpoint;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::response::Response;

/// Updates the order; `data` is empty (`examples/responses/patchOrdersCancel.json`).
pub(crate) async fn update(
    State(state): AppStateRef,
    Path(order_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = WriteRequest {
        endpoint: Endpoint::UpdateOrder,
        order_id,
        body,
    };
    let change =
        Box::new(|order: &mut _, body: &_, now, _id| crate::ledger::update(order, body, now));
    handle(state, request, change).await
}
