//! Reads the derive's input into a `syn::DeriveInput` at a fraction of the cost of `syn`'s own
//! parser: the struct's fields' types are kept as the tokens the merchant wrote
//! (`syn::Type::Verbatim`) instead of being parsed into syntax trees, which the macro never
//! needs (it only copies a type into the generated code and asks whether it is an `Option`).
//! Parsing types was the largest part of the macro's run, paid on every build of the merchant's
//! crate (BENCHMARKS.md, compile time).
//!
//! The common struct (no generics, no restricted visibility) is read straight from its token
//! trees ([`plain`]), without `syn`'s parse buffer; the rest through `syn`'s parsing functions
//! ([`light`]). Anything else (an enum, a union, whatever this reader does not expect) goes to
//! `syn`'s full parser, so its errors and the macro's behaviour are unchanged.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{
    token, Attribute, Data, DataStruct, DeriveInput, Field, FieldMutability, Fields, FieldsNamed,
    FieldsUnnamed, Generics, Ident, Token, Type, Visibility, WhereClause,
};

/// The derive's input, as `syn` would read it, with verbatim field types.
pub fn parse(tokens: proc_macro::TokenStream) -> syn::Result<DeriveInput> {
    let tokens = TokenStream::from(tokens);
    if let Some(input) = plain(tokens.clone()) {
        return Ok(input);
    }
    match light.parse2(tokens.clone()) {
        Ok(input) => Ok(input),
        Err(_) => syn::parse2(tokens),
    }
}

/// The common struct, read straight from its token trees, without `syn`'s parse buffer: outer
/// attributes, no or `pub` visibility, `struct`, the name, no generics, and named fields, tuple
/// fields or none. `None` for anything else, which [`light`] reads.
///
/// The attributes other than `msp_order` are kept as their path alone (`#[serde]` for
/// `#[serde(rename = "total")]`): the macro only looks for its own.
fn plain(tokens: TokenStream) -> Option<DeriveInput> {
    let mut trees = tokens.into_iter().peekable();
    let attrs = attributes(&mut trees)?;
    let vis = visibility(&mut trees)?;
    let struct_token = match trees.next()? {
        TokenTree::Ident(word) if word == "struct" => Token![struct](word.span()),
        _ => return None,
    };
    let TokenTree::Ident(ident) = trees.next()? else {
        return None;
    };
    let (fields, semi_token) = match trees.next()? {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
            let named = plain_fields(group.stream(), true)?;
            let brace_token = token::Brace {
                span: group.delim_span(),
            };
            (Fields::Named(FieldsNamed { brace_token, named }), None)
        }
        TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
            let unnamed = plain_fields(group.stream(), false)?;
            let paren_token = token::Paren {
                span: group.delim_span(),
            };
            let semi = semicolon(trees.next()?)?;
            (
                Fields::Unnamed(FieldsUnnamed {
                    paren_token,
                    unnamed,
                }),
                Some(semi),
            )
        }
        tree => (Fields::Unit, Some(semicolon(tree)?)),
    };
    if trees.next().is_some() {
        return None;
    }
    Some(DeriveInput {
        attrs,
        vis,
        ident,
        generics: Generics::default(),
        data: Data::Struct(DataStruct {
            struct_token,
            fields,
            semi_token,
        }),
    })
}

type Trees = std::iter::Peekable<proc_macro2::token_stream::IntoIter>;

/// `;`.
fn semicolon(tree: TokenTree) -> Option<Token![;]> {
    match tree {
        TokenTree::Punct(p) if p.as_char() == ';' => Some(Token![;](p.span())),
        _ => None,
    }
}

/// Outer attributes: `#[msp_order(...)]` as `syn` reads it, any other as its path alone.
fn attributes(trees: &mut Trees) -> Option<Vec<Attribute>> {
    let mut attrs = Vec::new();
    while matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        let Some(TokenTree::Punct(pound)) = trees.next() else {
            return None;
        };
        let TokenTree::Group(group) = trees.next()? else {
            return None;
        };
        if group.delimiter() != Delimiter::Bracket {
            return None;
        }
        let mut inside = group.stream().into_iter();
        let TokenTree::Ident(name) = inside.next()? else {
            return None;
        };
        let meta = if name == "msp_order" {
            // Only the list form: any other is read (and refused) by `syn`'s path.
            let (Some(TokenTree::Group(list)), None) = (inside.next(), inside.next()) else {
                return None;
            };
            if list.delimiter() != Delimiter::Parenthesis {
                return None;
            }
            syn::Meta::List(syn::MetaList {
                path: name.into(),
                delimiter: syn::MacroDelimiter::Paren(token::Paren {
                    span: list.delim_span(),
                }),
                tokens: list.stream(),
            })
        } else {
            syn::Meta::Path(name.into())
        };
        attrs.push(Attribute {
            pound_token: Token![#](pound.span()),
            style: syn::AttrStyle::Outer,
            bracket_token: token::Bracket {
                span: group.delim_span(),
            },
            meta,
        });
    }
    Some(attrs)
}

