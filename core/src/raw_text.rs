//! The JSON text an answer's item is kept as (`OrderDetails::raw`, `Transaction::raw`): read
//! as a tree on demand, compared as a value, and the errors of reading it.

use serde::de::Error as _;
use serde_json::value::RawValue;
use serde_json::Value;

/// `raw` as a tree. The text a [`RawValue`] holds is JSON, but serde_json reads a number beyond
/// an `f64` (`1e400`) into no `Value`: such a text gives `Null`.
pub(crate) fn raw_json(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// `e` without its place in the text (`at line 1 column 8`): the text read is one item or
/// `data`, not the answer, so the place would mislead; what is wrong is named by field.
pub(crate) fn without_place(e: serde_json::Error) -> serde_json::Error {
    let message = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&place) {
        Some(message) if e.line() > 0 => serde_json::Error::custom(message),
        _ => e,
    }
}

/// Whether two JSON texts are the same value: the same text, or equal trees. A text that gives
/// no tree (see [`raw_json`]) equals only the same text.
pub(crate) fn same_json(a: &RawValue, b: &RawValue) -> bool {
    if a.get() == b.get() {
        return true;
    }
    match (
        serde_json::from_str::<Value>(a.get()),
        serde_json::from_str::<Value>(b.get()),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
