//! The `#[derive(MspOrder)]` macro of the [`msp`](https://docs.rs/msp) crate; use it through
//! `msp::MspOrder`; the `msp` crate's documentation describes the attribute.
//!
//! Three phases, kept apart: `parse` reads the struct into the plain `model`, `check`
//! applies the gateway catalogue and the value rules of `msp_core` (the same code the run-time
//! validator runs) and either refuses the struct with every finding or returns a plan, and
//! `expand` writes the plan as code. After an error, `fallback` stands in for the generated
//! items so that rustc reports nothing but the macro's errors.

mod check;
mod expand;
mod fallback;
mod model;
mod parse;

use proc_macro::TokenStream;
use proc_macro2::Ident;
use syn::{parse_macro_input, DeriveInput};

/// Derives `msp::Order` and the inherent methods `to_request()` and `submit(&client)` for a
/// struct annotated with `#[msp_order(gateway = "...", flow = "...", ...)]`; the `msp` crate's
/// documentation describes the attribute.
#[proc_macro_derive(MspOrder, attributes(msp_order))]
pub fn derive_msp_order(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let parsed = parse::parse(input);
    let checked = check::check(&parsed.model);
    let mut errors = parsed.errors;
    let supplied = match checked {
        Ok(plan) if errors.is_empty() => {
            let krate = parsed
                .krate
                .as_ref()
                .expect("a path, when the attribute parsed");
            return expand::expand(input, krate, &plan);
        }
        Ok(plan) => plan.supplied,
        Err(refused) => {
            errors.extend(refused.errors.into_iter().map(to_error));
            refused.supplied
        }
    };
    let combined = errors.into_iter().reduce(|mut all, e| {
        all.combine(e);
        all
    });
    let combined = combined.unwrap_or_else(|| {
        syn::Error::new(
            input.ident.span(),
            "msp-macros: the struct was refused without a reason; please report this",
        )
    });
    fallback::fallback(input, parsed.krate.as_ref(), combined, &supplied)
}

/// A finding as a `syn::Error` spanning its first to its last token.
fn to_error(d: check::Diagnostic) -> syn::Error {
    let start = Ident::new("start", d.loc.start);
    let end = Ident::new("end", d.loc.end);
    syn::Error::new_spanned(quote::quote!(#start #end), d.message)
}
