//! Reading MultiSafepay's answers: the `success` flag decides, not the HTTP status; `data` is
//! read leniently; an outage page is "unavailable", not a decode error.
//!
//! A successful answer is read once, straight from its bytes into the typed answer
//! ([`read_typed`]), or, where the caller wants `data` as it is, into the envelope with `data`
//! kept as its raw JSON text ([`interpret`]). Every other answer (an error, no `success` flag,
//! not JSON) takes the slower, fully lenient path through `serde_json::Value`.

use crate::model::lenient;
use crate::Error;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The most of a body the client reads; a longer answer is refused as [`Error::Decode`].
pub const MAX_BODY: usize = 1 << 20;

/// What `POST /orders` returns for a redirect order: where to send the customer.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[non_exhaustive]
pub struct CreatedOrder {
    /// The order's id, as the merchant gave it.
    #[serde(deserialize_with = "lenient::required_string")]
    pub order_id: String,
    /// The payment page: redirect the customer here.
    pub payment_url: String,
    /// The payment session's token, when MultiSafepay returns one.
    #[serde(default, deserialize_with = "lenient::string")]
    pub session_id: Option<String>,
}

impl CreatedOrder {
    pub(crate) fn new(order_id: String, payment_url: String) -> Self {
        CreatedOrder {
            order_id,
            payment_url,
            session_id: None,
        }
    }
}

/// `data` of an answer, as its JSON text, to be decoded by [`decode_data`].
pub(crate) type Data = Box<RawValue>;

/// The envelope of a successful answer: what the fast path needs, the other keys skipped.
#[derive(Deserialize)]
struct Success<D, P> {
    #[serde(default, deserialize_with = "lenient::bool")]
    success: Option<bool>,
    // A missing `Option` is `None` (no `default`, which would bound `D` and `P` by `Default`).
    data: Option<D>,
    pager: Option<P>,
}

/// `data` and `pager` of a plain success (a JSON object whose `success` is `true`, with `data`),
/// read in one pass straight from `body` into `D` and `P`; `None` for every other answer, or
/// one that `D` or `P` refuses: read those with [`interpret_answer`], which decides.
pub(crate) fn plain_success<'a, D, P>(body: &'a [u8]) -> Option<(D, Option<P>)>
where
    D: Deserialize<'a>,
    P: Deserialize<'a>,
{
    // `success: true` wins over everything else, as in `interpret_answer`. Only an object:
    // serde would read a struct from an array too.
    if body.iter().find(|b| !b" \t\r\n".contains(b)) != Some(&b'{') {
        return None;
    }
    match serde_json::from_slice(body) {
        Ok(Success {
            success: Some(true),
            data: Some(data),
            pager,
        }) => Some((data, pager)),
        _ => None,
    }
}

/// Turns an answer into `data` or the error it reports.
pub(crate) fn interpret(status: u16, body: &[u8]) -> Result<Data, Error> {
    if let Some((data, _)) = plain_success::<&RawValue, serde::de::IgnoredAny>(body) {
        return Ok(data.to_owned());
    }
    let data = interpret_value(status, body)?;
    // Cannot fail: a `Value` always prints as JSON.
    serde_json::value::to_raw_value(&data)
        .map_err(|e| decode_error(status, format!("unexpected `data` ({e})"), body))
}

/// [`interpret`] and [`decode_data`] in one: a plain success is read in one pass straight into
/// `T`; every other answer, and one whose `data` `T` refuses, by the two steps, which decide
/// (and name what is missing).
pub(crate) fn read_typed<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    read_typed_apart(status, body).and_then(|data| data)
}

/// [`read_typed`] with its two kinds of failure apart: the outer error is the answer's
/// ([`interpret`]'s: a refusal, an outage, a body that is not an envelope), which a read may
/// retry when it is transient; the inner one is a `data` that `T` refuses, which asking again
/// does not change.
pub(crate) fn read_typed_apart<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<Result<T, Error>, Error> {
    if let Some((data, _)) = plain_success::<T, serde::de::IgnoredAny>(body) {
        return Ok(Ok(data));
    }
    let data = interpret(status, body)?;
    Ok(decode_data(status, &data))
}

/// [`interpret`] through a `serde_json::Value`: every answer that is not a plain success.
fn interpret_value(status: u16, body: &[u8]) -> Result<Value, Error> {
    interpret_answer(status, body).map(data_of)
}

/// `data` of a successful answer's envelope (`null` when absent).
pub(crate) fn data_of(mut envelope: serde_json::Map<String, Value>) -> Value {
    envelope.remove("data").unwrap_or(Value::Null)
}

