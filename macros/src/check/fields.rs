//! The struct's fields: which API field each supplies (by its name or its attribute), each
//! supplied once and with a type that may be optional, and the required API fields that no field
//! or fixed value supplies.

use super::{example, Checker, Claim, Container, Required};
use crate::lookup::Unknown;
use crate::model::{FieldAttr, InputField, Loc};
use crate::plan::Supplied;
use msp_core::{suggest, Field, Kind};

impl Checker<'_> {
    /// The struct fields that supply API fields.
    pub(super) fn fields(&mut self, container: &Container, required: &Required) -> Vec<Supplied> {
        let mut supplied: Vec<Supplied> = Vec::new();
        for (index, input) in self.input.fields.iter().enumerate() {
            let Some((field, loc)) = self.supplies(input) else {
                continue;
            };
            if let Some(message) = twice(field, input, container, &supplied, &self.input.fields) {
                self.findings.error(loc, message);
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
                self.findings.error(
                    input.ty_loc,
                    format!(
                        "`{}` is required for {}, so this field cannot be an `Option`: remove the `Option`{fix}",
                        field.leaf(),
                        required.whose(field)
                    ),
                );
            }
            self.claims.claim(Claim::Field(field));
            // A whole object (`customer`, `delivery`, `gateway_info`) supplies its fields.
            if field.is_object() {
                for inner in field.members() {
                    self.claims.claim(Claim::Field(inner));
                }
            }
            supplied.push(Supplied {
                index,
                field,
                required: is_required,
            });
        }
        supplied
    }

    /// The API field a struct field supplies, if any, with where it says so (reporting a
    /// misnamed one).
    fn supplies(&mut self, input: &InputField) -> Option<(Field, Loc)> {
        let (field, loc, by_attr) = match &input.attr {
            Some(FieldAttr::Skip) => return None,
            Some(FieldAttr::Supplies { name, loc }) => match crate::lookup::lookup(name) {
                Some(field) => (field, *loc, true),
                None => {
                    if let Some(path) = Unknown::unsupported(name) {
                        self.findings
                            .error(*loc, unsupported(path, "this attribute"));
                        return None;
                    }
                    let meant = nearest(name);
                    let hint = match meant {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "name it as the API does, such as `amount` or `customer.ip_address`, or write \
                                 `#[msp_order(skip)]` to leave the field alone"
                            .to_owned(),
                    };
                    self.findings.error(
                        *loc,
                        format!("`{name}` is not a field of a MultiSafepay order; {hint}"),
                    );
                    if let Some(field) = meant.and_then(crate::lookup::lookup) {
                        self.claims.claim(Claim::Field(field));
                    }
                    return None;
                }
            },
            None => {
                let name = input.name.as_deref()?;
                match crate::lookup::lookup(name) {
                    Some(field) => (field, input.name_loc, false),
                    None => {
                        if let Some(path) = Unknown::unsupported(name) {
                            self.findings
                                .error(input.name_loc, unsupported(path, "its name"));
                        } else if let Some(path) = Unknown::by_path_only(name) {
                            self.findings.error(
                                input.name_loc,
                                format!(
                                    "this field is named like `{path}`, which a field supplies by \
                                     its path only: mark it `#[msp_order({path})]`, or mark it \
                                     `#[msp_order(skip)]` to keep it as your own"
                                ),
                            );
                        }
                        return None;
                    }
                }
            }
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
        self.findings.error(loc, message);
        None
    }

    /// The required API fields that nothing supplies or claims.
    pub(super) fn missing(&mut self, required: &Required) {
        for &field in &required.fields {
            if self.claims.covers(Claim::Field(field)) {
                continue;
            }
            // An object's single fields make the object too (`ip_address` a customer,
            // `#[msp_order(delivery.city)]` a delivery).
            if field
                .members()
                .any(|member| self.claims.covers(Claim::Field(member)))
            {
                continue;
            }
            let leaf = field.leaf();
            let fix = match field.object() {
                // Named by path only (`delivery.city`, `gateway_info.account_id`).
                Some(object) if !field.by_leaf() => format!(
                    "mark a field with `#[msp_order({path})]`, or add a field named `{object}` \
                     with the whole object",
                    path = field.path()
                ),
                _ => fix(field, leaf),
            };
            let shown = if field.by_leaf() { leaf } else { field.path() };
            let message = format!(
                "missing `{shown}`, which {}: {fix}",
                required.who_requires(field)
            );
            self.findings.error(self.input.name, message);
        }
    }
}

/// How to supply a missing field named by its leaf.
fn fix(field: Field, leaf: &str) -> String {
    if field.fixable() {
        format!(
            "add a field named `{leaf}`, mark one with `#[msp_order({leaf})]`, or set `{leaf} = {}` \
             in `#[msp_order(...)]`",
            example(field)
        )
    } else {
        format!("add a field named `{leaf}`, or mark one with `#[msp_order({leaf})]`")
    }
}

/// Why `field` may not be supplied by `input`, if it is already supplied (a customer object and
/// the customer's single fields layer, the single fields winning: that is not twice).
fn twice(
    field: Field,
    input: &InputField,
    container: &Container,
    supplied: &[Supplied],
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
    let earlier = supplied.iter().find(|s| s.field == field)?;
    let first = match &fields[earlier.index].name {
        Some(name) => format!("the field `{name}`"),
        None => format!("field {}", earlier.index),
    };
    Some(format!(
        "`{}` is supplied twice: by {first} and by {this}; keep one",
        field.leaf()
    ))
}

/// Why a struct field named after an order-schema field the derive cannot supply is refused:
/// it would otherwise be left out of the request without a word.
fn unsupported(path: &str, how: &str) -> String {
    format!(
        "this field names the order's `{path}` by {how}, which `#[derive(MspOrder)]` does not \
         supply yet: it would be left out of the request; rename the field, or mark it \
         `#[msp_order(skip)]` to keep it as your own"
    )
}

/// The API field a misspelt name most likely means, as a whole name the derive accepts: for a
/// path (`delivery.zip`), the closest object and then the closest of its fields, or the one
/// field of it that the leaf begins or holds (`delivery.zip_code`); for a single name, the closest
/// of a top-level or customer field.
fn nearest(name: &str) -> Option<&'static str> {
    let Some((object, leaf)) = name.split_once('.') else {
        let names = Field::all()
            .iter()
            .filter(|f| f.by_leaf())
            .flat_map(|f| [f.path(), f.leaf()]);
        return suggest::closest(name, names);
    };
    let objects = Field::all().iter().filter_map(|f| f.path().split_once('.'));
    let object = suggest::closest(object, objects.map(|(object, _)| object))?;
    let members: Vec<Field> = Field::all()
        .iter()
        .copied()
        .filter(|f| f.path().split_once('.').is_some_and(|(o, _)| o == object))
        .collect();
    let close = suggest::closest(leaf, members.iter().map(|f| f.leaf()));
    // The one field whose name begins with the leaf (`zip`), else the one that holds it (`iban`).
    let only = |matches: &dyn Fn(&str) -> bool| {
        let mut found = members.iter().filter(|f| matches(f.leaf()));
        match (found.next(), found.next()) {
            (Some(only), None) if !leaf.is_empty() => Some(only.leaf()),
            _ => None,
        }
    };
    let begun = || {
        only(&|candidate| candidate.starts_with(leaf))
            .or_else(|| only(&|candidate| candidate.contains(leaf)))
    };
    let leaf = close.or_else(begun)?;
    members.iter().find(|f| f.leaf() == leaf).map(|f| f.path())
}
