//! Writes the code of a sound struct: `impl msp::Order` (the conversion into `OrderRequest`) and
//! the inherent `to_request` and `submit`, thin delegations. Everything generic (validation,
//! sending) lives once in `msp_core`; only the per-struct field mapping is generated here.

use crate::plan::{Fixed, Plan, Supplied};
use msp_core::Field;
use proc_macro2::{Literal, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
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
    let krate = &alias();
    let fields: Vec<&syn::Field> = data.fields.iter().collect();
    let private = quote!(#krate::__private);
    let type_params: Vec<&Ident> = input.generics.type_params().map(|p| &p.ident).collect();

    // `OrderRequest::new`'s arguments: the field table's argument rows, in its order.
    let arguments: Vec<Field> = Field::all()
        .iter()
        .copied()
        .filter(|f| f.is_argument())
        .collect();
    let position = |field: Field| arguments.iter().position(|&a| a == field);
    let mut ctor: Vec<Option<TokenStream>> = vec![None; arguments.len()];
    let flow = variant(&plan.flow);
    let gateway = variant(&plan.gateway);
    for (field, value) in [
        (Field::Type, quote!(#krate::Flow::#flow)),
        (Field::Gateway, quote!(#krate::Gateway::#gateway)),
    ] {
        if let Some(slot) = position(field) {
            ctor[slot] = Some(value);
        }
    }
    let mut customer_object = Vec::new();
    let mut fixed_texts = Vec::new();
    let mut sets = Vec::new();
    let mut bounds = Vec::new();
    let mut checked_at_run_time: Vec<Field> = Vec::new();

    for (field, fixed) in &plan.fixed {
        let value = match fixed {
            Fixed::Currency(c) => {
                let variant = variant(c);
                quote!(#krate::Currency::#variant)
            }
            Fixed::Str(s) => Literal::string(s).into_token_stream(),
            Fixed::Bool(b) => quote!(#b),
        };
        let name = variant(field);
        match (position(*field), fixed) {
            (Some(slot), _) => ctor[slot] = Some(value),
            (None, Fixed::Str(_)) => fixed_texts.push(quote!((#krate::Field::#name, #value))),
            (None, _) => {
                sets.push(quote!(#private::set(&mut request, #krate::Field::#name, #value);))
            }
        }
    }

    for supplied in &plan.supplied {
        let field = fields[supplied.index];
        let ty = &field.ty;
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(supplied.index.into()),
        };
        let (trait_path, method) = conversion(krate, supplied);
        // Spanned at the field's type, so that a type that does not fit is reported there.
        let value = quote_spanned!(ty.span()=> <#ty as #trait_path>::#method(&self.#member));
        if mentions(ty, &type_params) {
            bounds.push(quote!(#ty: #trait_path));
        }
        let name = variant(&supplied.field);
        let set = match (position(supplied.field), supplied.required) {
            (Some(slot), _) => {
                ctor[slot] = Some(value);
                None
            }
            (None, true) => Some(quote!(
                #private::set(&mut request, #krate::Field::#name, #value);
            )),
            (None, false) => Some(quote!(
                #private::put(&mut request, #krate::Field::#name, #value);
            )),
        };
        if supplied.field.is_object() {
            // A whole object (`customer`, `delivery`, `gateway_info`) first, so that its single
            // fields and fixed values override it.
            customer_object.extend(set);
            let fixed = |f: &Field| plan.fixed.iter().any(|(fixed, _)| fixed == f);
            checked_at_run_time.extend(supplied.field.members().filter(|f| !fixed(f)));
        } else {
            sets.extend(set);
            checked_at_run_time.push(supplied.field);
        }
    }

    let ctor: Vec<TokenStream> = ctor
        .into_iter()
        .map(|arg| {
            arg.unwrap_or_else(|| {
                quote!(::core::compile_error!(
                    "msp-macros: a required field is unset"
                ))
            })
        })
        .collect();
    let fixed_texts = (!fixed_texts.is_empty())
        .then(|| quote!(#private::put_fixed(&mut request, &[#(#fixed_texts),*]);));
    // The fields whose values are checked at run time, as `Field::bit`s.
    let checked = Literal::u128_unsuffixed(checked_at_run_time.iter().fold(0, |m, f| m | f.bit()));
    let finish = if customer_object.is_empty() {
        quote!(#private::finish(request, #checked))
    } else {
        quote!(#private::finish_with_object(request, #checked))
    };
    let mutable = (fixed_texts.is_some() || !sets.is_empty() || !customer_object.is_empty())
        .then(|| quote!(mut));

    let mut generics = input.generics.clone();
    let where_clause = generics.make_where_clause();
    for bound in bounds {
        where_clause.predicates.push(syn::parse_quote!(#bound));
    }
    let body = quote! {
        let #mutable request = #krate::OrderRequest::new(#(#ctor),*);
        #(#customer_object)*
        #fixed_texts
        #(#sets)*
        #finish
    };
    items(&input.ident, &generics, msp, body)
}

/// The name under which the generated items see the `msp` crate: one `use` of its path, so that
/// a wrong `crate = "..."` is one error, not one per mention.
pub fn alias() -> syn::Path {
    syn::parse_quote!(__msp)
}

/// The items every derived struct gets: `impl Order` with `body`, and the inherent methods,
/// inside an anonymous `const` that names the `msp` crate (at path `msp`) as [`alias`]. The
/// fallback uses it too, with a body that is never run.
pub fn items(name: &Ident, generics: &Generics, msp: &syn::Path, body: TokenStream) -> TokenStream {
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    let krate = alias();
    // At the path's own span, so that a wrong `crate = "..."` is reported at that literal.
    let span = msp
        .segments
        .first()
        .map_or_else(Span::call_site, |s| s.ident.span());
    let renamed = Ident::new("__msp", span);
    let import = quote_spanned!(span=> use #msp as #renamed;);
    let doc = " Builds the MultiSafepay order (the body of `POST /orders`) from this value,\n \
               checking the values known only at run time; reports every violation at once.";
    quote! {
        const _: () = {
            #import

            #[automatically_derived]
            impl #impl_generics #krate::Order for #name #type_generics #where_clause {
                fn to_request(&self) -> #krate::__private::OrderResult {
                    #body
                }
            }

            impl #impl_generics #name #type_generics #where_clause {
                #[doc = #doc]
                pub fn to_request(
                    &self,
                ) -> ::core::result::Result<#krate::OrderRequest, #krate::ValidationErrors> {
                    <Self as #krate::Order>::to_request(self)
                }

                #krate::__private::submit! {}
            }
        };
    }
}

/// The conversion trait of `msp_core::derive_support` for a supplied field, and its method,
/// named by the field table's [`msp_core::Conversion`].
fn conversion(krate: &syn::Path, supplied: &Supplied) -> (TokenStream, Ident) {
    let conversion = supplied
        .field
        .conversion()
        .expect("checked: a field with a conversion");
    let (trait_name, method) = if supplied.required {
        (conversion.into_trait(), conversion.into_method())
    } else {
        (conversion.optional_trait(), conversion.optional_method())
    };
    let trait_name = Ident::new(trait_name, Span::call_site());
    let method = Ident::new(method, Span::call_site());
    (quote!(#krate::__private::#trait_name), method)
}

/// For the fallback: statements that have rustc check the types of the supplied fields (those
/// not depending on the struct's type parameters), as the generated code would have.
pub fn type_checks(input: &DeriveInput, supplied: &[Supplied]) -> TokenStream {
    let krate = &alias();
    let Data::Struct(data) = &input.data else {
        return TokenStream::new();
    };
    let fields: Vec<&syn::Field> = data.fields.iter().collect();
    let type_params: Vec<&Ident> = input.generics.type_params().map(|p| &p.ident).collect();
    supplied
        .iter()
        .map(|s| (fields[s.index], conversion(krate, s)))
        .filter(|(field, _)| !mentions(&field.ty, &type_params))
        .map(|(field, (trait_path, method))| {
            let ty = &field.ty;
            quote_spanned!(ty.span()=> let _ = <#ty as #trait_path>::#method;)
        })
        .collect()
}

/// A typed value's Rust variant name (`Gateway::AMEX`, `Flow::Redirect`): its `Debug` form, so
/// that no list of variants is copied here.
fn variant(value: &impl std::fmt::Debug) -> Ident {
    Ident::new(&format!("{value:?}"), Span::call_site())
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
