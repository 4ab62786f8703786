//! The container attribute, `#[msp_order(key = value, ...)]`: its entries read (the gateway, the
//! flow, the fixed values), the checks across them (the flow and the currency against the
//! gateway), and the keys it lacks.

use super::{example, Checker, Claim, Container, KEYS, NO_ATTRIBUTE};
use crate::model::{Entry, Value};
use crate::plan::Fixed;
use msp_core::{rules, suggest, Field, Flow, Gateway, Kind};

impl Checker<'_> {
    /// The container attribute, read and checked.
    pub(super) fn container(&mut self) -> Container {
        if !self.input.has_attr {
            if !self.claims.covers(Claim::Everything) {
                self.findings.error(self.input.name, NO_ATTRIBUTE);
            }
            return Container::default();
        }
        let container = self.entries();
        self.flow_fits_gateway(&container);
        self.missing_keys(&container);
        self.currency_fits_gateway(&container);
        container
    }

    /// Each entry, read by its key: each key once, the gateway and the flow parsed, the fixed
    /// values checked by their rules.
    fn entries(&mut self) -> Container {
        let mut out = Container::default();
        let mut seen: Vec<String> = Vec::new();
        for entry in &self.input.entries {
            let id = match crate::lookup::lookup(&entry.key) {
                Some(field) if !KEYS.contains(&entry.key.as_str()) => field.path().to_owned(),
                _ => entry.key.clone(),
            };
            if seen.contains(&id) {
                let message = format!("`{}` is given twice; keep one", entry.key);
                self.findings.error(entry.key_loc, message);
                continue;
            }
            seen.push(id);
            match entry.key.as_str() {
                "gateway" => {
                    self.claims.claim(Claim::Gateway);
                    out.gateway = self.parsed::<Gateway>(entry, "\"AMEX\"");
                }
                "flow" => {
                    self.claims.claim(Claim::Flow);
                    out.flow_loc = Some(entry.value_loc);
                    out.flow = self.parsed::<Flow>(entry, "\"redirect\"");
                }
                // Read by the parser, which needs it as a path.
                "crate" => {}
                key => {
                    if let Some(field) = crate::lookup::lookup(key) {
                        self.claims.claim(Claim::Field(field));
                    }
                    if let Some((field, value)) = self.fixed(entry, key) {
                        out.fixed.push((field, entry.value_loc, value));
                    }
                }
            }
        }
        out
    }

    /// The value of `gateway` or `flow`: a string that names one.
    fn parsed<T>(&mut self, entry: &Entry, example: &str) -> Option<T>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let Value::Str(text) = &entry.value else {
            let key = &entry.key;
            let message = format!("`{key}` takes a quoted string, such as `{key} = {example}`");
            self.findings.error(entry.value_loc, message);
            return None;
        };
        text.parse::<T>()
            .map_err(|e| self.findings.error(entry.value_loc, e))
            .ok()
    }

    /// A fixed value: the key must name a fixable API field and the value follow its rule.
    fn fixed(&mut self, entry: &Entry, key: &str) -> Option<(Field, Fixed)> {
        let field = match crate::lookup::lookup(key) {
            Some(field) if field.fixable() => field,
            Some(Field::Type) => {
                self.findings.error(
                    entry.key_loc,
                    "the order's `type` is set by the `flow` key: `flow = \"redirect\"`",
                );
                return None;
            }
            Some(field) => {
                let leaf = field.leaf();
                self.findings.error(
                    entry.key_loc,
                    format!(
                        "`{key}` cannot be fixed in `#[msp_order(...)]`, it differs per order: supply it from a \
                         field named `{leaf}`, or mark one with `#[msp_order({leaf})]`"
                    ),
                );
                return None;
            }
            None => {
                let (message, meant) = unknown_key(&entry.key);
                self.findings.error(entry.key_loc, message);
                if let Some(claim) = meant {
                    self.claims.claim(claim);
                }
                return None;
            }
        };
        let value = match (field.kind(), &entry.value) {
            (Kind::Bool, Value::Bool(b)) => Fixed::Bool(*b),
            (Kind::Bool, _) => {
                self.findings.error(
                    entry.value_loc,
                    format!("`{key}` takes `true` or `false`, without quotes"),
                );
                return None;
            }
            (_, Value::Str(s)) => {
                if let Err(message) = rules::check_str(field, s) {
                    self.findings.error(entry.value_loc, message);
                    return None;
                }
                match field.kind() {
                    // `check_str` has just parsed it.
                    Kind::Currency => Fixed::Currency(s.parse().ok()?),
                    _ => Fixed::Str(s.clone()),
                }
            }
            (_, _) => {
                self.findings.error(
                    entry.value_loc,
                    format!(
                        "`{key}` takes a quoted string, such as `{key} = {}`",
                        example(field)
                    ),
                );
                return None;
            }
        };
        Some((field, value))
    }

    /// The gateway offers the flow.
    fn flow_fits_gateway(&mut self, container: &Container) {
        if let (Some(gateway), Some(flow), Some(loc)) =
            (container.gateway, container.flow, container.flow_loc)
        {
            if let Err(message) = gateway.check_flow(flow) {
                self.findings.error(loc, message);
            }
        }
    }

    /// The gateway accepts a fixed currency.
    fn currency_fits_gateway(&mut self, container: &Container) {
        let Some(gateway) = container.gateway else {
            return;
        };
        for (_, loc, value) in &container.fixed {
            if let Fixed::Currency(currency) = value {
                if let Err(message) = gateway.check_currency(*currency) {
                    self.findings.error(*loc, message);
                }
            }
        }
    }

    /// `gateway` and `flow`, unless given or meant.
    fn missing_keys(&mut self, container: &Container) {
        if container.flow.is_none() && !self.claims.covers(Claim::Flow) {
            let message = match container.gateway {
                Some(g) => format!(
                    "missing `flow`: add `flow = \"{}\"` to `#[msp_order(...)]` ({g} offers {})",
                    g.spec().flows[0],
                    g.flow_list()
                ),
                None => "missing `flow`: add the flow to `#[msp_order(...)]`, such as `flow = \"redirect\"`".to_owned(),
            };
            self.findings.error(self.input.name, message);
        }
        if container.gateway.is_none() && !self.claims.covers(Claim::Gateway) {
            self.findings.error(
                self.input.name,
                "missing `gateway`: add the payment method to `#[msp_order(...)]`, such as `gateway = \"IDEAL\"`",
            );
        }
    }
}