/// No visibility or `pub` (`pub(crate)` and the like go to `syn`).
fn visibility(trees: &mut Trees) -> Option<Visibility> {
    match trees.peek() {
        Some(TokenTree::Ident(word)) if word == "pub" => {
            let span = word.span();
            trees.next();
            if matches!(trees.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
            {
                return None;
            }
            Some(Visibility::Public(Token![pub](span)))
        }
        _ => Some(Visibility::Inherited),
    }
}

/// Named (`name: Type`) or tuple (`Type`) fields, comma-separated, each type kept as its tokens
/// up to the next comma outside angle brackets (as [`verbatim_type`] reads it).
fn plain_fields(stream: TokenStream, named: bool) -> Option<Punctuated<Field, Token![,]>> {
    let mut fields = Punctuated::new();
    let mut trees = stream.into_iter().peekable();
    while trees.peek().is_some() {
        let attrs = attributes(&mut trees)?;
        let vis = visibility(&mut trees)?;
        let (ident, colon_token) = if named {
            let TokenTree::Ident(ident) = trees.next()? else {
                return None;
            };
            match trees.next()? {
                TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Alone => {
                    (Some(ident), Some(Token![:](p.span())))
                }
                _ => return None,
            }
        } else {
            (None, None)
        };
        let mut ty = Vec::new();
        let mut angles = Angles::default();
        let mut comma = None;
        for tree in trees.by_ref() {
            if let Angle::Comma = angles.step(&tree) {
                comma = Some(Token![,](tree.span()));
                break;
            }
            ty.push(tree);
        }
        if ty.is_empty() {
            return None;
        }
        fields.push_value(Field {
            attrs,
            vis,
            mutability: FieldMutability::None,
            ident,
            colon_token,
            ty: Type::Verbatim(ty.into_iter().collect()),
        });
        match comma {
            Some(comma) => fields.push_punct(comma),
            None => break,
        }
    }
    Some(fields)
}

/// A struct: attributes, visibility, `struct`, name, generics, fields, `where` clause.
fn light(input: ParseStream) -> syn::Result<DeriveInput> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let struct_token: Token![struct] = input.parse()?;
    let ident: Ident = input.parse()?;
    let mut generics: Generics = input.parse()?;
    let (fields, semi_token) = if input.peek(token::Paren) {
        let content;
        let paren_token = syn::parenthesized!(content in input);
        let unnamed = fields(&content, false)?;
        generics.where_clause = input.parse::<Option<WhereClause>>()?;
        let semi: Token![;] = input.parse()?;
        (
            Fields::Unnamed(FieldsUnnamed {
                paren_token,
                unnamed,
            }),
            Some(semi),
        )
    } else {
        generics.where_clause = input.parse::<Option<WhereClause>>()?;
        if input.peek(Token![;]) {
            (Fields::Unit, Some(input.parse()?))
        } else {
            let content;
            let brace_token = syn::braced!(content in input);
            let named = fields(&content, true)?;
            (Fields::Named(FieldsNamed { brace_token, named }), None)
        }
    };
    if !input.is_empty() {
        return Err(input.error("unexpected tokens after the struct"));
    }
    Ok(DeriveInput {
        attrs,
        vis,
        ident,
        generics,
        data: Data::Struct(DataStruct {
            struct_token,
            fields,
            semi_token,
        }),
    })
}

/// The fields of a struct (`name: Type`) or of a tuple struct (`Type`), comma-separated.
fn fields(input: ParseStream, named: bool) -> syn::Result<Punctuated<Field, Token![,]>> {
    let mut fields = Punctuated::new();
    while !input.is_empty() {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let (ident, colon_token) = if named {
            let ident: Ident = input.parse()?;
            (Some(ident), Some(input.parse::<Token![:]>()?))
        } else {
            (None, None)
        };
        let ty = verbatim_type(input)?;
        fields.push_value(Field {
            attrs,
            vis,
            mutability: FieldMutability::None,
            ident,
            colon_token,
            ty,
        });
        if input.is_empty() {
            break;
        }
        fields.push_punct(input.parse()?);
    }
    Ok(fields)
}

