//! The writes after an order: refunds, captures, updates, and their cancellations. Each takes
//! effect exactly once, as an order's creation does: after a failure that may have reached
//! MultiSafepay, the order is fetched and the write looked for in it (a refund by its
//! `refund_order_id`, a capture by its `new_order_id`, an update by the status it sets) before
//! it is sent again. The decisions are `decide.rs`'s, shared with `POST /orders`.

use super::decide::{ExactlyOnce, Lookup};
use super::{Client, RetryPolicy};
use crate::model::UpdateKind;
use crate::{
    Capture, Captured, Error, Field, OrderDetails, OrderStatus, OrderUpdate, Refund, Refunded,
    ValidationErrors,
};
use bytes::Bytes;
use reqwest::Method;
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use url::Url;

/// One write: where it goes, what it says, and how to recognise it in the order afterwards.
struct Write<'a, T> {
    order_id: &'a str,
    method: Method,
    url: Url,
    body: Bytes,
    /// How MultiSafepay refuses it once it took effect.
    duplicate: fn(&Error) -> bool,
    /// Whether a lookup can tell that it took effect; if not, it is sent at most once.
    can_look_up: bool,
    /// Its result from the answer's `data`.
    answered: Answered<'a, T>,
    /// Its result, if the order shows that it took effect.
    found: Found<'a, T>,
}

type Answered<'a, T> = Box<dyn Fn(&Value) -> T + Send + Sync + 'a>;
type Found<'a, T> = Box<dyn Fn(&OrderDetails) -> Option<T> + Send + Sync + 'a>;

impl Client {
    /// Refunds all or part of a paid order (`POST /orders/{order_id}/refunds`), exactly once.
    ///
    /// The client first fetches the order: a refund of more than is left (the amount paid, or
    /// captured, less what was refunded) is an [`Error::Validation`] and nothing is sent; so is
    /// a partial refund of 0 (which MultiSafepay would read as a full refund) and a
    /// `refund_order_id` the order already has. A full refund is sent as the amount left, in
    /// the order's currency.
    ///
    /// Calling it again with the same `refund_order_id` (after an [`Error::OutcomeUnknown`],
    /// say) is safe: when the order has that refund already, the call returns it and sends
    /// nothing (a different amount under the same id is an [`Error::Validation`]).
    ///
    /// MultiSafepay has no idempotency key, and refuses the same refund again within 5 minutes
    /// (error 1034). So after a failure that may have reached it (a timeout, a lost connection,
    /// a 5xx, a garbled answer) the client fetches the order and looks for the refund's
    /// `refund_order_id` among its refunds before sending again; a 1034 after such a failure
    /// means the refund was made, and is looked up in turn. The outcomes are those of
    /// [`Client::submit`]: the refund, a definite error (nothing was refunded), or
    /// [`Error::OutcomeUnknown`] when the time budget ran out before a lookup could tell (once
    /// the attempts are spent, lookups go on until it is); then
    /// [`Client::get_order`] and its [`OrderDetails::refunds`] tell.
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # async fn run(client: msp::Client) -> Result<(), msp::Error> {
    /// let refund = client
    ///     .refund("order-1042", msp::Refund::partial(250).description("One mug broke"))
    ///     .await?;
    /// println!("refund {} made", refund.refund_order_id);
    /// # Ok(()) }
    /// ```
    pub async fn refund(&self, order_id: &str, refund: Refund) -> Result<Refunded, Error> {
        let mut errors = ValidationErrors::new();
        if refund.amount == Some(0) {
            errors.push(
                Field::Amount,
                "a partial refund of 0 is not a refund (MultiSafepay would refund everything); \
                 use Refund::full() for a full refund",
            );
        }
        check_own_id(
            &mut errors,
            "refund_order_id",
            refund.refund_order_id.as_deref(),
        );
        check_description(&mut errors, refund.description.as_deref());
        errors.into_result()?;

        let started = Instant::now();
        let order = self.fetch_order(order_id, started).await?;
        let key = refund
            .refund_order_id
            .clone()
            .unwrap_or_else(|| generated_id("refund"));
        // Made already (by an earlier call that ended in `OutcomeUnknown`, say): that refund.
        if let Some(made) = order.refunds().find(|t| same_refund(t, &key, order_id)) {
            return match refund.amount {
                Some(asked) if made.amount.is_some_and(|amount| amount != asked) => {
                    let mut errors = ValidationErrors::new();
                    errors.push(
                        Field::OrderId,
                        format!("order `{order_id}` already has a refund with refund_order_id `{key}`, of another amount; give each refund its own id"),
                    );
                    Err(errors.into())
                }
                _ => Ok(Refunded {
                    order_id: order_id.to_owned(),
                    refund_order_id: key,
                    amount: made.amount,
                    refund_id: made.transaction_id.clone(),
                }),
            };
        }
        let mut errors = ValidationErrors::new();
        let amount = match (&refund.checkout_data, refund.amount) {
            (Some(_), _) => None,
            (None, asked) => {
                let left = order.refundable();
                let amount = asked.unwrap_or(left);
                if left == 0 {
                    errors.push(
                        Field::Amount,
                        format!("order `{order_id}` has nothing left to refund (status {}, {} of {} minor units refunded)", order.status, order.amount_refunded, order.amount),
                    );
                } else if amount > left {
                    errors.push(
                        Field::Amount,
                        format!("a refund of {amount} minor units is more than the {left} left to refund of order `{order_id}`"),
                    );
                }
                Some(amount)
            }
        };
        errors.into_result()?;

        let mut body = Map::new();
        body.insert("currency".into(), json!(order.currency));
        if let Some(amount) = amount {
            body.insert("amount".into(), json!(amount));
        }
        if let Some(description) = &refund.description {
            body.insert("description".into(), json!(description));
        }
        body.insert("refund_order_id".into(), json!(key));
        if let Some(checkout_data) = refund.checkout_data {
            body.insert("checkout_data".into(), checkout_data);
        }
        let made = |refund_id: Option<String>, amount: Option<u64>| Refunded {
            order_id: order_id.to_owned(),
            refund_order_id: key.clone(),
            amount,
            refund_id,
        };
        let write = Write {
            order_id,
            method: Method::POST,
            url: self.api_url(&["orders", order_id, "refunds"]),
            body: encode(&Value::Object(body))?,
            duplicate: Error::is_refund_refused,
            can_look_up: true,
            answered: Box::new(|data| {
                let id = text(data, "refund_id").or_else(|| text(data, "transaction_id"));
                made(id, amount)
            }),
            found: Box::new(|order| {
                let t = order.refunds().find(|t| same_refund(t, &key, order_id))?;
                Some(made(t.transaction_id.clone(), t.amount.or(amount)))
            }),
        };
        self.write_once(write, started).await
    }

