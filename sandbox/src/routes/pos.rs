//! Point of sale, as far as the sandbox can answer it from its own state: the account's terminals
//! (`GET /terminals`, `paths/terminals.yaml`; `GET /terminal-groups/{terminal_group_id}/terminals`,
//! `paths/terminal-groups@{terminal_group_id}@terminals.yaml`), an order's receipt
//! (`GET /pos/receipt/{order_id}`, `paths/receipt@{order_id}.yaml`) and the cancellation of a
//! Bancontact QR payment (`POST /orders/{order_id}/cancel`, `paths/orders@{order_id}@cancel.yaml`).
//!
//! MultiSafepay's test environment offers none of the first three ("not available in our TEST
//! environment"); the sandbox answers them in the documented shapes so that an integration's
//! code for them can be exercised. Creating a terminal (`POST /terminals`, which official SDKs
//! call) is not described in the OpenAPI description, so the sandbox does not serve it.

use super::orders::success;
use super::writes::{handle, WriteRequest};
use super::{acknowledged, respond, AppStateRef};
use crate::errors::{ApiError, Code};
use crate::faults::Endpoint;
use crate::order::StoredOrder;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use msp_core::{Gateway, OrderStatus};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The account's terminals: those of `components/examples/responses/listTerminals.json`, field
/// for field (id, provider, name, code, created, last_updated, manufacturer_id, serial_number,
/// active, group_id, country).
fn terminals() -> [Value; 2] {
    [
        json!({
            "id": "00000LQT",
            "provider": "SMARTPOS",
            "name": "Terminal 00000LQT",
            "code": "565d68b1-6f1e-4d28-9137-f58012c2718f",
            "created": "2025-05-14T09:16:56Z",
            "last_updated": "2025-05-14T09:17:41Z",
            "manufacturer_id": null,
            "serial_number": null,
            "active": false,
            "group_id": 57958,
            "country": null
        }),
        json!({
            "id": "00000ABC",
            "provider": "VERIFONE",
            "name": "Terminal 00000ABC",
            "code": "123e4567-e89b-12d3-a456-426614174000",
            "created": "2025-05-13T10:00:00Z",
            "last_updated": "2025-05-13T11:05:20Z",
            "manufacturer_id": "VX680",
            "serial_number": "SN12345678",
            "active": true,
            "group_id": 57959,
            "country": "NL"
        }),
    ]
}

/// The merchant a receipt names (`ReceiptMerchant.yaml`): the sandbox's one site.
const MERCHANT_NAME: &str = "msp-sandbox";

/// `GET /v1/json/terminals`: every terminal of the account, `page` (from 1) and `limit` as the
/// description's parameters say; `pager.total_items` counts them all.
pub(crate) async fn list(Query(query): Query<HashMap<String, String>>) -> Response {
    respond(page(terminals().into_iter().collect(), &query))
}

/// `GET /v1/json/terminal-groups/{terminal_group_id}/terminals`: the terminals of one group
/// (none for a group the account does not have).
pub(crate) async fn by_group(
    Path(group): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let group = group.trim().parse::<u64>().ok();
    let of_group = terminals()
        .into_iter()
        .filter(|t| group.is_some() && t["group_id"].as_u64() == group)
        .collect();
    respond(page(of_group, &query))
}

/// A page of `all`: `{"success": true, "data": [...], "pager": {"total_items": N}}`
/// (`listTerminals.json`); a `page` or `limit` that is not a positive number is 1016, as a bad
/// filter of `GET /transactions` is.
fn page(all: Vec<Value>, query: &HashMap<String, String>) -> Result<Json<Value>, ApiError> {
    let number = |name: &str| -> Result<Option<usize>, ApiError> {
        match query.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .map(Some)
                .ok_or_else(|| {
                    ApiError::detailed(
                        Code::MissingData,
                        format!("`{name}` must be a positive number"),
                    )
                }),
        }
    };
    let total = all.len();
    let limit = number("limit")?.unwrap_or(total.max(1));
    let skip = (number("page")?.unwrap_or(1) - 1).saturating_mul(limit);
    let data: Vec<Value> = all.into_iter().skip(skip).take(limit).collect();
    Ok(Json(json!({
        "success": true,
        "data": data,
        "pager": {"total_items": total},
    })))
}

/// `GET /v1/json/pos/receipt/{order_id}`: the receipt of a paid order
/// (`components/schemas/ReceiptDetails.yaml`, `examples/responses/getReceipt.json`), from what
/// the sandbox holds: the amounts, the completion time, the cart's items, the refunds. The
/// card-present details a terminal would add (application id, entry mode, ...) are `null`: the
/// sandbox's orders are not paid at a terminal. An unknown order, or one not paid (never paid,
/// or only authorised: `uncleared`, `void`, a cancelled authorisation), is 404 with 1006
/// (`components/errors/ReceiptError1006.yaml`). Like `GET /orders/{order_id}`, the answer waits
/// until what it shows is durable in the state file, if any.
///
/// The examples and the schemas disagree on two shapes; the sandbox answers as the examples,
/// taken from real answers, do: `order.items` is `{"items": [...]}` (`getReceipt.json`; a list
/// in `ReceiptOrder.yaml`) and `related_transactions` a list (`getReceiptRefund.json`; one
/// object in `ReceiptRelatedTransactions.yaml`). Both are `null` when the order has no cart or
/// no refunds, where the two agree.
pub(crate) async fn receipt(State(state): AppStateRef, Path(order_id): Path<String>) -> Response {
    let answer = respond(receipt_of(&state, &order_id));
    acknowledged(&state, answer).await
}