/// The tokens of a type, up to the next comma outside angle brackets (the only brackets that
/// are not token groups), as `Type::Verbatim`.
fn verbatim_type(input: ParseStream) -> syn::Result<Type> {
    input.step(|cursor| {
        let mut rest = *cursor;
        let mut tokens = TokenStream::new();
        let mut angles = Angles::default();
        while let Some((tree, next)) = rest.token_tree() {
            if let Angle::Comma = angles.step(&tree) {
                break;
            }
            tokens.extend([tree]);
            rest = next;
        }
        if tokens.is_empty() {
            return Err(cursor.error("expected a type"));
        }
        Ok((Type::Verbatim(tokens), rest))
    })
}

/// Whether a type written as `tokens` is an `Option<...>` (`Option<T>`,
/// `std::option::Option<T>`, in parentheses or an invisible group), as the parser asks of
/// `syn::Type::Path`: a path whose last segment is `Option` with generic arguments.
pub fn is_option(tokens: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    is_option_trees(&trees)
}

/// [`is_option`] of the type's tokens, already split into trees.
pub fn is_option_trees(trees: &[TokenTree]) -> bool {
    if let [TokenTree::Group(group)] = trees {
        return matches!(group.delimiter(), Delimiter::None | Delimiter::Parenthesis)
            && is_option(&group.stream());
    }
    // A path: identifiers joined by `::`, then `<`, the arguments, and a `>` ending the type.
    let mut last_ident = None;
    let mut i = 0;
    while let Some(tree) = trees.get(i) {
        match tree {
            TokenTree::Ident(ident) => last_ident = Some(ident),
            TokenTree::Punct(p) if p.as_char() == ':' => {}
            TokenTree::Punct(p) if p.as_char() == '<' => break,
            _ => return false,
        }
        i += 1;
    }
    let Some(ident) = last_ident else {
        return false;
    };
    if ident != "Option" || i >= trees.len() {
        return false;
    }
    // The `<` at `i` must close at the last token.
    let mut angles = Angles::default();
    for (j, tree) in trees.iter().enumerate().skip(i) {
        if let Angle::Closed = angles.step(tree) {
            return j == trees.len() - 1;
        }
    }
    false
}

/// Angle brackets through a type's tokens, one token at a time: `<` and `>` are puncts, not
/// token groups, and the `>` of `->` closes nothing.
#[derive(Default)]
struct Angles {
    depth: usize,
    /// Whether the previous token was a `-` joined to the next.
    arrow: bool,
}

/// What a token is to the angle brackets around it.
enum Angle {
    /// A comma outside every angle bracket: the end of the type.
    Comma,
    /// A `>` that closes the outermost bracket.
    Closed,
    /// Anything else.
    Other,
}

impl Angles {
    fn step(&mut self, tree: &TokenTree) -> Angle {
        let TokenTree::Punct(p) = tree else {
            self.arrow = false;
            return Angle::Other;
        };
        let angle = match p.as_char() {
            ',' if self.depth == 0 => Angle::Comma,
            '<' => {
                self.depth += 1;
                Angle::Other
            }
            '>' if !self.arrow && self.depth > 0 => {
                self.depth -= 1;
                match self.depth {
                    0 => Angle::Closed,
                    _ => Angle::Other,
                }
            }
            _ => Angle::Other,
        };
        self.arrow = p.as_char() == '-' && p.spacing() == Spacing::Joint;
        angle
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn read(tokens: TokenStream) -> DeriveInput {
        light.parse2(tokens).expect("reads")
    }

    /// Tokens as text, without the spacing (`syn` prints `>>` as `> >`).
    fn text(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string().replace(' ', "")
    }

    /// The light reader gives what `syn` gives, but for the types, which it keeps as tokens.
    fn same_as_syn(tokens: TokenStream) {
        let light = read(tokens.clone());
        let full: DeriveInput = syn::parse2(tokens).unwrap();
        assert_eq!(text(&light), text(&full));
        let (Data::Struct(a), Data::Struct(b)) = (&light.data, &full.data) else {
            panic!("structs")
        };
        assert_eq!(a.fields.len(), b.fields.len());
        for (a, b) in a.fields.iter().zip(&b.fields) {
            assert_eq!(a.ident, b.ident);
            assert_eq!(text(&a.ty), text(&b.ty));
            assert!(matches!(a.ty, Type::Verbatim(_)));
        }
    }

    #[test]
    fn reads_structs_as_syn_does() {
        same_as_syn(quote! {
            #[derive(Debug)]
            #[msp_order(gateway = "AMEX", flow = "redirect")]
            pub(crate) struct Checkout<'a, A: Copy, const N: usize = 3> where A: Clone {
                /// The id.
                #[msp_order(order_id)]
                pub order_id: &'a str,
                r#type: Option<Vec<(u8, String)>>,
                map: std::collections::HashMap<String, Vec<u8>>,
                callback: fn(u8, u16) -> Option<u32>,
                boxed: Box<dyn Fn(u8) -> Vec<u8> + Send>,
                array: [u8; N],
                qualified: <A as Iterator>::Item,
                last: A
            }
        });
        same_as_syn(quote! { struct Tuple<T>(pub T, Option<u8>,) where T: Copy; });
        same_as_syn(quote! { struct Unit; });
        same_as_syn(quote! { struct Empty {} });
    }

