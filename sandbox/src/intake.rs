//! Reading a `POST /orders` body the way MultiSafepay does: into `msp_core::OrderRequest` (the
//! SDK's own model, with its lenient `Deserialize`), checked by `validate_as_api()` (the SDK's
//! own rules and catalogue), each failure mapped to MultiSafepay's error code.
//!
//! The sandbox adds no value rule of its own. What it adds is about the raw JSON, before the
//! model exists: the fields every order needs (msp-core's `ALWAYS_REQUIRED`) present and not
//! blank, so that a missing amount is 1001 rather than a decode error, and *which* field a failed
//! deserialization is about (so that, say, `"currency": "eur"` is 1002, not a generic error).

use crate::cart;
use crate::errors::{ApiError, Code};
use msp_core::catalogue::ALWAYS_REQUIRED;
use msp_core::{
    CheckoutOptions, Currency, Customer, Field, Flow, Gateway, Kind, OrderRequest, PaymentOptions,
    ShoppingCart, ValidationErrors,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// Reads and checks an order; `Err` is the answer MultiSafepay would give.
pub(crate) fn read_order(body: &[u8]) -> Result<OrderRequest<'static>, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::detailed(Code::MissingData, format!("the body is not JSON ({e})"))
    })?;
    let Value::Object(map) = value else {
        return Err(ApiError::detailed(
            Code::MissingData,
            "the body is not a JSON object",
        ));
    };
    check_present(&map)?;
    check_direct_fields(&map)?;
    let value = Value::Object(map);
    let order = OrderRequest::deserialize(&value).map_err(|e| diagnose(&value, &e))?;
    order.validate_as_api().map_err(|errors| refusal(&errors))?;
    check_objects(&order, &value)?;
    cart::check(&order, body)?;
    Ok(order)
}

/// The objects the order's gateway cannot do without, as msp-core's catalogue says: the
/// shopping cart of the buy-now-pay-later gateways (`Gateway::requires_shopping_cart`,
/// `components/schemas/orders/BNPL.yaml`) and any whole object (`customer`, `delivery`,
/// `shopping_cart`, `gateway_info`) among the gateway's own requirements. Absent, `null` or
/// empty is 1016, as MultiSafepay answers an order that lacks data its method needs.
fn check_objects(order: &OrderRequest, value: &Value) -> Result<(), ApiError> {
    let Some(gateway) = order.gateway else {
        return Ok(());
    };
    let object = |f: &Field| {
        matches!(
            f.kind(),
            Kind::Customer | Kind::Delivery | Kind::ShoppingCart | Kind::GatewayInfo
        )
    };
    // One difference between MultiSafepay's sources, decided for the example: BNPL.yaml lists
    // SANTANDER (Betaal per Maand) among the gateways whose orders need a cart, but the API's own
    // Betaal per Maand example (`tests/fixtures/post-orders/betaal-per-maand.json`) posts none,
    // and the API accepts its own examples.
    let cart = (gateway.requires_shopping_cart() && gateway != Gateway::SANTANDER)
        .then_some(Field::ShoppingCart);
    // And one more: BNPL.yaml requires `delivery`, which the API's other BNPL examples carry,
    // but its own Betaal per Maand and E-Invoicing examples (`betaal-per-maand.json`,
    // `einvoicing-redirect.json`) post none. (The catalogue's `shopping_cart` requirement is the
    // line above's, with its exception.)
    let without_delivery = matches!(gateway, Gateway::SANTANDER | Gateway::EINVOICE);
    let required = gateway.spec().requires.iter().copied().filter(|f| {
        object(f) && *f != Field::ShoppingCart && !(*f == Field::Delivery && without_delivery)
    });
    for field in cart.into_iter().chain(required) {
        let present = match value.get(field.path()) {
            Some(Value::Object(members)) => !members.is_empty(),
            _ => false,
        };
        let empty_cart = field == Field::ShoppingCart
            && order
                .shopping_cart
                .as_ref()
                .is_none_or(|cart| cart.items().is_empty());
        if !present || empty_cart {
            return Err(ApiError::detailed(
                Code::MissingData,
                format!("{} is missing; {gateway} orders need it", field.path()),
            ));
        }
    }
    Ok(())
}

fn is_blank(value: &Value) -> bool {
    matches!(value, Value::String(s) if s.trim().is_empty())
}

