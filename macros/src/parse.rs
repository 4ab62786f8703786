//! Reads the struct and its `#[msp_order(...)]` attributes into the plain [`Input`] model.
//! Only syntax is judged here; what the keys and names mean is the check phase's business.
//!
//! Grammar (container):  `#[msp_order(key = literal, ...)]`, where a key is an identifier or a
//! dotted path (`customer.locale`) and `crate = "path"` names the `msp` crate; among them
//! `allow(name, ...)` lists the warnings the struct silences.
//! Grammar (field):      `#[msp_order(api_field)]`, `#[msp_order(customer.ip_address)]` or
//! `#[msp_order(skip)]`.

use crate::findings::Findings;
use crate::model::{Entry, FieldAttr, Input, InputField, Loc, Value};
use proc_macro2::{Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Attribute, Data, DeriveInput, Ident, Lit, Meta, Token, Type};

/// The struct, read.
pub struct Parsed {
    /// The plain model for the check phase.
    pub model: Input,
    /// The path of the `msp` crate in generated code: `::msp`, or the `crate = "..."` value;
    /// `None` when that value is not a path (then nothing but the errors can be generated).
    pub krate: Option<syn::Path>,
}

const ATTR: &str = "msp_order";

/// Reads `input`, collecting every syntax error into `findings` rather than stopping at the
/// first.
pub fn parse(input: &DeriveInput, findings: &mut Findings) -> Parsed {
    let mut parsed = Parsed {
        model: Input {
            name: Loc::at(input.ident.span()),
            ..Input::default()
        },
        // `::msp`, built rather than parsed: this runs for every derived struct.
        krate: Some(syn::Path {
            leading_colon: Some(Default::default()),
            segments: std::iter::once(syn::PathSegment::from(Ident::new("msp", Span::call_site())))
                .collect(),
        }),
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident(ATTR)) {
        parsed.model.has_attr = true;
        if let Err(e) = container_attr(attr, &mut parsed) {
            parsed.model.incomplete = true;
            findings.syntax(e);
        }
    }
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => return not_a_struct(parsed, findings, data.enum_token.span, "an enum"),
        Data::Union(data) => {
            return not_a_struct(parsed, findings, data.union_token.span, "a union")
        }
    };
    for field in fields {
        let (is_option, ty_loc) = type_facts(&field.ty);
        let (name, name_loc) = match &field.ident {
            Some(ident) => (Some(ident.unraw().to_string()), Loc::at(ident.span())),
            None => (None, ty_loc),
        };
        let attr = match field_attr(&field.attrs) {
            Ok(attr) => attr,
            Err(e) => {
                parsed.model.incomplete = true;
                findings.syntax(e);
                Some(FieldAttr::Skip)
            }
        };
        parsed.model.fields.push(InputField {
            name,
            name_loc,
            attr,
            is_option,
            ty_loc,
        });
    }
    parsed
}

fn not_a_struct(mut parsed: Parsed, findings: &mut Findings, span: Span, what: &str) -> Parsed {
    parsed.model.incomplete = true;
    findings.syntax(syn::Error::new(
        span,
        format!("`#[derive(MspOrder)]` works on a struct (an order is one set of fields), not on {what}"),
    ));
    parsed
}

