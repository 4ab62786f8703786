//! The account's transactions, for reconciliation: `GET /transactions`
//! (`paths/listtransactions.yaml`, answer `components/examples/responses/listTransactions.json`,
//! schema `components/schemas/Transaction.yaml`).

use crate::model::lenient;
use crate::raw_text::{raw_json, same_json, without_place};
use crate::{Currency, Gateway, OrderStatus};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The filters of [`Client::transactions`](crate::Client::transactions)
/// (`paths/listtransactions.yaml`); `Default` lists every transaction, newest first, 100 a page.
///
/// Timestamps are passed as given: `2021-01-01T12:00:00`, `2021-01-01` or Unix seconds, the
/// forms the documentation shows.
///
/// ```
/// # use msp_core as msp;
/// let query = msp::TransactionQuery::default()
///     .created_from("2026-01-01")
///     .created_until("2026-02-01")
///     .status(msp::OrderStatus::Completed)
///     .payment_method(msp::Gateway::IDEAL)
///     .limit(250);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub struct TransactionQuery {
    /// Created on or after (`created_from`).
    pub created_from: Option<String>,
    /// Created before (`created_until`).
    pub created_until: Option<String>,
    /// Completed on or after (`completed_from`).
    pub completed_from: Option<String>,
    /// Completed before (`completed_until`).
    pub completed_until: Option<String>,
    /// The order status (`status`).
    pub status: Option<OrderStatus>,
    /// The transaction status (`financial_status`).
    pub financial_status: Option<OrderStatus>,
    /// Paid with one of these (`payment_method`, repeated); empty: any.
    pub payment_methods: Vec<Gateway>,
    /// In this currency (`currency`).
    pub currency: Option<Currency>,
    /// Of this type, such as `payment` or `refund` (`type`).
    pub kind: Option<String>,
    /// Of this site only (`site_id`); unset: every site of the account.
    pub site_id: Option<String>,
    /// Transactions a page (`limit`, 1 to 1000; the API's default is 100).
    pub limit: Option<u32>,
    /// Start after this cursor (`after`), such as one kept from an earlier listing.
    pub after: Option<String>,
}

impl TransactionQuery {
    /// Created on or after `timestamp`.
    pub fn created_from(mut self, timestamp: impl Into<String>) -> Self {
        self.created_from = Some(timestamp.into());
        self
    }

    /// Created before `timestamp`.
    pub fn created_until(mut self, timestamp: impl Into<String>) -> Self {
        self.created_until = Some(timestamp.into());
        self
    }

    /// Completed on or after `timestamp`.
    pub fn completed_from(mut self, timestamp: impl Into<String>) -> Self {
        self.completed_from = Some(timestamp.into());
        self
    }

    /// Completed before `timestamp`.
    pub fn completed_until(mut self, timestamp: impl Into<String>) -> Self {
        self.completed_until = Some(timestamp.into());
        self
    }

    /// With this order status.
    pub fn status(mut self, status: OrderStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// With this transaction status.
    pub fn financial_status(mut self, status: OrderStatus) -> Self {
        self.financial_status = Some(status);
        self
    }

    /// Paid with `gateway` (call again to add more).
    pub fn payment_method(mut self, gateway: Gateway) -> Self {
        self.payment_methods.push(gateway);
        self
    }

    /// In this currency.
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Of this type (`payment`, `refund`, `chargeback`...).
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// Of this site only.
    pub fn site_id(mut self, site_id: impl Into<String>) -> Self {
        self.site_id = Some(site_id.into());
        self
    }

    /// Transactions a page: 1 to 1000 (other values are brought within).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit.clamp(1, 1000));
        self
    }

    /// Start after this cursor.
    pub fn after(mut self, cursor: impl Into<String>) -> Self {
        self.after = Some(cursor.into());
        self
    }

