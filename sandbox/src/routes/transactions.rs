//! `GET /transactions` (`paths/listtransactions.yaml`): the stored orders as transactions, in
//! the shape of `listTransactions.json`, oldest first, a page at a time with `after`/`before`
//! cursors in `pager`.

use super::{respond, AppStateRef};
use crate::errors::{ApiError, Code};
use crate::order::StoredOrder;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};

/// The documented default page size, and the most a page may hold.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

/// The site id the sandbox reports (`site_id` of `listTransactions.json`).
const SITE_ID: u64 = 12345;

/// `GET /v1/json/transactions`.
pub(crate) async fn list(
    State(state): AppStateRef,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Query(pairs) = query.unwrap_or_default();
    respond(Filter::read(&pairs).map(|filter| page(&state, &filter)))
}

/// The query's filters, checked.
#[derive(Default, Debug)]
struct Filter {
    created_from: Option<String>,
    created_until: Option<String>,
    completed_from: Option<String>,
    completed_until: Option<String>,
    status: Option<String>,
    financial_status: Option<String>,
    payment_methods: Vec<String>,
    currency: Option<String>,
    kind: Option<String>,
    limit: usize,
    after: Option<u64>,
    before: Option<u64>,
}

fn invalid(name: &str) -> ApiError {
    ApiError::detailed(Code::MissingData, format!("invalid `{name}`"))
}

/// A timestamp filter as `YYYY-MM-DDTHH:MM:SS` (or its date alone), which compares as text with
/// the stored times: `2021-01-01T12:00:00`, `2021-01-01` or Unix seconds
/// (`components/examples/requests/transactions/timestamp.yaml`).
fn timestamp(name: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value
            .parse()
            .map(crate::time::format)
            .map_err(|_| invalid(name));
    }
    let shape = |at: usize, digits: usize| {
        value
            .get(at..at + digits)
            .is_some_and(|part| part.bytes().all(|b| b.is_ascii_digit()))
    };
    let date = shape(0, 4) && value.get(4..5) == Some("-") && shape(5, 2);
    let date = date && value.get(7..8) == Some("-") && shape(8, 2);
    if date && (value.len() == 10 || value.get(10..11) == Some("T")) {
        Ok(value.to_owned())
    } else {
        Err(invalid(name))
    }
}

fn cursor(name: &str, value: &str) -> Result<u64, ApiError> {
    value.trim().parse().map_err(|_| invalid(name))
}

impl Filter {
    fn read(pairs: &[(String, String)]) -> Result<Filter, ApiError> {
        let mut filter = Filter {
            limit: DEFAULT_LIMIT,
            ..Filter::default()
        };
        for (name, value) in pairs {
            let lower = || Some(value.trim().to_ascii_lowercase());
            match name.as_str() {
                "created_from" => filter.created_from = Some(timestamp(name, value)?),
                "created_until" => filter.created_until = Some(timestamp(name, value)?),
                "completed_from" => filter.completed_from = Some(timestamp(name, value)?),
                "completed_until" => filter.completed_until = Some(timestamp(name, value)?),
                "status" => filter.status = lower(),
                "financial_status" => filter.financial_status = lower(),
                "payment_method" => filter.payment_methods.extend(
                    value
                        .split(',')
                        .map(|code| code.trim().to_ascii_uppercase())
                        .filter(|code| !code.is_empty()),
                ),
                "currency" => filter.currency = Some(value.trim().to_ascii_uppercase()),
                "type" => filter.kind = lower(),
                "limit" => {
                    let limit: usize = value.trim().parse().map_err(|_| invalid(name))?;
                    filter.limit = limit.clamp(1, MAX_LIMIT);
                }
                "after" => filter.after = Some(cursor(name, value)?),
                "before" => filter.before = Some(cursor(name, value)?),
                _ => {}
            }
        }
        Ok(filter)
    }

