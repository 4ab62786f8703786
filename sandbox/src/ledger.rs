//! What happens to an order after it is paid: refunds, captures of card authorisations,
//! shipping and cancelling, by the documented rules, apart from HTTP (the handlers are in
//! `routes/refunds.rs`, `routes/capture.rs` and `routes/updates.rs`).
//!
//! - Refunds (`paths/orders@{order_id}@refunds.yaml`, `components/requestBody/Refund.yaml`): in
//!   the order's currency; an absent or 0 `amount` refunds everything left; a refund by cart
//!   item (`checkout_data`, `components/requestBody/RefundBNPL.yaml`) refunds the items listed
//!   with a negative `unit_price`, tax included (`cart::refunded_items`); each refund starts
//!   `reserved` (MultiSafepay's card page: "refund started -> reserved") and can be cancelled
//!   (`void`) while it is; the order becomes `partial_refunded`, then `refunded`. MultiSafepay's
//!   error 1034 "cannot refund" answers a refund of more than is left, one of an order that is
//!   not paid, and "the same refund again within 5 minutes", which the sandbox reads as a
//!   refund of the same amount within 5 minutes of sandbox time.
//! - Captures (`paths/orders@{order_id}@capture.yaml`, `paths/capture@{order_id}.yaml`): an
//!   order created with `capture: "manual"` is authorised when paid (`uncleared`); captures,
//!   full or partial, move it to `completed`; an authorisation not captured within 5 days of
//!   sandbox time is `void`; one can be cancelled while nothing is captured.
//! - `PATCH /orders/{order_id}` (`paths/orders@{order_id}.yaml`): `shipped` from a paid (or
//!   partly refunded) order; the status is the latest event's,
//!   `cancelled` from an open (`initialized`) one; an extension of the payment term is accepted
//!   for a paid order and changes nothing the API shows.
//!
//! Where MultiSafepay documents no error code for a refused transition (shipping an unpaid
//! order, capturing an order that is not an open authorisation), the sandbox answers 1014
//! "unspecified error", with the reason in `error_info`.

use crate::errors::{ApiError, Code};
use crate::order::StoredOrder;
use msp_core::{Currency, OrderStatus};
use serde_json::{json, Value};

/// How long a repeat of the same refund is refused (error 1034).
pub(crate) const SAME_REFUND_WINDOW: u64 = 5 * 60;

/// How long an authorisation waits for its capture before it is void.
pub(crate) const AUTHORISATION_LIFETIME: u64 = 5 * 24 * 60 * 60;

/// The refunds and captures of an order, and whether it shipped (kept in the state file).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Ledger {
    refunds: Vec<Movement>,
    captures: Vec<Movement>,
    shipped: bool,
}

/// A refund or a capture.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Movement {
    /// Its own order id: `refund_order_id` (the parent's id when none was given) or
    /// `new_order_id`.
    order_id: String,
    /// `refund_order_id` as given.
    refund_order_id: Option<String>,
    transaction_id: u64,
    amount: u64,
    description: Option<String>,
    status: OrderStatus,
    created: u64,
}

impl Movement {
    fn counts(&self) -> bool {
        self.status != OrderStatus::Void
    }

    fn to_json(&self, kind: &str, parent: &StoredOrder) -> Value {
        json!({
            "amount": self.amount,
            "costs": [],
            "created": crate::time::format(self.created),
            "currency": parent.currency.code(),
            "description": self.description,
            "modified": crate::time::format(self.created),
            "order_id": self.order_id,
            "reference_transaction_id": parent.transaction_id,
            "refund_order_id": self.refund_order_id,
            "status": self.status.as_str(),
            "transaction_id": self.transaction_id,
            "type": kind,
        })
    }
}

impl Ledger {
    /// Refunded so far (refunds not cancelled), in minor units.
    pub(crate) fn refunded(&self) -> u64 {
        sum(&self.refunds)
    }

    fn captured(&self) -> u64 {
        sum(&self.captures)
    }

    /// `related_transactions` of the order's JSON: `null` when there are none, as in the docs'
    /// `getOrder` example.
    pub(crate) fn related_json(&self, parent: &StoredOrder) -> Value {
        if self.refunds.is_empty() && self.captures.is_empty() {
            return Value::Null;
        }
        let captures = self.captures.iter().map(|m| m.to_json("capture", parent));
        let refunds = self.refunds.iter().map(|m| m.to_json("refund", parent));
        Value::Array(captures.chain(refunds).collect())
    }

