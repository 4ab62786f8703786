//! The compile-time rules, applied to the plain [`Input`] model. Every rule, list and message comes
//! from `msp_core` (the catalogue, `Field`, `rules`, `suggest`); this module only decides where
//! each finding is reported and how the fix is worded for a derive.

use crate::model::{Entry, FieldAttr, Input, InputField, Loc, Value};
use msp_core::catalogue::ALWAYS_REQUIRED;
use msp_core::{rules, suggest, Currency, Field, Flow, Gateway, Kind};

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

/// A finding: where, and what to do about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The tokens to change.
    pub loc: Loc,
    /// The rule and the fix.
    pub message: String,
}

/// The keys the container attribute takes besides the fixable API fields.
const KEYS: [&str; 3] = ["gateway", "flow", "crate"];

/// A refused struct: every finding, and the struct fields whose API field is known, so that the
/// fallback can still have rustc check their types (a wrong type is a mistake of its own).
#[derive(Debug)]
pub struct Refused {
    /// The findings, in source order as far as the phases allow.
    pub errors: Vec<Diagnostic>,
    /// The fields that supply an API field without a finding of their own.
    pub supplied: Vec<Supplied>,
}

/// Checks the whole struct; reports every finding, none of them a consequence of another.
pub fn check(input: &Input) -> Result<Plan, Refused> {
    let mut c = Checker {
        input,
        errors: Vec::new(),
        claimed: Vec::new(),
        claimed_keys: Vec::new(),
    };
    let container = c.container();
    let required = required_fields(container.gateway, container.flow);
    let supplied = c.fields(&container, &required);
    if !input.incomplete {
        c.missing(&container, &required, &supplied);
    }
    let supplied = supplied.into_iter().map(|(supplied, _)| supplied).collect();
    match (container.gateway, container.flow, c.errors.is_empty()) {
        (Some(gateway), Some(flow), true) => Ok(Plan {
            gateway,
            flow,
            fixed: container
                .fixed
                .into_iter()
                .map(|(field, _, value)| (field, value))
                .collect(),
            supplied,
        }),
        _ => Err(Refused {
            errors: c.errors,
            supplied,
        }),
    }
}

/// The fields the struct must supply: the catalogue's list for a sound gateway and flow, else
/// (after an error about those) the fields every order needs, so that the other findings still
/// come in the same build.
fn required_fields(gateway: Option<Gateway>, flow: Option<Flow>) -> Required {
    match (gateway, flow) {
        (Some(g), Some(f)) if g.offers(f) => Required {
            fields: g.required_fields(f).collect(),
            by: Some((g, f)),
        },
        _ => Required {
            fields: ALWAYS_REQUIRED.to_vec(),
            by: None,
        },
    }
}

struct Required {
    fields: Vec<Field>,
    /// The gateway and flow that require them, when known.
    by: Option<(Gateway, Flow)>,
}

impl Required {
    fn contains(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }

    /// "AMEX redirect orders" or "every order".
    fn whose(&self, field: Field) -> String {
        match self.by {
            Some((g, f)) if !ALWAYS_REQUIRED.contains(&field) => format!("{g} {f} orders"),
            _ => "every order".to_owned(),
        }
    }

    /// "AMEX redirect orders require" or "every order requires".
    fn who_requires(&self, field: Field) -> String {
        let whose = self.whose(field);
        let verb = if whose == "every order" {
            "requires"
        } else {
            "require"
        };
        format!("{whose} {verb}")
    }
}

/// The container attribute, read.
#[derive(Default)]
struct Container {
    gateway: Option<Gateway>,
    flow: Option<Flow>,
    fixed: Vec<(Field, Loc, Fixed)>,
}

struct Checker<'a> {
    input: &'a Input,
    errors: Vec<Diagnostic>,
    /// API fields the merchant meant to supply but wrote wrongly (an invalid fixed value, a
    /// misspelt name): already reported, so not reported as missing as well.
    claimed: Vec<Field>,
    /// The same for the keys `gateway` and `flow`.
    claimed_keys: Vec<&'static str>,
}

