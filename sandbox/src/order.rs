//! A stored order and its JSON, in the shape of the docs' `getOrder` example
//! (`components/examples/responses/getOrder.json`, answer of `paths/orders@{order_id}.yaml`).
//! The SDK reads that JSON as `msp_core::OrderDetails`; the tests below check that every field
//! it types reads back as sent.

use crate::errors::{ApiError, Code};
use msp_core::{Currency, Gateway, OrderCustomer, OrderId, OrderRequest, OrderStatus};
use serde_json::{json, Value};
use std::sync::Arc;

/// An order as the sandbox keeps it: the request as its JSON (decoded when an answer shows
/// it), the few request fields the status rules and the listing's filters read on every
/// call, and what MultiSafepay adds. About 700 bytes for the seed's order, where the parsed
/// `OrderRequest` took 1,128 bytes before its strings; cloning one (a snapshot to answer from
/// after the store's lock is released) copies no request.
#[derive(Debug, Clone)]
pub(crate) struct StoredOrder {
    /// The body of `POST /orders` as read, serialised back (`serde_json` of the
    /// `OrderRequest`): [`StoredOrder::request`] decodes it.
    request: Arc<[u8]>,
    /// The order id, as sent (a number stays a number).
    pub(crate) order_id: OrderId,
    /// The amount, in minor units.
    pub(crate) amount: u64,
    pub(crate) currency: Currency,
    pub(crate) gateway: Option<Gateway>,
    /// Whether it asked for manual capture (`capture: "manual"`).
    pub(crate) manual_capture: bool,
    /// Unix seconds after which it expires if unpaid.
    expires_at: u64,
    /// The sandbox's transaction id.
    pub(crate) transaction_id: u64,
    /// The payment session's token (the `/connect/{session}/` path segment).
    pub(crate) session_id: Box<str>,
    /// The order's status: `initialized`, then `completed`, `cancelled` or `declined`.
    pub(crate) status: OrderStatus,
    /// Unix seconds.
    pub(crate) created: u64,
    /// Unix seconds.
    pub(crate) modified: u64,
    /// Unix seconds, once paid.
    pub(crate) completed: Option<u64>,
    /// Refunds, captures, shipping.
    pub(crate) ledger: crate::ledger::Ledger,
}

/// How long an order without `days_active` or `seconds_active` can be paid: 30 days, the
/// default of `days_active` in the create-order reference.
pub(crate) const DEFAULT_DAYS_ACTIVE: u64 = 30;

/// The error of a stored request that does not decode (never expected: the sandbox wrote it).
fn unreadable(e: serde_json::Error) -> ApiError {
    ApiError::detailed(
        Code::Unknown,
        format!("the stored order could not be read: {e}"),
    )
}

