//! The one collector of findings about a struct: the parser's syntax errors and the checker's
//! rule violations go into the same [`Findings`], each at its tokens, and leave it as one
//! combined `syn::Error` so that every mistake is reported in the same build.

use crate::model::Loc;
use proc_macro2::Ident;
use std::fmt::Display;

/// Every finding about one struct, in the order found.
#[derive(Default)]
pub struct Findings {
    errors: Vec<syn::Error>,
}

impl Findings {
    /// A finding at `loc`, spanning its first to its last token.
    pub fn error(&mut self, loc: Loc, message: impl Display) {
        let start = Ident::new("start", loc.start);
        let end = Ident::new("end", loc.end);
        self.errors
            .push(syn::Error::new_spanned(quote::quote!(#start #end), message));
    }

    /// A syntax error as the parser found it.
    pub fn syntax(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Whether nothing was found (for tests).
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The findings as one error, `Ok` when there are none.
    pub fn into_result(self) -> Result<(), syn::Error> {
        let combined = self.errors.into_iter().reduce(|mut all, e| {
            all.combine(e);
            all
        });
        combined.map_or(Ok(()), Err)
    }

    /// The messages, in order (for tests).
    #[cfg(test)]
    pub fn messages(&self) -> Vec<String> {
        self.errors.iter().map(ToString::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_keep_their_order_and_combine() {
        let mut findings = Findings::default();
        assert!(findings.is_empty());
        findings.syntax(syn::Error::new(proc_macro2::Span::call_site(), "first"));
        findings.error(Loc::default(), "second");
        assert_eq!(findings.messages(), ["first", "second"]);
        let combined = findings.into_result().unwrap_err();
        let messages: Vec<String> = combined.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["first", "second"]);
        assert!(Findings::default().into_result().is_ok());
    }
}
