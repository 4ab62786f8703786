//! The shopping cart and the tax tables it implies (`components/schemas/ShoppingCart.yaml`,
//! `Item.yaml`, `CheckoutOptions.yaml`).
//!
//! MultiSafepay computes an order's total from its cart as the sum over the items of
//! `unit_price × quantity × (1 + rate)`, `unit_price` excluding tax in major units, rounded once
//! to minor units; with `checkout_options.validate_cart` it refuses an order whose amount differs
//! (error 1027). A merchant shows prices including tax, which divided by `1 + rate` rarely give a
//! price with two decimals: rounding each to cents is how a cart ends a cent off. Here the unit
//! price is written with as many decimals as the cart needs for its total to come out exactly
//! (see [`ShoppingCart::total`]), in integer arithmetic only.

use super::decimal::{self, Decimal};
use super::{lenient, Amount, TaxRate};
use crate::Currency;
use serde::de::Deserializer;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One line of a [`ShoppingCart`]: a product, a fee, shipping, or a discount.
///
/// Prices are integers in the currency's minor units, either as the merchant shows them,
/// including tax ([`CartItem::gross`]), or excluding it ([`CartItem::net`]).
///
/// ```
/// # use msp_core as msp;
/// use msp::{CartItem, TaxRate};
/// let backpack = CartItem::gross("Backpack", 9_000, 2, TaxRate::percent(21))
///     .merchant_item_id("bp-1")
///     .description("Black cotton backpack")
///     .weight_grams(1_200);
/// let coupon = CartItem::discount("Spring coupon", 500, TaxRate::percent(21));
/// let shipping = CartItem::shipping("Shipping", 495, TaxRate::percent(21));
/// assert_eq!(msp::ShoppingCart::new([backpack, coupon, shipping]).total().minor_units(), 17_995);
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CartItem {
    name: String,
    description: Option<String>,
    price: Price,
    quantity: u64,
    tax: Option<TaxRate>,
    tax_table_selector: Option<String>,
    merchant_item_id: Option<String>,
    weight: Option<Weight>,
}

/// How an item's price was given.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Price {
    /// Including tax, in minor units (negative for a discount).
    Gross(i128),
    /// Excluding tax, in minor units.
    Net(i128),
    /// As read from JSON: `unit_price` excluding tax, in major units.
    Written(Decimal),
}

/// `weight`: the unit (`KG`) and the value.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
struct Weight {
    #[serde(default, deserialize_with = "lenient::string")]
    unit: Option<String>,
    #[serde(
        default,
        deserialize_with = "optional_decimal",
        serialize_with = "decimal_json"
    )]
    value: Option<Decimal>,
}

/// `merchant_item_id` of the item holding the shipping costs (`MerchantItemId.yaml`).
pub const SHIPPING_ITEM_ID: &str = "msp-shipping";

impl CartItem {
    /// An item at the price the merchant shows, tax included: `unit_price_incl_tax_minor` in
    /// minor units (1250 is 12.50 EUR), `quantity` of them, taxed at `tax`.
    pub fn gross(
        name: impl Into<String>,
        unit_price_incl_tax_minor: u64,
        quantity: u32,
        tax: TaxRate,
    ) -> CartItem {
        CartItem::new(
            name,
            Price::Gross(unit_price_incl_tax_minor.into()),
            quantity,
            tax,
        )
    }

    /// An item at its price excluding tax, in minor units.
    pub fn net(
        name: impl Into<String>,
        unit_price_excl_tax_minor: u64,
        quantity: u32,
        tax: TaxRate,
    ) -> CartItem {
        CartItem::new(
            name,
            Price::Net(unit_price_excl_tax_minor.into()),
            quantity,
            tax,
        )
    }

    /// A discount of `amount_incl_tax_minor` (tax included, in minor units), written as the API
    /// expects one: an item with a negative unit price (MultiSafepay's recipes "Discount an
    /// order" and "Discount a BNPL order"), taxed at the rate of what it discounts.
    pub fn discount(name: impl Into<String>, amount_incl_tax_minor: u64, tax: TaxRate) -> CartItem {
        CartItem::new(
            name,
            Price::Gross(-i128::from(amount_incl_tax_minor)),
            1,
            tax,
        )
    }