impl StoredOrder {
    /// A new, `initialized` order created at `now`.
    pub(crate) fn new(
        request: &OrderRequest,
        session_id: String,
        transaction_id: u64,
        now: u64,
    ) -> Result<StoredOrder, ApiError> {
        let bytes = serde_json::to_vec(request).map_err(unreadable)?;
        let active = request.seconds_active.unwrap_or_else(|| {
            request
                .days_active
                .unwrap_or(DEFAULT_DAYS_ACTIVE)
                .saturating_mul(86_400)
        });
        Ok(StoredOrder {
            request: bytes.into(),
            order_id: request.order_id.clone(),
            amount: request.amount.minor_units(),
            currency: request.currency,
            gateway: request.gateway,
            manual_capture: request
                .capture
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case("manual")),
            expires_at: now.saturating_add(active),
            transaction_id,
            session_id: session_id.into(),
            status: OrderStatus::Initialized,
            created: now,
            modified: now,
            completed: None,
            ledger: Default::default(),
        })
    }

    /// The request, decoded.
    pub(crate) fn request(&self) -> Result<OrderRequest<'static>, ApiError> {
        serde_json::from_slice(&self.request).map_err(unreadable)
    }

    /// The request's JSON, as stored.
    pub(crate) fn request_json(&self) -> &[u8] {
        &self.request
    }

    /// When an unpaid order expires (Unix seconds): `created` plus `seconds_active`, or else
    /// `days_active` days (default 30).
    pub(crate) fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// The key orders are unique by: the order id as text (`12` and `"12"` are the same id).
    pub(crate) fn key(&self) -> String {
        self.order_id.to_string()
    }

    /// `data` of `GET /orders/{order_id}`, and the body of a notification; `request` is
    /// [`StoredOrder::request`], `origin` the sandbox's (where the payment page is).
    pub(crate) fn to_json(&self, r: &OrderRequest, origin: &str, now: u64) -> Value {
        let gateway = r.gateway.map(|g| g.code());
        let status = crate::ledger::status_at(self, now);
        let status = status.as_str();
        let paid = self.status != OrderStatus::Initialized;
        let external_id = paid.then(|| format!("SBX{}", self.transaction_id));
        let payment_methods = match r.gateway {
            Some(g) => json!([{
                "amount": r.amount.minor_units(),
                "currency": r.currency.code(),
                "description": r.description,
                "external_transaction_id": external_id,
                "payment_description": g.spec().name,
                "status": status,
                "type": g.code(),
            }]),
            None => json!([]),
        };
        let options = r.payment_options.as_ref();
        json!({
            "amount": r.amount.minor_units(),
            "amount_refunded": self.ledger.refunded(),
            "checkout_options": checkout_options_json(as_json(&r.checkout_options).as_ref()),
            "completed": self.completed.map(crate::time::format),
            "costs": [],
            "created": crate::time::format(self.created),
            "currency": r.currency.code(),
            "custom_info": r.custom_info.clone().unwrap_or_else(
                || json!({"custom_1": null, "custom_2": null, "custom_3": null}),
            ),
            "customer": customer_json(r.customer.as_ref()),
            "description": r.description,
            "fastcheckout": "NO",
            "financial_status": status,
            "items": r.items,
            "modified": crate::time::format(self.modified),
            "order_id": r.order_id,
            "payment_details": {
                "account_holder_name": null,
                "account_iban": null,
                "account_id": null,
                "external_transaction_id": external_id,
                "recurring_flow": null,
                "recurring_id": null,
                "recurring_model": r.recurring_model,
                "type": gateway,
            },
            "payment_methods": payment_methods,
            "reason": "",
            "reason_code": null,
            "related_transactions": self.ledger.related_json(self),
            "shopping_cart": as_json(&r.shopping_cart),
            "status": status,
            "transaction_id": self.transaction_id,
            "var1": r.var1,
            "var2": r.var2,
            "var3": r.var3,
            "payment_url": payment_url(origin, &self.session_id, r),
            "cancel_url": options.and_then(|o| o.cancel_url.as_deref()),
        })
    }
}

/// The payment page's URL for a session, in the order's language (`en_US` unless the
/// customer's locale is a valid one).
pub(crate) fn payment_url(origin: &str, session_id: &str, request: &OrderRequest) -> String {
    let lang = request
        .customer
        .as_ref()
        .and_then(|c| c.locale.as_deref())
        .filter(|l| msp_core::rules::check_locale(l).is_ok())
        .unwrap_or("en_US");
    format!("{origin}/connect/{session_id}/?lang={lang}")
}

/// A typed part of the order as JSON (`None` when unset).
fn as_json<T: serde::Serialize>(value: &Option<T>) -> Option<Value> {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok())
}

/// `checkout_options` as `GET /orders/{id}` returns it: the tax tables' `default` and
/// `alternate` directly under `checkout_options`, where MultiSafepay's SDKs read them (the
/// Python SDK's `CheckoutOptions.from_dict`), rather than under `tax_tables` as in the request
/// (`CheckoutOptions.yaml`). Other members are kept as sent.
fn checkout_options_json(options: Option<&Value>) -> Value {
    let Some(Value::Object(options)) = options else {
        return options.cloned().unwrap_or(Value::Null);
    };
    let mut out = options.clone();
    if let Some(Value::Object(tables)) = out.remove("tax_tables") {
        for (key, value) in tables {
            out.entry(key).or_insert(value);
        }
    }
    Value::Object(out)
}

