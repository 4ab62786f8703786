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
            let mut names = HashMap::with_capacity(2 * Field::all().len());
            // Leaves first, so that a path wins over a leaf of the same name, as in the table's
            // own lookup.
            for &field in Field::all() {
                names.entry(field.leaf()).or_insert(field);
            }
            for &field in Field::all() {
                names.insert(field.path(), field);
            }
            names
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
