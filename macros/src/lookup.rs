//! [`Field::lookup`] through a map made once per compiler process: the macro looks up every
//! field name and attribute key of every struct it derives, and the table's own lookup scans it
//! twice, splitting each path, for each name.

use msp_core::Field;
use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A map of names with FNV-1a as its hash: the macro is built unoptimised (cargo's default for
/// proc macros), where the standard SipHash costs several thousand instructions a name, and
/// these maps hold the crate's own fixed names (no untrusted keys to defend against).
type Names<V> = StdHashMap<&'static str, V, BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The API field named by a path (`customer.ip_address`) or a leaf name (`ip_address`), as
/// [`Field::lookup`] finds it.
pub fn lookup(name: &str) -> Option<Field> {
    static NAMES: OnceLock<Names<Field>> = OnceLock::new();
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

/// What a name that [`lookup`] does not know designates, from maps made once per compiler
/// process (a struct's own fields, such as `internal_note`, are such names, so they are asked
/// about on every build).
pub struct Unknown;

impl Unknown {
    /// [`unsupported_field`](msp_core::catalogue::unsupported_field) of a name [`lookup`] does
    /// not know: the order-schema field without a row in the field table that `name` designates,
    /// by its path first, then by its leaf.
    pub fn unsupported(name: &str) -> Option<&'static str> {
        static NAMES: OnceLock<Names<&'static str>> = OnceLock::new();
        let names = NAMES.get_or_init(|| {
            // Every name that can designate one (each path and its leaf), mapped to what the
            // catalogue's own lookup answers, so that the two agree by construction.
            msp_core::catalogue::UNSUPPORTED_ORDER_FIELDS
                .iter()
                .flat_map(|&path| [path, leaf(path)])
                .filter_map(|name| {
                    msp_core::catalogue::unsupported_field(name).map(|path| (name, path))
                })
                .collect()
        });
        names.get(name).copied()
    }

    /// The path of the field of `delivery` or `gateway_info` whose leaf is `name`, when no field
    /// takes that leaf name (`issuer_id`): such a struct field would otherwise be left out.
    pub fn by_path_only(name: &str) -> Option<&'static str> {
        static NAMES: OnceLock<Names<&'static str>> = OnceLock::new();
        let names = NAMES.get_or_init(|| {
            let mut names = Names::default();
            for field in Field::all().iter().filter(|f| !f.by_leaf()) {
                names.entry(field.leaf()).or_insert(field.path());
            }
            names
        });
        names.get(name).copied()
    }
}

/// The last segment of a path.
fn leaf(path: &'static str) -> &'static str {
    path.rsplit('.').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_what_the_tables_say() {
        let names = Field::all()
            .iter()
            .flat_map(|f| [f.path(), f.leaf()])
            .chain(
                msp_core::catalogue::UNSUPPORTED_ORDER_FIELDS
                    .iter()
                    .copied(),
            )
            .chain(
                msp_core::catalogue::UNSUPPORTED_ORDER_FIELDS
                    .iter()
                    .map(|p| leaf(p)),
            )
            .chain(["", "nope", "internal_note", "customer.", "customer.nope"]);
        let mut seen = (0, 0);
        for name in names.filter(|name| lookup(name).is_none()) {
            let unsupported = Unknown::unsupported(name);
            assert_eq!(
                unsupported,
                msp_core::catalogue::unsupported_field(name),
                "{name}"
            );
            let by_path = Field::all()
                .iter()
                .find(|f| !f.by_leaf() && f.leaf() == name)
                .map(|f| f.path());
            assert_eq!(Unknown::by_path_only(name), by_path, "{name}");
            seen.0 += usize::from(unsupported.is_some());
            seen.1 += usize::from(by_path.is_some());
        }
        assert!(seen.0 >= 10 && seen.1 >= 1, "{seen:?}");
    }

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