    /// The shipping costs, tax included: an item with `merchant_item_id` `msp-shipping`.
    pub fn shipping(name: impl Into<String>, price_incl_tax_minor: u64, tax: TaxRate) -> CartItem {
        CartItem::gross(name, price_incl_tax_minor, 1, tax).merchant_item_id(SHIPPING_ITEM_ID)
    }

    fn new(name: impl Into<String>, price: Price, quantity: u32, tax: TaxRate) -> CartItem {
        CartItem {
            name: name.into(),
            description: None,
            price,
            quantity: quantity.into(),
            tax: Some(tax),
            tax_table_selector: None,
            merchant_item_id: None,
            weight: None,
        }
    }

    /// A description of the product.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> CartItem {
        self.description = Some(description.into());
        self
    }

    /// Your identifier of the product (refunds by item name it).
    #[must_use]
    pub fn merchant_item_id(mut self, id: impl Into<String>) -> CartItem {
        self.merchant_item_id = Some(id.into());
        self
    }

    /// The weight of one unit, in grams (written in kilograms, the API's only unit).
    #[must_use]
    pub fn weight_grams(mut self, grams: u32) -> CartItem {
        self.weight = Some(Weight {
            unit: Some("KG".to_owned()),
            value: Some(
                Decimal {
                    mantissa: grams.into(),
                    scale: 3,
                }
                .trimmed(),
            ),
        });
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many.
    pub fn quantity(&self) -> u64 {
        self.quantity
    }

    /// The tax rate it was built with; `None` for an item read from JSON, whose rate is in the
    /// order's tax table named by its `tax_table_selector`.
    pub fn tax(&self) -> Option<TaxRate> {
        self.tax
    }

    /// Your identifier of the product, if set.
    pub fn item_id(&self) -> Option<&str> {
        self.merchant_item_id.as_deref()
    }

    /// The tax table the item names: the one it was read with, or `VAT21` (`VAT5.5`...) for an
    /// item built with a rate.
    pub fn tax_table_selector(&self) -> Option<String> {
        self.tax_table_selector
            .clone()
            .or_else(|| self.tax.map(table_name))
    }

    /// The rate in millionths.
    fn ppm(&self) -> i128 {
        self.tax.map_or(0, |t| t.as_parts_per_million().into())
    }
}

/// 1 in millionths: `1 + rate` is `ONE + ppm`.
const ONE: i128 = 1_000_000;

/// The name of the tax table of `rate` in the tables a cart writes: `VAT21`, `VAT5.5`.
fn table_name(rate: TaxRate) -> String {
    format!("VAT{}", rate.to_string().trim_end_matches('%'))
}

/// `shopping_cart`: the items of the order (`components/schemas/ShoppingCart.yaml`), required by
/// the buy-now-pay-later gateways and shown on the payment page for the others.
///
/// Build it from [`CartItem`]s; an order it is set on
/// ([`OrderRequest::set_shopping_cart`](crate::OrderRequest::set_shopping_cart), or a
/// `shopping_cart: msp::ShoppingCart` field of a derived struct) also gets the tax tables it
/// implies (`checkout_options.tax_tables`) and writes its unit prices in the order's currency.
///
/// ```
/// # use msp_core as msp;
/// use msp::{CartItem, ShoppingCart, TaxRate};
/// let cart = ShoppingCart::new([
///     CartItem::gross("Book", 1_999, 3, TaxRate::percent(9)),
///     CartItem::gross("Lamp", 4_995, 1, TaxRate::percent(21)),
/// ]);
/// assert_eq!(cart.total(), msp::Amount::new(10_992));
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ShoppingCart {
    items: Vec<CartItem>,
    /// The minor digits of the order's currency, once the cart is set on an order.
    minor_digits: Option<u8>,
}