/// The fields every order needs (msp-core's `ALWAYS_REQUIRED`: the schema's `required` list),
/// refused when absent, `null` or blank.
fn check_present(map: &Map<String, Value>) -> Result<(), ApiError> {
    let missing = ALWAYS_REQUIRED.iter().copied().find(|field| {
        at_path(map, field.path()).is_none_or(|value| value.is_null() || is_blank(value))
    });
    match missing {
        Some(field) => Err(ApiError::detailed(
            Code::for_missing(field),
            format!("{} is missing", field.path()),
        )),
        None => Ok(()),
    }
}

/// The `gateway_info` fields a direct order of its gateway needs (msp-core's
/// `Gateway::direct_fields`: SEPA Direct Debit's account, a wallet's token), refused with 1016
/// when absent or blank.
fn check_direct_fields(map: &Map<String, Value>) -> Result<(), ApiError> {
    // Read as leniently as the order itself is (any case), so that `dirdeb` is checked too.
    let gateway = map.get("gateway").and_then(Value::as_str);
    let direct = map
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(Flow::Direct.as_str()));
    let gateway = gateway.and_then(|g| Gateway::from_code(&g.trim().to_ascii_uppercase()));
    let Some(gateway) = gateway.filter(|_| direct) else {
        return Ok(());
    };
    let missing = gateway.direct_fields().iter().find(|field| {
        at_path(map, field.path()).is_none_or(|value| value.is_null() || is_blank(value))
    });
    match missing {
        Some(field) => Err(ApiError::detailed(
            Code::MissingData,
            format!(
                "{} is missing; {gateway} direct orders need it",
                field.path()
            ),
        )),
        None => Ok(()),
    }
}

/// The value at a dotted path such as `customer.locale`.
fn at_path<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut segments = path.split('.');
    let first = map.get(segments.next()?)?;
    segments.try_fold(first, |value, segment| value.get(segment))
}

/// Maps validation failures to one answer: the first violation (in the API's field order)
/// decides the code, and the text lists every violation.
fn refusal(errors: &ValidationErrors) -> ApiError {
    let mut violations: Vec<_> = errors.violations().iter().collect();
    violations.sort_by_key(|v| v.field);
    let code = violations
        .first()
        .map_or(Code::MissingData, |v| Code::for_field(v.field));
    let detail: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    ApiError::detailed(code, detail.join("; "))
}

/// Finds the field a failed deserialization is about: each top-level value is tried alone in
/// an otherwise valid order (and each value of `customer` and `payment_options` alone in an
/// empty object), with the model's own `Deserialize`. The first that fails, in the API's field
/// order, decides the code.
fn diagnose(value: &Value, error: &serde_json::Error) -> ApiError {
    let Some(map) = value.as_object() else {
        return ApiError::detailed(Code::MissingData, plain(error));
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|key| (field_at(key).map_or(usize::MAX, position), key.as_str()));
    for key in keys {
        let value = &map[key.as_str()];
        let mut probe = minimal_order();
        probe.insert(key.clone(), value.clone());
        let Err(e) = OrderRequest::deserialize(&Value::Object(probe)) else {
            continue;
        };
        let nested = match (key.as_str(), value) {
            ("customer", Value::Object(inner)) => first_bad_member::<Customer>(key, inner),
            ("payment_options", Value::Object(inner)) => {
                first_bad_member::<PaymentOptions>(key, inner)
            }
            ("shopping_cart", _) => {
                if let Some(refusal) = bad_unit_price(value) {
                    return refusal;
                }
                None
            }
            ("checkout_options", Value::Object(inner)) if bad_tax_tables(inner) => {
                return ApiError::detailed(
                    Code::ItemTaxRate,
                    format!("checkout_options.tax_tables: {}", plain(&e)),
                );
            }
            _ => None,
        };
        let (path, e) = nested.unwrap_or((key.clone(), e));
        let code = field_at(&path).map_or(Code::MissingData, Code::for_field);
        return ApiError::detailed(code, format!("{path}: {}", plain(&e)));
    }
    ApiError::detailed(Code::MissingData, plain(error))
}