    /// How many refunds and captures were recorded with `own_id` (for tests: never more
    /// than one when each has its own id).
    pub(crate) fn times_recorded(&self, own_id: &str) -> usize {
        self.refunds
            .iter()
            .chain(&self.captures)
            .filter(|m| m.order_id == own_id)
            .count()
    }
}

fn sum(movements: &[Movement]) -> u64 {
    movements
        .iter()
        .filter(|m| m.counts())
        .map(|m| m.amount)
        .fold(0, u64::saturating_add)
}

fn unspecified(detail: String) -> ApiError {
    ApiError::detailed(Code::Unspecified, detail)
}

fn cannot_refund(detail: String) -> ApiError {
    ApiError::detailed(Code::CannotRefund, detail)
}

/// Whether the order asked for manual capture (`capture: "manual"`).
pub(crate) fn is_manual(order: &StoredOrder) -> bool {
    order.manual_capture
}

/// [`status_at`] as the API spells it, borrowed from the order where it is the stored one: what
/// the listing shows and filters on, so that it agrees with `GET /orders/{id}`.
pub(crate) fn status_name_at(order: &StoredOrder, now: u64) -> &str {
    static VOID: OrderStatus = OrderStatus::Void;
    if order.status != OrderStatus::Void && status_at(order, now) == OrderStatus::Void {
        VOID.as_str()
    } else {
        order.status.as_str()
    }
}

/// The order's status at `now`: an authorisation not captured for 5 days is `void`.
pub(crate) fn status_at(order: &StoredOrder, now: u64) -> OrderStatus {
    let authorised_at = order.completed.unwrap_or(order.modified);
    if order.status == OrderStatus::Uncleared
        && is_manual(order)
        && order.ledger.captures.is_empty()
        && now >= authorised_at.saturating_add(AUTHORISATION_LIFETIME)
    {
        OrderStatus::Void
    } else {
        order.status.clone()
    }
}

/// The status an order paid on the payment page takes: `uncleared` (authorised) when it asked
/// for manual capture.
pub(crate) fn paid_status(order: &StoredOrder) -> OrderStatus {
    if is_manual(order) {
        OrderStatus::Uncleared
    } else {
        OrderStatus::Completed
    }
}

/// The amount that was paid: the captures of a manual-capture order, else the whole amount.
fn paid(order: &StoredOrder) -> u64 {
    if is_manual(order) {
        order.ledger.captured()
    } else {
        order.amount
    }
}

/// The status after refunds changed: `refunded`, `partial_refunded`, or back to what it was.
fn settle_refunds(order: &mut StoredOrder) {
    let refunded = order.ledger.refunded();
    order.status = if refunded == 0 {
        if order.ledger.shipped {
            OrderStatus::Shipped
        } else {
            OrderStatus::Completed
        }
    } else if refunded >= paid(order) {
        OrderStatus::Refunded
    } else {
        OrderStatus::PartialRefunded
    };
}

/// A text field of a JSON body; blank is absent.
fn text(body: &Value, name: &str) -> Option<String> {
    match body.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An amount of a JSON body: absent (or null, or blank) is `None`; not whole minor units is
/// 1001.
fn amount(body: &Value) -> Result<Option<u64>, ApiError> {
    match body.get("amount") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| ApiError::detailed(Code::InvalidAmount, "not whole minor units")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::detailed(Code::InvalidAmount, "not whole minor units")),
        Some(_) => Err(ApiError::detailed(
            Code::InvalidAmount,
            "not whole minor units",
        )),
    }
}