/// Turns an answer into its whole envelope (`data` and what comes beside it, such as the
/// `pager` of `paths/listtransactions.yaml`) or the error it reports.
pub(crate) fn interpret_answer(
    status: u16,
    body: &[u8],
) -> Result<serde_json::Map<String, Value>, Error> {
    let json: Value = match serde_json::from_slice(body) {
        Ok(json) => json,
        Err(e) => {
            return Err(if looks_like_html(body) || status >= 500 {
                Error::Unavailable { status }
            } else {
                decode_error(status, format!("not JSON ({e})"), body)
            })
        }
    };
    let Value::Object(envelope) = json else {
        return Err(decode_error(status, "not a JSON object".into(), body));
    };
    let data = envelope.get("data").unwrap_or(&Value::Null);
    match envelope.get("success").and_then(lenient::bool_value) {
        Some(true) => Ok(envelope),
        Some(false) => Err(api_error(status, &envelope, data)),
        None if has_error(&envelope, data) => Err(api_error(status, &envelope, data)),
        // `GET /transactions` refuses a bad key with `{"message": "Forbidden"}` and HTTP 403
        // (`paths/listtransactions.yaml`): a refusal, not an unreadable answer.
        None if (400..500).contains(&status) && envelope.contains_key("message") => {
            Err(api_error(status, &envelope, data))
        }
        None if status >= 500 => Err(Error::Unavailable { status }),
        None if (200..300).contains(&status) && !is_empty(data) => Ok(envelope),
        None => Err(decode_error(status, "no `success` flag".into(), body)),
    }
}

/// Decodes `data` into `T`, or an [`Error::Decode`] naming what was missing.
pub(crate) fn decode_data<T: serde::de::DeserializeOwned>(
    status: u16,
    data: &RawValue,
) -> Result<T, Error> {
    serde_json::from_str(data.get()).map_err(|e| {
        decode_error(
            status,
            format!("unexpected `data` ({e})"),
            data.get().as_bytes(),
        )
    })
}

fn is_empty(data: &Value) -> bool {
    match data {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(list) => list.is_empty(),
        _ => false,
    }
}

fn has_error(envelope: &serde_json::Map<String, Value>, data: &Value) -> bool {
    envelope.contains_key("error_code") || data.get("error_code").is_some()
}

