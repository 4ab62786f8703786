//! Shopping-cart validation, only when the merchant asks for it.
//!
//! `components/schemas/CheckoutOptions.yaml`, `validate_cart`: "If set to `true`, the value of
//! `amount` is compared to the calculated total value of the shopping cart ... Don't match, the
//! request is unsuccessful and error_code 1027 is returned." Without `validate_cart` the cart is
//! not compared, as the API does by default (`default: false`).
//!
//! The total is the sum over the items of `unit_price × quantity × (1 + rate)`, `unit_price` in
//! major units and `rate` a fraction from `checkout_options.tax_tables` (the item's
//! `tax_table_selector` names an `alternate` table; without one, the `default` table applies),
//! rounded once to the currency's minor units (half away from zero).
//!
//! Exact: the numbers are read from the JSON's text (never through a float, itself a source of
//! one-cent differences) and summed as integers over a power of ten. This is the sandbox's own
//! reading of the body, independent of the model that `msp-core` writes carts with, so that a
//! test can hold one against the other.

use crate::errors::{ApiError, Code};
use msp_core::{CheckoutOptions, OrderRequest, ShoppingCart};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

/// The parts of a body the cart's arithmetic reads, numbers kept as their JSON text.
#[derive(Deserialize, Default)]
struct Parts {
    #[serde(default)]
    shopping_cart: Option<Cart>,
    #[serde(default)]
    checkout_options: Option<Options>,
    /// `checkout_data.items` of a refund by item.
    #[serde(default)]
    items: Option<Vec<Item>>,
}

#[derive(Deserialize)]
struct Cart {
    #[serde(default)]
    items: Option<Vec<Item>>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    unit_price: Option<Box<RawValue>>,
    #[serde(default)]
    quantity: Option<Box<RawValue>>,
    #[serde(default)]
    tax_table_selector: Option<Value>,
    #[serde(default)]
    merchant_item_id: Option<Value>,
}

#[derive(Deserialize)]
struct Options {
    #[serde(default)]
    tax_tables: Option<Tables>,
}

#[derive(Deserialize)]
struct Tables {
    #[serde(default)]
    default: Option<DefaultTable>,
    #[serde(default)]
    alternate: Option<Vec<Alternate>>,
}

#[derive(Deserialize)]
struct DefaultTable {
    #[serde(default)]
    rate: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct Alternate {
    #[serde(default)]
    name: Option<Value>,
    #[serde(default)]
    rules: Option<Vec<Rule>>,
}

#[derive(Deserialize)]
struct Rule {
    #[serde(default)]
    rate: Option<Box<RawValue>>,
    #[serde(default)]
    country: Option<Value>,
}

/// An exact decimal: `m × 10^-s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Exact {
    m: i128,
    s: u32,
}

impl Exact {
    const ONE: Exact = Exact { m: 1, s: 0 };

    /// A JSON number's text, or a JSON string holding one (`90`, `"90.00"`, `-8.26`, `1e-7`).
    fn read(raw: Option<&RawValue>) -> Option<Exact> {
        let text = raw?.get().trim();
        let owned;
        let text = if text.starts_with('"') {
            owned = serde_json::from_str::<String>(text).ok()?;
            owned.trim()
        } else {
            text
        };
        let (negative, text) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            _ => (false, text),
        };
        let (digits, exponent) = match text.split_once(['e', 'E']) {
            Some((digits, exponent)) => (digits, exponent.parse::<i64>().ok()?),
            None => (text, 0),
        };
        // An `i128` holds 38 digits: a larger exponent cannot be a price or a rate, and
        // refusing it first bounds the scaling loop below (`0e9223372036854775807`).
        if exponent.unsigned_abs() > 40 {
            return None;
        }
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let mut m: i128 = 0;
        for c in whole.chars().chain(fraction.chars()) {
            m = m
                .checked_mul(10)?
                .checked_add(i128::from(c.to_digit(10)?))?;
        }
        let mut s = i64::try_from(fraction.len()).ok()?.checked_sub(exponent)?;
        while s < 0 {
            m = m.checked_mul(10)?;
            s += 1;
        }
        let s = u32::try_from(s).ok().filter(|&s| s <= 36)?;
        Some(Exact {
            m: if negative { -m } else { m },
            s,
        })
    }

    fn is_negative(self) -> bool {
        self.m < 0
    }

    /// A whole number, if it is one.
    fn whole(self) -> Option<i128> {
        let scale = 10i128.checked_pow(self.s)?;
        (self.m % scale == 0).then_some(self.m / scale)
    }

    fn abs(self) -> Exact {
        Exact {
            m: self.m.abs(),
            s: self.s,
        }
    }

    fn add(self, other: Exact) -> Option<Exact> {
        let s = self.s.max(other.s);
        let a = self.m.checked_mul(10i128.checked_pow(s - self.s)?)?;
        let b = other.m.checked_mul(10i128.checked_pow(s - other.s)?)?;
        Some(Exact {
            m: a.checked_add(b)?,
            s,
        })
    }

    fn mul(self, other: Exact) -> Option<Exact> {
        Some(Exact {
            m: self.m.checked_mul(other.m)?,
            s: self.s.checked_add(other.s)?,
        })
    }

    /// In minor units of a currency with `digits` decimals, rounded half away from zero.
    fn to_minor(self, digits: u32) -> Option<i128> {
        if self.s <= digits {
            return self.m.checked_mul(10i128.checked_pow(digits - self.s)?);
        }
        let divisor = 10i128.checked_pow(self.s - digits)?;
        let (q, r) = (self.m / divisor, self.m % divisor);
        let away = r.unsigned_abs() * 2 >= divisor.unsigned_abs();
        Some(match (away, self.m < 0) {
            (false, _) => q,
            (true, false) => q + 1,
            (true, true) => q - 1,
        })
    }
}

