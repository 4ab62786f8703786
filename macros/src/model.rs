//! The derive's input as plain data: what the merchant wrote, read but not yet judged. The check
//! phase works on this model only, so that its rules are plain functions with unit tests.

use proc_macro2::Span;

/// Where something is in the merchant's source: the first and last token (one for a single token),
/// so that an error underlines all of `customer.locale` or `Option<String>`.
#[derive(Clone, Copy, Debug)]
pub struct Loc {
    /// The first token.
    pub start: Span,
    /// The last token.
    pub end: Span,
}

impl Loc {
    /// A single token.
    pub fn at(span: Span) -> Self {
        Loc {
            start: span,
            end: span,
        }
    }
}

impl Default for Loc {
    fn default() -> Self {
        Loc::at(Span::call_site())
    }
}

/// The struct: its container attribute(s) and its fields.
#[derive(Debug, Default)]
pub struct Input {
    /// The struct's name: missing things are reported there.
    pub name: Loc,
    /// Whether the struct carries a `#[msp_order(...)]` attribute at all.
    pub has_attr: bool,
    /// Whether some attribute could not be read (its syntax error is reported by the parser):
    /// then nothing is reported as missing, since it may be in the unreadable part.
    pub incomplete: bool,
    /// The container attribute's `key = value` entries, in source order.
    pub entries: Vec<Entry>,
    /// The names of `allow(...)`, in source order: the warnings the merchant silenced.
    pub allows: Vec<(String, Loc)>,
    /// The fields, in source order.
    pub fields: Vec<InputField>,
}

/// One `key = value` of the container attribute.
#[derive(Debug)]
pub struct Entry {
    /// The key as written: `gateway`, `redirect_url`, `customer.locale`.
    pub key: String,
    /// Where the key is.
    pub key_loc: Loc,
    /// The value.
    pub value: Value,
    /// Where the value is.
    pub value_loc: Loc,
}

/// A literal value of the container attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `"..."`.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// Any other literal (a number...), refused where a string or a bool is expected.
    Other,
}

/// One field of the struct.
#[derive(Debug)]
pub struct InputField {
    /// The field's name (raw identifiers unescaped: `r#type` is `type`); `None` in a tuple struct.
    pub name: Option<String>,
    /// Where the name is (the type, for a tuple field).
    pub name_loc: Loc,
    /// Its `#[msp_order(...)]` attribute, if any.
    pub attr: Option<FieldAttr>,
    /// Whether its type is written `Option<...>`.
    pub is_option: bool,
    /// Where its type is.
    pub ty_loc: Loc,
}

/// A field's `#[msp_order(...)]`.
#[derive(Debug)]
pub enum FieldAttr {
    /// `#[msp_order(amount)]`, `#[msp_order(customer.ip_address)]`: the API field it supplies.
    Supplies {
        /// The name or path as written.
        name: String,
        /// Where it is.
        loc: Loc,
    },
    /// `#[msp_order(skip)]`: the merchant's own field, even if its name is an API field's.
    Skip,
}
