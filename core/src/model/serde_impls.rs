//! The API's string forms of the typed values.

use crate::{Currency, Flow, Gateway};
use serde::de::{Deserializer, Error as _};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

macro_rules! as_api_string {
    ($($ty:ty => $to_str:ident),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.$to_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(D::Error::custom)
            }
        }
    )*};
}

as_api_string!(Currency => code, Flow => as_str, Gateway => code);

impl Serialize for super::Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.minor_units())
    }
}

impl Serialize for super::OrderId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            super::OrderId::Number(n) => serializer.serialize_u64(*n),
            super::OrderId::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for super::OrderId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match super::lenient::StringOrNumber::deserialize(deserializer)? {
            super::lenient::StringOrNumber::Number(n) => Ok(super::OrderId::Number(n)),
            super::lenient::StringOrNumber::Text(s) => Ok(super::OrderId::Text(s)),
        }
    }
}
