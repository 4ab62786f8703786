//! Shopping-cart validation, only when the merchant asks for it.
//!
//! `components/schemas/CheckoutOptions.yaml`, `validate_cart`: "If set to `true`, the value of
//! `amount` is compared to the calculated total value of the shopping cart ... Don't match, the
//! request is unsuccessful and error_code 1027 is returned." Without `validate_cart` the cart is
//! passed through unread, as the API does by default (`default: false`).
//!
//! The total is the sum over the items of `unit_price × quantity × (1 + rate)`, `unit_price` in
//! major units and `rate` a fraction from `checkout_options.tax_tables` (the item's
//! `tax_table_selector` names an `alternate` table; without one, the `default` table applies),
//! rounded to the currency's minor units.

use crate::errors::{ApiError, Code};
use msp_core::OrderRequest;
use serde_json::Value;

/// Checks the cart against the amount when `checkout_options.validate_cart` is true.
pub(crate) fn check(order: &OrderRequest) -> Result<(), ApiError> {
    // Read as the core reads flags (`true`, `"true"`, `1`, `"1"`, any case); anything else is
    // not a request to validate.
    if order
        .checkout_options
        .as_ref()
        .and_then(|o| o.validate_cart)
        != Some(true)
    {
        return Ok(());
    }
    let options = as_json(&order.checkout_options);
    let options = options.as_ref();
    let cart = as_json(&order.shopping_cart);
    let items = cart
        .as_ref()
        .and_then(|cart| cart.get("items"))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ApiError::detailed(
                Code::MissingData,
                "checkout_options.validate_cart is true but shopping_cart.items is missing",
            )
        })?;
    let tables = options.and_then(|o| o.get("tax_tables"));
    let country = order.customer.as_ref().and_then(|c| c.country.as_deref());
    let mut total = 0.0;
    for (i, item) in items.iter().enumerate() {
        let price = number(item.get("unit_price")).ok_or_else(|| {
            ApiError::detailed(
                Code::ItemUnitPrice,
                format!("shopping_cart.items[{i}].unit_price is not a number"),
            )
        })?;
        let quantity = number(item.get("quantity"))
            .filter(|q| *q >= 0.0)
            .ok_or_else(|| {
                ApiError::detailed(
                    Code::MissingData,
                    format!("shopping_cart.items[{i}].quantity is not a number of at least 0"),
                )
            })?;
        let rate = item_rate(item, tables, country, || {
            format!("shopping_cart.items[{i}]")
        })?;
        total += price * quantity * (1.0 + rate);
    }
    let factor = 10f64.powi(i32::from(order.currency.minor_units()));
    let expected = (total * factor).round();
    let amount = order.amount.minor_units();
    // Exact for any amount below 2^53 minor units; larger amounts cannot match a cart anyway.
    if expected != amount as f64 {
        return Err(ApiError::detailed(
            Code::CartTotal,
            format!("the shopping cart totals {expected} minor units, the amount is {amount}"),
        ));
    }
    Ok(())
}

/// The amount a refund by cart item (`checkout_data`, `components/requestBody/RefundBNPL.yaml`)
/// gives back, in minor units. The body lists the order's items and, for each item refunded, a
/// duplicate with a negative `unit_price`: the refund is the sum over those duplicates of
/// `|unit_price| × quantity × (1 + rate)`, `rate` the tax of the order's item with that
/// `merchant_item_id` (its `tax_table_selector` in the order's tax tables), rounded as the cart
/// total is. A duplicate of no item of the order, or of more than its quantity, is 1016.
pub(crate) fn refunded_items(order: &OrderRequest, checkout_data: &Value) -> Result<u64, ApiError> {
    let missing = |detail: String| ApiError::detailed(Code::MissingData, detail);
    let items = checkout_data
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| missing("checkout_data.items is required".to_owned()))?;
    let cart = as_json(&order.shopping_cart);
    let ordered = cart
        .as_ref()
        .and_then(|cart| cart.get("items"))
        .and_then(Value::as_array)
        .ok_or_else(|| missing("the order has no shopping_cart.items to refund".to_owned()))?;
    let options = as_json(&order.checkout_options);
    let tables = options.as_ref().and_then(|o| o.get("tax_tables"));
    let country = order.customer.as_ref().and_then(|c| c.country.as_deref());
    let id = |item: &Value| match item.get("merchant_item_id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut total = 0.0;
    let mut refunded = 0;
    for (i, item) in items.iter().enumerate() {
        let price = number(item.get("unit_price")).ok_or_else(|| {
            ApiError::detailed(
                Code::ItemUnitPrice,
                format!("checkout_data.items[{i}].unit_price is not a number"),
            )
        })?;
        if price >= 0.0 {
            continue;
        }
        let quantity = number(item.get("quantity"))
            .filter(|q| *q > 0.0)
            .ok_or_else(|| missing(format!("checkout_data.items[{i}].quantity is not above 0")))?;
        let original = id(item)
            .and_then(|wanted| ordered.iter().find(|o| id(o).as_ref() == Some(&wanted)))
            .ok_or_else(|| {
                missing(format!(
                    "checkout_data.items[{i}]: its merchant_item_id names no item of the order"
                ))
            })?;
        if number(original.get("quantity")).is_some_and(|q| quantity > q) {
            return Err(missing(format!(
                "checkout_data.items[{i}]: more than the order's quantity"
            )));
        }
        let rate = item_rate(original, tables, country, || {
            format!("checkout_data.items[{i}]")
        })?;
        total += -price * quantity * (1.0 + rate);
        refunded += 1;
    }
    if refunded == 0 {
        return Err(missing(
            "checkout_data lists no refunded item (a duplicate with a negative unit_price)"
                .to_owned(),
        ));
    }
    let factor = 10f64.powi(i32::from(order.currency.minor_units()));
    // Saturating cast: a total beyond u64 is more than any order has left.
    Ok((total * factor).round() as u64)
}

