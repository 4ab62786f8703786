//! Writes the code of a sound struct: `impl msp::Order` (the conversion into `OrderRequest`) and
//! the inherent `to_request` and `submit`, thin delegations. Everything generic (validation,
//! sending) lives once in `msp_core`; only the per-struct field mapping is generated here.
//!
//! Both what is generated and how are kept cheap, since both are paid on every build of the
//! merchant's crate (BENCHMARKS.md, compile time): the code is written as text and handed to the
//! compiler in a few pieces ([`Writer`]), rather than token by token; only the expressions whose
//! errors must point into the merchant's struct (the conversion of each supplied field, at the
//! field's type) and the struct's generics are passed as spanned tokens.

use crate::plan::{Fixed, Plan, Supplied};
use msp_core::Field;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{quote_spanned, ToTokens};
use std::fmt::Write as _;
use std::str::FromStr;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Generics, Ident, Member};

/// The generated items of a struct that passed the checks.
///
/// Every token generated here is handled by rustc on every build of the merchant's crate, so the
/// body is kept short: the fields outside `OrderRequest::new` are set, and the run-time values
/// checked, through helpers of `msp_core::derive_support` that are compiled once.
pub fn expand(input: &DeriveInput, msp: &syn::Path, plan: &Plan) -> TokenStream {
    let Data::Struct(data) = &input.data else {
        unreachable!("the parser refuses enums and unions")
    };
    let krate = Krate::of(msp);
    let k = krate.prefix;
    let fields: Vec<&syn::Field> = data.fields.iter().collect();
    let type_params: Vec<&Ident> = input.generics.type_params().map(|p| &p.ident).collect();

    // `OrderRequest::new`'s arguments, in the field table's order of its argument rows: each a
    // text or spanned tokens.
    let mut ctor: Vec<(Field, Option<Piece>)> = Field::all()
        .iter()
        .filter(|f| f.is_argument())
        .map(|&f| (f, None))
        .collect();
    let mut argument = |field: Field, value: Piece| -> Option<Piece> {
        match ctor.iter_mut().find(|(f, _)| *f == field) {
            Some((_, slot)) => {
                *slot = Some(value);
                None
            }
            None => Some(value),
        }
    };
    let mut text = String::with_capacity(64);
    let _ = write!(text, "{k}::Flow::{:?}", plan.flow);
    argument(Field::Type, Piece::Text(std::mem::take(&mut text)));
    let _ = write!(text, "{k}::Gateway::{:?}", plan.gateway);
    argument(Field::Gateway, Piece::Text(std::mem::take(&mut text)));

    // Statements after `OrderRequest::new`, in order: the whole objects (`customer`, `delivery`,
    // `gateway_info`) first, so that their single fields and fixed values override them.
    let mut object: Vec<Piece> = Vec::new();
    let mut fixed_texts = String::new();
    let mut sets: Vec<Piece> = Vec::new();
    let mut bounds: Vec<TokenStream> = Vec::new();
    let mut checked: u128 = 0;

    for (field, fixed) in &plan.fixed {
        let value = match fixed {
            Fixed::Currency(c) => format!("{k}::Currency::{c:?}"),
            Fixed::Str(s) => format!("{s:?}"),
            Fixed::Bool(b) => format!("{b}"),
        };
        let Some(Piece::Text(value)) = argument(*field, Piece::Text(value)) else {
            continue;
        };
        if let Fixed::Str(_) = fixed {
            let _ = write!(fixed_texts, "({k}::Field::{field:?},{value}),");
        } else {
            sets.push(Piece::Text(format!(
                "{k}::__private::set(&mut request,{k}::Field::{field:?},{value});"
            )));
        }
    }

    for supplied in &plan.supplied {
        let field = fields[supplied.index];
        let ty = &field.ty;
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(supplied.index.into()),
        };
        let (trait_name, method) = conversion(supplied);
        let trait_path = krate.private(trait_name);
        let method = Ident::new(method, Span::call_site());
        // Spanned at the field's type, so that a type that does not fit is reported there.
        let value = quote_spanned!(ty.span()=> <#ty as #trait_path>::#method(&self.#member));
        if mentions(ty, &type_params) {
            bounds.push(quote_spanned!(Span::call_site()=> #ty: #trait_path));
        }
        let Some(Piece::Tokens(value)) = argument(supplied.field, Piece::Tokens(value)) else {
            checked |= supplied.field.bit();
            continue;
        };
        let setter = if supplied.required { "set" } else { "put" };
        let call = Piece::Call {
            head: format!("{k}::__private::{setter}"),
            arguments: format!("&mut request,{k}::Field::{:?},", supplied.field),
            value,
        };
        if supplied.field.is_object() {
            object.push(call);
            let fixed = |f: &Field| plan.fixed.iter().any(|(fixed, _)| fixed == f);
            checked |= supplied
                .field
                .members()
                .filter(|f| !fixed(f))
                .fold(0, |m, f| m | f.bit());
        } else {
            sets.push(call);
            checked |= supplied.field.bit();
        }
    }

    let with_object = !object.is_empty();
    let mutable = !(object.is_empty() && fixed_texts.is_empty() && sets.is_empty());
    let mut body = Writer::default();
    body.text(if mutable {
        "let mut request="
    } else {
        "let request="
    });
    body.text(&format!("{k}::OrderRequest::new"));
    body.group(Delimiter::Parenthesis, |w| {
        for (_, value) in ctor {
            match value {
                Some(value) => w.piece(value),
                None => w.text("::core::compile_error!(\"msp-macros: a required field is unset\")"),
            }
            w.text(",");
        }
    });
    body.text(";");
    for statement in object {
        body.piece(statement);
    }
    if !fixed_texts.is_empty() {
        body.text(&format!(
            "{k}::__private::put_fixed(&mut request,&[{fixed_texts}]);"
        ));
    }
    for statement in sets {
        body.piece(statement);
    }
    let finish = if with_object {
        "finish_with_object"
    } else {
        "finish"
    };
    // Checked by reference, then moved once, into the result.
    body.text(&format!(
        "{k}::__private::{finish}(&request,{checked})?;::core::result::Result::Ok(request)"
    ));

    let mut generics = input.generics.clone();
    if !bounds.is_empty() {
        let where_clause = generics.make_where_clause();
        for bound in bounds {
            where_clause.predicates.push(syn::parse_quote!(#bound));
        }
    }
    let mut out = items(&input.ident, &generics, &krate, body.finish());
    out.extend(crate::warn::warnings(&input.ident, &plan.warnings));
    out
}

/// How the generated items name the `msp` crate.
pub struct Krate<'a> {
    /// The path as written in the generated text: `::msp`, or `__msp`, the name under which a
    /// `crate = "..."` path is imported.
    prefix: &'static str,
    /// The `crate = "..."` path to import, with its own span; `None` for the default `::msp`.
    import: Option<&'a syn::Path>,
}

impl<'a> Krate<'a> {
    /// The default `::msp` is named directly; another path is imported once (`use PATH as
    /// __msp;`) inside an anonymous `const`, so that a wrong `crate = "..."` is one error, at
    /// that literal, not one per mention.
    pub fn of(path: &'a syn::Path) -> Self {
        let default = path.leading_colon.is_some()
            && path.segments.len() == 1
            && path.segments[0].ident == "msp"
            && path.segments[0].arguments.is_empty();
        if default {
            Krate {
                prefix: "::msp",
                import: None,
            }
        } else {
            Krate {
                prefix: "__msp",
                import: Some(path),
            }
        }
    }

    /// `name` in `msp::__private`, as call-site tokens.
    fn private(&self, name: &str) -> TokenStream {
        parse(&format!("{}::__private::{name}", self.prefix))
    }
}

/// The items every derived struct gets: `impl Order` with `body`, and the inherent methods. The
/// fallback uses it too, with a body that is never run.
pub fn items(name: &Ident, generics: &Generics, krate: &Krate, body: TokenStream) -> TokenStream {
    let k = krate.prefix;
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    let plain = generics.params.is_empty() && generics.where_clause.is_none();
    let mut out = Writer::default();
    // The impl headers: `impl<..> PATH for Name<..> where ..`.
    let header = |w: &mut Writer, trait_path: &str| {
        w.text("impl ");
        if !plain {
            w.tokens(impl_generics.to_token_stream());
        }
        w.text(trait_path);
        w.tokens(name.to_token_stream());
        if !plain {
            w.tokens(type_generics.to_token_stream());
            w.tokens(where_clause.to_token_stream());
        }
    };
    if let Some(path) = krate.import {
        out.text("const _:()=");
        // The braces of the `const` are closed below.
        let mut inner = Writer::default();
        // At the path's own span, so that a wrong `crate = "..."` is reported at that literal.
        let span = path
            .segments
            .first()
            .map_or_else(Span::call_site, |s| s.ident.span());
        let renamed = Ident::new("__msp", span);
        inner.tokens(quote_spanned!(span=> use #path as #renamed;));
        write_items(&mut inner, k, header, body);
        out.tokens(TokenStream::from(TokenTree::Group(Group::new(
            Delimiter::Brace,
            inner.finish(),
        ))));
        out.text(";");
    } else {
        write_items(&mut out, k, header, body);
    }
    out.finish()
}

/// `impl Order` and the inherent `impl`, written into `w`.
///
/// The methods are `#[inline]`: a non-generic function of a library is compiled into the
/// merchant's crate whether it is called or not, an `#[inline]` one only where it is called (as
/// serde's generic `serialize` is), which also spares rustc a compiled function per struct to
/// track on every incremental build (BENCHMARKS.md, compile time).
fn write_items(w: &mut Writer, k: &str, header: impl Fn(&mut Writer, &str), body: TokenStream) {
    w.text("#[automatically_derived]");
    header(w, &format!("{k}::Order for"));
    w.group(Delimiter::Brace, |w| {
        w.text(&format!(
            "#[inline]fn to_request(&self)->{k}::__private::OrderResult<'_>"
        ));
        w.tokens(TokenStream::from(TokenTree::Group(Group::new(
            Delimiter::Brace,
            body,
        ))));
    });
    header(w, "");
    w.text(&format!(
        "{{#[doc=\" Builds the MultiSafepay order (the body of `POST /orders`) from this value,\\n \
         checking the values known only at run time; reports every violation at once.\"]\
         #[inline]pub fn to_request(&self)->::core::result::Result<{k}::OrderRequest<'_>,{k}::ValidationErrors>\
         {{<Self as {k}::Order>::to_request(self)}}\
         {k}::__private::submit!{{}}}}"
    ));
}

/// A piece of generated code: text, tokens (spanned where errors must point), or a call whose
/// last argument is spanned tokens.
enum Piece {
    /// Code as text, parsed with everything around it.
    Text(String),
    /// Tokens kept as they are.
    Tokens(TokenStream),
    /// `head(arguments value);`.
    Call {
        /// The function's path.
        head: String,
        /// The arguments before `value`, each followed by a comma.
        arguments: String,
        /// The last argument.
        value: TokenStream,
    },
}

/// Writes generated code: text is gathered and parsed in one go when tokens or a group follow
/// (each piece of text is balanced: groups are opened only through [`Writer::group`]).
#[derive(Default)]
struct Writer {
    tokens: Vec<TokenStream>,
    text: String,
}

impl Writer {
    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn tokens(&mut self, tokens: TokenStream) {
        self.flush();
        self.tokens.push(tokens);
    }

    fn piece(&mut self, piece: Piece) {
        match piece {
            Piece::Text(text) => self.text(&text),
            Piece::Tokens(tokens) => self.tokens(tokens),
            Piece::Call {
                head,
                arguments,
                value,
            } => {
                self.text(&head);
                self.group(Delimiter::Parenthesis, |w| {
                    w.text(&arguments);
                    w.tokens(value);
                });
                self.text(";");
            }
        }
    }

    /// A group whose contents `inside` writes.
    fn group(&mut self, delimiter: Delimiter, inside: impl FnOnce(&mut Writer)) {
        let mut inner = Writer::default();
        inside(&mut inner);
        let group = Group::new(delimiter, inner.finish());
        self.tokens(TokenStream::from(TokenTree::Group(group)));
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.tokens.push(parse(&self.text));
            self.text.clear();
        }
    }

    fn finish(mut self) -> TokenStream {
        self.flush();
        match self.tokens.len() {
            1 => self.tokens.pop().unwrap_or_default(),
            _ => self.tokens.into_iter().collect(),
        }
    }
}

/// Parses generated text. The text is written here and balanced, and the merchant's values in it
/// are string literals written by `{:?}` (a valid Rust literal), so it always parses; if it did
/// not, the error is reported rather than a panic.
///
/// Inside the compiler the text goes straight to its lexer: `proc_macro2`'s `from_str` would
/// first lex it again with its own lexer to validate it, which costs more than the rest of the
/// macro together.
fn parse(text: &str) -> TokenStream {
    if proc_macro::is_available() {
        if let Ok(tokens) = proc_macro::TokenStream::from_str(text) {
            return tokens.into();
        }
    }
    TokenStream::from_str(text).unwrap_or_else(|e| {
        syn::Error::new(
            Span::call_site(),
            format!("msp-macros: generated code does not parse ({e}); please report this"),
        )
        .to_compile_error()
    })
}

/// The conversion trait of `msp_core::derive_support` for a supplied field, and its method,
/// named by the field table's [`msp_core::Conversion`].
fn conversion(supplied: &Supplied) -> (&'static str, &'static str) {
    let conversion = supplied
        .field
        .conversion()
        .expect("checked: a field with a conversion");
    if supplied.required {
        (conversion.into_trait(), conversion.into_method())
    } else {
        (conversion.optional_trait(), conversion.optional_method())
    }
}

/// For the fallback: statements that have rustc check the types of the supplied fields (those
/// not depending on the struct's type parameters), as the generated code would have.
pub fn type_checks(input: &DeriveInput, krate: &Krate, supplied: &[Supplied]) -> TokenStream {
    let Data::Struct(data) = &input.data else {
        return TokenStream::new();
    };
    let fields: Vec<&syn::Field> = data.fields.iter().collect();
    let type_params: Vec<&Ident> = input.generics.type_params().map(|p| &p.ident).collect();
    supplied
        .iter()
        .map(|s| (fields[s.index], conversion(s)))
        .filter(|(field, _)| !mentions(&field.ty, &type_params))
        .map(|(field, (trait_name, method))| {
            let ty = &field.ty;
            let trait_path = krate.private(trait_name);
            let method = Ident::new(method, Span::call_site());
            quote_spanned!(ty.span()=> let _ = <#ty as #trait_path>::#method;)
        })
        .collect()
}

/// Whether `ty` mentions one of the struct's type parameters (then the impl needs a bound).
fn mentions(ty: &syn::Type, params: &[&Ident]) -> bool {
    fn walk(tokens: TokenStream, params: &[&Ident]) -> bool {
        tokens.into_iter().any(|t| match t {
            TokenTree::Ident(i) => params.iter().any(|p| **p == i),
            TokenTree::Group(g) => walk(g.stream(), params),
            _ => false,
        })
    }
    !params.is_empty() && walk(ty.to_token_stream(), params)
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    /// The generated code as text, without the spacing that differs between the pieces.
    fn expanded(input: syn::DeriveInput) -> String {
        crate::derive(&input).to_string().replace(' ', "")
    }

    #[test]
    fn names_the_crate_directly_or_through_one_import() {
        let direct = expanded(parse_quote! {
            #[msp_order(gateway = "IDEAL", flow = "direct", currency = "EUR",
                        notification_url = "https://shop.example/n", notification_method = "POST")]
            struct Checkout { order_id: u64, amount: u64, description: String }
        });
        assert!(
            direct.starts_with("#[automatically_derived]impl::msp::OrderforCheckout{"),
            "{direct}"
        );
        assert!(!direct.contains("__msp"), "{direct}");
        assert!(
            direct.contains(
                "letmutrequest=::msp::OrderRequest::new(::msp::Flow::Direct,::msp::Gateway::IDEAL,"
            ),
            "{direct}"
        );
        assert!(direct.contains("::msp::Currency::EUR"), "{direct}");

        let renamed = expanded(parse_quote! {
            #[msp_order(crate = "payments", gateway = "IDEAL", flow = "direct", currency = "EUR",
                        notification_url = "https://shop.example/n", notification_method = "POST")]
            struct Checkout<'a, A: Copy> where A: Clone {
                order_id: &'a str, amount: A, description: String, var1: Option<String>
            }
        });
        assert!(
            renamed.starts_with("const_:()={usepaymentsas__msp;#[automatically_derived]impl<'a,A:Copy>__msp::OrderforCheckout<'a,A>whereA:Clone,A:__msp::__private::IntoAmount{"),
            "{renamed}"
        );
        assert!(
            renamed.contains("letmutrequest=__msp::OrderRequest::new("),
            "{renamed}"
        );
        assert!(
            renamed.contains("__msp::__private::put(&mutrequest,__msp::Field::Var1,<Option<String>as__msp::__private::OptionalText>::optional_text(&self.var1));"),
            "{renamed}"
        );
        assert!(
            renamed.ends_with("__msp::__private::submit!{}}};"),
            "{renamed}"
        );
    }
}
