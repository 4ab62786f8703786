//! The `#[derive(MspOrder)]` macro of the `msp` crate.
use proc_macro::TokenStream;

/// Derives `msp::Order` (work in progress).
#[proc_macro_derive(MspOrder, attributes(msp_order))]
pub fn derive_msp_order(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
