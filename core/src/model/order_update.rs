//! An update of an order: the body of `PATCH /orders/{order_id}` (`paths/orders@{order_id}.yaml`;
//! `components/requestBody/ShipOrder.yaml`, `CancelOrder.yaml`, `ExtendKlarna.yaml`).

use serde::Serialize;

/// What changes: for [`Client::update_order`](crate::Client::update_order).
///
/// ```
/// # use msp_core as msp;
/// let shipped = msp::OrderUpdate::shipped()
///     .carrier("PostNL")
///     .tracktrace_code("3SMSP0123456789")
///     .ship_date("2026-11-29")
///     .invoice_id("INV-2026-0042");
/// let cancelled = msp::OrderUpdate::cancelled();
/// let later = msp::OrderUpdate::extend_expiration("Shipment is late");
/// # let _ = (shipped, cancelled, later);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[non_exhaustive]
pub struct OrderUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) exclude_order: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) extend_expiration: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) carrier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tracktrace_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tracktrace_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ship_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) invoice_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) invoice_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) po_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
}

/// Which of the three updates an [`OrderUpdate`] is (the client's lookup depends on it).
#[cfg_attr(not(feature = "client"), allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum UpdateKind {
    Shipped,
    Cancelled,
    ExtendExpiration,
}

impl OrderUpdate {
    fn empty() -> OrderUpdate {
        OrderUpdate {
            status: None,
            exclude_order: None,
            extend_expiration: None,
            carrier: None,
            tracktrace_code: None,
            tracktrace_url: None,
            ship_date: None,
            invoice_id: None,
            invoice_url: None,
            po_number: None,
            reason: None,
        }
    }

    /// The order is shipped (`"status": "shipped"`): how a buy-now-pay-later order gets
    /// invoiced. Add the carrier, track-and-trace code, ship date and invoice with the builder
    /// methods.
    pub fn shipped() -> OrderUpdate {
        OrderUpdate {
            status: Some("shipped"),
            ..OrderUpdate::empty()
        }
    }

    /// Cancel the order and its payment session (`"status": "cancelled", "exclude_order":
    /// true`, as `patch-orders/cancelOrder.json`): only while it is not paid.
    pub fn cancelled() -> OrderUpdate {
        OrderUpdate {
            status: Some("cancelled"),
            exclude_order: Some(true),
            ..OrderUpdate::empty()
        }
    }

    /// Extend the customer's payment term (Klarna: by 6 weeks), for `reason`
    /// (`"extend_expiration": true`). MultiSafepay's order shows no trace of an extension, so
    /// the client sends it at most once: after a failure that may have reached MultiSafepay it
    /// does not send it again but answers [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    pub fn extend_expiration(reason: impl Into<String>) -> OrderUpdate {
        OrderUpdate {
            extend_expiration: Some(true),
            reason: Some(reason.into()),
            ..OrderUpdate::empty()
        }
    }

    /// The carrier (`carrier`).
    pub fn carrier(mut self, carrier: impl Into<String>) -> OrderUpdate {
        self.carrier = Some(carrier.into());
        self
    }

    /// The track-and-trace code (`tracktrace_code`).
    pub fn tracktrace_code(mut self, code: impl Into<String>) -> OrderUpdate {
        self.tracktrace_code = Some(code.into());
        self
    }

    /// The track-and-trace URL (`tracktrace_url`).
    pub fn tracktrace_url(mut self, url: impl Into<String>) -> OrderUpdate {
        self.tracktrace_url = Some(url.into());
        self
    }

    /// The date it shipped (`ship_date`), as text (the docs' examples write `01-01-1911`).
    pub fn ship_date(mut self, date: impl Into<String>) -> OrderUpdate {
        self.ship_date = Some(date.into());
        self
    }

    /// The invoice's id (`invoice_id`).
    pub fn invoice_id(mut self, invoice_id: impl Into<String>) -> OrderUpdate {
        self.invoice_id = Some(invoice_id.into());
        self
    }

    /// The invoice's URL (`invoice_url`).
    pub fn invoice_url(mut self, url: impl Into<String>) -> OrderUpdate {
        self.invoice_url = Some(url.into());
        self
    }

    /// The shipping company's purchase order number (`po_number`).
    pub fn po_number(mut self, po_number: impl Into<String>) -> OrderUpdate {
        self.po_number = Some(po_number.into());
        self
    }

    /// The reason for the update (`reason`).
    pub fn reason(mut self, reason: impl Into<String>) -> OrderUpdate {
        self.reason = Some(reason.into());
        self
    }

    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn kind(&self) -> UpdateKind {
        match (self.status, self.extend_expiration) {
            (Some("cancelled"), _) => UpdateKind::Cancelled,
            (Some(_), _) => UpdateKind::Shipped,
            _ => UpdateKind::ExtendExpiration,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, to_value};

    #[test]
    fn bodies_are_the_docs_examples() {
        assert_eq!(
            to_value(OrderUpdate::cancelled()).unwrap(),
            json!({"status": "cancelled", "exclude_order": true})
        );
        assert_eq!(
            to_value(OrderUpdate::extend_expiration("Shipment is late")).unwrap(),
            json!({"extend_expiration": true, "reason": "Shipment is late"})
        );
        let shipped = OrderUpdate::shipped()
            .carrier("MSP Logistics")
            .invoice_id("AB12345")
            .invoice_url("https://mspinvoice-AB12345.com")
            .po_number("XY123456789")
            .reason("Fulfilled by warehouse")
            .ship_date("01-01-1911")
            .tracktrace_code("3SMSP0123456789")
            .tracktrace_url("https://tracktrace-url.com/");
        let example: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/patch_orders_ship_example.json"
        ))
        .unwrap();
        assert_eq!(to_value(&shipped).unwrap(), example);
        assert_eq!(shipped.kind(), UpdateKind::Shipped);
        assert_eq!(OrderUpdate::cancelled().kind(), UpdateKind::Cancelled);
        assert_eq!(
            OrderUpdate::extend_expiration("x").kind(),
            UpdateKind::ExtendExpiration
        );
    }
}
