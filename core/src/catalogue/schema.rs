//! The fields of MultiSafepay's order schemas that the SDK's field table does not (yet) hold: a
//! struct field named after one would be left out of the request without a word, so the derive
//! refuses it instead. `core/tests/catalogue_drift.rs` checks that every property of the order
//! schemas (`components/schemas/orders/*.yaml`, with `PaymentOptions.yaml` and `Customer.yaml`
//! for the nested objects a leaf name reaches) is either a row of the field table or listed here.

use crate::Field;

/// The order-schema fields without a row in the field table, by JSON path. A name that the field
/// table also holds is supplied, not refused: [`unsupported_field`] looks the table up first.
pub const UNSUPPORTED_ORDER_FIELDS: &[&str] = &[
    "affiliate",
    "capture",
    "checkout_options",
    "custom_fields",
    "custom_info",
    "customer_verification",
    "invoice",
    "items",
    "payment_data",
    "payment_options",
    "plugin",
    "recurring",
    "second_chance",
    "payment_options.settings",
    "payment_options.template_id",
    "payment_options.template",
    "payment_options.allowed_countries",
    "customer.disable_send_email",
    "customer.browser",
];

/// The path of the order-schema field that `name` (a path, or a leaf name as a struct field
/// uses) designates, when the field table has no row for it: such a field cannot be supplied.
pub fn unsupported_field(name: &str) -> Option<&'static str> {
    if Field::lookup(name).is_some() {
        return None;
    }
    let leaf = |path: &'static str| path.rsplit('.').next().unwrap_or(path);
    UNSUPPORTED_ORDER_FIELDS
        .iter()
        .copied()
        .find(|&path| path == name)
        .or_else(|| {
            UNSUPPORTED_ORDER_FIELDS
                .iter()
                .copied()
                .find(|&path| leaf(path) == name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_names_by_path_and_leaf() {
        assert_eq!(unsupported_field("items"), Some("items"));
        assert_eq!(unsupported_field("browser"), Some("customer.browser"));
        assert_eq!(
            unsupported_field("payment_options.template"),
            Some("payment_options.template")
        );
        // Supplied names and the merchant's own are not refused.
        assert_eq!(unsupported_field("email"), None);
        assert_eq!(unsupported_field("shopping_cart"), None);
        assert_eq!(unsupported_field("internal_note"), None);
    }

    #[test]
    fn no_listed_name_is_ambiguous() {
        for a in UNSUPPORTED_ORDER_FIELDS {
            let leaf = a.rsplit('.').next().unwrap();
            let twins = UNSUPPORTED_ORDER_FIELDS
                .iter()
                .filter(|b| b.rsplit('.').next() == Some(leaf))
                .count();
            assert_eq!(twins, 1, "{a}");
        }
    }
}