/// The customer in the shape `GET /orders/{id}` returns it (`phone` becomes `phone1`; the
/// locale defaults to `en_US`, as `Customer.yaml` says).
fn customer_json(customer: Option<&OrderCustomer<'_>>) -> Value {
    let empty = OrderCustomer::default();
    let c = customer.unwrap_or(&empty);
    json!({
        "address1": c.address1,
        "address2": c.address2,
        "city": c.city,
        "cocnumber": null,
        "company_name": null,
        "country": c.country,
        "country_name": null,
        "email": c.email,
        "first_name": c.first_name,
        "house_number": c.house_number,
        "last_name": c.last_name,
        "locale": c.locale.as_deref().unwrap_or("en_US"),
        "phone1": c.phone,
        "phone2": null,
        "state": c.state,
        "zip_code": c.zip_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use msp_core::OrderDetails;

    const ORIGIN: &str = "http://127.0.0.1:1";

    fn seed(order_id: Value) -> OrderRequest<'static> {
        let mut body: Value =
            serde_json::from_str(include_str!("../tests/fixtures/seed-amex.json")).unwrap();
        body["order_id"] = order_id;
        serde_json::from_value(body).unwrap()
    }

    /// The seed page's order as the sandbox stores it; `order_id` as given.
    fn stored(order_id: Value, status: OrderStatus) -> StoredOrder {
        let mut order =
            StoredOrder::new(&seed(order_id), "s3ss10n".into(), 4_051_823, 1_700_000_000).unwrap();
        order.completed = (status != OrderStatus::Initialized).then_some(1_700_000_120);
        order.status = status;
        order.modified = 1_700_000_060;
        order
    }

    #[test]
    fn tax_tables_are_answered_where_the_sdks_read_them() {
        let sent = json!({
            "validate_cart": true,
            "tax_tables": {
                "default": {"shipping_taxed": true, "rate": 0.21},
                "alternate": [{"name": "BTW9", "standalone": true, "rules": [{"rate": 0.09}]}],
            },
        });
        let answered = checkout_options_json(Some(&sent));
        assert_eq!(
            answered,
            json!({
                "validate_cart": true,
                "default": {"shipping_taxed": true, "rate": 0.21},
                "alternate": [{"name": "BTW9", "standalone": true, "rules": [{"rate": 0.09}]}],
            })
        );
        assert_eq!(checkout_options_json(None), Value::Null);
        assert_eq!(checkout_options_json(Some(&json!("x"))), json!("x"));
    }

    #[test]
    fn an_order_expires_after_seconds_active_or_days_active() {
        let at = |request: &OrderRequest| {
            StoredOrder::new(request, "s".into(), 1, 1_700_000_000)
                .unwrap()
                .expires_at()
        };
        let mut request = seed(json!("e"));
        assert_eq!(at(&request), 1_700_000_000 + 30 * 86_400);
        request.days_active = Some(2);
        assert_eq!(at(&request), 1_700_000_000 + 2 * 86_400);
        request.seconds_active = Some(60);
        assert_eq!(at(&request), 1_700_000_060);
    }

    #[test]
    fn the_stored_request_reads_back_as_received() {
        let mut request = seed(json!(12));
        request.capture = Some(" Manual".into());
        request.var1 = Some("v".into());
        let order = StoredOrder::new(&request, "s".into(), 1, 0).unwrap();
        assert_eq!(
            serde_json::to_value(order.request().unwrap()).unwrap(),
            serde_json::to_value(&request).unwrap()
        );
        assert!(order.manual_capture);
        assert_eq!(
            (order.amount, order.currency),
            (1000, msp_core::Currency::EUR)
        );
        assert_eq!(order.key(), "12");
    }

    #[test]
    fn the_sdk_reads_every_typed_field_of_the_answer() {
        for (id, status) in [
            (json!("my-order-id-1"), OrderStatus::Initialized),
            (json!(12), OrderStatus::Completed),
            (json!("c-1"), OrderStatus::Cancelled),
        ] {
            let order = stored(id.clone(), status.clone());
            let request = order.request().unwrap();
            let sent = order.to_json(&request, ORIGIN, crate::time::now());
            let read: OrderDetails = serde_json::from_value(sent.clone())
                .unwrap_or_else(|e| panic!("{id}: {e}: {sent}"));
            assert_eq!(sent["order_id"], id, "a number stays a number");
            assert_eq!(read.order_id, order.key());
            assert_eq!(read.status, status);
            assert_eq!(read.financial_status, Some(status.clone()));
            assert_eq!(read.transaction_id.as_deref(), Some("4051823"));
            assert_eq!(read.amount, 1000);
            assert_eq!(read.amount_refunded, 0);
            assert_eq!(read.currency, "EUR");
            assert_eq!(read.description.as_deref(), Some("Test Order Description"));
            assert_eq!(
                read.payment_url.as_deref(),
                Some("http://127.0.0.1:1/connect/s3ss10n/?lang=nl_NL")
            );
            assert_eq!(read.created.as_deref(), Some("2023-11-14T22:13:20"));
            assert_eq!(read.modified.as_deref(), Some("2023-11-14T22:14:20"));
            assert_eq!(read.raw_json(), sent);
        }
    }
}
