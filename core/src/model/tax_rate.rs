use super::decimal::{self, Decimal};
use serde::de::{Deserializer, Error};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A VAT rate: `TaxRate::percent(21)`, `TaxRate::basis_points(550)` for 5.5 %, or as fine as
/// a millionth (`TaxRate::parts_per_million(83_750)` for the 8.375 % of a US sales tax).
///
/// Exact: the cart's arithmetic multiplies by `1 + rate` in integers. In JSON it is the fraction
/// MultiSafepay's tax tables hold (`0.21`, `0.055`; `components/schemas/CheckoutOptions.yaml`).
///
/// ```
/// # use msp_core as msp;
/// assert_eq!(msp::TaxRate::percent(21).to_string(), "21%");
/// assert_eq!(msp::TaxRate::basis_points(550).to_string(), "5.5%");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Default)]
pub struct TaxRate {
    /// Millionths: 210 000 is 21 %.
    ppm: u32,
}

impl TaxRate {
    /// No tax.
    pub const ZERO: TaxRate = TaxRate { ppm: 0 };

    /// A whole percentage: `percent(21)` is 21 %.
    pub const fn percent(percent: u16) -> TaxRate {
        TaxRate {
            ppm: percent as u32 * 10_000,
        }
    }

    /// A rate in basis points, hundredths of a percent: `basis_points(550)` is 5.5 %.
    /// Saturates at `u32::MAX` millionths (beyond any tax).
    pub const fn basis_points(basis_points: u32) -> TaxRate {
        TaxRate {
            ppm: basis_points.saturating_mul(100),
        }
    }

    /// A rate in millionths: `parts_per_million(83_750)` is 8.375 %.
    pub const fn parts_per_million(ppm: u32) -> TaxRate {
        TaxRate { ppm }
    }

    /// The rate in millionths (210 000 for 21 %).
    pub const fn as_parts_per_million(self) -> u32 {
        self.ppm
    }

    /// The rate as the fraction MultiSafepay's tax tables hold (`0.21`).
    pub(crate) fn fraction(self) -> Decimal {
        Decimal {
            mantissa: i128::from(self.ppm),
            scale: 6,
        }
        .trimmed()
    }

    /// The rate of a fraction such as `0.21`; `None` when negative or finer than a millionth.
    pub(crate) fn from_fraction(fraction: Decimal) -> Option<TaxRate> {
        let scale = fraction.scale;
        let ppm = if scale <= 6 {
            fraction.mantissa.checked_mul(10i128.pow(6 - scale))?
        } else {
            let divisor = 10i128.checked_pow(scale - 6)?;
            (fraction.mantissa % divisor == 0).then_some(fraction.mantissa / divisor)?
        };
        u32::try_from(ppm).ok().map(TaxRate::parts_per_million)
    }
}

impl fmt::Display for TaxRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = Decimal {
            mantissa: i128::from(self.ppm),
            scale: 4,
        };
        write!(f, "{percent}%")
    }
}

impl Serialize for TaxRate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fraction().to_json().serialize(s)
    }
}

/// A fraction of at least 0 (`0.21`, `"0.21"`), at most as fine as a basis point.
impl<'de> Deserialize<'de> for TaxRate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let fraction = decimal::lenient(d)?;
        TaxRate::from_fraction(fraction).ok_or_else(|| {
            D::Error::custom(format!(
                "tax rate `{fraction}` is not a fraction of at least 0 in whole millionths (0.055 is 5.5 %)"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_both_ways() {
        for (rate, fraction) in [
            (TaxRate::percent(21), "0.21"),
            (TaxRate::basis_points(550), "0.055"),
            (TaxRate::ZERO, "0"),
            (TaxRate::percent(100), "1"),
            (TaxRate::basis_points(825), "0.0825"),
            (TaxRate::parts_per_million(83_750), "0.08375"),
        ] {
            assert_eq!(serde_json::to_string(&rate).unwrap(), fraction);
            let read: TaxRate = serde_json::from_str(fraction).unwrap();
            assert_eq!(read, rate);
            let quoted: TaxRate = serde_json::from_str(&format!("\"{fraction}\"")).unwrap();
            assert_eq!(quoted, rate);
        }
        let same: TaxRate = serde_json::from_str("0.21000").unwrap();
        assert_eq!(same, TaxRate::percent(21));
        for bad in ["-0.1", "0.0000001", "\"x\"", "null"] {
            assert!(serde_json::from_str::<TaxRate>(bad).is_err(), "{bad}");
        }
    }
}
