//! `GET /transactions` (`paths/listtransactions.yaml`): the stored orders as transactions, in
//! the shape of `listTransactions.json`, oldest first, a page at a time with `after`/`before`
//! cursors in `pager`.
//!
//! A page costs its `limit`, not the number of orders stored: the store keeps its orders in
//! transaction id order ([`AppState::page`]), the page is copied out under the store's lock and
//! its JSON built after. A filtered page examines at most [`PAGE_SCAN`](crate::state::PAGE_SCAN) orders each way; when
//! the filter admits fewer than `limit` among them, the page is shorter and its `after` cursor
//! continues from the last order examined (following the cursors still visits every order the
//! filter admits, once).

use super::{respond, AppStateRef};
use crate::errors::{ApiError, Code};
use crate::order::StoredOrder;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use msp_core::OrderRequest;
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
    respond(Filter::read(&pairs).and_then(|filter| page(&state, &filter)))
}

/// The query's filters, checked.
#[derive(Default, Debug)]
struct Filter {
    /// The date bounds, as the first second that formats at or after the bound.
    created_from: Option<u64>,
    created_until: Option<u64>,
    completed_from: Option<u64>,
    completed_until: Option<u64>,
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

/// The last second `crate::time::format` writes with a four-digit year (9999-12-31T23:59:59).
const LAST_SECOND: u64 = 253_402_300_799;

/// A timestamp filter: `2021-01-01T12:00:00`, `2021-01-01` or Unix seconds
/// (`components/examples/requests/transactions/timestamp.yaml`), as the first second whose
/// `YYYY-MM-DDTHH:MM:SS` is at or after it as text. The stored times compare with it as their
/// text would with the bound's (the text grows with the second), without formatting each.
fn timestamp(name: &str, value: &str) -> Result<u64, ApiError> {
    let bound = timestamp_text(name, value)?;
    let (mut low, mut high) = (0, LAST_SECOND + 1);
    while low < high {
        let middle = low + (high - low) / 2;
        if crate::time::format(middle) >= bound {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Ok(low)
}

/// The filter's text: `YYYY-MM-DDTHH:MM:SS` (or its date alone).
fn timestamp_text(name: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value
            .parse::<u64>()
            .ok()
            .filter(|&seconds| seconds <= LAST_SECOND)
            .map(crate::time::format)
            .ok_or_else(|| invalid(name));
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
        let status = order.status.as_str();
        let dated = |from: Option<u64>, until: Option<u64>, at: Option<u64>| {
            if from.is_none() && until.is_none() {
                return true;
            }
            at.is_some_and(|at| from.is_none_or(|b| at >= b) && until.is_none_or(|b| at < b))
        };
        dated(self.created_from, self.created_until, Some(order.created))
            && dated(self.completed_from, self.completed_until, order.completed)
            && self.status.as_deref().is_none_or(|s| s == status)
            && self.financial_status.as_deref().is_none_or(|s| s == status)
            && (self.payment_methods.is_empty()
                || order
                    .gateway
                    .is_some_and(|g| self.payment_methods.iter().any(|m| m == g.code())))
            && self
                .currency
                .as_deref()
                .is_none_or(|c| c == order.currency.code())
            && self.kind.as_deref().is_none_or(|k| k == "payment")
    }
}

/// The page the filter asks for, and its `pager`.
fn page(state: &AppState, filter: &Filter) -> Result<Json<Value>, ApiError> {
    let page = state.page(
        filter.after,
        filter.before,
        filter.limit,
        |order| filter.admits(order),
        StoredOrder::clone,
    );
    let data = page
        .items
        .iter()
        .map(|order| Ok(transaction_json(order, &order.request()?)))
        .collect::<Result<Vec<Value>, ApiError>>()?;
    let after = page.after.map(|id| id.to_string());
    let before = page.before.map(|id| id.to_string());
    let link = |name: &str, cursor: &Option<String>| {
        cursor.as_ref().map(|c| {
            format!(
                "{}/v1/json/transactions?{name}={c}&limit={}",
                state.origin, filter.limit
            )
        })
    };
    Ok(Json(json!({
        "success": true,
        "data": data,
        "pager": {
            "after": link("after", &after),
            "before": link("before", &before),
            "cursor": {"after": after, "before": before},
            "limit": filter.limit,
        },
    })))
}

/// An order as a transaction, in the shape of `listTransactions.json`.
fn transaction_json(order: &StoredOrder, r: &OrderRequest) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_bound_is_the_first_second_that_formats_at_or_after_it() {
        let at = |value: &str| timestamp("created_from", value).unwrap();
        assert_eq!(at("2021-01-01"), 1_609_459_200);
        assert_eq!(at("2021-01-01T00:00:00"), 1_609_459_200);
        assert_eq!(at("2021-01-01T12"), 1_609_502_400);
        assert_eq!(at("2021-01-01T12:00:01"), 1_609_502_401);
        assert_eq!(at("1609459201"), 1_609_459_201);
        for second in [1_609_459_199, 1_609_459_200, 1_609_502_399, 1_609_502_400] {
            for bound in ["2021-01-01", "2021-01-01T12"] {
                assert_eq!(
                    second >= at(bound),
                    crate::time::format(second).as_str() >= bound,
                    "{second} against {bound}"
                );
            }
        }
        assert!(timestamp("created_from", "99999999999999").is_err());
        assert!(timestamp("created_from", "soon").is_err());
    }
}