    /// Cancels a refund that is still `reserved` (`PATCH /orders/{order_id}/refunds/{refund_id}`
    /// with `"status": "void"`, `paths/orders@{order_id}@refunds@{refund_id}.yaml`); `refund_id`
    /// is [`Refunded::refund_id`], the refund's transaction id. Exactly once: after a lost
    /// answer, the order's refund is looked at (`void`: done).
    pub async fn cancel_refund(&self, order_id: &str, refund_id: &str) -> Result<(), Error> {
        let write = Write {
            order_id,
            method: Method::PATCH,
            url: self.api_url(&["orders", order_id, "refunds", refund_id]),
            body: encode(&json!({"status": "void"}))?,
            duplicate: |_| false,
            can_look_up: true,
            answered: Box::new(|_| ()),
            found: Box::new(|order| {
                order
                    .refunds()
                    .any(|t| t.transaction_id.as_deref() == Some(refund_id) && t.is_void())
                    .then_some(())
            }),
        };
        self.write_once(write, Instant::now()).await
    }

    /// Updates an order (`PATCH /orders/{order_id}`): marks it shipped (how a
    /// buy-now-pay-later order gets invoiced), cancels it, or extends its payment term.
    ///
    /// Shipping and cancelling take effect once: after a failure that may have reached
    /// MultiSafepay the client fetches the order, and a status of `shipped` (or `cancelled`,
    /// `void`) means done. An extension leaves no trace in the order, so it is sent at most
    /// once (see [`OrderUpdate::extend_expiration`]). A transition MultiSafepay refuses (shipping
    /// an unpaid order, cancelling a paid one) is an [`Error::Api`].
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # async fn run(client: msp::Client) -> Result<(), msp::Error> {
    /// let shipped = msp::OrderUpdate::shipped().carrier("PostNL").tracktrace_code("3SABCD1234");
    /// client.update_order("order-1042", shipped).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_order(&self, order_id: &str, update: OrderUpdate) -> Result<(), Error> {
        let kind = update.kind();
        let write = Write {
            order_id,
            method: Method::PATCH,
            url: self.api_url(&["orders", order_id]),
            body: encode(&update)?,
            duplicate: |_| false,
            can_look_up: kind != UpdateKind::ExtendExpiration,
            answered: Box::new(|_| ()),
            found: Box::new(move |order| {
                let done = match kind {
                    UpdateKind::Shipped => order.status == OrderStatus::Shipped,
                    UpdateKind::Cancelled => {
                        matches!(order.status, OrderStatus::Cancelled | OrderStatus::Void)
                    }
                    UpdateKind::ExtendExpiration => false,
                };
                done.then_some(())
            }),
        };
        self.write_once(write, Instant::now()).await
    }

    /// Captures all or part of an authorised card payment (`POST /orders/{order_id}/capture`),
    /// for orders created with `capture: "manual"`; exactly once.
    ///
    /// The client first fetches the order: capturing more than is left (the amount less what
    /// was captured), or 0, is an [`Error::Validation`] and nothing is sent. Each capture has
    /// its own id (`new_order_id`, [`Capture::capture_order_id`], generated when not given); after
    /// a failure that may have reached MultiSafepay, the client looks for it among the order's
    /// captures before sending again. The outcomes are those of [`Client::submit`]; calling it
    /// again with the same `capture_order_id` returns the capture made, sending nothing.
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # async fn run(client: msp::Client) -> Result<(), msp::Error> {
    /// let captured = client.capture("order-1042", msp::Capture::full()).await?;
    /// println!("captured {} minor units", captured.amount);
    /// # Ok(()) }
    /// ```
    pub async fn capture(&self, order_id: &str, capture: Capture) -> Result<Captured, Error> {
        let mut errors = ValidationErrors::new();
        if capture.amount == Some(0) {
            errors.push(
                Field::Amount,
                "a capture of 0 captures nothing; use Capture::full() to capture everything",
            );
        }
        check_own_id(
            &mut errors,
            "new_order_id",
            capture.capture_order_id.as_deref(),
        );
        errors.into_result()?;

        let started = Instant::now();
        let order = self.fetch_order(order_id, started).await?;
        let key = capture
            .capture_order_id
            .clone()
            .unwrap_or_else(|| generated_id("capture"));
        let made = order
            .captures()
            .find(|t| t.order_id.as_deref() == Some(key.as_str()));
        // Made already (by an earlier call that ended in `OutcomeUnknown`, say): that capture.
        if let Some(made) = made {
            let amount = made.amount.unwrap_or(0);
            return match capture.amount {
                Some(asked) if asked != amount => {
                    let mut errors = ValidationErrors::new();
                    errors.push(
                        Field::OrderId,
                        format!("order `{order_id}` already has a capture with new_order_id `{key}`, of another amount; give each capture its own id"),
                    );
                    Err(errors.into())
                }
                _ => Ok(Captured {
                    order_id: order_id.to_owned(),
                    capture_order_id: key,
                    amount,
                    transaction_id: made.transaction_id.clone(),
                }),
            };
        }
        let left = order.amount.saturating_sub(order.amount_captured());
        let amount = capture.amount.unwrap_or(left);
        let mut errors = ValidationErrors::new();
        if left == 0 {
            errors.push(
                Field::Amount,
                format!("order `{order_id}` has nothing left to capture"),
            );
        } else if amount > left {
            errors.push(
                Field::Amount,
                format!("a capture of {amount} minor units is more than the {left} left to capture of order `{order_id}`"),
            );
        }
        errors.into_result()?;

        let mut body = Map::new();
        body.insert("amount".into(), json!(amount));
        body.insert("new_order_id".into(), json!(key));
        body.insert("new_order_status".into(), json!("completed"));
        for (name, value) in [
            ("reason", &capture.reason),
            ("description", &capture.description),
            ("invoice_id", &capture.invoice_id),
            ("carrier", &capture.carrier),
            ("tracktrace_code", &capture.tracktrace_code),
        ] {
            if let Some(value) = value {
                body.insert(name.into(), json!(value));
            }
        }
        let made = |transaction_id: Option<String>| Captured {
            order_id: order_id.to_owned(),
            capture_order_id: key.clone(),
            amount,
            transaction_id,
        };
        let write = Write {
            order_id,
            method: Method::POST,
            url: self.api_url(&["orders", order_id, "capture"]),
            body: encode(&Value::Object(body))?,
            duplicate: |_| false,
            can_look_up: true,
            answered: Box::new(|data| made(text(data, "transaction_id"))),
            found: Box::new(|order| {
                let t = order
                    .captures()
                    .find(|t| t.order_id.as_deref() == Some(key.as_str()))?;
                Some(made(t.transaction_id.clone()))
            }),
        };
        self.write_once(write, started).await
    }

    /// Cancels an authorised card payment that is not captured (`PATCH /capture/{order_id}`
    /// with `"status": "cancelled"`, `paths/capture@{order_id}.yaml`), releasing the customer's
    /// funds. Exactly once: after a lost answer, an order status of `void` or `cancelled`
    /// means done.
    pub async fn cancel_authorization(&self, order_id: &str, reason: &str) -> Result<(), Error> {
        let write = Write {
            order_id,
            method: Method::PATCH,
            url: self.api_url(&["capture", order_id]),
            body: encode(&json!({"status": "cancelled", "reason": reason}))?,
            duplicate: |_| false,
            can_look_up: true,
            answered: Box::new(|_| ()),
            found: Box::new(|order| {
                matches!(order.status, OrderStatus::Void | OrderStatus::Cancelled).then_some(())
            }),
        };
        self.write_once(write, Instant::now()).await
    }

    /// Sends `write` exactly once (or at most once, when a lookup cannot tell), within the time
    /// budget begun at `started`.
    async fn write_once<T>(&self, write: Write<'_, T>, started: Instant) -> Result<T, Error> {
        let Write {
            order_id,
            method,
            url,
            body,
            duplicate,
            can_look_up,
            answered,
            found,
        } = write;
        let policy = if can_look_up {
            self.inner.retry
        } else {
            // One attempt, and no lookup repeated in wait for it: none can tell.
            RetryPolicy {
                max_attempts: 1,
                max_elapsed: Duration::ZERO,
                ..self.inner.retry
            }
        };
        let machine = ExactlyOnce::new(policy, order_id).with_duplicate(duplicate);
        let (url, body, answered, found) = (&url, &body, &answered, &found);
        let send = |attempt| {
            let sent = self.send::<Value>(method.clone(), url, Some(body), attempt);
            async move { sent.await.map(|data| answered(&data)) }
        };
        let look_up = || async move {
            if !can_look_up {
                return Lookup::NotFound;
            }
            match Lookup::of(self.fetch_order(order_id, started).await) {
                Lookup::Found(order) => found(&order).map_or(Lookup::NotFound, Lookup::Found),
                Lookup::NotFound => Lookup::NotFound,
                Lookup::Failed(error) => Lookup::Failed(error),
            }
        };
        self.drive_exactly_once(machine, order_id, started, send, look_up)
            .await
    }

    /// The base URL followed by `segments`, each percent-encoded as one path segment.
    fn api_url(&self, segments: &[&str]) -> Url {
        let mut url = self.inner.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }
}

