//! ISO 4217 currencies.

use std::fmt;
use std::str::FromStr;

macro_rules! currency_table {
    ($($code:ident = ($numeric:literal, $exponent:literal, $name:literal),)*) => {
        /// An ISO 4217 currency: `Currency::EUR`, or `"EUR".parse()`; `Display` gives the code.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[allow(clippy::upper_case_acronyms)]
        #[non_exhaustive]
        pub enum Currency {
            $(#[doc = $name] $code,)*
        }

        impl Currency {
            /// Every currency of the table, sorted by code.
            pub const fn all() -> &'static [Currency] {
                &[$(Currency::$code,)*]
            }

            /// The three-letter code, such as `"EUR"`.
            pub const fn code(self) -> &'static str {
                match self { $(Currency::$code => stringify!($code),)* }
            }

            /// The ISO 4217 numeric code, such as `978` for EUR.
            pub const fn numeric(self) -> u16 {
                match self { $(Currency::$code => $numeric,)* }
            }

            /// Digits after the decimal point: an amount of `1000` is 10.00 EUR but 1000 JPY.
            pub const fn minor_units(self) -> u8 {
                match self { $(Currency::$code => $exponent,)* }
            }

            /// The currency's English name.
            pub const fn name(self) -> &'static str {
                match self { $(Currency::$code => $name,)* }
            }
        }
    };
}

include!("currency_table.rs");

impl Currency {
    /// Looks a code up exactly (upper case, as ISO writes it).
    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::all()
            .binary_search_by(|c| c.code().cmp(code))
            .ok()
            .map(|i| Currency::all()[i])
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string that is not an ISO 4217 code; `Display` suggests the closest code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCurrencyError {
    input: String,
}

impl ParseCurrencyError {
    /// The closest valid code, if the input looks like a typo of one (`"eur"` gives `EUR`).
    /// Worked out on demand: parsing untrusted input need not pay for suggestions.
    pub fn suggestion(&self) -> Option<Currency> {
        crate::suggest::closest(&self.input, Currency::all().iter().map(|c| c.code()))
            .and_then(Currency::from_code)
    }
}

impl fmt::Display for ParseCurrencyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an ISO 4217 currency code", self.input)?;
        match self.suggestion() {
            Some(c) => write!(f, "; did you mean `{c}`?"),
            None => f.write_str(" (three upper-case letters, such as `EUR`)"),
        }
    }
}

impl std::error::Error for ParseCurrencyError {}

impl FromStr for Currency {
    type Err = ParseCurrencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s).ok_or_else(|| ParseCurrencyError {
            input: s.chars().take(64).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_displays_them() {
        assert_eq!("EUR".parse::<Currency>(), Ok(Currency::EUR));
        assert_eq!(Currency::JPY.to_string(), "JPY");
        assert_eq!(Currency::JPY.minor_units(), 0);
        assert_eq!(Currency::EUR.numeric(), 978);
        assert!(
            Currency::all().len() > 170,
            "the whole ISO 4217 list is there"
        );
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(Currency::all()
            .windows(2)
            .all(|w| w[0].code() < w[1].code()));
        assert!(Currency::all()
            .iter()
            .all(|&c| Currency::from_code(c.code()) == Some(c)));
    }

    #[test]
    fn lower_case_is_refused_with_a_suggestion() {
        let err = "eur".parse::<Currency>().unwrap_err();
        assert_eq!(err.suggestion(), Some(Currency::EUR));
        assert_eq!(
            err.to_string(),
            "`eur` is not an ISO 4217 currency code; did you mean `EUR`?"
        );
        let err = "EURO".parse::<Currency>().unwrap_err();
        assert_eq!(err.suggestion(), Some(Currency::EUR));
        assert!("".parse::<Currency>().is_err());
        assert!("QQQQQQQQ"
            .parse::<Currency>()
            .unwrap_err()
            .suggestion()
            .is_none());
    }
}
