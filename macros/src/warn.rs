//! Compile-time warnings on stable Rust. A derive cannot emit a warning itself, but rustc warns
//! at every use of a `#[deprecated]` item, printing its note: so each warning becomes a local
//! deprecated constant, used once at the struct's name, and rustc prints
//! `warning: use of deprecated constant `...`: <the warning>` there.
//!
//! The tokens are few (two short items per warning, none for a struct without warnings), since
//! every derived struct is compiled on every build.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// The items that make rustc print each of `warnings` at `name` (nothing when there are none).
pub fn warnings(name: &Ident, warnings: &[String]) -> TokenStream {
    if warnings.is_empty() {
        return TokenStream::new();
    }
    let items = warnings.iter().map(|warning| {
        // Named so that rustc's "use of deprecated constant `..._::msp_order_warning`" reads as
        // what it is; spanned at the struct's name, where the warning is printed.
        let item = Ident::new("msp_order_warning", name.span());
        let note = Literal::string(warning);
        quote! {
            const _: () = {
                #[deprecated(note = #note)]
                #[allow(non_upper_case_globals)]
                const #item: () = ();
                #item
            };
        }
    });
    quote!(#(#items)*)
}
