//! MultiSafepay's error answers: the codes the sandbox uses, their HTTP statuses and the JSON
//! envelope `{"success": false, "data": {}, "error_code": N, "error_info": "..."}`.
//!
//! Codes and meanings: MultiSafepay's error reference
//! (<https://docs.multisafepay.com/reference/error-reference>). Envelope: the OpenAPI error
//! schemas (`components/errors/Error1006.yaml`, `Error1032.yaml`, ...: `success` `false`, `data`
//! `$ref: '../schemas/DataEmpty.yaml'`, an integer `error_code` and a text `error_info`).
//!
//! HTTP statuses, from the OpenAPI paths (a client should branch on `success` and `error_code`
//! rather than on them, as the SDK does; the sandbox still answers what the description
//! declares):
//! - `paths/orders.yaml`, `post:` declares `'200': description: Request successful` and
//!   `'404': description: Error` with `schema: $ref: '../components/errors/404Error.yaml'` (the
//!   error envelope): every refusal of `POST /orders` is a 404, except a bad key.
//! - `paths/gateways@{gateway_id}.yaml` declares `'401': description: Invalid API key` with
//!   `$ref: '../components/errors/Error1032.yaml'` (so does `paths/gateways.yaml`): a bad key is
//!   a 401, on every endpoint.
//! - `paths/orders@{psp_id}.yaml`, `get:` declares `'404': description: Order not found` with
//!   `$ref: '../components/errors/Error1006.yaml'`: an unknown order is 404 with error 1006.
//! - `components/errors/410Error.yaml`: `error_code` `1000`, `error_info` example `"Not found"`:
//!   the sandbox answers an unknown endpoint with 1000 "Not found" (and 404, as above).
//! - A body over the sandbox's own limit ([`crate::limits::MAX_BODY`]) is refused with 413 and
//!   1000: not MultiSafepay's behaviour (undocumented), the sandbox's memory bound.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use msp_core::Field;
use serde_json::json;

/// A MultiSafepay `error_code` the sandbox answers with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Code {
    /// 1000: unknown error; "Not found" on an unknown endpoint.
    Unknown = 1000,
    /// 1001: invalid amount (integer minor units, at least 1).
    InvalidAmount = 1001,
    /// 1002: invalid or unsupported currency (also: not accepted by the gateway).
    InvalidCurrency = 1002,
    /// 1006: invalid order id: already used for this site, or no such order.
    InvalidOrderId = 1006,
    /// 1007: invalid `ip_address` / `forwarded_ip`.
    InvalidIpAddress = 1007,
    /// 1008: missing or invalid description.
    InvalidDescription = 1008,
    /// 1010: invalid `var1`, `var2` or `var3`.
    InvalidVar = 1010,
    /// 1014: unspecified error; the sandbox's answer to a transition MultiSafepay documents no
    /// code for (see `ledger.rs`).
    Unspecified = 1014,
    /// 1016: missing data.
    MissingData = 1016,
    /// 1018: invalid country code.
    InvalidCountry = 1018,
    /// 1023: no gateway available (unknown gateway, or a flow it does not offer).
    NoGateway = 1023,
    /// 1027: the shopping cart's total differs from the order's amount.
    CartTotal = 1027,
    /// 1029: an item's tax rate is invalid.
    ItemTaxRate = 1029,
    /// 1031: an item's unit price is invalid.
    ItemUnitPrice = 1031,
    /// 1032: invalid API key.
    InvalidApiKey = 1032,
    /// 1034: cannot refund (more than is left, an unpaid order, the same refund again within
    /// 5 minutes).
    CannotRefund = 1034,
}

impl Code {
    /// MultiSafepay's wording where the OpenAPI description gives an example `error_info`
    /// (`Error1006.yaml`, `Error1023.yaml`, `Error1032.yaml`, `410Error.yaml`), else the
    /// reference's meaning.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Code::Unknown => "Not found",
            Code::InvalidAmount => "Invalid amount",
            Code::InvalidCurrency => "Invalid currency",
            Code::InvalidOrderId => "Invalid transaction ID",
            Code::InvalidIpAddress => "Invalid IP address",
            Code::InvalidDescription => "Invalid description",
            Code::InvalidVar => "Invalid var1, var2 or var3",
            Code::Unspecified => "Unspecified error",
            Code::MissingData => "Missing data",
            Code::InvalidCountry => "Invalid country code",
            Code::NoGateway => "No gateway (payment method) available",
            Code::CartTotal => "Cart amount differs from the order amount",
            Code::ItemTaxRate => "Invalid item tax rate",
            Code::ItemUnitPrice => "Invalid item unit price",
            Code::InvalidApiKey => "Invalid API key",
            Code::CannotRefund => "Cannot refund",
        }
    }

    /// The code for a violation of `field` (a value MultiSafepay refuses).
    ///
    /// The reference has a code for the amount, currency, order id, IP addresses, description,
    /// `var1..3` and country; a flow or gateway that is not available is 1023. Other fields
    /// (URLs, locale, e-mail, names...) have no code of their own: 1016 "missing data", the
    /// nearest meaning (no usable value was given).
    pub(crate) fn for_field(field: Field) -> Code {
        match field {
            Field::Type | Field::Gateway => Code::NoGateway,
            Field::OrderId => Code::InvalidOrderId,
            Field::Currency => Code::InvalidCurrency,
            Field::Amount => Code::InvalidAmount,
            Field::Description => Code::InvalidDescription,
            Field::IpAddress | Field::ForwardedIp => Code::InvalidIpAddress,
            Field::Country => Code::InvalidCountry,
            Field::Var1 | Field::Var2 | Field::Var3 => Code::InvalidVar,
            _ => Code::MissingData,
        }
    }

    /// The code for a required field that is absent, `null` or empty: 1008 for the description
    /// (the error reference: "1008: Invalid description. The description was missing or
    /// invalid"), 1016 "missing data" for the others.
    pub(crate) fn for_missing(field: Field) -> Code {
        match field {
            Field::Description => Code::InvalidDescription,
            _ => Code::MissingData,
        }
    }

    /// The HTTP status the sandbox answers this code with (see the module's documentation).
    pub(crate) fn http_status(self) -> StatusCode {
        match self {
            Code::InvalidApiKey => StatusCode::UNAUTHORIZED,
            _ => StatusCode::NOT_FOUND,
        }
    }
}

/// An error answer, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: Code,
    pub(crate) info: String,
}

impl ApiError {
    /// The code with its usual HTTP status and MultiSafepay's wording.
    pub(crate) fn new(code: Code) -> Self {
        ApiError {
            status: code.http_status(),
            code,
            info: code.title().to_owned(),
        }
    }

    /// The code with its usual HTTP status, the wording followed by `detail`.
    pub(crate) fn detailed(code: Code, detail: impl AsRef<str>) -> Self {
        ApiError {
            status: code.http_status(),
            code,
            info: format!("{}: {}", code.title(), detail.as_ref()),
        }
    }

    /// A body larger than the sandbox keeps.
    pub(crate) fn too_large() -> Self {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: Code::Unknown,
            info: format!(
                "Request too large: the sandbox reads at most {} bytes",
                crate::limits::MAX_BODY
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "success": false,
            "data": {},
            "error_code": self.code as u16,
            "error_info": self.info,
        });
        (self.status, Json(body)).into_response()
    }
}