/// Why a cart cannot be written: its numbers exceed the exact arithmetic (128-bit integers).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct TooLarge;

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the shopping cart's prices and quantities are too large to total exactly")
    }
}

/// The unit prices as written: `prices[i]` is item `i`'s price excluding tax in units of
/// `10^-scale` minor units.
struct Layout {
    scale: u32,
    prices: Vec<i128>,
}

impl ShoppingCart {
    /// A cart of `items`.
    pub fn new(items: impl IntoIterator<Item = CartItem>) -> ShoppingCart {
        ShoppingCart {
            items: items.into_iter().collect(),
            minor_digits: None,
        }
    }

    /// Adds an item.
    pub fn push(&mut self, item: CartItem) {
        self.items.push(item);
    }

    /// The items.
    pub fn items(&self) -> &[CartItem] {
        &self.items
    }

    /// The amount MultiSafepay computes from the cart, in minor units: the sum of
    /// `unit_price × quantity × (1 + rate)` over the unit prices as written, rounded once (half
    /// away from zero). The order's `amount` must equal it.
    ///
    /// For a cart of [`CartItem::gross`] items (and discounts) it is exactly the sum of the
    /// prices shown times their quantities: the unit prices excluding tax are written with as
    /// many decimals as it takes (their error, summed, stays below a hundredth of a minor unit).
    /// A cart of [`CartItem::net`] items adds the tax exactly and rounds once.
    ///
    /// Items read from JSON count at the rate they were built with, which JSON does not carry
    /// (their rate is in the order's tax tables): 0 %. A cart whose discounts exceed the rest
    /// totals 0 here (the order's validation names the negative figure); one too large for
    /// exact arithmetic totals `u64::MAX`.
    pub fn total(&self) -> Amount {
        match self.exact_total() {
            Ok(total) => Amount::new(u64::try_from(total.max(0)).unwrap_or(u64::MAX)),
            Err(TooLarge) => Amount::new(u64::MAX),
        }
    }

    /// The total in minor units, negative when the discounts exceed the rest.
    pub(crate) fn exact_total(&self) -> Result<i128, TooLarge> {
        let layout = self.layout()?;
        let mut sum: i128 = 0;
        for (item, price) in self.items.iter().zip(&layout.prices) {
            let line = price
                .checked_mul(i128::from(item.quantity))
                .and_then(|p| p.checked_mul(ONE + item.ppm()))
                .ok_or(TooLarge)?;
            sum = sum.checked_add(line).ok_or(TooLarge)?;
        }
        let denominator = 10i128.checked_pow(layout.scale + 6).ok_or(TooLarge)?;
        let half = denominator / 2;
        // Half up, away from zero, checked: a sum near `i128::MAX` is too large, not a panic.
        Ok(if sum >= 0 {
            sum.checked_add(half).ok_or(TooLarge)? / denominator
        } else {
            -(half.checked_sub(sum).ok_or(TooLarge)? / denominator)
        })
    }

    /// The tax tables the items' rates imply (`checkout_options.tax_tables`): one `alternate`
    /// table per rate, named as the items' `tax_table_selector`, and the first item's rate as
    /// the `default`; `None` when no item was built with a rate.
    pub fn tax_tables(&self) -> Option<TaxTables> {
        let mut rates: Vec<TaxRate> = Vec::new();
        for rate in self.items.iter().filter_map(|i| i.tax) {
            if !rates.contains(&rate) {
                rates.push(rate);
            }
        }
        let first = *rates.first()?;
        Some(TaxTables {
            default: Some(DefaultTaxTable {
                shipping_taxed: Some(true),
                rate: Some(first),
            }),
            alternate: rates
                .into_iter()
                .map(|rate| AlternateTaxTable {
                    name: table_name(rate),
                    standalone: None,
                    rules: vec![TaxRule {
                        rate,
                        country: None,
                    }],
                })
                .collect(),
        })
    }

