//! An exact decimal number as JSON writes it (`74.38016529`, `0.055`, `1e-7`): the unit prices
//! and tax rates of a shopping cart. Money is never a float: read from the number's text, written
//! as text, with integer arithmetic in between.

use serde::de::{Deserializer, Error};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// `mantissa × 10^-scale`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Decimal {
    pub(crate) mantissa: i128,
    pub(crate) scale: u32,
}

/// More decimals than any price or rate needs (and than `i128` arithmetic affords).
const MAX_SCALE: u32 = 30;

/// The largest exponent (`1e40`, `1e-40`) worth reading: `i128` holds 38 digits.
const MAX_EXPONENT: u32 = 40;

impl Decimal {
    /// Reads a decimal number written as JSON writes numbers: an optional `-`, digits, an
    /// optional fraction and an optional exponent. `None` for anything else, or for more digits
    /// than the arithmetic holds.
    pub(crate) fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim();
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (number, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i32>().ok()?),
            None => (rest, 0),
        };
        // Beyond this no price or rate fits the arithmetic anyway; refusing it first keeps the
        // scaling below linear in the text (`0e-2147483648` would otherwise loop 2^31 times).
        if exponent.unsigned_abs() > MAX_EXPONENT {
            return None;
        }
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in whole.bytes().chain(fraction.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(b - b'0'))?;
        }
        let mut scale = i64::try_from(fraction.len()).ok()? - i64::from(exponent);
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        let decimal = Decimal {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: u32::try_from(scale).ok()?,
        }
        .trimmed();
        if decimal.scale > MAX_SCALE {
            return None;
        }
        Some(decimal)
    }

    /// Without trailing zeros in the fraction (`1.50` is `1.5`).
    pub(crate) fn trimmed(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The number as a JSON number, written exactly.
    pub(crate) fn to_json(self) -> Box<serde_json::value::RawValue> {
        serde_json::value::RawValue::from_string(self.to_string())
            .unwrap_or_else(|_| unreachable_number())
    }
}

/// A decimal's text is always a valid JSON number; this is never reached.
#[cold]
fn unreachable_number() -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::from_string("0".to_owned()).unwrap_or_default()
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            f.write_str(whole)
        } else {
            write!(f, "{whole}.{fraction}")
        }
    }
}

/// A JSON number or a string holding one (as MultiSafepay's examples and SDKs send prices).
pub(crate) fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let value = Value::deserialize(d)?;
    let parsed = match &value {
        Value::Number(n) => Decimal::parse(&n.to_string()),
        Value::String(s) => Decimal::parse(s),
        _ => None,
    };
    parsed.ok_or_else(|| D::Error::custom(format!("`{value}` is not a decimal number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_json_numbers_exactly() {
        for (text, written) in [
            ("90", "90"),
            ("90.00", "90"),
            ("-8.26", "-8.26"),
            ("0.055", "0.055"),
            ("1e-7", "0.0000001"),
            ("1.5E2", "150"),
            ("74.380165289256198347", "74.380165289256198347"),
            (".5", "0.5"),
            ("0", "0"),
            ("-0.0", "0"),
        ] {
            let decimal = Decimal::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(decimal.to_string(), written, "{text}");
            assert_eq!(decimal.to_json().get(), written, "{text}");
        }
        for bad in [
            "",
            "-",
            ".",
            "ten",
            "1.2.3",
            "1e",
            "0x10",
            "1 000",
            // Exponents no price or rate can have: refused at once, not scaled 2^31 times.
            "0e-2147483648",
            "0e2147483647",
            "1e41",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
        assert_eq!(Decimal::parse(&"9".repeat(50)), None);
    }
}
