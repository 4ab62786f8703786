//! What is generated after an error: the error, and the same items as for a sound struct with a
//! body that is never run, so that the merchant's calls of `to_request()` and `submit()` still
//! type-check and the build shows the macro's errors and nothing after them.

use crate::expand::{items, type_checks, Krate};
use crate::plan::Supplied;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// `errors`, followed by stand-ins for the items the derive would have generated.
/// The body still has rustc check the types of the fields whose API field is known: a wrong type
/// is a mistake of its own, reported in the same build.
pub fn fallback(
    input: &DeriveInput,
    krate: Option<&syn::Path>,
    errors: syn::Error,
    supplied: &[Supplied],
) -> TokenStream {
    let mut out = errors.to_compile_error();
    // Without a readable `crate = "..."` no path to the items is known: the error stands alone.
    if let Some(krate) = krate {
        let krate = Krate::of(krate);
        let checks = type_checks(input, &krate, supplied);
        let body = quote! {
            #checks
            // The build fails on the error above, so this body never runs.
            ::core::unreachable!("the `#[derive(MspOrder)]` above failed")
        };
        out.extend(items(&input.ident, &input.generics, &krate, body));
    }
    out
}
