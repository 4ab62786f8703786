use std::fmt;

/// An amount in the currency's minor units (cents for EUR): `Amount::new(1000)` is 10.00 EUR.
///
/// Integer only: money is never a float.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Amount(u64);

impl Amount {
    /// An amount of `minor_units`.
    pub const fn new(minor_units: u64) -> Self {
        Amount(minor_units)
    }

    /// The amount in minor units.
    pub const fn minor_units(self) -> u64 {
        self.0
    }
}

impl From<u64> for Amount {
    fn from(minor_units: u64) -> Self {
        Amount(minor_units)
    }
}

impl From<u32> for Amount {
    fn from(minor_units: u32) -> Self {
        Amount(minor_units.into())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
