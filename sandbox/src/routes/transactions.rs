//! `GET /transactions` (`paths/listtransactions.yaml`): the stored orders as transactions, in
//! the shape of `listTransactions.json`, oldest first, a page at a time with `after`/`before`
//! cursors in `pager`.
//!
//! A page costs its `limit`, not the number of orders stored: the store keeps its orders in
//! transaction id order ([`AppState::page`]), the page is copied out under the store's lock and
//! its JSON built after. A filter that skips many orders walks on in stretches of at most
//! [`PAGE_SCAN`](crate::state::PAGE_SCAN) orders, releasing the lock between them, until the
//! page is full or the orders end: a page is never shorter than `limit` while more orders
//! follow that the filter admits.

use super::{acknowledged, respond, AppStateRef};
use crate::errors::{ApiError, Code};
use crate::order::StoredOrder;
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use msp_core::OrderId;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::borrow::Cow;

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
    let filter = match Filter::read(&pairs) {
        Ok(filter) => filter,
        Err(e) => return respond::<Response>(Err(e)),
    };
    let answer = respond(page(&state, &filter));
    acknowledged(&state, answer).await
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

    fn admits(&self, order: &StoredOrder, now: u64) -> bool {
        let status = crate::ledger::status_name_at(order, now);
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
fn page(state: &AppState, filter: &Filter) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let page = state.page(
        filter.after,
        filter.before,
        filter.limit,
        |order| filter.admits(order, now),
        StoredOrder::clone,
    );
    let read = page
        .items
        .iter()
        .map(|order| {
            serde_json::from_slice::<Listed<'_>>(order.request_json())
                .map(|listed| (order, listed))
                .map_err(|e| {
                    ApiError::detailed(
                        Code::Unknown,
                        format!("the stored order could not be read: {e}"),
                    )
                })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let data: Vec<Transaction<'_>> = read
        .iter()
        .map(|(order, listed)| Transaction::new(order, listed, now))
        .collect();
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
    let pager = json!({
        "after": link("after", &after),
        "before": link("before", &before),
        "cursor": {"after": after, "before": before},
        "limit": filter.limit,
    });
    // Serialised from the borrowed transactions straight to the body, sized for the page (a
    // transaction is about 400 bytes).
    let capacity = 512 * data.len() + 1024;
    Ok(super::orders::json_body(
        &Answer {
            success: true,
            data,
            pager,
        },
        capacity,
    ))
}

/// The answer of `GET /transactions`.
#[derive(Serialize)]
struct Answer<'a> {
    success: bool,
    data: Vec<Transaction<'a>>,
    pager: Value,
}

/// What a transaction shows of the stored request beyond the order's typed fields, read
/// without decoding the rest.
#[derive(Deserialize)]
struct Listed<'a> {
    #[serde(borrow, default)]
    description: Cow<'a, str>,
    #[serde(borrow, default)]
    customer: Option<ListedCustomer<'a>>,
    #[serde(borrow, default)]
    var1: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    var2: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    var3: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
struct ListedCustomer<'a> {
    #[serde(borrow, default)]
    email: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    first_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    last_name: Option<Cow<'a, str>>,
}

/// An order as a transaction, in the shape of `listTransactions.json`.
#[derive(Serialize)]
struct Transaction<'a> {
    amount: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    completed: Option<String>,
    costs: [(); 0],
    created: String,
    currency: &'static str,
    customer: TransactionCustomer<'a>,
    debit_credit: &'static str,
    description: &'a str,
    financial_status: &'a str,
    net: u64,
    order_id: &'a OrderId,
    payment_method: Option<&'static str>,
    site_id: u64,
    status: &'a str,
    transaction_id: u64,
    #[serde(rename = "type")]
    kind: &'static str,
    var1: &'a str,
    var2: &'a str,
    var3: &'a str,
}

#[derive(Serialize)]
struct TransactionCustomer<'a> {
    email: Option<&'a str>,
    first_name: Option<&'a str>,
    iban: &'static str,
    last_name: Option<&'a str>,
}

impl<'a> Transaction<'a> {
    fn new(order: &'a StoredOrder, r: &'a Listed<'a>, now: u64) -> Transaction<'a> {
        let customer = r.customer.as_ref();
        let status = crate::ledger::status_name_at(order, now);
        Transaction {
            amount: order.amount,
            completed: order.completed.map(crate::time::format),
            costs: [],
            created: crate::time::format(order.created),
            currency: order.currency.code(),
            customer: TransactionCustomer {
                email: customer.and_then(|c| c.email.as_deref()),
                first_name: customer.and_then(|c| c.first_name.as_deref()),
                iban: "",
                last_name: customer.and_then(|c| c.last_name.as_deref()),
            },
            debit_credit: "C",
            description: &r.description,
            financial_status: status,
            net: order.amount,
            order_id: &order.order_id,
            payment_method: order.gateway.map(|g| g.code()),
            site_id: SITE_ID,
            status,
            transaction_id: order.transaction_id,
            kind: "payment",
            var1: r.var1.as_deref().unwrap_or(""),
            var2: r.var2.as_deref().unwrap_or(""),
            var3: r.var3.as_deref().unwrap_or(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_shows_the_stored_request_and_the_order() {
        let request: msp_core::OrderRequest = serde_json::from_value(json!({
            "type": "redirect", "order_id": 12, "gateway": "AMEX", "currency": "EUR",
            "amount": 1000, "description": "d\u{e9}j\u{e0} \"vu\"", "var2": "two",
            "customer": {"email": "a@example.com", "first_name": "Ann", "locale": "nl_NL"},
        }))
        .unwrap();
        let mut order = StoredOrder::new(&request, "s".into(), 7, 1_609_459_200).unwrap();
        let listed: Listed<'_> = serde_json::from_slice(order.request_json()).unwrap();
        let shown = serde_json::to_value(Transaction::new(&order, &listed, 0)).unwrap();
        assert_eq!(
            shown,
            json!({
                "amount": 1000, "costs": [], "created": "2021-01-01T00:00:00", "currency": "EUR",
                "customer": {"email": "a@example.com", "first_name": "Ann", "iban": "", "last_name": null},
                "debit_credit": "C", "description": "d\u{e9}j\u{e0} \"vu\"", "financial_status": "initialized",
                "net": 1000, "order_id": 12, "payment_method": "AMEX", "site_id": SITE_ID,
                "status": "initialized", "transaction_id": 7, "type": "payment",
                "var1": "", "var2": "two", "var3": "",
            })
        );
        order.completed = Some(1_609_459_260);
        order.status = msp_core::OrderStatus::Completed;
        let listed: Listed<'_> = serde_json::from_slice(order.request_json()).unwrap();
        let shown = serde_json::to_value(Transaction::new(&order, &listed, 0)).unwrap();
        assert_eq!(shown["completed"], "2021-01-01T00:01:00");
        assert_eq!(shown["status"], "completed");
    }

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
