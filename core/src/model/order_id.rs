use std::fmt;

/// The merchant's id of an order: the API takes an integer or a string.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum OrderId {
    /// A numeric id, sent as a JSON number.
    Number(u64),
    /// Any other id, sent as a JSON string.
    Text(String),
}

impl OrderId {
    /// The id as text: a text id copied as it is, without `to_string`'s formatting machinery.
    #[cfg(feature = "client")]
    pub(crate) fn to_text(&self) -> String {
        match self {
            OrderId::Text(text) => text.clone(),
            OrderId::Number(n) => n.to_string(),
        }
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderId::Number(n) => n.fmt(f),
            OrderId::Text(s) => f.write_str(s),
        }
    }
}

impl From<String> for OrderId {
    fn from(id: String) -> Self {
        OrderId::Text(id)
    }
}

impl From<&str> for OrderId {
    fn from(id: &str) -> Self {
        OrderId::Text(id.to_owned())
    }
}

impl From<std::borrow::Cow<'_, str>> for OrderId {
    fn from(id: std::borrow::Cow<'_, str>) -> Self {
        OrderId::Text(id.into_owned())
    }
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for OrderId {
            fn from(id: $t) -> Self {
                OrderId::Number(id.into())
            }
        }
    )*};
}
from_unsigned!(u8, u16, u32, u64);

impl From<usize> for OrderId {
    fn from(id: usize) -> Self {
        OrderId::Number(id as u64)
    }
}

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for OrderId {
            /// Non-negative ids are numbers; a negative one is kept as text (the API wants
            /// unsigned numbers), so nothing is lost.
            fn from(id: $t) -> Self {
                u64::try_from(id).map_or_else(|_| OrderId::Text(id.to_string()), OrderId::Number)
            }
        }
    )*};
}
from_signed!(i8, i16, i32, i64, isize);