    /// The query string's pairs, in the documented names, the cursor left out.
    #[cfg(feature = "client")]
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut text = |name, value: &Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        };
        text("created_from", &self.created_from);
        text("created_until", &self.created_until);
        text("completed_from", &self.completed_from);
        text("completed_until", &self.completed_until);
        text("type", &self.kind);
        text("site_id", &self.site_id);
        if let Some(status) = &self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(status) = &self.financial_status {
            pairs.push(("financial_status", status.as_str().to_owned()));
        }
        for gateway in &self.payment_methods {
            pairs.push(("payment_method", gateway.code().to_owned()));
        }
        if let Some(currency) = self.currency {
            pairs.push(("currency", currency.code().to_owned()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        pairs
    }
}

/// One transaction of the account (`components/schemas/Transaction.yaml`), read leniently; the
/// whole of it is in [`raw`](Transaction::raw), as sent.
///
/// Two transactions are equal when their typed fields are and their `raw` JSON is the same
/// value (its spacing aside).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Transaction {
    /// MultiSafepay's transaction id (`transaction_id`).
    pub transaction_id: String,
    /// The merchant's order id (`order_id`), when the transaction belongs to an order.
    pub order_id: Option<String>,
    /// The order status (`status`).
    pub status: OrderStatus,
    /// The transaction status (`financial_status`).
    pub financial_status: Option<OrderStatus>,
    /// `payment`, `refund`, `chargeback`... (`type`).
    pub kind: Option<String>,
    /// The amount in minor units (`amount`).
    pub amount: u64,
    /// What is left after the costs, in minor units (`net`); negative for a refund.
    pub net: Option<i64>,
    /// The ISO 4217 currency code (`currency`).
    pub currency: String,
    /// `C` (credit) or `D` (debit) (`debit_credit`).
    pub debit_credit: Option<String>,
    /// The payment method's gateway identifier (`payment_method`).
    pub payment_method: Option<String>,
    /// The description (`description`).
    pub description: Option<String>,
    /// When it was created (`created`).
    pub created: Option<String>,
    /// When it was completed (`completed`), if it was.
    pub completed: Option<String>,
    /// The site (`site_id`).
    pub site_id: Option<String>,
    /// The whole transaction as sent (costs, customer, var1..3...): its JSON text, kept
    /// without being parsed into a tree. [`raw_json`](Transaction::raw_json) gives it as a
    /// [`serde_json::Value`]; a field of it, `serde_json::from_str` of
    /// [`raw.get()`](RawValue::get) into a struct of your own.
    ///
    /// Text is kept only by serde_json's own deserializer: read this type as a field of its
    /// own, not through `#[serde(flatten)]` or an untagged or internally tagged enum.
    pub raw: Box<RawValue>,
}

impl Transaction {
    /// The catalogue's gateway of its payment method, if the SDK knows it.
    pub fn gateway(&self) -> Option<Gateway> {
        let code = self.payment_method.as_deref()?;
        Gateway::from_code(&code.to_ascii_uppercase())
    }

    /// The whole transaction ([`raw`](Transaction::raw)) as a [`serde_json::Value`], parsed
    /// on each call; `Null` in the one case serde_json cannot make a `Value` of the text, a
    /// number beyond an `f64` (`1e400`): read `raw.get()` then.
    ///
    /// ```
    /// # use msp_core as msp;
    /// let page = r#"{"transaction_id": "1", "status": "completed", "amount": 1000,
    ///     "currency": "EUR", "costs": [{"amount": 60}]}"#;
    /// let transaction: msp::Transaction = serde_json::from_str(page).unwrap();
    /// assert_eq!(transaction.raw_json()["costs"][0]["amount"], 60);
    /// ```
    pub fn raw_json(&self) -> Value {
        raw_json(&self.raw)
    }
}

impl PartialEq for Transaction {
    fn eq(&self, other: &Self) -> bool {
        self.transaction_id == other.transaction_id
            && self.order_id == other.order_id
            && self.status == other.status
            && self.financial_status == other.financial_status
            && self.kind == other.kind
            && self.amount == other.amount
            && self.net == other.net
            && self.currency == other.currency
            && self.debit_credit == other.debit_credit
            && self.payment_method == other.payment_method
            && self.description == other.description
            && self.created == other.created
            && self.completed == other.completed
            && self.site_id == other.site_id
            && same_json(&self.raw, &other.raw)
    }
}

#[derive(Deserialize)]
struct Fields {
    #[serde(deserialize_with = "lenient::required_string")]
    transaction_id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    order_id: Option<String>,
    status: OrderStatus,
    #[serde(default, deserialize_with = "lenient::string")]
    financial_status: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::number")]
    amount: Option<u64>,
    #[serde(default, deserialize_with = "signed")]
    net: Option<i64>,
    #[serde(deserialize_with = "lenient::required_string")]
    currency: String,
    #[serde(default, deserialize_with = "lenient::string")]
    debit_credit: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    payment_method: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    description: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    created: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    completed: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    site_id: Option<String>,
}

/// A whole number, positive or negative, as a number or a string; blank is absent.
fn signed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("`{n}` is not a whole number"))),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("`{s}` is not a whole number"))),
        Some(other) => Err(D::Error::custom(format!(
            "expected a whole number, found {other}"
        ))),
    }
}