fn container_attr(attr: &Attribute, parsed: &mut Parsed) -> syn::Result<()> {
    let list = match &attr.meta {
        Meta::List(list) => list,
        _ => {
            return Err(syn::Error::new_spanned(
                attr,
                "write the gateway and the flow in the attribute: `#[msp_order(gateway = \"...\", flow = \"...\")]`",
            ))
        }
    };
    if let Some(entries) = plain_entries(&list.tokens) {
        parsed.model.entries.extend(entries);
        return Ok(());
    }
    list.parse_args_with(|stream: ParseStream| {
        while !stream.is_empty() {
            let (key, key_loc) = key(stream)?;
            if key == "allow" && stream.peek(syn::token::Paren) {
                allow_list(stream, &mut parsed.model.allows)?;
                if stream.is_empty() {
                    break;
                }
                stream.parse::<Token![,]>()?;
                continue;
            }
            if stream.peek(syn::token::Paren)
                && msp_core::suggest::closest(&key, ["allow"]).is_some()
            {
                return Err(syn::Error::new(
                    key_loc.start,
                    format!("unknown key `{key}`; did you mean `allow(...)`?"),
                ));
            }
            if !stream.peek(Token![=]) {
                return Err(stream.error(format!(
                    "expected `=` and a value after `{key}`: the struct's `#[msp_order(...)]` takes \
                     `key = value` pairs, such as `gateway = \"AMEX\"`"
                )));
            }
            stream.parse::<Token![=]>()?;
            if !stream.peek(Lit) {
                // `gateway = AMEX`: the value is right but unquoted.
                if stream.peek(Ident) && !stream.peek2(Token![::]) {
                    let word = Ident::parse_any(stream)?;
                    return Err(syn::Error::new(
                        word.span(),
                        format!("`{key}` takes a quoted string: `{key} = \"{word}\"`"),
                    ));
                }
                return Err(stream.error(format!("expected a literal value, such as `{key} = \"...\"`")));
            }
            let lit: Lit = stream.parse()?;
            let value = match &lit {
                Lit::Str(s) => Value::Str(s.value()),
                Lit::Bool(b) => Value::Bool(b.value),
                _ => Value::Other,
            };
            if key == "crate" {
                parsed.krate = match &lit {
                    Lit::Str(s) => s.parse::<syn::Path>().ok(),
                    _ => None,
                };
                if parsed.krate.is_none() {
                    return Err(syn::Error::new(
                        lit.span(),
                        "`crate` takes the path of the `msp` crate as a string, such as `crate = \"payments\"`",
                    ));
                }
            }
            parsed.model.entries.push(Entry { key, key_loc, value, value_loc: Loc::at(lit.span()) });
            if stream.is_empty() {
                break;
            }
            stream.parse::<Token![,]>()?;
        }
        Ok(())
    })
}

/// The entries of an attribute made only of `key = "text"` and `key = true|false` pairs, read
/// straight from the tokens; `None` for anything else (`crate`, `allow(...)`, another literal, a
/// string with escapes, a mistake), which [`container_attr`]'s `syn` parser reads, with its
/// errors. The common attribute is read here at a fraction of `syn`'s cost (its literal parser
/// re-reads each literal's text), paid for every derived struct on every build.
fn plain_entries(tokens: &TokenStream) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut tokens = tokens.clone().into_iter();
    while let Some(first) = tokens.next() {
        let TokenTree::Ident(first) = first else {
            return None;
        };
        let mut key = first.unraw().to_string();
        if key == "crate" || key == "allow" {
            return None;
        }
        let mut last = first.span();
        let value = loop {
            match tokens.next()? {
                TokenTree::Punct(p) if p.as_char() == '.' => {
                    let TokenTree::Ident(next) = tokens.next()? else {
                        return None;
                    };
                    key.push('.');
                    key.push_str(&next.unraw().to_string());
                    last = next.span();
                }
                TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone => {
                    break tokens.next()?;
                }
                _ => return None,
            }
        };
        let (value, value_span) = match value {
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                let inner = text.strip_prefix('"')?.strip_suffix('"')?;
                // A `"` or a carriage return inside a string literal is always escaped.
                if inner.as_bytes().contains(&b'\\') {
                    return None;
                }
                (Value::Str(inner.to_owned()), literal.span())
            }
            TokenTree::Ident(word) if word == "true" => (Value::Bool(true), word.span()),
            TokenTree::Ident(word) if word == "false" => (Value::Bool(false), word.span()),
            _ => return None,
        };
        entries.push(Entry {
            key,
            key_loc: Loc {
                start: first.span(),
                end: last,
            },
            value,
            value_loc: Loc::at(value_span),
        });
        match tokens.next() {
            None => break,
            Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
            Some(_) => return None,
        }
    }
    Some(entries)
}

/// `(name, ...)` after `allow`: the names, judged by the check phase.
fn allow_list(stream: ParseStream, allows: &mut Vec<(String, Loc)>) -> syn::Result<()> {
    let content;
    syn::parenthesized!(content in stream);
    let names = content
        .parse_terminated(Ident::parse_any, Token![,])
        .map_err(|e| {
            syn::Error::new(
                e.span(),
                "`allow(...)` takes the names of warnings, such as `allow(fraud_check)`",
            )
        })?;
    allows.extend(
        names
            .into_iter()
            .map(|name| (name.unraw().to_string(), Loc::at(name.span()))),
    );
    Ok(())
}