/// 1031 for the first cart item whose `unit_price` is not a number, if there is one.
fn bad_unit_price(cart: &Value) -> Option<ApiError> {
    let items = cart.get("items")?.as_array()?;
    items.iter().enumerate().find_map(|(i, item)| {
        let price = item.get("unit_price").cloned().unwrap_or(Value::Null);
        let probe = serde_json::json!({"items": [{"unit_price": price, "quantity": 1}]});
        let e = ShoppingCart::deserialize(&probe).err()?;
        Some(ApiError::detailed(
            Code::ItemUnitPrice,
            format!("shopping_cart.items[{i}].unit_price: {}", plain(&e)),
        ))
    })
}

/// Whether the tax tables of `checkout_options` are what it cannot read (their rates, 1029).
fn bad_tax_tables(options: &Map<String, Value>) -> bool {
    let Some(tables) = options.get("tax_tables") else {
        return false;
    };
    let probe = serde_json::json!({ "tax_tables": tables });
    CheckoutOptions::deserialize(&probe).is_err()
}

/// The first member of an object that `T` cannot read on its own, with its full path.
fn first_bad_member<T: DeserializeOwned>(
    parent: &str,
    inner: &Map<String, Value>,
) -> Option<(String, serde_json::Error)> {
    let mut keys: Vec<&String> = inner.keys().collect();
    keys.sort();
    keys.into_iter().find_map(|key| {
        let mut probe = Map::new();
        probe.insert(key.clone(), inner[key.as_str()].clone());
        T::deserialize(&Value::Object(probe))
            .err()
            .map(|e| (format!("{parent}.{key}"), e))
    })
}