/// A typed part of the order as JSON (`None` when unset).
fn as_json<T: serde::Serialize>(value: &Option<T>) -> Option<Value> {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok())
}

/// The tax rate of a cart item: of the table its `tax_table_selector` names, or of the default
/// table; 1029 naming the item (`at`) when its table is missing or invalid.
fn item_rate(
    item: &Value,
    tables: Option<&Value>,
    country: Option<&str>,
    at: impl FnOnce() -> String,
) -> Result<f64, ApiError> {
    let selector = item
        .get("tax_table_selector")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    tax_rate(tables, selector, country)
        .map_err(|reason| ApiError::detailed(Code::ItemTaxRate, format!("{}: {reason}", at())))
}

/// The rate of the table `selector` names, or of the default table.
fn tax_rate(
    tables: Option<&Value>,
    selector: Option<&str>,
    country: Option<&str>,
) -> Result<f64, String> {
    let Some(name) = selector else {
        return match tables
            .and_then(|t| t.get("default"))
            .and_then(|d| d.get("rate"))
        {
            None | Some(Value::Null) => Ok(0.0),
            Some(rate) => valid_rate(rate, "the default tax table"),
        };
    };
    let table = tables
        .and_then(|t| t.get("alternate"))
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
        })
        .ok_or_else(|| {
            format!(
                "tax_table_selector `{name}` names no checkout_options.tax_tables.alternate table"
            )
        })?;
    let rules = table.get("rules").and_then(Value::as_array);
    let rule = rules.and_then(|rules| {
        let for_country =
            |r: &&Value| country.is_some() && r.get("country").and_then(Value::as_str) == country;
        // Without a country (absent, null, or blank, as the official Python SDK sends it), a
        // rule applies to every country.
        let general = |r: &&Value| match r.get("country") {
            None | Some(Value::Null) => true,
            Some(Value::String(c)) => c.trim().is_empty(),
            Some(_) => false,
        };
        rules
            .iter()
            .find(for_country)
            .or_else(|| rules.iter().find(general))
    });
    match rule.and_then(|r| r.get("rate")) {
        Some(rate) => valid_rate(rate, &format!("tax table `{name}`")),
        None => Err(format!("tax table `{name}` has no rule with a rate")),
    }
}

fn valid_rate(rate: &Value, whose: &str) -> Result<f64, String> {
    number(Some(rate))
        .filter(|r| *r >= 0.0)
        .ok_or_else(|| format!("the rate of {whose} is not a fraction of at least 0"))
}

/// A JSON number, or a string holding one.
fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn order(amount: u64, cart: Value, options: Value) -> OrderRequest {
        let mut order: OrderRequest = serde_json::from_value(json!({
            "order_id": "c", "currency": "EUR", "amount": amount, "description": "d",
        }))
        .unwrap();
        order.shopping_cart = Some(serde_json::from_value(cart).unwrap());
        order.checkout_options = Some(serde_json::from_value(options).unwrap());
        order
    }

    /// The cart of the docs' Billink, in3 and Riverty examples: amount 37485.
    fn docs_cart() -> (Value, Value) {
        let cart = json!({"items": [
            {"unit_price": 90, "quantity": 3, "tax_table_selector": "BTW21"},
            {"unit_price": 35, "quantity": 1, "tax_table_selector": "BTW9"},
            {"unit_price": 10, "quantity": 1, "tax_table_selector": "none"},
        ]});
        let options = json!({"validate_cart": true, "tax_tables": {
        "default": {"shipping_taxed": true, "rate": 0.21},
        "alternate": [
            {"name": "BTW21", "rules": [{"rate": 0.21}]},
            {"name": "BTW9", "rules": [{"rate": 0.09}]},
            {"name": "none", "rules": [{"rate": 0}]},
        ]}});
        (cart, options)
    }

    #[test]
    fn docs_cart_matches_its_amount() {
        let (cart, options) = docs_cart();
        assert!(check(&order(37485, cart.clone(), options.clone())).is_ok());
        let err = check(&order(37484, cart, options)).unwrap_err();
        assert_eq!(err.code, Code::CartTotal);
    }

    #[test]
    fn unchecked_unless_asked() {
        let (cart, mut options) = docs_cart();
        options["validate_cart"] = json!(false);
        assert!(check(&order(1, cart, options)).is_ok());
    }

    #[test]
    fn validate_cart_is_read_as_the_core_reads_flags() {
        let (cart, mut options) = docs_cart();
        for flag in [
            json!(true),
            json!("true"),
            json!("TRUE"),
            json!(1),
            json!("1"),
        ] {
            options["validate_cart"] = flag.clone();
            let checked = check(&order(1, cart.clone(), options.clone()));
            assert_eq!(checked.unwrap_err().code, Code::CartTotal, "{flag}");
        }
        for flag in [
            json!(false),
            json!("0"),
            json!(""),
            json!(null),
            json!("yes"),
            json!(2),
        ] {
            options["validate_cart"] = flag.clone();
            assert!(
                check(&order(1, cart.clone(), options.clone())).is_ok(),
                "{flag}"
            );
        }
    }

    #[test]
    fn bad_items() {
        let (_, options) = docs_cart();
        let table = json!({"items": [{"unit_price": 1, "quantity": 1, "tax_table_selector": "X"}]});
        assert_eq!(
            check(&order(1, table, options)).unwrap_err().code,
            Code::ItemTaxRate
        );
    }
}