/// Whether `t` is the refund whose own id is `key` (an old refund without `refund_order_id`
/// carries its id in `order_id`, which is the parent's id when it had none).
fn same_refund(t: &crate::RelatedTransaction, key: &str, order_id: &str) -> bool {
    match t.refund_order_id.as_deref() {
        Some(id) => id == key,
        None => key != order_id && t.order_id.as_deref() == Some(key),
    }
}

/// A refund's or capture's own id: within the order id's limits (at most 50 characters).
fn check_own_id(errors: &mut ValidationErrors, name: &str, id: Option<&str>) {
    if let Some(id) = id {
        if let Err(message) = crate::rules::check_order_id(id) {
            errors.push(Field::OrderId, format!("{name}: {message}"));
        }
    }
}

fn check_description(errors: &mut ValidationErrors, description: Option<&str>) {
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        errors.check(
            Field::Description,
            crate::rules::check_text(Field::Description, description),
        );
    }
}

/// `prefix-` and 16 hexadecimal digits, distinct per call and per process.
fn generated_id(prefix: &str) -> String {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let seed = nanos
        ^ u64::from(std::process::id()).rotate_left(32)
        ^ call.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    format!("{prefix}-{:016x}", crate::prng::splitmix(seed))
}

fn encode(body: &impl serde::Serialize) -> Result<Bytes, Error> {
    super::drive::json_body(body, "request")
}