/// `name` or `a.b`, keywords allowed (`crate`, `type`).
fn key(stream: ParseStream) -> syn::Result<(String, Loc)> {
    let first = Ident::parse_any(stream)
        .map_err(|e| syn::Error::new(e.span(), "expected a key, such as `gateway`"))?;
    let mut key = first.unraw().to_string();
    let mut last = first.span();
    while stream.peek(Token![.]) {
        stream.parse::<Token![.]>()?;
        let next = Ident::parse_any(stream)?;
        key.push('.');
        key.push_str(&next.unraw().to_string());
        last = next.span();
    }
    Ok((
        key,
        Loc {
            start: first.span(),
            end: last,
        },
    ))
}

fn field_attr(attrs: &[Attribute]) -> syn::Result<Option<FieldAttr>> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident(ATTR)) {
        if found.is_some() {
            return Err(syn::Error::new_spanned(
                attr,
                "a field takes one `#[msp_order(...)]`: it supplies one API field",
            ));
        }
        let Meta::List(list) = &attr.meta else {
            return Err(syn::Error::new_spanned(
                attr,
                "name the API field this field supplies, such as `#[msp_order(amount)]`",
            ));
        };
        found = Some(list.parse_args_with(|stream: ParseStream| {
            let (name, loc) = key(stream)?;
            if stream.peek(Token![=]) {
                return Err(stream.error(
                    "on a field, `#[msp_order(...)]` only names the API field the field supplies, such as \
                     `#[msp_order(amount)]`; `key = value` settings go on the struct",
                ));
            }
            if !stream.is_empty() {
                return Err(stream.error("a field supplies one API field: `#[msp_order(amount)]`"));
            }
            Ok(if name == "skip" { FieldAttr::Skip } else { FieldAttr::Supplies { name, loc } })
        })?);
    }
    Ok(found)
}

/// Whether `ty` is an `Option`, and where it is: for the type kept as tokens by the input
/// reader, from one pass over its tokens.
fn type_facts(ty: &Type) -> (bool, Loc) {
    let Type::Verbatim(tokens) = ty else {
        return (is_option(ty), loc_of(ty));
    };
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let loc = match (trees.first(), trees.last()) {
        (Some(first), Some(last)) => Loc {
            start: first.span(),
            end: last.span(),
        },
        _ => Loc::default(),
    };
    (crate::input::is_option_trees(&trees), loc)
}

/// Whether `ty` is written `Option<...>` (or `std::option::Option<...>`).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Option" && !s.arguments.is_empty()),
        Type::Group(group) => is_option(&group.elem),
        Type::Paren(paren) => is_option(&paren.elem),
        Type::Verbatim(tokens) => crate::input::is_option(tokens),
        _ => false,
    }
}

