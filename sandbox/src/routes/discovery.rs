//! What the sandbox's account offers, from the SDK's own gateway catalogue
//! (`msp_core::catalogue`, which the derive reads too): `GET /payment-methods`
//! (`paths/payment-methods.yaml`, in the shape of `listPaymentMethods.json`),
//! `GET /payment-methods/{payment_method_id}` (`paths/payment-methods@{payment_method_id}.yaml`:
//! one element of that list), `GET /gateways`
//! and `GET /gateways/{gateway_id}` (`paths/gateways.yaml`, `paths/gateways@{gateway_id}.yaml`,
//! `listGateways.json`), and `GET /issuers/{gateway}` (`idealIssuers.json`). An emulated
//! account ([`crate::SandboxBuilder::account`]) narrows the list and sets each method's
//! currencies, amount limits and required data.

use super::orders::success;
use super::{respond, AppStateRef};
use crate::errors::{ApiError, Code};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use msp_core::catalogue::{Currencies, CATALOGUE};
use msp_core::{Currency, Gateway};
use serde::Deserialize;
use serde_json::{json, Value};

/// iDEAL's issuers, as `idealIssuers.json` lists them.
const IDEAL_ISSUERS: &[(&str, &str)] = &[
    ("0031", "ABN AMRO"),
    ("0751", "SNS Bank"),
    ("0721", "ING"),
    ("0021", "Rabobank"),
    ("0761", "ASN Bank"),
    ("0771", "Regio Bank"),
    ("0511", "Triodos Bank"),
    ("0161", "Van Lanschot Bankiers"),
    ("0801", "Knab"),
    ("1099", "Revolut"),
    ("4371", "Bunq"),
    ("1235", "Handelsbanken"),
];

/// The gateways whose payments can be stored as recurring tokens: the `code` values of
/// `components/schemas/Token.yaml`.
fn tokenizable(gateway: Gateway) -> bool {
    use Gateway::*;
    matches!(
        gateway,
        AMEX | CREDITCARD | DIRDEB | DIRECTBANK | IDEAL | MAESTRO | MASTERCARD | MISTERCASH | VISA
    )
}

/// The filters of `GET /payment-methods`.
#[derive(Deserialize, Default)]
pub(crate) struct MethodQuery {
    amount: Option<String>,
    currency: Option<String>,
    country: Option<String>,
    include_coupons: Option<String>,
}

/// `GET /v1/json/payment-methods`: every method of the catalogue that the filters allow.
pub(crate) async fn payment_methods(
    State(state): AppStateRef,
    query: Result<Query<MethodQuery>, QueryRejection>,
) -> Response {
    let Query(query) = query.unwrap_or_default();
    respond(methods(&state, &query).map(|list| success(Value::Array(list))))
}

/// `GET /v1/json/payment-methods/{payment_method_id}`, in any case: the method as
/// `GET /payment-methods` lists it; one the account does not offer is 404 with 1023, as for
/// `GET /gateways/{gateway_id}`.
pub(crate) async fn payment_method(State(state): AppStateRef, Path(id): Path<String>) -> Response {
    respond(
        known(&state, &id)
            .map(|g| success(method_json_for(&state, g)))
            .ok_or_else(|| ApiError::new(Code::NoGateway)),
    )
}

/// The account's methods (only those it offers: [`crate::SandboxBuilder::gateways`]).
fn methods(state: &AppState, query: &MethodQuery) -> Result<Vec<Value>, ApiError> {
    let amount = match &query.amount {
        Some(amount) => Some(amount.trim().parse::<u64>().map_err(|_| {
            ApiError::detailed(Code::InvalidAmount, "`amount` is not a whole number")
        })?),
        None => None,
    };
    let currency = match &query.currency {
        Some(code) => Some(
            code.trim()
                .to_ascii_uppercase()
                .parse::<Currency>()
                .map_err(|_| {
                    ApiError::detailed(Code::InvalidCurrency, "`currency` is not an ISO 4217 code")
                })?,
        ),
        None => None,
    };
    if let Some(country) = &query.country {
        msp_core::rules::check_country(country)
            .map_err(|message| ApiError::detailed(Code::InvalidCountry, message))?;
    }
    let coupons = query
        .include_coupons
        .as_deref()
        .and_then(|flag| msp_core::lenient_flag(&Value::String(flag.to_owned())))
        .unwrap_or(false);
    Ok(CATALOGUE
        .iter()
        .filter(|spec| state.config.offers(spec.gateway))
        .filter(|spec| coupons || !spec.gateway.is_gift_card())
        .filter(|spec| {
            currency.is_none_or(|c| match state.config.terms(spec.gateway) {
                Some(terms) => terms.accepts(c),
                None => spec.gateway.accepts(c),
            })
        })
        .filter(|spec| {
            amount.is_none_or(|a| {
                state
                    .config
                    .terms(spec.gateway)
                    .is_none_or(|terms| terms.allows_amount(a))
            })
        })
        .map(|spec| method_json_for(state, spec.gateway))
        .collect())
}