/// `unit_price × quantity × (1 + rate)`.
fn line(price: Exact, quantity: i128, rate: Exact) -> Option<Exact> {
    price
        .mul(Exact { m: quantity, s: 0 })?
        .mul(Exact::ONE.add(rate)?)
}

fn too_precise(at: String) -> ApiError {
    ApiError::detailed(
        Code::ItemUnitPrice,
        format!("{at}: more digits than a price can have"),
    )
}

/// Checks the cart against the amount when `checkout_options.validate_cart` is true, reading the
/// numbers from `body`, the order as posted.
pub(crate) fn check(order: &OrderRequest, body: &[u8]) -> Result<(), ApiError> {
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
    let parts: Parts = serde_json::from_slice(body).unwrap_or_default();
    let items = parts
        .shopping_cart
        .and_then(|cart| cart.items)
        .ok_or_else(|| {
            ApiError::detailed(
                Code::MissingData,
                "checkout_options.validate_cart is true but shopping_cart.items is missing",
            )
        })?;
    let tables = parts.checkout_options.and_then(|o| o.tax_tables);
    let country = order.customer.as_ref().and_then(|c| c.country.as_deref());
    let mut total = Exact { m: 0, s: 0 };
    for (i, item) in items.iter().enumerate() {
        let at = || format!("shopping_cart.items[{i}]");
        let price = Exact::read(item.unit_price.as_deref()).ok_or_else(|| {
            ApiError::detailed(
                Code::ItemUnitPrice,
                format!("{}.unit_price is not a number", at()),
            )
        })?;
        let quantity = Exact::read(item.quantity.as_deref())
            .and_then(Exact::whole)
            .filter(|q| *q >= 0)
            .ok_or_else(|| {
                ApiError::detailed(
                    Code::MissingData,
                    format!("{}.quantity is not a whole number of at least 0", at()),
                )
            })?;
        let rate = item_rate(item, tables.as_ref(), country, at)?;
        total = line(price, quantity, rate)
            .and_then(|l| total.add(l))
            .ok_or_else(|| too_precise(at()))?;
    }
    let digits = u32::from(order.currency.minor_units());
    let expected = total
        .to_minor(digits)
        .ok_or_else(|| too_precise("shopping_cart".to_owned()))?;
    let amount = order.amount.minor_units();
    if expected != i128::from(amount) {
        return Err(ApiError::detailed(
            Code::CartTotal,
            format!("the shopping cart totals {expected} minor units, the amount is {amount}"),
        ));
    }
    Ok(())
}

/// The stored order's cart and tax tables, as JSON text (their numbers as the order wrote them).
#[derive(Serialize)]
struct Stored<'a> {
    shopping_cart: &'a Option<ShoppingCart>,
    checkout_options: &'a Option<CheckoutOptions>,
}

