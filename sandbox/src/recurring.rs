//! Recurring tokens: stored when an order with a `recurring_model` and a `customer.reference`
//! is paid (MultiSafepay's "Recurring payments" page), listed, read and deleted by the
//! `recurring/...` routes (`paths/recurring@*.yaml`).

use crate::order::StoredOrder;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

/// Customers with tokens kept, at most; the oldest customer is forgotten first.
const MAX_CUSTOMERS: usize = 4096;

/// A stored token and what `Token.yaml` shows of it.
#[derive(Debug, Clone)]
struct StoredToken {
    token: String,
    code: String,
    name_holder: Option<String>,
    recurring_model: String,
}

impl StoredToken {
    /// In the shape of `listTokens.json`: a test card, as the sandbox pays with none.
    fn to_json(&self) -> Value {
        json!({
            "token": self.token,
            "code": self.code,
            "display": "Card xxxx xxxx xxxx 1111",
            "bin": 411111,
            "name_holder": self.name_holder,
            "expiry_date": 3012,
            "expired": 0,
            "last4": 1111,
            "recurring_model": self.recurring_model,
        })
    }
}

/// Tokens by customer reference.
#[derive(Debug, Default)]
pub(crate) struct Recurring {
    tokens: Mutex<Customers>,
}

/// Each customer's tokens, and the customers in the order they first had one.
#[derive(Debug, Default)]
struct Customers {
    tokens: HashMap<String, Vec<StoredToken>>,
    arrival: VecDeque<String>,
}

impl Recurring {
    /// Stores a token for `order` (just paid) if it asked for one; `token` is its id.
    pub(crate) fn paid(&self, order: &StoredOrder, token: String) {
        let Ok(r) = order.request() else {
            return;
        };
        let (Some(model), Some(customer)) = (r.recurring_model.as_deref(), r.customer.as_ref())
        else {
            return;
        };
        let Some(reference) = customer
            .reference
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        else {
            return;
        };
        let name_holder = match (&customer.first_name, &customer.last_name) {
            (Some(first), Some(last)) => Some(format!("{first} {last}")),
            (first, last) => first.as_deref().or(last.as_deref()).map(str::to_owned),
        };
        let stored = StoredToken {
            token,
            code: r.gateway.map_or("CREDITCARD", |g| g.code()).to_owned(),
            name_holder,
            recurring_model: model.to_owned(),
        };
        let mut guard = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        let Customers { tokens, arrival } = &mut *guard;
        if !tokens.contains_key(reference) {
            while tokens.len() >= MAX_CUSTOMERS {
                let Some(oldest) = arrival.pop_front() else {
                    break;
                };
                tokens.remove(&oldest);
            }
            arrival.push_back(reference.to_owned());
        }
        tokens.entry(reference.to_owned()).or_default().push(stored);
    }

    /// A customer's tokens, `offset` and `limit` applied.
    pub(crate) fn list(&self, reference: &str, offset: usize, limit: usize) -> Vec<Value> {
        let guard = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        guard.tokens.get(reference).map_or_else(Vec::new, |tokens| {
            tokens
                .iter()
                .skip(offset)
                .take(limit)
                .map(StoredToken::to_json)
                .collect()
        })
    }

    /// One token.
    pub(crate) fn get(&self, reference: &str, token: &str) -> Option<Value> {
        let guard = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        guard
            .tokens
            .get(reference)?
            .iter()
            .find(|t| t.token == token)
            .map(StoredToken::to_json)
    }

    /// Deletes a token; whether there was one.
    pub(crate) fn remove(&self, reference: &str, token: &str) -> bool {
        let mut guard = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(tokens) = guard.tokens.get_mut(reference) else {
            return false;
        };
        let before = tokens.len();
        tokens.retain(|t| t.token != token);
        before != tokens.len()
    }
}
