//! What the struct is warned about rather than refused for: fields MultiSafepay's fraud check
//! needs, a deprecated gateway, a notification URL called by GET. Each warning kind is silenced
//! for one struct by a name in `#[msp_order(allow(...))]` (the notification's by setting
//! `notification_method`); the names are judged here, with a hint for a misspelt one.

use super::{Checker, Claim, Container};
use msp_core::{suggest, Field};

/// The names `allow(...)` takes, with what each silences (for the messages).
const ALLOWS: [(&str, &str); 3] = [
    (
        FRAUD_CHECK,
        "fields MultiSafepay's fraud check needs, not supplied",
    ),
    (DEPRECATED_GATEWAY, "a deprecated gateway"),
    (
        GET_NOTIFICATION,
        "a notification by GET, MultiSafepay's default, without sending `notification_method`",
    ),
];
const FRAUD_CHECK: &str = "fraud_check";
const DEPRECATED_GATEWAY: &str = "deprecated_gateway";
const GET_NOTIFICATION: &str = "get_notification";

impl Checker<'_> {
    /// The names of `allow(...)`: each one known, none twice.
    pub(super) fn allows(&mut self) {
        let mut seen: Vec<&str> = Vec::new();
        for (name, loc) in &self.input.allows {
            if seen.contains(&name.as_str()) {
                self.findings
                    .error(*loc, format!("`{name}` is allowed twice; keep one"));
                continue;
            }
            seen.push(name);
            if ALLOWS.iter().any(|(known, _)| known == name) {
                continue;
            }
            let hint = match suggest::closest(name, ALLOWS.iter().map(|(known, _)| *known)) {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => {
                    let list: Vec<String> = ALLOWS
                        .iter()
                        .map(|(known, what)| format!("`{known}` ({what})"))
                        .collect();
                    format!("it takes {}", and_list(&list))
                }
            };
            let message = format!("`allow(...)` has no warning `{name}`; {hint}");
            self.findings.error(*loc, message);
        }
    }

    fn allowed(&self, name: &str) -> bool {
        self.input.allows.iter().any(|(n, _)| n == name)
    }

    /// The warnings of a struct whose gateway and flow are known.
    pub(super) fn warnings(&self, container: &Container) -> Vec<String> {
        let mut warnings = Vec::new();
        let Some(gateway) = container.gateway else {
            return warnings;
        };
        let unsupplied: Vec<Field> = gateway
            .fraud_check_fields()
            .iter()
            .copied()
            .filter(|&f| !self.claims.covers(Claim::Field(f)))
            .collect();
        if !unsupplied.is_empty() && !self.allowed(FRAUD_CHECK) {
            let paths: Vec<String> = unsupplied
                .iter()
                .map(|f| format!("`{}`", f.path()))
                .collect();
            let leaves: Vec<String> = unsupplied
                .iter()
                .map(|f| format!("`{}`", f.leaf()))
                .collect();
            let (verb, them, named) = if unsupplied.len() > 1 {
                ("are", "them", "fields named")
            } else {
                ("is", "it", "a field named")
            };
            warnings.push(format!(
                "{} {verb} not supplied, and MultiSafepay's fraud check needs {them} for {gateway} \
                 orders: without {them} the transaction may end Uncleared, or even Declined (docs \
                 `Customer.yaml`); add {named} {}, or silence this with `allow({FRAUD_CHECK})` in \
                 `#[msp_order(...)]`",
                and_list(&paths),
                and_list(&leaves)
            ));
        }
        if let Some(note) = gateway.deprecation() {
            if !self.allowed(DEPRECATED_GATEWAY) {
                warnings.push(format!(
                    "{note} (or silence this with `allow({DEPRECATED_GATEWAY})` in `#[msp_order(...)]`)"
                ));
            }
        }
        let fixed = |field: Field| container.fixed.iter().any(|(f, _, _)| *f == field);
        let method_set = fixed(Field::NotificationMethod)
            || self.claims.covers(Claim::Field(Field::NotificationMethod));
        let notified = self.claims.covers(Claim::Field(Field::NotificationUrl));
        if notified && !method_set && !self.allowed(GET_NOTIFICATION) {
            warnings.push(
                "without `notification_method`, MultiSafepay calls the notification URL by GET \
                 with only `transactionid` and `timestamp`, no signed order in the body (docs FAQ \
                 \"How does the notification URL work?\"): set `notification_method = \"POST\"` \
                 in `#[msp_order(...)]` to receive the signed POST, or `notification_method = \
                 \"GET\"` (or `allow(get_notification)`) to keep GET and silence this"
                    .to_owned(),
            );
        }
        warnings
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}