/// The amount a refund by cart item (`checkout_data`, `components/requestBody/RefundBNPL.yaml`)
/// gives back, in minor units. The body lists the order's items and, for each item refunded, a
/// duplicate with a negative `unit_price`: the refund is the sum over those duplicates of
/// `|unit_price| × quantity × (1 + rate)`, `rate` the tax of the order's item with that
/// `merchant_item_id` (its `tax_table_selector` in the order's tax tables), rounded as the cart
/// total is. A duplicate of no item of the order, or of more than its quantity, is 1016.
pub(crate) fn refunded_items(order: &OrderRequest, checkout_data: &Value) -> Result<u64, ApiError> {
    let missing = |detail: String| ApiError::detailed(Code::MissingData, detail);
    let read = |bytes: serde_json::Result<Vec<u8>>| -> Parts {
        bytes
            .and_then(|b| serde_json::from_slice(&b))
            .unwrap_or_default()
    };
    let items = read(serde_json::to_vec(checkout_data))
        .items
        .ok_or_else(|| missing("checkout_data.items is required".to_owned()))?;
    let stored = read(serde_json::to_vec(&Stored {
        shopping_cart: &order.shopping_cart,
        checkout_options: &order.checkout_options,
    }));
    let ordered = stored
        .shopping_cart
        .and_then(|cart| cart.items)
        .ok_or_else(|| missing("the order has no shopping_cart.items to refund".to_owned()))?;
    let tables = stored.checkout_options.and_then(|o| o.tax_tables);
    let country = order.customer.as_ref().and_then(|c| c.country.as_deref());
    let id = |item: &Item| match &item.merchant_item_id {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let quantity_of = |item: &Item| {
        Exact::read(item.quantity.as_deref())
            .and_then(Exact::whole)
            .filter(|q| *q > 0)
    };
    let mut total = Exact { m: 0, s: 0 };
    let mut refunded = 0;
    let mut per_item: std::collections::HashMap<String, i128> = std::collections::HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let at = || format!("checkout_data.items[{i}]");
        let price = Exact::read(item.unit_price.as_deref()).ok_or_else(|| {
            ApiError::detailed(
                Code::ItemUnitPrice,
                format!("{}.unit_price is not a number", at()),
            )
        })?;
        if !price.is_negative() {
            continue;
        }
        let quantity = quantity_of(item)
            .ok_or_else(|| missing(format!("{}.quantity is not above 0", at())))?;
        let wanted = id(item);
        let original = wanted
            .as_ref()
            .and_then(|wanted| ordered.iter().find(|o| id(o).as_ref() == Some(wanted)))
            .ok_or_else(|| {
                missing(format!(
                    "{}: its merchant_item_id names no item of the order",
                    at()
                ))
            })?;
        // Lines naming the same item add up: together they may not exceed what was ordered.
        let so_far = per_item.entry(wanted.unwrap_or_default()).or_default();
        *so_far = so_far.saturating_add(quantity);
        if quantity_of(original).is_some_and(|q| *so_far > q) {
            return Err(missing(format!("{}: more than the order's quantity", at())));
        }
        let rate = item_rate(original, tables.as_ref(), country, at)?;
        total = line(price.abs(), quantity, rate)
            .and_then(|l| total.add(l))
            .ok_or_else(|| too_precise(at()))?;
        refunded += 1;
    }
    if refunded == 0 {
        return Err(missing(
            "checkout_data lists no refunded item (a duplicate with a negative unit_price)"
                .to_owned(),
        ));
    }
    let minor = total
        .to_minor(u32::from(order.currency.minor_units()))
        .ok_or_else(|| too_precise("checkout_data".to_owned()))?;
    // A total beyond u64 is more than any order has left.
    Ok(u64::try_from(minor).unwrap_or(u64::MAX))
}

/// The tax rate of a cart item: of the table its `tax_table_selector` names, or of the default
/// table; 1029 naming the item (`at`) when its table is missing or invalid.
fn item_rate(
    item: &Item,
    tables: Option<&Tables>,
    country: Option<&str>,
    at: impl FnOnce() -> String,
) -> Result<Exact, ApiError> {
    let selector = item
        .tax_table_selector
        .as_ref()
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    tax_rate(tables, selector, country)
        .map_err(|reason| ApiError::detailed(Code::ItemTaxRate, format!("{}: {reason}", at())))
}