    /// Writes the unit prices in `currency` (its minor digits) from now on.
    pub(crate) fn set_currency(&mut self, currency: Currency) {
        self.minor_digits = Some(currency.minor_units());
    }

    /// The unit prices, exact to `10^-scale` minor units.
    fn layout(&self) -> Result<Layout, TooLarge> {
        let digits = u32::from(self.minor_digits.unwrap_or(2));
        // Rounding a gross price's division by `1 + rate` up to `10^-scale` minor units errs by
        // less than `10^-scale × quantity × (1 + rate)`: over the cart, below a hundredth of a
        // minor unit when `10^(scale + 6) ≥ 100 × Σ quantity × (10^6 + rate in millionths)`.
        let mut weight: i128 = 0;
        for item in &self.items {
            if matches!(item.price, Price::Gross(_)) && item.ppm() != 0 {
                let w = i128::from(item.quantity) * (ONE + item.ppm());
                weight = weight.checked_add(w).ok_or(TooLarge)?;
            }
        }
        let bound = weight.checked_mul(100).ok_or(TooLarge)?;
        let mut scale = 0u32;
        while 10i128.checked_pow(scale + 6).ok_or(TooLarge)? < bound {
            scale += 1;
        }
        for item in &self.items {
            if let Price::Written(d) = item.price {
                scale = scale.max(d.scale.saturating_sub(digits));
            }
        }
        let unit = 10i128.checked_pow(scale).ok_or(TooLarge)?;
        let prices = self
            .items
            .iter()
            .map(|item| match item.price {
                Price::Net(minor) => minor.checked_mul(unit),
                Price::Gross(minor) => {
                    let divisor = ONE + item.ppm();
                    minor
                        .checked_mul(unit)
                        .and_then(|m| m.checked_mul(ONE))
                        .map(|m| div_ceil(m, divisor))
                }
                Price::Written(d) => 10i128
                    .checked_pow(digits + scale - d.scale)
                    .and_then(|f| d.mantissa.checked_mul(f)),
            })
            .collect::<Option<Vec<i128>>>()
            .ok_or(TooLarge)?;
        Ok(Layout { scale, prices })
    }
}

/// `⌈a / b⌉` for `b > 0`.
fn div_ceil(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b > 0 {
        q + 1
    } else {
        q
    }
}

impl Serialize for ShoppingCart {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let built = self
            .items
            .iter()
            .any(|i| !matches!(i.price, Price::Written(_)));
        if built && self.minor_digits.is_none() {
            return Err(S::Error::custom(
                "a shopping cart writes its unit prices in its order's currency: set it with \
                 `OrderRequest::set_shopping_cart` (a derived order does)",
            ));
        }
        let layout = self.layout().map_err(S::Error::custom)?;
        let items = Items {
            cart: self,
            layout: &layout,
            digits: u32::from(self.minor_digits.unwrap_or(2)),
        };
        let mut cart = s.serialize_struct("ShoppingCart", 1)?;
        cart.serialize_field("items", &items)?;
        cart.end()
    }
}

struct Items<'a> {
    cart: &'a ShoppingCart,
    layout: &'a Layout,
    digits: u32,
}

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.cart.items.len()))?;
        for (item, &price) in self.cart.items.iter().zip(&self.layout.prices) {
            let unit_price = match item.price {
                // Written back exactly as read.
                Price::Written(d) => d,
                _ => Decimal {
                    mantissa: price,
                    scale: self.layout.scale + self.digits,
                }
                .trimmed(),
            };
            seq.serialize_element(&ItemOut { item, unit_price })?;
        }
        seq.end()
    }
}

struct ItemOut<'a> {
    item: &'a CartItem,
    unit_price: Decimal,
}

