//! The compile-time rules, applied to the plain [`Input`] model. Every rule, list and message comes
//! from `msp_core` (the catalogue, `Field`, `rules`, `suggest`); this module only decides where
//! each finding is reported and how the fix is worded for a derive.
//!
//! Findings go into the one [`Findings`] the parser started. A finding must not cause others: what
//! the merchant wrote, even wrongly, is a [`Claim`], and nothing claimed is reported missing.

mod attribute;
mod fields;
#[cfg(test)]
mod tests;
mod warnings;

use crate::findings::Findings;
use crate::model::{Input, Loc};
use crate::plan::{Fixed, Plan, Refused};
use msp_core::catalogue::ALWAYS_REQUIRED;
use msp_core::{Field, Flow, Gateway, Kind};

/// The keys the container attribute takes besides the fixable API fields.
const KEYS: [&str; 3] = ["gateway", "flow", "crate"];

/// What the merchant wrote, or evidently meant to write (a misspelt key, an invalid value):
/// reported where it is, if wrong, and never reported missing as well.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Claim {
    /// The `gateway` key.
    Gateway,
    /// The `flow` key.
    Flow,
    /// An API field, by a fixed value or a struct field.
    Field(Field),
    /// Everything: part of the input could not be read, so anything may be in it.
    Everything,
}

/// The claims made so far.
#[derive(Default)]
struct Claims(Vec<Claim>);

impl Claims {
    /// Records a claim.
    fn claim(&mut self, claim: Claim) {
        self.0.push(claim);
    }

    /// Whether `claim` was made (or everything was).
    fn covers(&self, claim: Claim) -> bool {
        self.0.iter().any(|&c| c == claim || c == Claim::Everything)
    }
}

/// Checks the whole struct; reports every finding, none of them a consequence of another.
/// `findings` holds the parser's; the plan comes only when there are none at all.
pub fn check(input: &Input, findings: Findings) -> Result<Plan, Refused> {
    let mut c = Checker {
        input,
        findings,
        claims: Claims::default(),
    };
    if input.incomplete {
        c.claims.claim(Claim::Everything);
    }
    let container = c.container();
    crate::account::check(input, container.gateway, container.flow, &mut c.findings);
    let required = required_fields(container.gateway, container.flow);
    let supplied = c.fields(&container, &required);
    c.missing(&required);
    c.allows();
    let warnings = c.warnings(&container);
    let fixed = container
        .fixed
        .into_iter()
        .map(|(field, _, value)| (field, value));
    match (c.findings.into_result(), container.gateway, container.flow) {
        (Ok(()), Some(gateway), Some(flow)) => Ok(Plan {
            gateway,
            flow,
            fixed: fixed.collect(),
            supplied,
            warnings,
        }),
        (Err(error), _, _) => Err(Refused { error, supplied }),
        // Only a finding leaves them unknown; were that ever not so, the merchant would still
        // read what is needed rather than an empty refusal.
        (Ok(()), _, _) => Err(Refused {
            error: syn::Error::new(input.name.start, NO_ATTRIBUTE),
            supplied,
        }),
    }
}

/// What a struct without `#[msp_order(...)]` is told.
const NO_ATTRIBUTE: &str =
    "`#[derive(MspOrder)]` needs to know the payment method and the flow: add \
     `#[msp_order(gateway = \"...\", flow = \"...\")]` to the struct, such as \
     `#[msp_order(gateway = \"IDEAL\", flow = \"redirect\")]`";

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
    /// Where the flow's value is, when one was given.
    flow_loc: Option<Loc>,
    /// The fixed values, each with where its key is.
    fixed: Vec<(Field, Loc, Fixed)>,
}

struct Checker<'a> {
    input: &'a Input,
    findings: Findings,
    claims: Claims,
}

/// A sample value to show in a fix, by kind.
fn example(field: Field) -> &'static str {
    match field.kind() {
        Kind::Url => "\"https://...\"",
        Kind::Locale => "\"nl_NL\"",
        Kind::Currency => "\"EUR\"",
        Kind::Bool => "true",
        Kind::NotificationMethod => "\"POST\"",
        _ => "\"...\"",
    }
}