impl<'de> Deserialize<'de> for Transaction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Transaction::from_raw(raw).map_err(|(e, _)| D::Error::custom(e))
    }
}

impl Transaction {
    /// Reads the fields of `raw`'s text, which becomes [`raw`](Transaction::raw) as it is (no
    /// copy); or why it cannot be read, `raw` given back.
    fn from_raw(raw: Box<RawValue>) -> Result<Self, (serde_json::Error, Box<RawValue>)> {
        let f = match serde_json::from_str::<Fields>(raw.get()) {
            Ok(f) => f,
            Err(e) => return Err((without_place(e), raw)),
        };
        Ok(Transaction {
            transaction_id: f.transaction_id,
            order_id: f.order_id,
            status: f.status,
            financial_status: f.financial_status.map(|s| OrderStatus::from_api(&s)),
            kind: f.kind,
            amount: f.amount.unwrap_or(0),
            net: f.net,
            currency: f.currency,
            debit_credit: f.debit_credit,
            payment_method: f.payment_method,
            description: f.description,
            created: f.created,
            completed: f.completed,
            site_id: f.site_id,
            raw,
        })
    }
}

/// One page of `GET /transactions`: `data` and the next page's cursor (`pager.cursor.after`).
#[cfg(feature = "client")]
#[derive(Debug)]
pub(crate) struct Page {
    /// Each transaction, or why it could not be read.
    pub(crate) items: Vec<Result<Transaction, BadItem>>,
    /// The cursor of the next page, if there is one.
    pub(crate) after: Option<String>,
}

/// A transaction of a page that could not be read.
#[cfg(feature = "client")]
#[derive(Debug, PartialEq)]
pub(crate) struct BadItem {
    /// Where it is and what is wrong, such as ``data[3]: missing field `currency` ``.
    pub(crate) reason: String,
    /// The item as sent, as JSON.
    pub(crate) text: String,
}

#[cfg(feature = "client")]
impl Page {
    /// Reads an answer's envelope; `None` if `data` is not a list.
    pub(crate) fn read(mut envelope: serde_json::Map<String, Value>) -> Option<Page> {
        let Some(Value::Array(data)) = envelope.remove("data") else {
            return None;
        };
        let after = envelope.get("pager").and_then(cursor_after);
        let items = data
            .into_iter()
            .enumerate()
            .map(
                |(index, value)| match serde_json::value::to_raw_value(&value) {
                    Ok(raw) => item((index, raw)),
                    Err(e) => Err(BadItem {
                        reason: format!("`data[{index}]`: {e}"),
                        text: value.to_string(),
                    }),
                },
            )
            .collect();
        Some(Page { items, after })
    }

    /// `data` and `pager` of a page read straight from the answer's bytes (see
    /// [`Items`]); the cursor is read as [`Page::read`] reads it.
    pub(crate) fn new(items: Items, pager: Option<&Value>) -> Page {
        Page {
            items: items.0,
            after: pager.and_then(cursor_after),
        }
    }
}

