//! [`Field::lookup`] through a map made once per compiler process: the macro looks up every
//! field name and attribute key of every struct it derives, and the table's own lookup scans it
//! twice, splitting each path, for each name.

use msp_core::Field;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The API field named by a path (`customer.ip_address`) or a leaf name (`ip_address`), as
/// [`Field::lookup`] finds it.
pub fn lookup(name: &str) -> Option<Field> {
    static NAMES: OnceLock<HashMap<&'static str, Field>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            // Every name the table answers to (each field's path and leaf), mapped to what the
            // table's own lookup answers, so that the two agree by construction (a leaf shared
            // by `customer` and `delivery`, or one only a path supplies, is decided there).
            Field::all()
                .iter()
                .flat_map(|f| [f.path(), f.leaf()])
                .filter_map(|name| Field::lookup(name).map(|field| (name, field)))
                .collect()
        })
        .get(name)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_the_table_finds() {
        let names = Field::all()
            .iter()
            .flat_map(|f| [f.path(), f.leaf()])
            .chain(["", "nope", "customer.", "payment_options", "customer.nope"]);
        for name in names {
            assert_eq!(lookup(name), Field::lookup(name), "{name}");
        }
    }
}