/// What an unknown key is told, and what the merchant evidently meant by it (the closest key).
fn unknown_key(key: &str) -> (String, Option<Claim>) {
    let fixable = || {
        Field::all()
            .iter()
            .filter(|f| f.fixable())
            .map(|f| f.leaf())
    };
    match // `allow` last: on a tie the key that takes a value wins (`fllow` is `flow`), so that
    // the misspelt key still claims it and no "missing" error follows.
    suggest::closest(key, KEYS.into_iter().chain(fixable()).chain(["allow"])) {
        Some("allow") if key == "allow" => (
            "`allow` takes a list of the warnings to silence, not a value: `allow(fraud_check)`"
                .to_owned(),
            None,
        ),
        Some("allow") => (
            format!(
                "unknown key `{key}`; did you mean `allow(...)`, the list of warnings to silence, \
                 such as `allow(fraud_check)`?"
            ),
            None,
        ),
        Some(meant) => {
            let claim = match meant {
                "gateway" => Some(Claim::Gateway),
                "flow" => Some(Claim::Flow),
                other => crate::lookup::lookup(other).map(Claim::Field),
            };
            (
                format!("unknown key `{key}`; did you mean `{meant}`?"),
                claim,
            )
        }
        None => {
            let quoted = |k: &str| format!("`{k}`");
            let keys: Vec<String> = KEYS.into_iter().map(quoted).collect();
            let fixed: Vec<String> = fixable().map(quoted).collect();
            let message = format!(
                "unknown key `{key}`: `#[msp_order(...)]` takes {}, `allow(...)`, and fixed values for {}",
                keys.join(", "),
                fixed.join(", ")
            );
            (message, None)
        }
    }
}
