//! Lenient readers for what MultiSafepay's own documentation sends: amounts as strings
//! (`"1000"`), `close_window` as `""`, numbers where strings are expected, gateway codes in
//! any case or empty. The sandbox reads orders with these, as MultiSafepay does.

use super::{Amount, NotificationMethod};
use crate::Gateway;
use serde::de::{Deserializer, Error};
use serde::Deserialize;
use serde_json::Value;

/// A JSON string or non-negative integer.
///
/// Read by a visitor of its own rather than `#[serde(untagged)]`, which buffers the value and
/// builds (and drops) an error for every number on its way to the second variant.
pub(crate) enum StringOrNumber {
    Number(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for StringOrNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = StringOrNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a non-negative integer")
            }
            fn visit_u64<E: Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(StringOrNumber::Number(n))
            }
            fn visit_i64<E: Error>(self, n: i64) -> Result<Self::Value, E> {
                u64::try_from(n)
                    .map(StringOrNumber::Number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(StringOrNumber::Text(s.to_owned()))
            }
            fn visit_string<E: Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(StringOrNumber::Text(s))
            }
        }
        d.deserialize_any(Visitor)
    }
}

pub(crate) fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
    match StringOrNumber::deserialize(d)? {
        StringOrNumber::Number(n) => Ok(Amount::new(n)),
        StringOrNumber::Text(s) => s.trim().parse().map(Amount::new).map_err(|_| {
            D::Error::custom(format!("amount `{s}` is not a whole number of minor units"))
        }),
    }
}

pub(crate) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Option::<StringOrNumber>::deserialize(d)? {
        Some(StringOrNumber::Number(n)) => Some(n),
        Some(StringOrNumber::Text(s)) if s.trim().is_empty() => None,
        Some(StringOrNumber::Text(s)) => Some(
            s.trim()
                .parse()
                .map_err(|_| D::Error::custom(format!("`{s}` is not a number")))?,
        ),
        None => None,
    })
}

pub(crate) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(other) => return Err(D::Error::custom(format!("expected text, found {other}"))),
    })
}

/// [`string`] as the borrowing text of a request.
pub(crate) fn text<'de, 'a, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<std::borrow::Cow<'a, str>>, D::Error> {
    Ok(string(d)?.map(std::borrow::Cow::Owned))
}

/// `true`/`false`, `"true"`/`"false"`, `1`/`0`; `""` and `null` mean unset.
pub(crate) fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(other) => bool_value(&other)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("`{other}` is not true or false"))),
    }
}

/// A JSON value read as a flag, as MultiSafepay's documentation writes them: `true`, `"true"`,
/// `1`, `"1"` and their opposites, in any case. Anything else is not a flag.
pub fn bool_value(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// Any case (`iDEAL`); empty or absent means no gateway (the payment page lists every method).
pub(crate) fn gateway<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Gateway>, D::Error> {
    let Some(code) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    if code.trim().is_empty() {
        return Ok(None);
    }
    Gateway::from_code(&code.to_ascii_uppercase())
        .map(Some)
        .ok_or_else(|| D::Error::custom(code.parse::<Gateway>().unwrap_err()))
}

pub(crate) fn notification_method<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<NotificationMethod>, D::Error> {
    Ok(match Option::<String>::deserialize(d)? {
        Some(m) if m.eq_ignore_ascii_case("post") => Some(NotificationMethod::Post),
        Some(m) if m.eq_ignore_ascii_case("get") => Some(NotificationMethod::Get),
        Some(m) if m.trim().is_empty() => None,
        None => None,
        Some(m) => {
            return Err(D::Error::custom(format!(
                "notification_method `{m}` is neither POST nor GET"
            )))
        }
    })
}

pub(crate) fn required_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string(d)?.ok_or_else(|| D::Error::custom("expected text, found null"))
}

/// The order `type`: absent or `""` (as five of MultiSafepay's examples send it) is `redirect`,
/// the API's default.
pub(crate) fn flow<'de, D: Deserializer<'de>>(d: D) -> Result<crate::Flow, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(flow) if !flow.trim().is_empty() => flow.parse().map_err(D::Error::custom),
        _ => Ok(crate::Flow::default()),
    }
}

/// An optional amount: a number, a string holding one, or blank for none.
pub(crate) fn optional_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
    number(d).map(|n| n.map(Amount::new))
}

/// A flag MultiSafepay reads only when it is one (`validate_cart`: anything but a flag is not a
/// request to validate), so that a value it ignores does not refuse the order.
pub(crate) fn flag_or_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?
        .as_ref()
        .and_then(bool_value))
}

#[cfg(test)]
mod tests {
    use super::StringOrNumber;

    fn read(json: &str) -> Result<StringOrNumber, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn string_or_number_reads_both_and_refuses_the_rest() {
        assert!(matches!(read("1000"), Ok(StringOrNumber::Number(1000))));
        assert!(matches!(
            read(&u64::MAX.to_string()),
            Ok(StringOrNumber::Number(u64::MAX))
        ));
        assert!(matches!(read(r#""1000""#), Ok(StringOrNumber::Text(s)) if s == "1000"));
        assert!(matches!(read(r#""a\"b""#), Ok(StringOrNumber::Text(s)) if s == "a\"b"));
        for refused in ["-1", "10.5", "true", "null", "[]", "{}"] {
            let error = read(refused).err().map(|e| e.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.contains("a string or a non-negative integer")),
                "{refused}: {error:?}"
            );
        }
    }
}