    /// The token reader gives what the light reader gives, but for the attributes other than
    /// `msp_order`, which it keeps as their path.
    fn same_as_light(tokens: TokenStream) {
        let plain = plain(tokens.clone()).expect("a plain struct");
        let light = read(tokens);
        assert_eq!(plain.ident, light.ident);
        assert_eq!(text(&plain.vis), text(&light.vis));
        assert_eq!(text(&plain.generics), text(&light.generics));
        let own = |attrs: &[Attribute]| {
            let own: Vec<String> = attrs
                .iter()
                .filter(|a| a.path().is_ident("msp_order"))
                .map(text)
                .collect();
            let paths: Vec<String> = attrs.iter().map(|a| text(a.path())).collect();
            (own, paths)
        };
        assert_eq!(own(&plain.attrs), own(&light.attrs));
        let (Data::Struct(a), Data::Struct(b)) = (&plain.data, &light.data) else {
            panic!("structs")
        };
        assert_eq!(a.fields.len(), b.fields.len());
        assert_eq!(a.semi_token.is_some(), b.semi_token.is_some());
        assert_eq!(
            std::mem::discriminant(&a.fields),
            std::mem::discriminant(&b.fields)
        );
        for (a, b) in a.fields.iter().zip(&b.fields) {
            assert_eq!(a.ident, b.ident);
            assert_eq!(text(&a.vis), text(&b.vis));
            assert_eq!(text(&a.ty), text(&b.ty));
            assert!(matches!(a.ty, Type::Verbatim(_)));
            assert_eq!(own(&a.attrs), own(&b.attrs));
        }
    }

    #[test]
    fn reads_plain_structs_from_their_tokens() {
        same_as_light(quote! {
            #[derive(Debug)]
            #[msp_order(gateway = "AMEX", flow = "redirect")]
            /// The order.
            pub struct Checkout {
                /// The id.
                #[msp_order(order_id)]
                pub order_id: String,
                r#type: Option<Vec<(u8, String)>>,
                #[serde(rename = "x")]
                map: std::collections::HashMap<String, Vec<u8>>,
                callback: fn(u8, u16) -> Option<u32>,
                boxed: Box<dyn Fn(u8) -> Vec<u8> + Send>,
                array: [u8; 4],
                qualified: <Vec<u8> as IntoIterator>::Item,
                last: u64,
            }
        });
        same_as_light(quote! { struct Tuple(pub u8, Option<u8>,); });
        same_as_light(quote! { struct Unit; });
        same_as_light(quote! { struct Empty {} });
        // What the token reader leaves to `syn`.
        for other in [
            quote! { struct G<'a> { a: &'a str } },
            quote! { struct W where u8: Copy { a: u8 } },
            quote! { pub(crate) struct V { a: u8 } },
            quote! { struct F { pub(crate) a: u8 } },
            quote! { #[msp_order = "x"] struct A { a: u8 } },
            quote! { #[msp_order] struct A { a: u8 } },
            quote! { struct T(pub (u8, u16)); },
            quote! { enum E { A } },
        ] {
            assert!(plain(other.clone()).is_none(), "{other}");
        }
    }

    #[test]
    fn leaves_the_rest_to_syn() {
        assert!(light.parse2(quote! { enum E { A } }).is_err());
        assert!(light.parse2(quote! { union U { a: u8 } }).is_err());
    }

    #[test]
    fn tells_an_option() {
        for (ty, option) in [
            (quote!(Option<String>), true),
            (quote!(std::option::Option<Vec<u8>>), true),
            (quote!(::core::option::Option<fn() -> u8>), true),
            (quote!((Option<u8>)), true),
            (quote!(Option), false),
            (quote!(Option<u8>::Item), false),
            (quote!(Vec<Option<u8>>), false),
            (quote!(MyOption<u8>), false),
            (quote!(&Option<u8>), false),
            (quote!((Option<u8>, u8)), false),
        ] {
            assert_eq!(is_option(&ty), option, "{ty}");
        }
    }
}