/// The first and last token of `tokens`.
pub fn loc_of(tokens: &impl ToTokens) -> Loc {
    let stream: TokenStream = tokens.to_token_stream();
    let mut iter = stream.into_iter();
    let Some(first) = iter.next() else {
        return Loc::default();
    };
    let start = first.span();
    let end = iter.last().map_or(start, |t| t.span());
    Loc { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn reads_the_container_and_the_fields() {
        let input: DeriveInput = parse_quote! {
            #[derive(Debug)]
            #[msp_order(gateway = "AMEX", flow = "redirect", customer.locale = "nl_NL")]
            #[msp_order(close_window = true, crate = "payments", allow(fraud_check, deprecated_gateway))]
            struct Checkout<'a> {
                order_id: &'a str,
                #[msp_order(amount)]
                total: u64,
                email: Option<String>,
                #[msp_order(skip)]
                r#type: String,
                #[serde(skip)]
                note: std::option::Option<u8>,
            }
        };
        let mut findings = Findings::default();
        let parsed = parse(&input, &mut findings);
        assert!(findings.is_empty());
        let model = parsed.model;
        assert!(model.has_attr && !model.incomplete);
        let keys: Vec<&str> = model.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "gateway",
                "flow",
                "customer.locale",
                "close_window",
                "crate"
            ]
        );
        assert_eq!(model.entries[3].value, Value::Bool(true));
        let allows: Vec<&str> = model.allows.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(allows, ["fraud_check", "deprecated_gateway"]);
        assert_eq!(
            parsed.krate.unwrap().to_token_stream().to_string(),
            "payments"
        );
        let names: Vec<_> = model
            .fields
            .iter()
            .map(|f| f.name.as_deref().unwrap())
            .collect();
        assert_eq!(names, ["order_id", "total", "email", "type", "note"]);
        assert!(
            matches!(&model.fields[1].attr, Some(FieldAttr::Supplies { name, .. }) if name == "amount")
        );
        assert!(matches!(model.fields[3].attr, Some(FieldAttr::Skip)));
        let options: Vec<bool> = model.fields.iter().map(|f| f.is_option).collect();
        assert_eq!(options, [false, false, true, false, true]);
    }

    #[test]
    fn syntax_errors_are_collected_and_mark_the_input_incomplete() {
        let input: DeriveInput = parse_quote! {
            #[msp_order(gateway = AMEX, flow = "redirect")]
            struct Checkout {
                #[msp_order(amount = 5)]
                total: u64,
                #[msp_order(amount, skip)]
                other: u64,
            }
        };
        let mut findings = Findings::default();
        let parsed = parse(&input, &mut findings);
        let messages = findings.messages();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(
            messages[0],
            "`gateway` takes a quoted string: `gateway = \"AMEX\"`"
        );
        assert!(messages[1].starts_with("on a field, `#[msp_order(...)]` only names"));
        assert!(parsed.model.incomplete);
    }

    #[test]
    fn plain_attributes_read_as_syn_reads_them() {
        // The same attribute, once read by the token reader and once (with `crate`, which only
        // `syn`'s parser reads) by `syn`: the same entries, values and spans.
        let read = |attr: TokenStream| {
            let input: DeriveInput = parse_quote! {
                #[msp_order(#attr)]
                struct Checkout { order_id: u64 }
            };
            let mut findings = Findings::default();
            let model = parse(&input, &mut findings).model;
            assert!(findings.is_empty(), "{:?}", findings.messages());
            model
                .entries
                .into_iter()
                .filter(|e| e.key != "crate")
                .map(|e| {
                    let spans = [e.key_loc.start, e.key_loc.end, e.value_loc.start];
                    (e.key, e.value, spans.map(|s| format!("{s:?}")))
                })
                .collect::<Vec<_>>()
        };
        let attr = quote::quote! {
            gateway = "AMEX", flow = "redirect", customer.locale = "nl_NL",
            r#type = "x y", close_window = true, other = false, notification_url = "https://a.example/n?x=1&y=2",
        };
        let fast = read(attr.clone());
        assert_eq!(fast.len(), 7);
        assert_eq!(fast[2].0, "customer.locale");
        assert_eq!(fast[3].0, "type");
        assert_eq!(fast[4].1, Value::Bool(true));
        assert_eq!(fast[6].1, Value::Str("https://a.example/n?x=1&y=2".into()));
        assert!(plain_entries(&attr).is_some());
        assert_eq!(fast, read(quote::quote!(#attr crate = "msp")));

        // Escapes, other literals and mistakes go to `syn`.
        for other in [
            quote::quote!(locale = "nl\u{5f}NL"),
            quote::quote!(locale = r"nl_NL"),
            quote::quote!(amount = 5),
            quote::quote!(gateway = AMEX),
            quote::quote!(gateway == "AMEX"),
            quote::quote!(gateway "AMEX"),
            quote::quote!(allow(fraud_check)),
            quote::quote!(crate = "msp"),
        ] {
            assert!(plain_entries(&other).is_none(), "{other}");
        }
    }

    #[test]
    fn enums_are_refused() {
        let input: DeriveInput = parse_quote! {
            #[msp_order(gateway = "AMEX", flow = "redirect")]
            enum Checkout { A }
        };
        let mut findings = Findings::default();
        parse(&input, &mut findings);
        assert!(findings.messages()[0].contains("not on an enum"));
    }
}