/// An order that deserializes, to try one value at a time in: the fields every order needs
/// (msp-core's `ALWAYS_REQUIRED`), each at its path with a sample value as the core's model
/// writes it.
fn minimal_order() -> Map<String, Value> {
    let sample = OrderRequest::new(
        Flow::Redirect,
        Gateway::IDEAL,
        "probe",
        Currency::EUR,
        1u64,
        "probe",
    );
    let Ok(Value::Object(sample)) = serde_json::to_value(sample) else {
        return Map::new();
    };
    ALWAYS_REQUIRED
        .iter()
        .filter_map(|field| sample.get_key_value(field.path()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// The field at exactly `path` (not by leaf name: a top-level `ip_address` is not the
/// customer's).
fn field_at(path: &str) -> Option<Field> {
    Field::all().iter().copied().find(|f| f.path() == path)
}

fn position(field: Field) -> usize {
    Field::all()
        .iter()
        .position(|&f| f == field)
        .unwrap_or(usize::MAX)
}

/// serde's message without its "at line 1 column 7" (meaningless for a probe).
fn plain(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(body: &str) -> (Code, String) {
        let err = read_order(body.as_bytes()).unwrap_err();
        (err.code, err.info)
    }

    const OK: &str = r#"{"type":"redirect","order_id":"o-1","gateway":"AMEX","currency":"EUR","amount":1000,"description":"d"}"#;

    fn with(key: &str, value: Value) -> String {
        let mut map: Map<String, Value> = serde_json::from_str(OK).unwrap();
        map.insert(key.into(), value);
        Value::Object(map).to_string()
    }

    #[test]
    fn the_minimal_order_holds_the_fields_every_order_needs() {
        let probe = minimal_order();
        let keys: Vec<&str> = probe.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = ALWAYS_REQUIRED.iter().map(|f| f.path()).collect();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert!(OrderRequest::deserialize(&Value::Object(probe)).is_ok());
    }

    #[test]
    fn reads_a_valid_order() {
        let order = read_order(OK.as_bytes()).unwrap();
        assert_eq!(order.gateway, Some(msp_core::Gateway::AMEX));
    }

    #[test]
    fn deserialization_failures_name_their_field() {
        assert_eq!(
            code_of(&with("currency", "eur".into())).0,
            Code::InvalidCurrency
        );
        assert_eq!(
            code_of(&with("amount", "ten".into())).0,
            Code::InvalidAmount
        );
        assert_eq!(code_of(&with("amount", (-5).into())).0, Code::InvalidAmount);
        assert_eq!(code_of(&with("gateway", "AMX".into())).0, Code::NoGateway);
        assert_eq!(code_of(&with("type", "teleport".into())).0, Code::NoGateway);
        assert_eq!(
            code_of(&with("description", 5.into())).0,
            Code::InvalidDescription
        );
        assert_eq!(
            code_of(&with("var1", serde_json::json!({}))).0,
            Code::InvalidVar
        );
        let (code, info) = code_of(&with("customer", serde_json::json!({"ip_address": 12})));
        assert_eq!(code, Code::InvalidIpAddress);
        assert!(info.contains("customer.ip_address"), "{info}");
        let (code, info) = code_of(&with(
            "payment_options",
            serde_json::json!({"close_window": "maybe"}),
        ));
        assert_eq!(code, Code::MissingData);
        assert!(info.contains("payment_options.close_window"), "{info}");
        assert_eq!(code_of(&with("customer", 7.into())).0, Code::MissingData);
    }

    #[test]
    fn missing_fields() {
        let mut map: Map<String, Value> = serde_json::from_str(OK).unwrap();
        map.remove("description");
        assert_eq!(
            code_of(&Value::Object(map.clone()).to_string()).0,
            Code::InvalidDescription
        );
        map.insert("description".into(), "d".into());
        map.insert("amount".into(), Value::Null);
        assert_eq!(
            code_of(&Value::Object(map).to_string()).0,
            Code::MissingData
        );
        assert_eq!(code_of("[]").0, Code::MissingData);
        assert_eq!(code_of("{").0, Code::MissingData);
    }

    #[test]
    fn documented_blanks_are_absent() {
        let body = with(
            "customer",
            serde_json::json!({"forwarded_ip": "", "ip_address": "10.0.0.1"}),
        );
        let order = read_order(with("type", "".into()).as_bytes()).unwrap();
        assert_eq!(order.flow, msp_core::Flow::Redirect);
        let order = read_order(body.as_bytes()).unwrap();
        assert_eq!(order.customer.unwrap().forwarded_ip, None);
    }

    #[test]
    fn unreadable_prices_and_rates_have_their_codes() {
        let cart = serde_json::json!({"items": [
            {"name": "a", "unit_price": 1, "quantity": 1},
            {"name": "b", "unit_price": "ten", "quantity": 1}]});
        let (code, info) = code_of(&with("shopping_cart", cart));
        assert_eq!(code, Code::ItemUnitPrice);
        assert!(info.contains("shopping_cart.items[1].unit_price"), "{info}");
        let options = serde_json::json!({"tax_tables": {"alternate": [
            {"name": "BTW21", "rules": [{"rate": -0.21}]}]}});
        assert_eq!(
            code_of(&with("checkout_options", options)).0,
            Code::ItemTaxRate
        );
    }

    #[test]
    fn a_bnpl_order_needs_its_cart() {
        let mut map: Map<String, Value> = serde_json::from_str(OK).unwrap();
        map.insert("gateway".into(), "KLARNA".into());
        let body = Value::Object(map.clone()).to_string();
        let (code, info) = code_of(&body);
        assert_eq!(code, Code::MissingData);
        assert_eq!(
            info,
            "Missing data: shopping_cart is missing; KLARNA orders need it"
        );
        map.insert("shopping_cart".into(), serde_json::json!({"items": []}));
        assert_eq!(
            code_of(&Value::Object(map.clone()).to_string()).0,
            Code::MissingData
        );
        map.insert(
            "shopping_cart".into(),
            serde_json::json!({"items": [{"name": "a", "unit_price": 10, "quantity": 1}]}),
        );
        // BNPL.yaml requires the customer too (every BNPL example of the API posts one).
        let (code, info) = code_of(&Value::Object(map.clone()).to_string());
        assert_eq!(code, Code::MissingData);
        assert_eq!(
            info,
            "Missing data: customer is missing; KLARNA orders need it"
        );
        map.insert("customer".into(), serde_json::json!({"country": "NL"}));
        // And the delivery address.
        let (code, info) = code_of(&Value::Object(map.clone()).to_string());
        assert_eq!(code, Code::MissingData);
        assert_eq!(
            info,
            "Missing data: delivery is missing; KLARNA orders need it"
        );
        map.insert("delivery".into(), serde_json::json!({"country": "NL"}));
        assert!(read_order(Value::Object(map.clone()).to_string().as_bytes()).is_ok());
        // E-Invoicing and Betaal per Maand go without, as the API's own examples do.
        map.remove("delivery");
        map.insert("gateway".into(), "EINVOICE".into());
        assert!(read_order(Value::Object(map).to_string().as_bytes()).is_ok());
    }
}