/// `POST /orders/{order_id}/refunds`: records the refund; `data` of the answer.
pub(crate) fn refund(
    order: &mut StoredOrder,
    body: &Value,
    now: u64,
    transaction_id: u64,
) -> Result<Value, ApiError> {
    let currency = text(body, "currency")
        .ok_or_else(|| ApiError::detailed(Code::MissingData, "currency is required"))?;
    if currency.parse::<Currency>().ok() != Some(order.currency) {
        return Err(ApiError::detailed(
            Code::InvalidCurrency,
            format!("a refund is in the order's currency, {}", order.currency),
        ));
    }
    // A refund by cart item: its amount is the refunded items' (`cart::refunded_items`); an
    // `amount` beside it is not read (the official SDKs send the order's whole amount there).
    let by_items = match body.get("checkout_data") {
        Some(data) if !data.is_null() => {
            Some(crate::cart::refunded_items(&order.request()?, data)?)
        }
        _ => None,
    };
    let status = status_at(order, now);
    if !matches!(
        status,
        OrderStatus::Completed | OrderStatus::Shipped | OrderStatus::PartialRefunded
    ) {
        return Err(cannot_refund(format!(
            "the order is {status}; only a paid order is refunded"
        )));
    }
    let left = paid(order).saturating_sub(order.ledger.refunded());
    let amount = match by_items {
        Some(items) => items,
        None => amount(body)?.filter(|&a| a > 0).unwrap_or(left),
    };
    if left == 0 || amount > left {
        return Err(cannot_refund(format!(
            "{amount} is more than the {left} left to refund"
        )));
    }
    if order
        .ledger
        .refunds
        .iter()
        .any(|m| m.counts() && m.amount == amount && now < m.created + SAME_REFUND_WINDOW)
    {
        return Err(cannot_refund(format!(
            "a refund of {amount} was made less than 5 minutes ago"
        )));
    }
    let refund_order_id = text(body, "refund_order_id");
    if let Some(Err(message)) = refund_order_id
        .as_deref()
        .map(msp_core::rules::check_order_id)
    {
        return Err(ApiError::detailed(Code::InvalidOrderId, message));
    }
    order.ledger.refunds.push(Movement {
        order_id: refund_order_id.clone().unwrap_or_else(|| order.key()),
        refund_order_id,
        transaction_id,
        amount,
        description: text(body, "description"),
        status: OrderStatus::Reserved,
        created: now,
    });
    settle_refunds(order);
    order.modified = now;
    Ok(json!({
        "order_id": order.order_id,
        "transaction_id": transaction_id,
        "refund_id": transaction_id,
    }))
}

/// `PATCH /orders/{order_id}/refunds/{refund_id}` with `"status": "void"`: cancels a refund
/// still `reserved`.
pub(crate) fn cancel_refund(
    order: &mut StoredOrder,
    refund_id: &str,
    body: &Value,
    now: u64,
) -> Result<Value, ApiError> {
    if text(body, "status").as_deref() != Some("void") {
        return Err(ApiError::detailed(
            Code::MissingData,
            "status must be `void`",
        ));
    }
    let refund = order
        .ledger
        .refunds
        .iter_mut()
        .find(|m| m.transaction_id.to_string() == refund_id.trim())
        .ok_or_else(|| ApiError::detailed(Code::InvalidOrderId, "no such refund"))?;
    if refund.status != OrderStatus::Reserved {
        return Err(unspecified(format!(
            "the refund is {}; only a reserved refund is cancelled",
            refund.status
        )));
    }
    refund.status = OrderStatus::Void;
    settle_refunds(order);
    order.modified = now;
    Ok(json!({}))
}

/// `POST /orders/{order_id}/capture`: captures all or part of an open authorisation.
pub(crate) fn capture(
    order: &mut StoredOrder,
    body: &Value,
    now: u64,
    transaction_id: u64,
) -> Result<Value, ApiError> {
    if text(body, "new_order_status").as_deref() != Some("completed") {
        return Err(ApiError::detailed(
            Code::MissingData,
            "new_order_status must be `completed`",
        ));
    }
    let asked = amount(body)?;
    let status = status_at(order, now);
    let open = is_manual(order)
        && match status {
            OrderStatus::Uncleared | OrderStatus::Reserved | OrderStatus::Shipped => true,
            OrderStatus::Completed => !order.ledger.captures.is_empty(),
            _ => false,
        };
    if !open {
        return Err(unspecified(format!(
            "the order is {status}{}; only an authorisation (capture: manual) that is not void is captured",
            if is_manual(order) { "" } else { ", not an authorisation" }
        )));
    }
    let left = order.amount.saturating_sub(order.ledger.captured());
    // The schema requires `amount`, yet the docs' full-capture example
    // (`examples/requests/capture/fullCapture.json`) has none: absent, it is everything left.
    let amount = asked.unwrap_or(left);
    if amount == 0 || amount > left {
        return Err(ApiError::detailed(
            Code::InvalidAmount,
            format!("{amount} is not between 1 and the {left} left to capture"),
        ));
    }
    let own_id = text(body, "new_order_id").unwrap_or_else(|| {
        format!(
            "{}-capture-{}",
            order.key(),
            order.ledger.captures.len() + 1
        )
    });
    order.ledger.captures.push(Movement {
        order_id: own_id.clone(),
        refund_order_id: None,
        transaction_id,
        amount,
        description: text(body, "description").or_else(|| text(body, "reason")),
        status: OrderStatus::Completed,
        created: now,
    });
    if status != OrderStatus::Shipped {
        order.status = OrderStatus::Completed;
    }
    order.modified = now;
    Ok(json!({"transaction_id": transaction_id, "order_id": own_id}))
}

