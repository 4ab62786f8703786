//! The control API over HTTP, for tests in any language, under `/_sandbox/` (a prefix no
//! MultiSafepay endpoint uses); served only when enabled (`--control`,
//! [`SandboxBuilder::control`](crate::SandboxBuilder::control)), with the same API-key check as
//! the rest. Answers use the API's envelope (`{"success": true, "data": ...}`).
//!
//! | method and path | body | `data` |
//! | --- | --- | --- |
//! | `GET /_sandbox/clock` | | `now` (Unix seconds), `now_text`, `offset_seconds` |
//! | `POST /_sandbox/clock` | `{"advance_seconds": N}` | as `GET`, and `expired`: the ids of the orders that expired |
//! | `POST /_sandbox/orders/{order_id}/outcome` | `{"outcome": "complete"}` (or `decline`, `cancel`, `expire`, `uncleared`, `chargeback`) | `order_id`, `status` |
//! | `GET /_sandbox/notifications` | | each notification: `order_id`, `status`, `url`, `method`, `acknowledged`, `attempts` (`timestamp`, `http_status`, `acknowledged`, `detail`) |
//! | `POST /_sandbox/reset` | | `{}` |
//! | `GET /_sandbox/stats` | | `orders` stored, `rss_kib` (the process's resident memory, on Linux; else `null`) |

use super::orders::success;
use super::{respond, AppStateRef};
use crate::control::{self, Outcome, OutcomeError};
use crate::errors::{ApiError, Code};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use msp_core::NotificationMethod;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// The control routes, to merge into the router.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/_sandbox/clock", get(clock).post(advance))
        .route("/_sandbox/orders/{order_id}/outcome", post(outcome))
        .route("/_sandbox/notifications", get(notifications))
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/stats", get(stats))
}

fn clock_json(state: &AppState) -> Value {
    let now = state.clock.now();
    json!({
        "now": now,
        "now_text": crate::time::format(now),
        "offset_seconds": state.clock.offset(),
    })
}

fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::detailed(Code::MissingData, format!("unreadable body ({e})")))
}

async fn clock(State(state): AppStateRef) -> Json<Value> {
    success(clock_json(&state))
}

#[derive(Deserialize)]
struct Advance {
    advance_seconds: u64,
}

async fn advance(State(state): AppStateRef, body: Bytes) -> Response {
    respond(read::<Advance>(&body).and_then(|advance| {
        let expired = control::advance_clock(&state, Duration::from_secs(advance.advance_seconds))?;
        let mut data = clock_json(&state);
        data["expired"] = json!(expired);
        Ok(success(data))
    }))
}

#[derive(Deserialize)]
struct SetOutcome {
    outcome: String,
}

async fn outcome(State(state): AppStateRef, Path(order_id): Path<String>, body: Bytes) -> Response {
    respond(read::<SetOutcome>(&body).and_then(|asked| {
        let outcome = Outcome::from_name(&asked.outcome).ok_or_else(|| {
            ApiError::detailed(
                Code::MissingData,
                format!(
                    "unknown outcome `{}` (one of: complete, decline, cancel, expire, uncleared, chargeback)",
                    asked.outcome
                ),
            )
        })?;
        match control::set_outcome(&state, &order_id, outcome) {
            Ok(status) => Ok(success(json!({"order_id": order_id, "status": status.as_str()}))),
            Err(e @ OutcomeError::UnknownOrder(_)) => {
                Err(ApiError::detailed(Code::InvalidOrderId, e.to_string()))
            }
            Err(OutcomeError::NotDurable(info)) => Err(ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: Code::Unspecified,
                info,
            }),
            Err(e) => Err(ApiError {
                status: StatusCode::CONFLICT,
                code: Code::Unknown,
                info: e.to_string(),
            }),
        }
    }))
}

async fn notifications(State(state): AppStateRef) -> Json<Value> {
    let list: Vec<Value> = state
        .notifier
        .outbox()
        .all()
        .into_iter()
        .map(|n| {
            json!({
                "order_id": n.order_id,
                "status": n.status,
                "url": n.url,
                "method": match n.method {
                    NotificationMethod::Get => "GET",
                    NotificationMethod::Post => "POST",
                },
                "acknowledged": n.acknowledged(),
                "attempts": n.attempts.iter().map(|a| json!({
                    "timestamp": a.timestamp,
                    "http_status": a.http_status,
                    "acknowledged": a.acknowledged,
                    "detail": a.detail,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    success(Value::Array(list))
}

async fn reset(State(state): AppStateRef) -> Response {
    respond(state.reset().map(|()| success(json!({}))))
}

async fn stats(State(state): AppStateRef) -> Json<Value> {
    success(json!({"orders": state.len(), "rss_kib": rss_kib()}))
}

/// `VmRSS` of `/proc/self/status`, in KiB (Linux only).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