impl Checker<'_> {
    fn error(&mut self, loc: Loc, message: impl Into<String>) {
        self.errors.push(Diagnostic {
            loc,
            message: message.into(),
        });
    }

    fn container(&mut self) -> Container {
        let input = self.input;
        let mut out = Container::default();
        if !input.has_attr {
            if !input.incomplete {
                self.error(
                    input.name,
                    "`#[derive(MspOrder)]` needs to know the payment method and the flow: add \
                     `#[msp_order(gateway = \"...\", flow = \"...\")]` to the struct, such as \
                     `#[msp_order(gateway = \"IDEAL\", flow = \"redirect\")]`",
                );
            }
            return out;
        }
        let mut seen: Vec<(String, Loc)> = Vec::new();
        let mut currency: Option<(Currency, Loc)> = None;
        let mut flow_loc = None;
        for entry in &input.entries {
            let id = match Field::lookup(&entry.key) {
                Some(field) if !KEYS.contains(&entry.key.as_str()) => field.path().to_owned(),
                _ => entry.key.clone(),
            };
            if seen.iter().any(|(k, _)| *k == id) {
                self.error(
                    entry.key_loc,
                    format!("`{}` is given twice; keep one", entry.key),
                );
                continue;
            }
            seen.push((id, entry.key_loc));
            match entry.key.as_str() {
                "gateway" => {
                    out.gateway = self.string(entry, "\"AMEX\"").and_then(|code| {
                        code.parse::<Gateway>()
                            .map_err(|e| self.error(entry.value_loc, e.to_string()))
                            .ok()
                    });
                }
                "flow" => {
                    flow_loc = Some(entry.value_loc);
                    out.flow = self.string(entry, "\"redirect\"").and_then(|name| {
                        name.parse::<Flow>()
                            .map_err(|e| self.error(entry.value_loc, e.to_string()))
                            .ok()
                    });
                }
                // Read by the parser, which needs it as a path.
                "crate" => {}
                key => {
                    if let Some((field, value)) = self.fixed(entry, key) {
                        if let Fixed::Currency(c) = value {
                            currency = Some((c, entry.value_loc));
                        }
                        out.fixed.push((field, entry.key_loc, value));
                    }
                }
            }
        }
        match (out.gateway, out.flow, flow_loc) {
            (Some(gateway), Some(flow), Some(loc)) => {
                if let Err(message) = gateway.check_flow(flow) {
                    self.error(loc, message);
                }
            }
            (_, None, None) if !input.incomplete && !self.claimed_keys.contains(&"flow") => {
                let message = match out.gateway {
                    Some(g) => format!(
                        "missing `flow`: add `flow = \"{}\"` to `#[msp_order(...)]` ({g} offers {})",
                        g.spec().flows[0],
                        g.flow_list()
                    ),
                    None => "missing `flow`: add the flow to `#[msp_order(...)]`, such as `flow = \"redirect\"`".to_owned(),
                };
                self.error(input.name, message);
            }
            _ => {}
        }
        if out.gateway.is_none()
            && !input.incomplete
            && !seen.iter().any(|(k, _)| k == "gateway")
            && !self.claimed_keys.contains(&"gateway")
        {
            self.error(
                input.name,
                "missing `gateway`: add the payment method to `#[msp_order(...)]`, such as `gateway = \"IDEAL\"`",
            );
        }
        if let (Some(gateway), Some((currency, loc))) = (out.gateway, currency) {
            if let Err(message) = gateway.check_currency(currency) {
                self.error(loc, message);
            }
        }
        out
    }

    /// The value of an entry that takes a string.
    fn string<'e>(&mut self, entry: &'e Entry, example: &str) -> Option<&'e str> {
        match &entry.value {
            Value::Str(s) => Some(s),
            _ => {
                self.error(
                    entry.value_loc,
                    format!(
                        "`{}` takes a quoted string, such as `{} = {example}`",
                        entry.key, entry.key
                    ),
                );
                None
            }
        }
    }

    /// A fixed value: the key must name a fixable API field and the value follow its rule.
    fn fixed(&mut self, entry: &Entry, key: &str) -> Option<(Field, Fixed)> {
        if let Some(field) = Field::lookup(key) {
            self.claimed.push(field);
        }
        let field = match Field::lookup(key) {
            Some(field) if field.fixable() => field,
            Some(Field::Type) => {
                self.error(
                    entry.key_loc,
                    "the order's `type` is set by the `flow` key: `flow = \"redirect\"`",
                );
                return None;
            }
            Some(field) => {
                let leaf = field.leaf();
                self.error(
                    entry.key_loc,
                    format!(
                        "`{key}` cannot be fixed in `#[msp_order(...)]`, it differs per order: supply it from a \
                         field named `{leaf}`, or mark one with `#[msp_order({leaf})]`"
                    ),
                );
                return None;
            }
            None => {
                self.unknown_key(entry);
                return None;
            }
        };
        let value = match (field.kind(), &entry.value) {
            (Kind::Bool, Value::Bool(b)) => Fixed::Bool(*b),
            (Kind::Bool, _) => {
                self.error(
                    entry.value_loc,
                    format!("`{key}` takes `true` or `false`, without quotes"),
                );
                return None;
            }
            (_, Value::Str(s)) => {
                if let Err(message) = rules::check_str(field, s) {
                    self.error(entry.value_loc, message);
                    return None;
                }
                match field.kind() {
                    // `check_str` has just parsed it.
                    Kind::Currency => Fixed::Currency(s.parse().ok()?),
                    _ => Fixed::Str(s.clone()),
                }
            }
            (_, _) => {
                self.error(
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

    fn unknown_key(&mut self, entry: &Entry) {
        let fixable = || {
            Field::all()
                .iter()
                .filter(|f| f.fixable())
                .map(|f| f.leaf())
        };
        let message = match suggest::closest(&entry.key, KEYS.into_iter().chain(fixable())) {
            Some(key) => {
                match KEYS.iter().find(|k| **k == key) {
                    Some(k) => self.claimed_keys.push(k),
                    None => self.claimed.extend(Field::lookup(key)),
                }
                format!("unknown key `{}`; did you mean `{key}`?", entry.key)
            }
            None => {
                let quoted = |k: &str| format!("`{k}`");
                let keys: Vec<String> = KEYS.into_iter().map(quoted).collect();
                let fixed: Vec<String> = fixable().map(quoted).collect();
                format!(
                    "unknown key `{}`: `#[msp_order(...)]` takes {}, and fixed values for {}",
                    entry.key,
                    keys.join(", "),
                    fixed.join(", ")
                )
            }
        };
        self.error(entry.key_loc, message);
    }

    /// The struct fields that supply API fields, each with where it says so.
    fn fields(&mut self, container: &Container, required: &Required) -> Vec<(Supplied, Loc)> {
        let mut supplied: Vec<(Supplied, Loc)> = Vec::new();
        for (index, input) in self.input.fields.iter().enumerate() {
            let Some((field, loc)) = self.supplies(input) else {
                continue;
            };
            if let Some(message) = twice(field, input, container, &supplied, &self.input.fields) {
                self.error(loc, message);
                continue;
            }
            let mut is_required = required.contains(field);
            if is_required && input.is_option {
                // Reported here; the fallback checks the type inside the `Option` only.
                is_required = false;
                let fix = if field.fixable() {
                    format!(
                        ", or fix the value in `#[msp_order(...)]`: `{} = {}`",
                        field.leaf(),
                        example(field)
                    )
                } else {
                    String::new()
                };
                self.error(
                    input.ty_loc,
                    format!(
                        "`{}` is required for {}, so this field cannot be an `Option`: remove the `Option`{fix}",
                        field.leaf(),
                        required.whose(field)
                    ),
                );
            }
            supplied.push((
                Supplied {
                    index,
                    field,
                    required: is_required,
                },
                loc,
            ));
        }
        supplied
    }

    /// The API field a struct field supplies, if any (reporting a misnamed one).
    fn supplies(&mut self, input: &InputField) -> Option<(Field, Loc)> {
        let (field, loc, by_attr) = match &input.attr {
            Some(FieldAttr::Skip) => return None,
            Some(FieldAttr::Supplies { name, loc }) => match Field::lookup(name) {
                Some(field) => (field, *loc, true),
                None => {
                    let candidates = Field::all().iter().flat_map(|f| [f.path(), f.leaf()]);
                    let hint = match suggest::closest(name, candidates) {
                        Some(s) => {
                            self.claimed.extend(Field::lookup(s));
                            format!("did you mean `{s}`?")
                        }
                        None => "name it as the API does, such as `amount` or `customer.ip_address`, or write \
                                 `#[msp_order(skip)]` to leave the field alone"
                            .to_owned(),
                    };
                    self.error(
                        *loc,
                        format!("`{name}` is not a field of a MultiSafepay order; {hint}"),
                    );
                    return None;
                }
            },
            None => (
                Field::lookup(input.name.as_deref()?)?,
                input.name_loc,
                false,
            ),
        };
        let how = if by_attr {
            "this attribute"
        } else {
            "its name"
        };
        let message = match field.kind() {
            Kind::Gateway => format!(
                "this field supplies the order's `gateway` by {how}, but the gateway is fixed by \
                 `#[msp_order(gateway = \"...\")]`: rename the field, or mark it `#[msp_order(skip)]`"
            ),
            Kind::Flow => format!(
                "this field supplies the order's `type` by {how}, but the flow is fixed by \
                 `#[msp_order(flow = \"...\")]`: rename the field, or mark it `#[msp_order(skip)]`"
            ),
            _ if field.conversion().is_none() => {
                format!("`{}` cannot be supplied by a field of a derived order yet", field.path())
            }
            _ => return Some((field, loc)),
        };
        self.error(loc, message);
        None
    }

    fn missing(
        &mut self,
        container: &Container,
        required: &Required,
        supplied: &[(Supplied, Loc)],
    ) {
        let by_field = |f: Field| supplied.iter().any(|(s, _)| s.field == f);
        let customer_object = by_field(Field::Customer);
        for &field in &required.fields {
            let present = by_field(field)
                || self.claimed.contains(&field)
                || container.fixed.iter().any(|(f, _, _)| *f == field)
                || (customer_object && field.in_customer());
            if present {
                continue;
            }
            let leaf = field.leaf();
            let fix = if field.fixable() {
                format!(
                    "add a field named `{leaf}`, mark one with `#[msp_order({leaf})]`, or set `{leaf} = {}` in \
                     `#[msp_order(...)]`",
                    example(field)
                )
            } else {
                format!("add a field named `{leaf}`, or mark one with `#[msp_order({leaf})]`")
            };
            let message = format!(
                "missing `{leaf}`, which {}: {fix}",
                required.who_requires(field)
            );
            self.error(self.input.name, message);
        }
    }
}

/// Why `field` may not be supplied by `input`, if it is already supplied (a customer object and
/// the customer's single fields layer, the single fields winning: that is not twice).
fn twice(
    field: Field,
    input: &InputField,
    container: &Container,
    supplied: &[(Supplied, Loc)],
    fields: &[InputField],
) -> Option<String> {
    let this = match &input.name {
        Some(name) => format!("the field `{name}`"),
        None => "this field".to_owned(),
    };
    if container.fixed.iter().any(|(f, _, _)| *f == field) {
        return Some(format!(
            "`{}` is supplied twice: by `{} = ...` in `#[msp_order(...)]` and by {this}; keep one",
            field.leaf(),
            field.leaf()
        ));
    }
    let (earlier, _) = supplied.iter().find(|(s, _)| s.field == field)?;
    let first = match &fields[earlier.index].name {
        Some(name) => format!("the field `{name}`"),
        None => format!("field {}", earlier.index),
    };
    Some(format!(
        "`{}` is supplied twice: by {first} and by {this}; keep one",
        field.leaf()
    ))
}

/// A sample value to show in a fix, by kind.
fn example(field: Field) -> &'static str {
    match field.kind() {
        Kind::Url => "\"https://...\"",
        Kind::Locale => "\"nl_NL\"",
        Kind::Currency => "\"EUR\"",
        Kind::Bool => "true",
        _ => "\"...\"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, value: Value) -> Entry {
        Entry {
            key: key.into(),
            key_loc: Loc::default(),
            value,
            value_loc: Loc::default(),
        }
    }

    fn s(key: &str, value: &str) -> Entry {
        entry(key, Value::Str(value.into()))
    }

    fn field(name: &str) -> InputField {
        InputField {
            name: Some(name.into()),
            name_loc: Loc::default(),
            attr: None,
            is_option: false,
            ty_loc: Loc::default(),
        }
    }

    fn marked(name: &str, supplies: &str) -> InputField {
        InputField {
            attr: Some(FieldAttr::Supplies {
                name: supplies.into(),
                loc: Loc::default(),
            }),
            ..field(name)
        }
    }

    fn optional(name: &str) -> InputField {
        InputField {
            is_option: true,
            ..field(name)
        }
    }

    /// The seed page's AMEX redirect order, as a struct.
    fn amex() -> Input {
        Input {
            has_attr: true,
            entries: vec![
                s("gateway", "AMEX"),
                s("flow", "redirect"),
                s("notification_url", "https://shop.example/notify"),
                s("redirect_url", "https://shop.example/thanks"),
                s("cancel_url", "https://shop.example/cancel"),
                s("locale", "nl_NL"),
            ],
            fields: vec![
                field("order_id"),
                field("currency"),
                marked("total", "amount"),
                field("description"),
                field("ip_address"),
                optional("email"),
                field("internal_note"),
            ],
            ..Input::default()
        }
    }

    fn errors(input: &Input) -> Vec<String> {
        match check(input) {
            Ok(_) => vec![],
            Err(refused) => refused.errors.into_iter().map(|d| d.message).collect(),
        }
    }

    #[test]
    fn the_seed_order_is_sound() {
        let plan = check(&amex()).unwrap();
        assert_eq!((plan.gateway, plan.flow), (Gateway::AMEX, Flow::Redirect));
        let supplied: Vec<_> = plan
            .supplied
            .iter()
            .map(|s| (s.index, s.field, s.required))
            .collect();
        assert_eq!(
            supplied,
            [
                (0, Field::OrderId, true),
                (1, Field::Currency, true),
                (2, Field::Amount, true),
                (3, Field::Description, true),
                (4, Field::IpAddress, false),
                (5, Field::Email, false),
            ]
        );
        assert_eq!(plan.fixed.len(), 4);
        assert_eq!(plan.fixed[3], (Field::Locale, Fixed::Str("nl_NL".into())));
    }

    #[test]
    fn unknown_gateway_suggests_and_still_checks_the_rest() {
        let mut input = amex();
        input.entries[0] = s("gateway", "AMX");
        input.fields.remove(0);
        assert_eq!(
            errors(&input),
            [
                "gateway `AMX` does not exist; did you mean `AMEX`?",
                "missing `order_id`, which every order requires: add a field named `order_id`, or mark one with `#[msp_order(order_id)]`",
            ]
        );
    }

    #[test]
    fn flow_must_be_offered() {
        let mut input = amex();
        input.entries[1] = s("flow", "direct");
        assert_eq!(errors(&input), ["AMEX supports only flow \"redirect\""]);
        input.entries[1] = s("flow", "redirct");
        assert_eq!(
            errors(&input),
            ["flow `redirct` does not exist; did you mean `redirect`?"]
        );
    }

    #[test]
    fn missing_gateway_flow_and_attribute() {
        let mut input = amex();
        input.entries.drain(..2);
        let found = errors(&input);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("missing `flow`"), "{found:?}");
        assert!(found[1].starts_with("missing `gateway`"), "{found:?}");
        let input = Input {
            fields: vec![field("order_id"), field("amount")],
            ..Input::default()
        };
        let found = errors(&input);
        assert!(
            found[0].starts_with("`#[derive(MspOrder)]` needs to know"),
            "{found:?}"
        );
    }

    #[test]
    fn unknown_and_misplaced_keys() {
        let mut input = amex();
        input.entries.push(s("gatway", "AMEX"));
        input.entries.push(s("colour", "red"));
        input.entries.push(entry("amount", Value::Other));
        input.entries.push(s("type", "redirect"));
        let found = errors(&input);
        assert_eq!(found[0], "unknown key `gatway`; did you mean `gateway`?");
        assert!(found[1].starts_with("unknown key `colour`: `#[msp_order(...)]` takes `gateway`, `flow`, `crate`, and fixed values for `currency`, `description`, `notification_url`"), "{}", found[1]);
        assert!(
            found[2].starts_with("`amount` cannot be fixed"),
            "{}",
            found[2]
        );
        assert!(
            found[3].starts_with("the order's `type` is set by the `flow` key"),
            "{}",
            found[3]
        );
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn fixed_values_follow_the_rules() {
        let mut input = amex();
        input.fields.remove(1);
        input.entries.push(s("currency", "XAU"));
        assert_eq!(
            errors(&input),
            ["AMEX does not accept XAU; it accepts: CHF, EUR, GBP, USD"]
        );
        input.entries.pop();
        input.entries.push(s("currency", "eur"));
        assert_eq!(
            errors(&input),
            ["`eur` is not an ISO 4217 currency code; did you mean `EUR`?"]
        );

        let mut input = amex();
        input.fields.remove(3);
        input.entries.push(s("description", &"é".repeat(201)));
        assert_eq!(
            errors(&input),
            ["description is 201 characters; MultiSafepay accepts at most 200"]
        );
        input.entries.pop();
        input.entries.push(s("description", &"é".repeat(200)));
        assert!(errors(&input).is_empty());
        input.entries.pop();
        input.entries.push(s("description", "<b>Sale</b>"));
        assert!(errors(&input)[0].contains("contains HTML"));

        let mut input = amex();
        input.entries[4] = s("cancel_url", "/cancel");
        input
            .entries
            .push(entry("close_window", Value::Str("true".into())));
        input.entries.push(s("locale", "nl-NL"));
        assert_eq!(
            errors(&input),
            [
                "cancel_url `/cancel` is not an absolute http(s) URL; write the whole address, such as `https://shop.example/cancel`",
                "`close_window` takes `true` or `false`, without quotes",
                "`locale` is given twice; keep one",
            ]
        );
    }

    #[test]
    fn required_fields_are_named_with_their_fix() {
        let mut input = amex();
        input.entries.retain(|e| e.key != "cancel_url");
        input
            .fields
            .retain(|f| f.name.as_deref() != Some("order_id"));
        assert_eq!(
            errors(&input),
            [
                "missing `order_id`, which every order requires: add a field named `order_id`, or mark one with `#[msp_order(order_id)]`",
                "missing `cancel_url`, which AMEX redirect orders require: add a field named `cancel_url`, mark one with \
                 `#[msp_order(cancel_url)]`, or set `cancel_url = \"https://...\"` in `#[msp_order(...)]`",
            ]
        );
    }

    #[test]
    fn recommended_fields_are_not_required() {
        let mut input = amex();
        input
            .fields
            .retain(|f| !matches!(f.name.as_deref(), Some("ip_address" | "email")));
        assert!(errors(&input).is_empty());
    }

    #[test]
    fn supplied_twice() {
        let mut input = amex();
        input.fields.push(field("redirect_url"));
        input.fields.push(marked("note", "customer.email"));
        assert_eq!(
            errors(&input),
            [
                "`redirect_url` is supplied twice: by `redirect_url = ...` in `#[msp_order(...)]` and by the field `redirect_url`; keep one",
                "`email` is supplied twice: by the field `email` and by the field `note`; keep one",
            ]
        );
    }

    #[test]
    fn required_fields_cannot_be_optional() {
        let mut input = amex();
        input.fields[3] = optional("description");
        assert_eq!(
            errors(&input),
            ["`description` is required for every order, so this field cannot be an `Option`: remove the `Option`, \
              or fix the value in `#[msp_order(...)]`: `description = \"...\"`"]
        );
    }

    #[test]
    fn a_customer_object_supplies_the_customer_fields() {
        let mut input = amex();
        input.entries.retain(|e| e.key != "locale");
        assert!(errors(&input)[0].starts_with("missing `locale`"));
        input.fields.push(optional("customer"));
        assert!(errors(&input).is_empty());
    }

    #[test]
    fn misnamed_and_reserved_fields() {
        let mut input = amex();
        input.fields.push(marked("x", "amout"));
        input.fields.push(marked("y", "customer.ip_addres"));
        input.fields.push(field("gateway"));
        input.fields.push(InputField {
            attr: Some(FieldAttr::Skip),
            ..field("type")
        });
        assert_eq!(
            errors(&input),
            [
                "`amout` is not a field of a MultiSafepay order; did you mean `amount`?",
                "`customer.ip_addres` is not a field of a MultiSafepay order; did you mean `customer.ip_address`?",
                "this field supplies the order's `gateway` by its name, but the gateway is fixed by \
                 `#[msp_order(gateway = \"...\")]`: rename the field, or mark it `#[msp_order(skip)]`",
            ]
        );
    }

    #[test]
    fn nothing_is_missing_after_an_unreadable_attribute() {
        let input = Input {
            incomplete: true,
            ..Input::default()
        };
        assert!(check(&input).unwrap_err().errors.is_empty());
    }
}