/// `pager.cursor.after`: a non-blank string or a number.
#[cfg(feature = "client")]
fn cursor_after(pager: &Value) -> Option<String> {
    match pager.get("cursor")?.get("after")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `index`th transaction of a page, or where and why it cannot be read (its text
/// written compactly, as a tree of it would be).
#[cfg(feature = "client")]
fn item((index, raw): (usize, Box<RawValue>)) -> Result<Transaction, BadItem> {
    Transaction::from_raw(raw).map_err(|(e, raw)| BadItem {
        reason: format!("`data[{index}]`: {e}"),
        text: raw_json(&raw).to_string(),
    })
}

/// `data` of a page, decoded in the same pass as the envelope: a JSON list whose items are each
/// read into a [`Transaction`] or kept as a [`BadItem`] (a list is never refused for one of
/// its items); anything but a list is refused.
#[cfg(feature = "client")]
pub(crate) struct Items(Vec<Result<Transaction, BadItem>>);

#[cfg(feature = "client")]
impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> serde::de::Visitor<'de> for List {
            type Value = Items;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of transactions")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Items, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1000));
                while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
                    items.push(item((items.len(), raw)));
                }
                Ok(Items(items))
            }
        }
        deserializer.deserialize_seq(List)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_whose_extra_text_gives_no_tree_are_equal_only_to_the_same_text() {
        let item = |x: &str| -> Transaction {
            serde_json::from_str(&format!(
                r#"{{"transaction_id": "1", "status": "completed", "amount": 1, "currency": "EUR", "x": {x}}}"#
            ))
            .unwrap()
        };
        let (a, b) = (item("1e400"), item("2e400"));
        assert_eq!(
            a.raw_json(),
            Value::Null,
            "serde_json makes no Value of 1e400"
        );
        assert_ne!(a, b, "different texts, neither a tree");
        assert_eq!(a, item("1e400"));
        // Spacing aside, texts that are trees compare as trees.
        let spaced: Transaction = serde_json::from_str(
            r#"{ "transaction_id" : "1", "status": "completed", "amount": 1, "currency": "EUR", "x": 1 }"#,
        )
        .unwrap();
        assert_eq!(spaced, item("1"));
    }

    fn example() -> serde_json::Map<String, Value> {
        serde_json::from_str(include_str!("../tests/fixtures/listTransactions.json")).unwrap()
    }

    #[test]
    #[cfg(feature = "client")]
    fn reads_the_docs_example_and_its_cursor() {
        let page = Page::read(example()).unwrap();
        assert_eq!(page.after.as_deref(), Some("string"));
        let items: Vec<Transaction> = page.items.into_iter().map(Result::unwrap).collect();
        assert_eq!(items.len(), 3);
        let t = &items[1];
        assert_eq!(t.transaction_id, "123456789");
        assert_eq!(t.order_id.as_deref(), Some("my-order-id-2"));
        assert_eq!(t.status, OrderStatus::Completed);
        assert_eq!(t.financial_status, Some(OrderStatus::Completed));
        assert_eq!(t.kind.as_deref(), Some("payment"));
        assert_eq!((t.amount, t.net), (1000, Some(940)));
        assert_eq!(t.currency, "EUR");
        assert_eq!(t.debit_credit.as_deref(), Some("C"));
        assert_eq!(t.gateway(), Some(Gateway::VISA));
        assert_eq!(t.created.as_deref(), Some("2022-01-20T13:36:00"));
        assert_eq!(t.completed.as_deref(), Some("2022-01-20T13:36:08"));
        assert_eq!(t.site_id.as_deref(), Some("12345"));
        assert_eq!(t.raw_json()["costs"][0]["amount"], 60);
        assert_eq!(items[0].completed, None);
        assert_eq!(items[0].status, OrderStatus::Expired);
    }

    #[test]
    fn raw_keeps_the_text_as_sent_and_equality_ignores_its_spacing() {
        let spaced = r#"{ "transaction_id": "7", "status": "completed",
            "amount": 100, "currency": "EUR", "var1": {"a": [1, 2]} }"#;
        let t: Transaction = serde_json::from_str(spaced).unwrap();
        assert_eq!(t.raw.get(), spaced);
        assert_eq!(t.raw_json()["var1"]["a"][1], 2);
        let compact: Transaction = serde_json::from_str(&t.raw_json().to_string()).unwrap();
        assert_ne!(compact.raw.get(), t.raw.get());
        assert_eq!(compact, t);
        let mut other = t.raw_json();
        other["var1"]["a"][1] = json!(3);
        let other: Transaction = serde_json::from_value(other).unwrap();
        assert_ne!(other, t);
    }

    #[test]
    #[cfg(feature = "client")]
    fn a_bad_item_is_reported_alone_and_a_last_page_has_no_cursor() {
        let mut envelope = example();
        envelope["data"][0] = json!({"transaction_id": 1});
        envelope["data"][1]["net"] = json!("-250");
        envelope["pager"]["cursor"]["after"] = Value::Null;
        let page = Page::read(envelope).unwrap();
        assert!(page.items[0].is_err());
        assert_eq!(page.items[1].as_ref().unwrap().net, Some(-250));
        assert!(page.items[2].is_ok());
        assert_eq!(page.after, None);
        let mut not_a_list = example();
        not_a_list["data"] = json!({});
        assert!(Page::read(not_a_list).is_none());
    }

    #[test]
    #[cfg(feature = "client")]
    fn the_query_uses_the_documented_names() {
        let pairs: Vec<String> = TransactionQuery::default()
            .created_from("2026-01-01")
            .completed_until("1609502400")
            .status(OrderStatus::PartialRefunded)
            .financial_status(OrderStatus::Completed)
            .payment_method(Gateway::IDEAL)
            .payment_method(Gateway::VISA)
            .currency(Currency::EUR)
            .kind("refund")
            .limit(5000)
            .after("ignored here")
            .pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "created_from=2026-01-01",
                "completed_until=1609502400",
                "type=refund",
                "status=partial_refunded",
                "financial_status=completed",
                "payment_method=IDEAL",
                "payment_method=VISA",
                "currency=EUR",
                "limit=1000",
            ]
        );
    }
}