/// The rate of the table `selector` names, or of the default table.
fn tax_rate(
    tables: Option<&Tables>,
    selector: Option<&str>,
    country: Option<&str>,
) -> Result<Exact, String> {
    let Some(name) = selector else {
        return match tables
            .and_then(|t| t.default.as_ref())
            .and_then(|d| d.rate.as_deref())
        {
            None => Ok(Exact { m: 0, s: 0 }),
            Some(rate) => valid_rate(rate, "the default tax table"),
        };
    };
    let table = tables
        .and_then(|t| t.alternate.as_ref())
        .and_then(|list| {
            list.iter()
                .find(|t| t.name.as_ref().and_then(Value::as_str) == Some(name))
        })
        .ok_or_else(|| {
            format!(
                "tax_table_selector `{name}` names no checkout_options.tax_tables.alternate table"
            )
        })?;
    let rules = table.rules.as_deref().unwrap_or_default();
    let for_country =
        |r: &&Rule| country.is_some() && r.country.as_ref().and_then(Value::as_str) == country;
    // Without a country (absent, null, or blank, as the official Python SDK sends it), a rule
    // applies to every country.
    let general = |r: &&Rule| match &r.country {
        None | Some(Value::Null) => true,
        Some(Value::String(c)) => c.trim().is_empty(),
        Some(_) => false,
    };
    let rule = rules
        .iter()
        .find(for_country)
        .or_else(|| rules.iter().find(general));
    match rule.and_then(|r| r.rate.as_deref()) {
        Some(rate) => valid_rate(rate, &format!("tax table `{name}`")),
        None => Err(format!("tax table `{name}` has no rule with a rate")),
    }
}

