//! The account's read-only endpoints that clients call at start-up or before a payment
//! component: `GET /categories`, `GET /me`, `GET /auth/api_token`. Their answers are fixed
//! (the sandbox is one site of one account), in the shapes of the OpenAPI description.

use super::orders::success;
use super::AppStateRef;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// The account id `GET /me` reports: `components/schemas/AccountID.yaml`'s example.
pub(crate) const ACCOUNT_ID: u64 = 12_345_678;

/// The site id `GET /me` reports: `components/schemas/SiteID.yaml`'s example.
pub(crate) const SITE_ID: u64 = 12_345;

/// The site categories, as `components/examples/responses/listSiteCategories.json` lists them
/// (code, description), in its order.
const CATEGORIES: [(u16, &str); 16] = [
    (999, "Adult"),
    (100, "Gifts and gadgets"),
    (101, "Electronics and computers"),
    (102, "Games"),
    (103, "Health"),
    (104, "House and garden"),
    (105, "Office supplies"),
    (106, "Kids and toys"),
    (107, "Nutrition"),
    (108, "Fashion and care"),
    (109, "Music, movies, and books"),
    (114, "Other"),
    (110, "Sport, leisure, and hobby"),
    (111, "Phone and internet"),
    (112, "Holiday and travel"),
    (113, "Sales and auctions"),
];

/// `GET /v1/json/categories` (`paths/categories.yaml`, `listSiteCategories`): `data` is an
/// array of `{code, description}`.
pub(crate) async fn categories() -> Json<Value> {
    let data: Vec<Value> = CATEGORIES
        .iter()
        .map(|(code, description)| json!({"code": code, "description": description}))
        .collect();
    success(Value::Array(data))
}

/// `GET /v1/json/me` (`paths/me.yaml`): the identifiers of the site-level key, `account_id`,
/// `role` and `site_id`. `Role.yaml`, which the description refers to, is not published; the
/// sandbox answers `merchant`, the role of a site's own key.
pub(crate) async fn me() -> Json<Value> {
    success(json!({
        "account_id": ACCOUNT_ID,
        "role": "merchant",
        "site_id": SITE_ID,
    }))
}

/// `GET /v1/json/auth/api_token` (`paths/auth@api_token.yaml`): a fresh token for a payment
/// component, shaped like the description's example `pub.v2.xxxxxxxx`. The sandbox does not
/// check it afterwards (it has no payment components).
pub(crate) async fn api_token(State(state): AppStateRef) -> Json<Value> {
    success(json!({ "api_token": format!("pub.v2.{}", state.ids.session()) }))
}