impl Serialize for ItemOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let item = self.item;
        let mut out = s.serialize_struct("Item", 7)?;
        out.serialize_field("name", &item.name)?;
        if let Some(description) = &item.description {
            out.serialize_field("description", description)?;
        }
        out.serialize_field("unit_price", &self.unit_price.to_json())?;
        out.serialize_field("quantity", &item.quantity)?;
        if let Some(id) = &item.merchant_item_id {
            out.serialize_field("merchant_item_id", id)?;
        }
        if let Some(selector) = item.tax_table_selector() {
            out.serialize_field("tax_table_selector", &selector)?;
        }
        if let Some(weight) = &item.weight {
            out.serialize_field("weight", weight)?;
        }
        out.end()
    }
}

/// An item as JSON holds it, read leniently (numbers as strings, blank text as absent).
#[derive(Deserialize)]
struct ItemIn {
    #[serde(default, deserialize_with = "lenient::string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    description: Option<String>,
    #[serde(deserialize_with = "decimal::lenient")]
    unit_price: Decimal,
    #[serde(deserialize_with = "lenient::number")]
    quantity: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    merchant_item_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    tax_table_selector: Option<String>,
    #[serde(default)]
    weight: Option<Weight>,
}

impl<'de> Deserialize<'de> for CartItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let item = ItemIn::deserialize(d)?;
        Ok(CartItem {
            name: item.name.unwrap_or_default(),
            description: item.description,
            price: Price::Written(item.unit_price),
            quantity: item.quantity.unwrap_or(0),
            tax: None,
            tax_table_selector: item.tax_table_selector,
            merchant_item_id: item.merchant_item_id,
            weight: item.weight,
        })
    }
}

impl<'de> Deserialize<'de> for ShoppingCart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct CartIn {
            #[serde(default)]
            items: Vec<CartItem>,
        }
        Ok(ShoppingCart::new(CartIn::deserialize(d)?.items))
    }
}

fn optional_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    use serde::de::Error;
    let value = serde_json::Value::deserialize(d)?;
    match &value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        _ => decimal::lenient(value).map(Some).map_err(D::Error::custom),
    }
}

fn decimal_json<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(d) => d.to_json().serialize(s),
        None => s.serialize_none(),
    }
}

/// `checkout_options`: the tax tables of the cart, and whether MultiSafepay compares the cart's
/// total with the amount (`components/schemas/CheckoutOptions.yaml`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckoutOptions {
    /// `true`: MultiSafepay refuses the order (error 1027) when the cart's total differs from
    /// `amount`. A value that is not a flag is ignored, as MultiSafepay ignores it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::flag_or_none"
    )]
    pub validate_cart: Option<bool>,
    /// The tax tables the cart's items name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_tables: Option<TaxTables>,
}

/// `checkout_options.tax_tables`.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaxTables {
    /// The table of items without a `tax_table_selector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultTaxTable>,
    /// The tables items name by `tax_table_selector`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternate: Vec<AlternateTaxTable>,
}

/// `checkout_options.tax_tables.default`.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DefaultTaxTable {
    /// Whether shipping is taxed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::bool"
    )]
    pub shipping_taxed: Option<bool>,
    /// The rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<TaxRate>,
}

/// One of `checkout_options.tax_tables.alternate`.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AlternateTaxTable {
    /// The name items give as `tax_table_selector`.
    #[serde(default)]
    pub name: String,
    /// Whether shipping is taxed (as the API describes `standalone`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::bool"
    )]
    pub standalone: Option<bool>,
    /// The rates, by country.
    #[serde(default)]
    pub rules: Vec<TaxRule>,
}

