//! The `#[derive(MspOrder)]` macro of the [`msp`](https://docs.rs/msp) crate; use it through
//! `msp::MspOrder`; the `msp` crate's documentation describes the attribute.
//!
//! Three phases, kept apart: `parse` reads the struct into the plain `model`, `check`
//! applies the gateway catalogue and the value rules of `msp_core` (the same code the run-time
//! validator runs) and either refuses the struct with every finding or returns a plan, and
//! `expand` writes the plan as code. Parser and checker report into one `findings` collector, so
//! that every mistake of a struct comes in one build. After an error, `fallback` stands in for
//! the generated items so that rustc reports nothing but the macro's errors.

mod account;
mod check;
mod expand;
mod fallback;
mod findings;
mod input;
mod lookup;
mod model;
mod parse;
mod plan;
mod warn;

use findings::Findings;
use proc_macro::TokenStream;
use syn::DeriveInput;

/// Derives `msp::Order` and the inherent methods `to_request()` and `submit(&client)` for a
/// struct annotated with `#[msp_order(gateway = "...", flow = "...", ...)]`; the `msp` crate's
/// documentation describes the attribute.
#[proc_macro_derive(MspOrder, attributes(msp_order))]
pub fn derive_msp_order(input: TokenStream) -> TokenStream {
    match input::parse(input) {
        Ok(input) => {
            let mut items = derive(&input);
            items.extend(account::track());
            items.into()
        }
        Err(e) => e.to_compile_error().into(),
    }
}

fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let mut findings = Findings::default();
    let parsed = parse::parse(input, &mut findings);
    match (check::check(&parsed.model, findings), &parsed.krate) {
        (Ok(plan), Some(krate)) => expand::expand(input, krate, &plan),
        (Err(refused), krate) => {
            fallback::fallback(input, krate.as_ref(), refused.error, &refused.supplied)
        }
        // An unreadable `crate = "..."` is a syntax finding, so the plan never comes without a
        // path; the stand-ins need none.
        (Ok(plan), None) => fallback::fallback(
            input,
            None,
            syn::Error::new(
                input.ident.span(),
                "msp-macros: `crate = \"...\"` is not a path",
            ),
            &plan.supplied,
        ),
    }
}