fn valid_rate(rate: &RawValue, whose: &str) -> Result<Exact, String> {
    if rate.get().trim() == "null" {
        return Ok(Exact { m: 0, s: 0 });
    }
    Exact::read(Some(rate))
        .filter(|r| !r.is_negative())
        .ok_or_else(|| format!("the rate of {whose} is not a fraction of at least 0"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The check of an order with this amount, cart and checkout options, as posted.
    fn checked(amount: u64, cart: Value, options: Value) -> Result<(), ApiError> {
        let body = json!({
            "order_id": "c", "currency": "EUR", "amount": amount, "description": "d",
            "shopping_cart": cart, "checkout_options": options,
        })
        .to_string();
        let order: OrderRequest = serde_json::from_str(&body).unwrap();
        check(&order, body.as_bytes())
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
        assert!(checked(37485, cart.clone(), options.clone()).is_ok());
        let err = checked(37484, cart, options).unwrap_err();
        assert_eq!(err.code, Code::CartTotal);
    }

    #[test]
    fn unchecked_unless_asked() {
        let (cart, mut options) = docs_cart();
        options["validate_cart"] = json!(false);
        assert!(checked(1, cart, options).is_ok());
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
            let result = checked(1, cart.clone(), options.clone());
            assert_eq!(result.unwrap_err().code, Code::CartTotal, "{flag}");
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
            assert!(checked(1, cart.clone(), options.clone()).is_ok(), "{flag}");
        }
    }

    #[test]
    fn bad_items() {
        let (_, options) = docs_cart();
        let table = json!({"items": [{"unit_price": 1, "quantity": 1, "tax_table_selector": "X"}]});
        assert_eq!(
            checked(1, table, options).unwrap_err().code,
            Code::ItemTaxRate
        );
    }

    /// 1.005 × 100 is 100.49999999999999 in floats, which rounds to 100: read from the text, the
    /// total is 100.5 cents, rounded once to 101.
    #[test]
    fn totals_are_exact_where_floats_are_not() {
        let options = json!({"validate_cart": true});
        let cart = json!({"items": [{"unit_price": 1.005, "quantity": 1}]});
        assert!(checked(101, cart.clone(), options.clone()).is_ok());
        assert_eq!(
            checked(100, cart, options.clone()).unwrap_err().code,
            Code::CartTotal
        );
        // Numbers as strings and with exponents, as some SDKs write them.
        let cart = json!({"items": [{"unit_price": "0.3", "quantity": "3"},
                                    {"unit_price": 1e-2, "quantity": 10}]});
        assert!(checked(100, cart, options).is_ok());
    }

    #[test]
    fn exact_numbers() {
        let read = |text: &str| Exact::read(Some(&RawValue::from_string(text.to_owned()).unwrap()));
        assert_eq!(read("90"), Some(Exact { m: 90, s: 0 }));
        assert_eq!(read("\"-8.26\""), Some(Exact { m: -826, s: 2 }));
        assert_eq!(read("1.5e2"), Some(Exact { m: 150, s: 0 }));
        assert_eq!(read("\"ten\""), None);
        assert_eq!(read("true"), None);
        // Exponents no price can have are refused at once, not scaled digit by digit.
        assert_eq!(read("0e9223372036854775807"), None);
        assert_eq!(read("0e-9223372036854775808"), None);
        assert_eq!(read("1e41"), None);
        assert_eq!(Exact { m: 1005, s: 3 }.to_minor(2), Some(101));
        assert_eq!(Exact { m: -1005, s: 3 }.to_minor(2), Some(-101));
        assert_eq!(Exact { m: 1004, s: 3 }.to_minor(2), Some(100));
        assert_eq!(Exact { m: 7, s: 0 }.to_minor(3), Some(7000));
    }

    /// Random carts built with `msp-core` (1 to 100 items, quantities 1 to 1000, prices 1 to
    /// 10^7 minor units, rates 0, 5.5, 6, 9, 19 and 21 %, discounts, currencies with 0, 2 and 3
    /// minor digits), posted as JSON with the amount `ShoppingCart::total` gives: this reading
    /// of the JSON computes the same total for every one, and for a cart of prices including tax
    /// that total is the sum of the prices shown. `MSP_CART_CASES` and `MSP_CART_SEED` vary the
    /// run.
    #[test]
    fn the_core_writes_carts_whose_total_this_computes_exactly() {
        use msp_core::prng::SplitMix64;
        use msp_core::{CartItem, Currency, Flow, Gateway, TaxRate};
        let cases: u64 = std::env::var("MSP_CART_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(3_000);
        let seed: u64 = std::env::var("MSP_CART_SEED")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0x00C0_FFEE);
        println!("cart property: {cases} carts, seed {seed}");
        let mut rng = SplitMix64::new(seed);
        let mut below = |n: u64| rng.next_u64() % n;
        let rates = [0, 550, 600, 900, 1900, 2100].map(TaxRate::basis_points);
        let currencies = [Currency::EUR, Currency::JPY, Currency::KWD];
        let mut checked_carts = 0;
        for case in 0..cases {
            let count = 1 + below(100) as usize;
            let mut items = Vec::with_capacity(count);
            let mut shown: i128 = 0;
            let mut all_gross = true;
            for i in 0..count {
                let price = 1 + below(10_000_000);
                let quantity = 1 + below(1000) as u32;
                let rate = rates[below(6) as usize];
                let item = match below(10) {
                    0 if i > 0 => {
                        // A discount of at most what the cart holds so far.
                        let amount = 1 + below(shown.clamp(1, 10_000_000) as u64);
                        shown -= i128::from(amount);
                        CartItem::discount("Discount", amount, rate)
                    }
                    1 | 2 => {
                        all_gross = false;
                        CartItem::net("Net", price, quantity, rate)
                    }
                    _ => {
                        shown += i128::from(price) * i128::from(quantity);
                        CartItem::gross(format!("Item {i}"), price, quantity, rate)
                    }
                };
                items.push(item);
            }
            let cart = msp_core::ShoppingCart::new(items);
            let total = cart.total().minor_units();
            if all_gross {
                assert_eq!(i128::from(total), shown.max(0), "case {case}, seed {seed}");
            }
            if total == 0 {
                continue;
            }
            let currency = currencies[below(3) as usize];
            let mut order =
                OrderRequest::new(Flow::Redirect, Gateway::KLARNA, "c", currency, total, "d");
            order.set_shopping_cart(cart);
            order
                .checkout_options
                .get_or_insert_with(Default::default)
                .validate_cart = Some(true);
            let body = serde_json::to_vec(&order).unwrap();
            let read: OrderRequest = serde_json::from_slice(&body).unwrap();
            if let Err(e) = check(&read, &body) {
                panic!(
                    "case {case}, seed {seed}: {}\n{}",
                    e.info,
                    String::from_utf8_lossy(&body)
                );
            }
            // One minor unit off is refused.
            let mut off: Value = serde_json::from_slice(&body).unwrap();
            off["amount"] = json!(total + 1);
            let off = off.to_string();
            let read: OrderRequest = serde_json::from_str(&off).unwrap();
            assert_eq!(
                check(&read, off.as_bytes()).unwrap_err().code,
                Code::CartTotal
            );
            checked_carts += 1;
        }
        assert!(
            checked_carts * 10 >= cases * 9,
            "{checked_carts} of {cases}"
        );
    }
}
