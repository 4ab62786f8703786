//! The seed order as a merchant's struct, shared by the facade's tests and (through `#[path]`)
//! its benchmarks: the "Create American Express order" page's example request
//! (`core/tests/fixtures/seed_order.json` is its JSON), with the URLs and the locale fixed in the
//! attribute and the rest from fields.
#![allow(dead_code)] // each includer uses a part

use msp::{Currency, MspOrder};
use std::net::IpAddr;

/// The golden JSON of the seed order, which `seed_checkout().to_request()` serialises to.
pub const SEED_JSON: &str = include_str!("../../core/tests/fixtures/seed_order.json");

/// The seed order: everything the AMEX redirect flow requires, an optional e-mail and a field of
/// the merchant's own. Also `serde::Serialize`, to show that the merchant's derives still work.
#[derive(MspOrder, Debug, Clone, serde::Serialize)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "AMEX",
    flow = "redirect",
    notification_url = "http://www.example.com/client/notification?type=notification",
    redirect_url = "http://www.example.com/client/notification?type=redirect",
    cancel_url = "http://www.example.com/client/notification?type=cancel",
    locale = "nl_NL"
)]
pub struct Checkout {
    pub order_id: String,
    pub currency: Currency,
    #[msp_order(amount)]
    #[serde(rename = "total")]
    pub total_cents: u64,
    pub description: String,
    pub ip_address: IpAddr,
    pub email: Option<String>,
    pub internal_note: String,
}

/// The seed page's values: serialises to [`SEED_JSON`] (no e-mail; the note is not sent).
pub fn seed_checkout() -> Checkout {
    Checkout {
        order_id: "my-order-id-1".into(),
        currency: Currency::EUR,
        total_cents: 1000,
        description: "Test Order Description".into(),
        ip_address: [127, 0, 0, 1].into(),
        email: None,
        internal_note: "not sent".into(),
    }
}