    fn admits(&self, order: &StoredOrder) -> bool {
        let r = &order.request;
        let status = order.status.as_str();
        // The timestamps are formatted only when a date filter asks for them: a listing reads
        // every stored order under the store's lock.
        let dated = |from: &Option<String>, until: &Option<String>, at: Option<u64>| {
            if from.is_none() && until.is_none() {
                return true;
            }
            let Some(at) = at.map(crate::time::format) else {
                return false;
            };
            from.as_ref().is_none_or(|b| at >= *b) && until.as_ref().is_none_or(|b| at < *b)
        };
        dated(&self.created_from, &self.created_until, Some(order.created))
            && dated(&self.completed_from, &self.completed_until, order.completed)
            && self.status.as_deref().is_none_or(|s| s == status)
            && self.financial_status.as_deref().is_none_or(|s| s == status)
            && (self.payment_methods.is_empty()
                || r.gateway
                    .is_some_and(|g| self.payment_methods.iter().any(|m| m == g.code())))
            && self
                .currency
                .as_deref()
                .is_none_or(|c| c == r.currency.code())
            && self.kind.as_deref().is_none_or(|k| k == "payment")
    }
}

/// The page the filter asks for, and its `pager`.
fn page(state: &AppState, filter: &Filter) -> Json<Value> {
    // One pass under the lock: the admitted orders in id order, the window's JSON.
    let (data, first, last, more_after, more_before) = state.with_orders(|orders| {
        let mut admitted: Vec<&StoredOrder> = orders.filter(|order| filter.admits(order)).collect();
        admitted.sort_unstable_by_key(|order| order.transaction_id);
        let window: &[&StoredOrder] = match (filter.after, filter.before) {
            (Some(after), _) => {
                let start = admitted.partition_point(|o| o.transaction_id <= after);
                &admitted[start..(start + filter.limit).min(admitted.len())]
            }
            (None, Some(before)) => {
                let end = admitted.partition_point(|o| o.transaction_id < before);
                &admitted[end.saturating_sub(filter.limit)..end]
            }
            (None, None) => &admitted[..filter.limit.min(admitted.len())],
        };
        let id = |o: &&StoredOrder| o.transaction_id;
        let (first, last) = (window.first().map(id), window.last().map(id));
        let more_after =
            last.is_some_and(|l| admitted.last().is_some_and(|m| m.transaction_id > l));
        let more_before =
            first.is_some_and(|f| admitted.first().is_some_and(|m| m.transaction_id < f));
        let data: Vec<Value> = window.iter().map(|o| transaction_json(o)).collect();
        (data, first, last, more_after, more_before)
    });
    let after = last.filter(|_| more_after).map(|id| id.to_string());
    let before = first.filter(|_| more_before).map(|id| id.to_string());
    let link = |name: &str, cursor: &Option<String>| {
        cursor.as_ref().map(|c| {
            format!(
                "{}/v1/json/transactions?{name}={c}&limit={}",
                state.origin, filter.limit
            )
        })
    };
    Json(json!({
        "success": true,
        "data": data,
        "pager": {
            "after": link("after", &after),
            "before": link("before", &before),
            "cursor": {"after": after, "before": before},
            "limit": filter.limit,
        },
    }))
}

/// An order as a transaction, in the shape of `listTransactions.json`.
fn transaction_json(order: &StoredOrder) -> Value {
    let r = &order.request;
    let customer = r.customer.as_ref();
    let status = order.status.as_str();
    let mut json = json!({
        "amount": r.amount.minor_units(),
        "costs": [],
        "created": crate::time::format(order.created),
        "currency": r.currency.code(),
        "customer": {
            "email": customer.and_then(|c| c.email.as_deref()),
            "first_name": customer.and_then(|c| c.first_name.as_deref()),
            "iban": "",
            "last_name": customer.and_then(|c| c.last_name.as_deref()),
        },
        "debit_credit": "C",
        "description": r.description,
        "financial_status": status,
        "net": r.amount.minor_units(),
        "order_id": r.order_id,
        "payment_method": r.gateway.map(|g| g.code()),
        "site_id": SITE_ID,
        "status": status,
        "transaction_id": order.transaction_id,
        "type": "payment",
        "var1": r.var1.as_deref().unwrap_or(""),
        "var2": r.var2.as_deref().unwrap_or(""),
        "var3": r.var3.as_deref().unwrap_or(""),
    });
    if let Some(completed) = order.completed {
        json["completed"] = json!(crate::time::format(completed));
    }
    json
}