/// `PATCH /capture/{order_id}` with `"status": "cancelled"`: cancels an open authorisation
/// with nothing captured.
pub(crate) fn cancel_authorisation(
    order: &mut StoredOrder,
    body: &Value,
    now: u64,
) -> Result<Value, ApiError> {
    if text(body, "status").as_deref() != Some("cancelled") || text(body, "reason").is_none() {
        return Err(ApiError::detailed(
            Code::MissingData,
            "status (`cancelled`) and reason are required",
        ));
    }
    let status = status_at(order, now);
    if !(is_manual(order) && status == OrderStatus::Uncleared && order.ledger.captures.is_empty()) {
        return Err(unspecified(format!(
            "the order is {status}; only an authorisation with nothing captured is cancelled"
        )));
    }
    order.status = OrderStatus::Cancelled;
    order.modified = now;
    Ok(json!({
        "transaction_id": order.transaction_id,
        "order_id": order.order_id,
        "success": true,
    }))
}

/// `PATCH /orders/{order_id}`: ship, cancel, or extend the payment term.
pub(crate) fn update(order: &mut StoredOrder, body: &Value, now: u64) -> Result<Value, ApiError> {
    let status = status_at(order, now);
    match text(body, "status").as_deref() {
        Some("shipped") => {
            if !matches!(
                status,
                OrderStatus::Completed
                    | OrderStatus::Uncleared
                    | OrderStatus::Reserved
                    | OrderStatus::Shipped
                    | OrderStatus::PartialRefunded
            ) {
                return Err(unspecified(format!(
                    "the order is {status}; only a paid order is shipped"
                )));
            }
            order.ledger.shipped = true;
            order.status = OrderStatus::Shipped;
        }
        Some("cancelled") => {
            if !matches!(status, OrderStatus::Initialized | OrderStatus::Cancelled) {
                return Err(unspecified(format!(
                    "the order is {status}; only an open (initialized) order is cancelled"
                )));
            }
            order.status = OrderStatus::Cancelled;
        }
        Some(other) => {
            return Err(ApiError::detailed(
                Code::MissingData,
                format!("status `{other}` is not an update: `shipped` or `cancelled`"),
            ))
        }
        None if msp_core::lenient_flag(body.get("extend_expiration").unwrap_or(&Value::Null))
            == Some(true) =>
        {
            if text(body, "reason").is_none() {
                return Err(ApiError::detailed(Code::MissingData, "reason is required"));
            }
            if !matches!(
                status,
                OrderStatus::Completed | OrderStatus::Uncleared | OrderStatus::Shipped
            ) {
                return Err(unspecified(format!(
                    "the order is {status}; only a paid order's term is extended"
                )));
            }
            return Ok(json!({}));
        }
        None => {
            return Err(ApiError::detailed(
                Code::MissingData,
                "nothing to update: give status `shipped` or `cancelled`, or extend_expiration",
            ))
        }
    }
    order.modified = now;
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use msp_core::OrderRequest;

    const T0: u64 = 1_700_000_000;

    /// The seed page's AMEX order, paid at `T0`; `manual` asks for manual capture.
    fn paid(manual: bool) -> StoredOrder {
        let mut body: Value =
            serde_json::from_str(include_str!("../tests/fixtures/seed-amex.json")).unwrap();
        if manual {
            body["capture"] = json!("manual");
        }
        let request: OrderRequest = serde_json::from_value(body).unwrap();
        let mut order = StoredOrder::new(&request, "s".into(), 1, T0).unwrap();
        order.completed = Some(T0);
        order.status = paid_status(&order);
        order
    }

    fn code(result: Result<Value, ApiError>) -> u16 {
        result.map_or_else(|e| e.code as u16, |_| 0)
    }

    #[test]
    fn refunds_reduce_what_is_left_and_move_the_status() {
        let mut order = paid(false);
        assert_eq!(order.amount, 1000);
        let refund = |amount: u64| json!({"currency": "EUR", "amount": amount});
        let data = super::refund(&mut order, &refund(300), T0, 7).unwrap();
        assert_eq!(data["refund_id"], json!(7));
        assert_eq!(order.status, OrderStatus::PartialRefunded);
        assert_eq!(order.ledger.refunded(), 300);
        // More than is left, a wrong currency, the same amount within 5 minutes.
        assert_eq!(code(super::refund(&mut order, &refund(701), T0, 8)), 1034);
        let dollars = json!({"currency": "USD", "amount": 100});
        assert_eq!(code(super::refund(&mut order, &dollars, T0, 8)), 1002);
        assert_eq!(
            code(super::refund(&mut order, &refund(300), T0 + 299, 8)),
            1034
        );
        super::refund(&mut order, &refund(300), T0 + 300, 8).unwrap();
        // A full refund (no amount) takes the rest.
        super::refund(&mut order, &json!({"currency": "EUR"}), T0 + 300, 9).unwrap();
        assert_eq!(order.ledger.refunded(), 1000);
        assert_eq!(order.status, OrderStatus::Refunded);
        assert_eq!(
            code(super::refund(&mut order, &refund(1), T0 + 900, 10)),
            1034
        );
        // Cancelling a reserved refund gives its amount back.
        cancel_refund(&mut order, "9", &json!({"status": "void"}), T0 + 901).unwrap();
        assert_eq!(order.ledger.refunded(), 600);
        assert_eq!(order.status, OrderStatus::PartialRefunded);
        assert_eq!(
            code(cancel_refund(
                &mut order,
                "9",
                &json!({"status": "void"}),
                T0 + 902
            )),
            1014
        );
        let request = order.request().unwrap();
        let json = order.to_json(&request, "http://127.0.0.1:1", crate::time::now());
        assert_eq!(json["amount_refunded"], json!(600));
        assert_eq!(json["related_transactions"].as_array().unwrap().len(), 3);
        // An unpaid order has nothing to refund.
        let mut open = paid(false);
        open.status = OrderStatus::Initialized;
        assert_eq!(code(super::refund(&mut open, &refund(1), T0, 11)), 1034);
    }

    #[test]
    fn an_authorisation_is_captured_in_parts_or_voids_after_five_days() {
        let mut order = paid(true);
        assert_eq!(order.status, OrderStatus::Uncleared);
        // Nothing captured: nothing to refund.
        let all = json!({"currency": "EUR"});
        assert_eq!(code(super::refund(&mut order, &all, T0, 2)), 1034);
        let part = |amount: u64| json!({"amount": amount, "new_order_status": "completed"});
        capture(&mut order, &part(600), T0, 3).unwrap();
        assert_eq!(order.status, OrderStatus::Completed);
        assert_eq!(code(capture(&mut order, &part(401), T0, 4)), 1001);
        capture(&mut order, &part(400), T0, 4).unwrap();
        assert_eq!(code(capture(&mut order, &part(1), T0, 5)), 1001);
        super::refund(&mut order, &all, T0, 6).unwrap();
        assert_eq!(order.ledger.refunded(), 1000);
        // Not captured within 5 days: void; then it is not captured, nor cancelled.
        let waiting = paid(true);
        let late = T0 + AUTHORISATION_LIFETIME;
        assert_eq!(status_at(&waiting, late - 1), OrderStatus::Uncleared);
        assert_eq!(status_at(&waiting, late), OrderStatus::Void);
        let mut voided = waiting.clone();
        assert_eq!(code(capture(&mut voided, &part(1), late, 7)), 1014);
        let cancel = json!({"status": "cancelled", "reason": "fraud"});
        assert_eq!(code(cancel_authorisation(&mut voided, &cancel, late)), 1014);
        let mut open = waiting;
        cancel_authorisation(&mut open, &cancel, T0).unwrap();
        assert_eq!(open.status, OrderStatus::Cancelled);
        // An order paid at once is no authorisation.
        assert_eq!(code(capture(&mut paid(false), &part(1), T0, 8)), 1014);
    }

    #[test]
    fn ship_and_cancel_follow_the_allowed_transitions() {
        let ship = json!({"status": "shipped", "carrier": "MSP Logistics"});
        let cancel = json!({"status": "cancelled", "exclude_order": true});
        let mut order = paid(false);
        assert_eq!(code(update(&mut order, &cancel, T0)), 1014);
        update(&mut order, &ship, T0).unwrap();
        assert_eq!(order.status, OrderStatus::Shipped);
        // A refund of a shipped order, cancelled: shipped again.
        super::refund(&mut order, &json!({"currency": "EUR", "amount": 5}), T0, 2).unwrap();
        cancel_refund(&mut order, "2", &json!({"status": "void"}), T0).unwrap();
        assert_eq!(order.status, OrderStatus::Shipped);
        let mut open = paid(false);
        open.status = OrderStatus::Initialized;
        assert_eq!(code(update(&mut open, &ship, T0)), 1014);
        update(&mut open, &cancel, T0).unwrap();
        assert_eq!(open.status, OrderStatus::Cancelled);
        let extend = json!({"extend_expiration": true, "reason": "late"});
        assert_eq!(code(update(&mut open, &extend, T0)), 1014);
        update(&mut order, &extend, T0).unwrap();
        assert_eq!(code(update(&mut order, &json!({}), T0)), 1016);
        assert_eq!(
            code(update(&mut order, &json!({"status": "paid"}), T0)),
            1016
        );
    }
}
