//! The payment flow, which the API calls the order's `type`.

use std::fmt;
use std::str::FromStr;

/// How the customer pays: the API's `type` field.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[non_exhaustive]
pub enum Flow {
    /// The customer is sent to MultiSafepay's payment page (`payment_url`).
    #[default]
    Redirect,
    /// The payment is started from the merchant's own page (no payment page).
    Direct,
    /// A payment link to send to the customer.
    PaymentLink,
}

impl Flow {
    /// Every flow.
    pub const fn all() -> &'static [Flow] {
        &[Flow::Redirect, Flow::Direct, Flow::PaymentLink]
    }

    /// The API's spelling: `"redirect"`, `"direct"` or `"paymentlink"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Flow::Redirect => "redirect",
            Flow::Direct => "direct",
            Flow::PaymentLink => "paymentlink",
        }
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not a flow; `Display` suggests the closest one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFlowError {
    input: String,
}

impl fmt::Display for ParseFlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "flow `{}` does not exist", self.input)?;
        match crate::suggest::closest(&self.input, Flow::all().iter().map(|f| f.as_str())) {
            Some(s) => write!(f, "; did you mean `{s}`?"),
            None => f.write_str("; the flows are `redirect`, `direct` and `paymentlink`"),
        }
    }
}

impl std::error::Error for ParseFlowError {}

impl FromStr for Flow {
    type Err = ParseFlowError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Flow::all()
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ParseFlowError {
                input: s.chars().take(64).collect(),
            })
    }
}