/// The error fields, at the top level or (as some API versions send them) inside `data`.
fn api_error(status: u16, envelope: &serde_json::Map<String, Value>, data: &Value) -> Error {
    let field = |name: &str| {
        envelope
            .get(name)
            .or_else(|| data.get(name))
            .filter(|v| !v.is_null())
    };
    let error_code = field("error_code").and_then(|code| match code {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    let error_info = field("error_info")
        .or_else(|| field("message"))
        .map(|info| match info {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "no error description".into());
    Error::Api {
        status,
        error_code,
        error_info: truncate(&error_info, 500),
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 15)];
    head.first() == Some(&b'<') && !head.starts_with(b"<?xml")
}

pub(crate) fn decode_error(status: u16, reason: String, body: &[u8]) -> Error {
    Error::Decode {
        status,
        reason,
        snippet: truncate(&String::from_utf8_lossy(body), 120),
    }
}

/// At most `max_chars` characters of `text`, control characters blanked.
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn success_flag_decides_not_the_status() {
        let body = br#"{"success": false, "data": {}, "error_code": 1006, "error_info": "Invalid transaction ID"}"#;
        match interpret(200, body) {
            Err(Error::Api {
                status: 200,
                error_code: Some(1006),
                error_info,
            }) => {
                assert_eq!(error_info, "Invalid transaction ID")
            }
            other => panic!("{other:?}"),
        }
        let ok = br#"{"success": true, "data": {"order_id": 12, "payment_url": "https://pay"}}"#;
        let created: CreatedOrder = decode_data(404, &interpret(404, ok).unwrap()).unwrap();
        assert_eq!(created.payment_url, "https://pay");
    }

    #[test]
    fn error_data_may_be_an_array_and_fields_may_be_nested() {
        let body = br#"{"success": false, "data": [], "error_code": "1019", "error_info": "Site inactive"}"#;
        assert_eq!(interpret(404, body).unwrap_err().error_code(), Some(1019));
        let nested =
            br#"{"success": false, "data": {"error_code": 1032, "error_info": "Invalid API key"}}"#;
        assert_eq!(interpret(401, nested).unwrap_err().error_code(), Some(1032));
        let validation = br#"{"success": false, "message": "Bad input", "errors": []}"#;
        match interpret(422, validation).unwrap_err() {
            Error::Api {
                error_code: None,
                error_info,
                ..
            } => assert_eq!(error_info, "Bad input"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn outage_page_is_unavailable_and_garbage_is_decode() {
        let html = b"<!DOCTYPE html><html><body>503 Service Temporarily Unavailable</body></html>";
        assert!(matches!(
            interpret(503, html),
            Err(Error::Unavailable { status: 503 })
        ));
        assert!(matches!(
            interpret(200, html),
            Err(Error::Unavailable { status: 200 })
        ));
        assert!(matches!(
            interpret(502, b""),
            Err(Error::Unavailable { status: 502 })
        ));
        match interpret(200, b"hello, not json") {
            Err(Error::Decode {
                status: 200,
                snippet,
                ..
            }) => assert_eq!(snippet, "hello, not json"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            interpret(200, b"[1,2]"),
            Err(Error::Decode { .. })
        ));
    }

    /// A plain success is read in one pass into what the two steps give; a `data` the type
    /// refuses gets the two steps' error, which names what is missing.
    #[test]
    fn one_pass_reading_matches_the_two_steps() {
        fn both<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(body: &[u8]) {
            let two_steps = interpret(200, body).and_then(|data| decode_data::<T>(200, &data));
            match (read_typed::<T>(200, body), two_steps) {
                (Ok(one), Ok(two)) => assert_eq!(one, two),
                (Err(one), Err(two)) => assert_eq!(one.to_string(), two.to_string()),
                (one, two) => panic!("{one:?} / {two:?}"),
            }
        }
        let created = br#"{"success": true, "data": {"order_id": 12, "payment_url": "https://pay", "session_id": "s"}}"#;
        both::<CreatedOrder>(created);
        let read: CreatedOrder = read_typed(200, created).unwrap();
        assert_eq!(
            (read.order_id.as_str(), read.session_id.as_deref()),
            ("12", Some("s"))
        );
        let order = include_bytes!("../../tests/fixtures/get_order_example.json");
        both::<crate::OrderDetails>(order);
        let details: crate::OrderDetails = read_typed(200, order).unwrap();
        assert_eq!(
            details.raw_json()["amount"],
            1000,
            "the raw text of `data` is kept"
        );
        let missing = br#"{"success": true, "data": {"order_id": "x"}}"#;
        both::<CreatedOrder>(missing);
        let err = read_typed::<CreatedOrder>(200, missing).unwrap_err();
        assert!(err.to_string().contains("payment_url"), "{err}");
        let refused =
            br#"{"success": false, "error_code": 1006, "error_info": "Invalid transaction ID"}"#;
        both::<CreatedOrder>(refused);
        assert!(matches!(
            read_typed::<CreatedOrder>(200, refused),
            Err(Error::Api {
                error_code: Some(1006),
                ..
            })
        ));
    }

    fn raw(value: Value) -> Data {
        serde_json::value::to_raw_value(&value).unwrap()
    }

    #[test]
    fn created_order_reads_numbers_and_strings() {
        let data = raw(json!({"order_id": 123, "payment_url": "https://pay", "session_id": null}));
        let created: CreatedOrder = decode_data(200, &data).unwrap();
        assert_eq!(created.order_id, "123");
        let missing = decode_data::<CreatedOrder>(200, &raw(json!({"order_id": "x"})));
        assert!(matches!(missing, Err(Error::Decode { .. })));
    }

    /// The fast path and the `Value` path agree on every answer they both read.
    #[test]
    fn fast_and_slow_paths_agree() {
        let bodies: &[&[u8]] = &[
            br#"{"success": true, "data": {"order_id": "a", "payment_url": "https://p"}}"#,
            br#"{"data": {"order_id": 7, "payment_url": "https://p"}, "success": "TRUE"}"#,
            br#"{"success": 1, "data": {"order_id": "a", "payment_url": "https://p"}, "error_code": 1006}"#,
            br#"{"success": true}"#,
            br#"{"success": true, "data": null}"#,
            br#"{"success": true, "data": [1, {"x": "\u00e9"}]}"#,
            br#"{"success": true, "success": false, "data": {}}"#,
            br#"{"success": "yes", "data": {"order_id": "a", "payment_url": "https://p"}}"#,
            br#"{"success": true, "data": {"order_id": "a", "payment_url": "https://p"}"#,
            br#"[true, {"order_id": "a", "payment_url": "https://p"}]"#,
            b" \n{\"success\": true, \"data\": 5}",
        ];
        for body in bodies {
            let fast = interpret(200, body).map(|d| d.get().to_owned());
            let slow = interpret_value(200, body).map(|v| raw(v).get().to_owned());
            match (&fast, &slow) {
                (Ok(fast), Ok(slow)) => {
                    let fast: Value = serde_json::from_str(fast).unwrap();
                    let slow: Value = serde_json::from_str(slow).unwrap();
                    assert_eq!(fast, slow, "{}", String::from_utf8_lossy(body));
                }
                (Err(fast), Err(slow)) => assert_eq!(fast.to_string(), slow.to_string()),
                _ => panic!("{}: {fast:?} vs {slow:?}", String::from_utf8_lossy(body)),
            }
        }
    }

    #[test]
    fn order_details_keep_unknown_statuses() {
        let data = json!({"order_id": "a", "status": "brand_new", "transaction_id": 42, "amount": "1000", "currency": "EUR", "customer": {}});
        let details: crate::OrderDetails = decode_data(200, &raw(data.clone())).unwrap();
        assert_eq!(
            details.status,
            crate::OrderStatus::Other("brand_new".into())
        );
        assert_eq!(details.transaction_id.as_deref(), Some("42"));
        assert_eq!(details.amount, 1000);
        assert_eq!(details.raw_json(), data);
        let missing = decode_data::<crate::OrderDetails>(200, &raw(json!({"order_id": "a"})));
        assert!(matches!(missing, Err(Error::Decode { status: 200, .. })));
    }
}