/// Whether an order in `status` was paid, so has a receipt: `completed` or `shipped` (the
/// money is in, [`OrderStatus::is_paid`]), or since refunded or charged back. A manual-capture
/// order's authorisation (`uncleared`, `void`, `cancelled`) is not a payment, though it has a
/// completion time.
fn has_receipt(status: &OrderStatus) -> bool {
    status.is_paid()
        || matches!(
            status,
            OrderStatus::Refunded | OrderStatus::PartialRefunded | OrderStatus::Chargedback
        )
}

fn receipt_of(state: &crate::state::AppState, order_id: &str) -> Result<Json<Value>, ApiError> {
    let not_found = || ApiError::detailed(Code::InvalidOrderId, "Invalid transaction ID");
    let (order, now) = state.order(order_id).ok_or_else(not_found)?;
    if !has_receipt(&crate::ledger::status_at(&order, now)) {
        return Err(not_found());
    }
    let data = state.order_data(&order, now)?;
    Ok(success(receipt_json(&order, &data, now)))
}

/// The receipt of `order`, whose `GET /orders/{order_id}` data is `data`.
fn receipt_json(order: &StoredOrder, data: &Value, now: u64) -> Value {
    let items: Vec<Value> = data["shopping_cart"]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    let quantity = item["quantity"].as_f64().unwrap_or(1.0);
                    let unit = item["unit_price"].as_f64().map(|p| (p * 100.0).round());
                    json!({
                        "currency": data["currency"],
                        "item_price": unit.map(|u| (u * quantity).round() as i64),
                        "name": item["name"],
                        "quantity": item["quantity"],
                        "unit_price": unit.map(|u| u as i64),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let related = match data["related_transactions"].as_array() {
        Some(list) if !list.is_empty() => Value::Array(
            list.iter()
                .map(|t| {
                    json!({
                        "amount": t["amount"],
                        "created": t["created"],
                        "currency": t["currency"],
                        "description": t["description"],
                        "items": null,
                        "modified": t["modified"].as_str().or(t["created"].as_str()),
                        "order_id": t["order_id"],
                        "reference_transaction_id": order.transaction_id,
                        "status": t["status"],
                        "transaction_id": t["transaction_id"],
                        "type": t["type"],
                    })
                })
                .collect(),
        ),
        _ => Value::Null,
    };
    let details = &data["payment_details"];
    json!({
        "merchant": {"address": null, "name": MERCHANT_NAME},
        "order": {
            "amount": data["amount"],
            "amountrefunded": data["amount_refunded"],
            "completed": data["completed"],
            "currency": data["currency"],
            "items": if items.is_empty() { Value::Null } else { json!({"items": items}) },
            "tip": null,
            "transaction_id": order.transaction_id.to_string(),
        },
        "payment": {
            "application_id": null,
            "authorization_code": null,
            "card_acceptor_location": null,
            "card_entry_mode": null,
            "card_expiry_date": details.get("card_expiry_date").cloned().unwrap_or(Value::Null),
            "cardholder_verification_method": null,
            "issuer_bin": null,
            "issuer_country_code": null,
            "last4": details.get("last4").cloned().unwrap_or(Value::Null),
            "payment_method": details["type"],
            "response_code": "00",
            "terminal_id": null,
        },
        "printed_on": crate::time::format(now),
        "related_transactions": related,
    })
}

/// `POST /v1/json/orders/{order_id}/cancel`: cancels a Bancontact QR payment (a `MISTERCASH`
/// order with `gateway_info.qr_enabled`) that is not paid yet, whether its code was scanned or
/// not; `data` in the shape of `examples/responses/cancelBancontactQR.json`. Other orders are
/// refused (the description allows this call for Bancontact QR only; `PATCH /orders/{order_id}`
/// cancels them). With a fault plan it is spoiled at the rate of an order update.
pub(crate) async fn cancel_qr(
    State(state): AppStateRef,
    Path(order_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = WriteRequest {
        endpoint: Endpoint::UpdateOrder,
        order_id,
        body,
    };
    handle(state, request, Box::new(cancel)).await
}

/// The documented fields of a cancelled Bancontact QR order, as `GET /orders/{order_id}` gives
/// them.
const CANCELLED_FIELDS: [&str; 9] = [
    "costs",
    "created",
    "custom_info",
    "fastcheckout",
    "financial_status",
    "modified",
    "payment_details",
    "payment_methods",
    "status",
];

fn cancel(order: &mut StoredOrder, _body: &Value, now: u64, _id: u64) -> Result<Value, ApiError> {
    let request = order.request()?;
    let qr = request.gateway == Some(Gateway::MISTERCASH)
        && request
            .gateway_info
            .as_ref()
            .is_some_and(|info| info.qr_enabled == Some(true));
    if !qr {
        return Err(ApiError::detailed(
            Code::Unspecified,
            "only a Bancontact QR payment (MISTERCASH with gateway_info.qr_enabled) is cancelled \
             here; PATCH /orders/{order_id} cancels other orders",
        ));
    }
    let status = crate::ledger::status_at(order, now);
    if !matches!(status, OrderStatus::Initialized | OrderStatus::Cancelled) {
        return Err(ApiError::detailed(
            Code::Unspecified,
            format!("the order is {status}; only an unpaid Bancontact QR payment is cancelled"),
        ));
    }
    order.status = OrderStatus::Cancelled;
    order.modified = now;
    let data = order.to_json(&request, "", now);
    let mut answer = Map::new();
    for field in CANCELLED_FIELDS {
        answer.insert(field.to_owned(), data[field].clone());
    }
    // A payment that never happened has no details yet (`cancelBancontactQR.json`).
    answer.insert("financial_status".into(), Value::Null);
    answer.insert("payment_details".into(), json!({}));
    answer.insert("payment_methods".into(), Value::Null);
    Ok(Value::Object(answer))
}
