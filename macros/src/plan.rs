//! What the check phase decides about a struct: the [`Plan`] that `expand` writes as code, or a
//! [`Refused`] struct whose findings are reported.

use msp_core::{Currency, Field, Flow, Gateway};

/// What the struct becomes: the input, judged sound.
#[derive(Debug)]
pub struct Plan {
    /// The payment method.
    pub gateway: Gateway,
    /// The flow (the API's `type`).
    pub flow: Flow,
    /// Values fixed in the container attribute, checked here and not again at run time.
    pub fixed: Vec<(Field, Fixed)>,
    /// API fields supplied by struct fields.
    pub supplied: Vec<Supplied>,
    /// What the struct is warned about (the fraud check, a deprecated gateway, a GET
    /// notification), none of it refused by the API.
    pub warnings: Vec<String>,
}

/// A fixed value, already checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Fixed {
    /// Text (a URL, the description, the locale).
    Str(String),
    /// `close_window`.
    Bool(bool),
    /// The currency.
    Currency(Currency),
}

/// A struct field that supplies an API field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Supplied {
    /// Its position among the struct's fields.
    pub index: usize,
    /// The API field.
    pub field: Field,
    /// Whether the gateway and flow require the API field (then the struct field is no `Option`).
    pub required: bool,
}

/// A refused struct: every finding, and the struct fields whose API field is known, so that the
/// fallback can still have rustc check their types (a wrong type is a mistake of its own).
#[derive(Debug)]
pub struct Refused {
    /// The findings of the parser and the checker, combined.
    pub error: syn::Error,
    /// The fields that supply an API field without a finding of their own.
    pub supplied: Vec<Supplied>,
}