/// A rate of an [`AlternateTaxTable`], for one country or (without one) for all.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaxRule {
    /// The rate.
    pub rate: TaxRate,
    /// The ISO 3166-1 alpha-2 country it applies to; `None` for every country.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::string"
    )]
    pub country: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Flow, Gateway, OrderRequest};
    use serde_json::json;

    fn placed(cart: ShoppingCart, currency: Currency) -> serde_json::Value {
        let mut order =
            OrderRequest::new(Flow::Redirect, Gateway::KLARNA, "o", currency, 1u64, "d");
        order.set_shopping_cart(cart);
        serde_json::to_value(&order).unwrap()
    }

    #[test]
    fn gross_prices_are_written_with_the_decimals_the_total_needs() {
        let cart = ShoppingCart::new([CartItem::gross("Backpack", 9_000, 1, TaxRate::percent(21))]);
        assert_eq!(cart.total(), Amount::new(9_000));
        let json = placed(cart, Currency::EUR);
        let item = &json["shopping_cart"]["items"][0];
        // 90 / 1.21 = 74.3801652892561983..., rounded up at the decimals one item needs.
        assert_eq!(item["unit_price"].to_string(), "74.38017");
        assert_eq!(item["tax_table_selector"], "VAT21");
        assert_eq!(
            json["checkout_options"],
            json!({"tax_tables": {"default": {"shipping_taxed": true, "rate": 0.21},
                   "alternate": [{"name": "VAT21", "rules": [{"rate": 0.21}]}]}})
        );
    }

    #[test]
    fn net_prices_are_written_as_given_and_taxed_once() {
        // 8.26 × 1.21 = 9.9946: 999 cents.
        let cart = ShoppingCart::new([CartItem::net("Backpack", 826, 1, TaxRate::percent(21))]);
        assert_eq!(cart.total(), Amount::new(999));
        let json = placed(cart.clone(), Currency::EUR);
        assert_eq!(json["shopping_cart"]["items"][0]["unit_price"], 8.26);
        // In yen (no minor digits) and dinars (three), the same minor units are other prices.
        let yen = placed(cart.clone(), Currency::JPY);
        assert_eq!(yen["shopping_cart"]["items"][0]["unit_price"], 826);
        let dinar = placed(cart, Currency::KWD);
        assert_eq!(dinar["shopping_cart"]["items"][0]["unit_price"], 0.826);
    }

    #[test]
    fn discounts_are_negative_items_and_shipping_is_named() {
        let cart = ShoppingCart::new([
            CartItem::gross("Lamp", 5_000, 2, TaxRate::percent(21)),
            CartItem::discount("Coupon", 1_000, TaxRate::percent(21)),
            CartItem::shipping("Shipping", 495, TaxRate::percent(21)),
        ]);
        assert_eq!(cart.total(), Amount::new(9_495));
        let json = placed(cart, Currency::EUR);
        let items = &json["shopping_cart"]["items"];
        assert!(items[1]["unit_price"].as_f64().unwrap() < 0.0);
        assert_eq!(items[2]["merchant_item_id"], SHIPPING_ITEM_ID);
        assert_eq!(
            json["checkout_options"]["tax_tables"]["alternate"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn a_cart_not_set_on_an_order_does_not_guess_its_currency() {
        let cart = ShoppingCart::new([CartItem::gross("Tea", 100, 1, TaxRate::ZERO)]);
        let error = serde_json::to_string(&cart).unwrap_err().to_string();
        assert!(error.contains("set_shopping_cart"), "{error}");
    }

    #[test]
    fn a_cart_read_from_json_is_written_back_as_read() {
        let json = json!({"items": [{"name": "Test", "description": "", "unit_price": "100",
            "quantity": 1, "merchant_item_id": "1111", "tax_table_selector": "none",
            "weight": {"unit": "KG", "value": 12}}]});
        let cart: ShoppingCart = serde_json::from_value(json).unwrap();
        assert_eq!(cart.items()[0].tax(), None);
        assert_eq!(
            serde_json::to_value(&cart).unwrap(),
            json!({"items": [{"name": "Test", "unit_price": 100, "quantity": 1,
                "merchant_item_id": "1111", "tax_table_selector": "none",
                "weight": {"unit": "KG", "value": 12}}]})
        );
    }

    #[test]
    fn carts_beyond_exact_arithmetic_say_so() {
        let item = CartItem::gross("Yacht", u64::MAX, u32::MAX, TaxRate::percent(21));
        let cart = ShoppingCart::new([item.clone(), item]);
        assert_eq!(cart.exact_total(), Err(TooLarge));
        assert_eq!(cart.total(), Amount::new(u64::MAX));
    }
}