/// One method as this sandbox's account offers it: the catalogue's, with the account's
/// currencies, amount limits and required data when the sandbox emulates an account.
fn method_json_for(state: &AppState, gateway: Gateway) -> Value {
    let mut value = method_json(gateway);
    if let Some(terms) = state.config.terms(gateway) {
        if !terms.currencies.is_empty() {
            let codes: Vec<&str> = terms.currencies.iter().map(|c| c.code()).collect();
            value["allowed_currencies"] = json!(codes);
        }
        value["allowed_amount"] = json!({"max": terms.max_amount, "min": terms.min_amount});
        value["shopping_cart_required"] = json!(terms.shopping_cart_required);
        value["required_customer_data"] = json!(terms.required_customer_data);
    }
    value
}

/// One method in the shape of `listPaymentMethods.json`.
fn method_json(gateway: Gateway) -> Value {
    let spec = gateway.spec();
    let currencies: Vec<&str> = match spec.currencies {
        Currencies::Only(list) => list.iter().map(|c| c.code()).collect(),
        Currencies::Any => Vec::new(),
    };
    let customer_data: Vec<&str> = gateway
        .required_fields(msp_core::Flow::Redirect)
        .filter_map(|field| field.path().strip_prefix("customer."))
        .collect();
    let icon = |size: &str, ext: &str| {
        format!(
            "https://media.multisafepay.com/img/methods/{size}/{}.{ext}",
            spec.code.to_ascii_lowercase()
        )
    };
    let additional = if gateway == Gateway::IDEAL {
        json!({"issuers": IDEAL_ISSUERS.iter().map(|(code, name)| json!({"code": code, "name": name})).collect::<Vec<_>>()})
    } else {
        json!({})
    };
    json!({
        "additional_data": additional,
        "allowed_amount": {"max": null, "min": 0},
        "allowed_countries": [],
        "allowed_currencies": currencies,
        "apps": {
            "fastcheckout": {"is_enabled": false},
            "payment_components": {"has_fields": false, "is_enabled": false},
        },
        "brands": [],
        "icon_urls": {
            "large": icon("3x", "png"),
            "medium": icon("2x", "png"),
            "vector": icon("svg", "svg"),
        },
        "id": spec.code,
        "name": spec.name,
        "preferred_countries": [],
        "required_customer_data": customer_data,
        "shopping_cart_required": gateway.requires_shopping_cart(),
        "tokenization": {
            "is_enabled": tokenizable(gateway),
            "models": tokenizable(gateway).then(|| json!({"cardonfile": true, "subscription": true, "unscheduled": true})),
        },
        "type": if gateway.is_gift_card() { "coupon" } else { "payment-method" },
    })
}

/// `GET /gateways`: `include=coupons` lists every gift card, else only the first.
#[derive(Deserialize, Default)]
pub(crate) struct GatewaysQuery {
    include: Option<String>,
}

/// `GET /v1/json/gateways`: the catalogue's gateways, `id` and `description`.
pub(crate) async fn gateways(
    State(state): AppStateRef,
    query: Result<Query<GatewaysQuery>, QueryRejection>,
) -> Response {
    let Query(query) = query.unwrap_or_default();
    let all_coupons = query.include.as_deref() == Some("coupons");
    let mut coupon_listed = false;
    let list: Vec<Value> = CATALOGUE
        .iter()
        .filter(|spec| state.config.offers(spec.gateway))
        .filter(|spec| {
            if !spec.gateway.is_gift_card() {
                return true;
            }
            let first = !coupon_listed;
            coupon_listed = true;
            all_coupons || first
        })
        .map(|spec| gateway_json(spec.gateway))
        .collect();
    respond(Ok(success(Value::Array(list))))
}

/// `GET /v1/json/gateways/{gateway_id}`, in any case; unknown: 404 with 1023 (`Error1023.yaml`).
pub(crate) async fn gateway(State(state): AppStateRef, Path(id): Path<String>) -> Response {
    respond(
        known(&state, &id)
            .map(|g| success(gateway_json(g)))
            .ok_or_else(|| ApiError::new(Code::NoGateway)),
    )
}

/// `GET /v1/json/issuers/{gateway}`: iDEAL's banks; other known gateways have none.
pub(crate) async fn issuers(State(state): AppStateRef, Path(id): Path<String>) -> Response {
    respond(
        known(&state, &id)
            .ok_or_else(|| ApiError::new(Code::NoGateway))
            .map(|gateway| {
                let list: Vec<Value> =
                    if gateway == Gateway::IDEAL {
                        IDEAL_ISSUERS
                .iter()
                .map(|(code, description)| json!({"code": code, "description": description}))
                .collect()
                    } else {
                        Vec::new()
                    };
                success(Value::Array(list))
            }),
    )
}

/// The gateway of this id, if the account offers it.
fn known(state: &AppState, id: &str) -> Option<Gateway> {
    Gateway::from_code(&id.trim().to_ascii_uppercase()).filter(|g| state.config.offers(*g))
}

/// `{"id", "description"}`, and `"type": "coupon"` for a gift card (`listGatewaysWithCoupons.json`).
fn gateway_json(gateway: Gateway) -> Value {
    let mut value = json!({"id": gateway.code(), "description": gateway.spec().name});
    if gateway.is_gift_card() {
        value["type"] = json!("coupon");
    }
    value
}