/// A field of `data` as text (a number or a string).
fn text(data: &Value, name: &str) -> Option<String> {
    match data.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_distinct_and_fit_the_limit() {
        let ids: std::collections::HashSet<String> =
            (0..10_000).map(|_| generated_id("refund")).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids
            .iter()
            .all(|id| crate::rules::check_order_id(id).is_ok() && id.starts_with("refund-")));
    }

    #[test]
    fn urls_encode_each_segment() {
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:9/v1/json/")
            .build()
            .unwrap();
        assert_eq!(
            client.api_url(&["orders", "a/b c", "refunds"]).as_str(),
            "http://127.0.0.1:9/v1/json/orders/a%2Fb%20c/refunds"
        );
        assert_eq!(
            client.api_url(&["capture", "o-1"]).as_str(),
            "http://127.0.0.1:9/v1/json/capture/o-1"
        );
    }

    #[test]
    fn a_refund_is_recognised_by_its_own_id() {
        let t = |refund_order_id: Option<&str>, order_id: Option<&str>| crate::RelatedTransaction {
            refund_order_id: refund_order_id.map(str::to_owned),
            order_id: order_id.map(str::to_owned),
            ..Default::default()
        };
        assert!(same_refund(&t(Some("r-1"), Some("o")), "r-1", "o"));
        assert!(!same_refund(&t(Some("r-2"), Some("r-1")), "r-1", "o"));
        assert!(same_refund(&t(None, Some("r-1")), "r-1", "o"));
        assert!(!same_refund(&t(None, Some("o")), "o", "o"));
    }
}
