//! A customer's recurring tokens (`paths/recurring@*.yaml`): list, get, delete. An unknown token
//! is 410 with error 1000 "Token not found", as those paths declare.

use super::orders::success;
use super::{respond, AppStateRef};
use crate::errors::{ApiError, Code};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

/// The documented default number of tokens listed.
const DEFAULT_LIMIT: usize = 10;

fn token_not_found() -> ApiError {
    ApiError {
        status: StatusCode::GONE,
        code: Code::Unknown,
        info: "Token not found".to_owned(),
    }
}

/// `limit` and `offset` of `GET /recurring/{reference}`.
#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `GET /v1/json/recurring/{reference}`: `{"tokens": [...]}` (`listTokens.json`).
pub(crate) async fn list(
    State(state): AppStateRef,
    query: Result<Query<ListQuery>, QueryRejection>,
    Path(reference): Path<String>,
) -> Response {
    let Query(query) = query.unwrap_or_default();
    let tokens = state.recurring.list(
        &reference,
        query.offset.unwrap_or(0),
        query.limit.unwrap_or(DEFAULT_LIMIT),
    );
    respond(Ok(success(json!({"tokens": tokens}))))
}

/// `GET /v1/json/recurring/{reference}/token/{token}`.
pub(crate) async fn get(
    State(state): AppStateRef,
    Path((reference, token)): Path<(String, String)>,
) -> Response {
    respond(
        state
            .recurring
            .get(&reference, &token)
            .map(success)
            .ok_or_else(token_not_found),
    )
}

/// `DELETE /v1/json/recurring/{reference}/remove/{token}`: `{"removed": true}`.
pub(crate) async fn remove(
    State(state): AppStateRef,
    Path((reference, token)): Path<(String, String)>,
) -> Response {
    respond(if state.recurring.remove(&reference, &token) {
        Ok(success(json!({"removed": true})))
    } else {
        Err(token_not_found())
    })
}
