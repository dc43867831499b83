//! `syn` nodes built directly, for the items most of a module is made of (structs, their
//! fields and attributes, types): formatting prints them without parsing tokens again, and
//! the macro turns them into tokens as it would `quote!`'s.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::ToTokens;
use syn::punctuated::Punctuated;

/// What an emitter makes: items built as `syn` nodes, tokens (parsed when formatted), and
/// modules holding either. (Pieces live briefly, in a `Vec` per item: their size matters
/// less than not boxing every item.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Piece {
    Item(syn::Item),
    Tokens(TokenStream),
    Module {
        attrs: Vec<syn::Attribute>,
        name: Ident,
        content: Vec<Piece>,
    },
}

impl Piece {
    /// The pieces as `syn` items: tokens are parsed, the rest taken as they are.
    pub(crate) fn into_items(pieces: Vec<Piece>, out: &mut Vec<syn::Item>) {
        for piece in pieces {
            match piece {
                Piece::Item(item) => out.push(item),
                Piece::Tokens(tokens) => out.extend(
                    syn::parse2::<syn::File>(tokens)
                        .expect("generated code is valid Rust")
                        .items,
                ),
                Piece::Module {
                    attrs,
                    name,
                    content,
                } => {
                    let mut items = Vec::new();
                    Piece::into_items(content, &mut items);
                    out.push(syn::Item::Mod(syn::ItemMod {
                        attrs,
                        vis: public(),
                        unsafety: None,
                        mod_token: Default::default(),
                        ident: name,
                        content: Some((Default::default(), items)),
                        semi: None,
                    }));
                }
            }
        }
    }
}

impl ToTokens for Piece {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Piece::Item(item) => item.to_tokens(tokens),
            Piece::Tokens(t) => tokens.extend(t.clone()),
            Piece::Module {
                attrs,
                name,
                content,
            } => tokens.extend(quote::quote! {
                #(#attrs)*
                pub mod #name {
                    #(#content)*
                }
            }),
        }
    }
}

pub(crate) fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// `#[name(tokens)]`
pub(crate) fn list_attribute(name: &str, tokens: TokenStream) -> syn::Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: Ident::new(name, Span::call_site()).into(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = literal]`
pub(crate) fn doc_attribute(literal: Literal) -> syn::Attribute {
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: Ident::new("doc", Span::call_site()).into(),
        eq_token: Default::default(),
        value: literal_expr(literal),
    }))
}

fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// A type path: `::a::b` (`absolute`) or `a::b`, the last segment with `argument` in angle
/// brackets when given.
pub(crate) fn path_type(
    absolute: bool,
    segments: &[&str],
    argument: Option<syn::Type>,
) -> syn::Type {
    let mut path = path(absolute, idents(segments));
    if let (Some(argument), Some(last)) = (argument, path.segments.last_mut()) {
        let mut args = Punctuated::new();
        args.push(syn::GenericArgument::Type(argument));
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args,
            gt_token: Default::default(),
        });
    }
    type_path(path)
}

/// The type `path` names.
pub(crate) fn type_path(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// `super::name`, a module-level type named from inside an operation's module.
pub(crate) fn super_type(name: Ident) -> syn::Type {
    type_path(path(
        false,
        vec![Ident::new("super", Span::call_site()), name],
    ))
}

/// A type named by one identifier (`i32`, `Nodes`, `r#type`).
pub(crate) fn ident_type(name: Ident) -> syn::Type {
    type_path(name.into())
}

/// `name<argument>` (`Option<T>`, `Vec<T>`, `Box<T>`).
pub(crate) fn generic_type(name: &str, argument: syn::Type) -> syn::Type {
    path_type(false, &[name], Some(argument))
}

/// `attrs pub name: ty`
pub(crate) fn field(attrs: Vec<syn::Attribute>, name: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `attrs pub struct name { fields }`
pub(crate) fn named_struct(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    fields: Vec<syn::Field>,
) -> syn::Item {
    item_struct(
        attrs,
        name,
        syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
    )
}

/// `attrs pub struct name;`
pub(crate) fn unit_struct(attrs: Vec<syn::Attribute>, name: Ident) -> syn::Item {
    item_struct(attrs, name, syn::Fields::Unit)
}

fn item_struct(attrs: Vec<syn::Attribute>, name: Ident, fields: syn::Fields) -> syn::Item {
    let semi_token = matches!(fields, syn::Fields::Unit).then(Default::default);
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields,
        semi_token,
    })
}

/// A path of identifiers, `::a::b` when `absolute`.
pub(crate) fn path(absolute: bool, segments: Vec<Ident>) -> syn::Path {
    syn::Path {
        leading_colon: absolute.then(Default::default),
        segments: segments.into_iter().map(syn::PathSegment::from).collect(),
    }
}

/// Identifiers of names that are not keywords.
pub(crate) fn idents(names: &[&str]) -> Vec<Ident> {
    names
        .iter()
        .map(|name| Ident::new(name, Span::call_site()))
        .collect()
}

pub(crate) fn path_expr(path: syn::Path) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

pub(crate) fn literal_expr(literal: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    })
}

/// `&'static str` (`lifetime`) or `&str`.
pub(crate) fn str_reference(lifetime: Option<&str>) -> syn::Type {
    syn::Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: lifetime.map(|l| syn::Lifetime::new(l, Span::call_site())),
        mutability: None,
        elem: Box::new(path_type(false, &["str"], None)),
    })
}

/// `attrs vis const name: ty = expr;` as an item.
pub(crate) fn item_const(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    ty: syn::Type,
    expr: syn::Expr,
) -> syn::Item {
    syn::Item::Const(syn::ItemConst {
        attrs,
        vis: public(),
        const_token: Default::default(),
        ident: name,
        generics: Default::default(),
        colon_token: Default::default(),
        ty: Box::new(ty),
        eq_token: Default::default(),
        expr: Box::new(expr),
        semi_token: Default::default(),
    })
}

/// `const name: ty = expr;` in a trait impl.
pub(crate) fn impl_const(name: &str, ty: syn::Type, expr: syn::Expr) -> syn::ImplItem {
    syn::ImplItem::Const(syn::ImplItemConst {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        defaultness: None,
        const_token: Default::default(),
        ident: Ident::new(name, Span::call_site()),
        generics: Default::default(),
        colon_token: Default::default(),
        ty,
        eq_token: Default::default(),
        expr,
        semi_token: Default::default(),
    })
}

/// `type name = ty;` in a trait impl.
pub(crate) fn impl_type(name: &str, ty: syn::Type) -> syn::ImplItem {
    syn::ImplItem::Type(syn::ImplItemType {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        defaultness: None,
        type_token: Default::default(),
        ident: Ident::new(name, Span::call_site()),
        generics: Default::default(),
        eq_token: Default::default(),
        ty,
        semi_token: Default::default(),
    })
}

/// `impl trait_ for self_ty { items }`
pub(crate) fn trait_impl(
    trait_: syn::Path,
    self_ty: syn::Type,
    items: Vec<syn::ImplItem>,
) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics: Default::default(),
        trait_: Some((None, trait_, Default::default())),
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
}

/// `use ::gqlforge::serde::{Deserialize, Serialize};`
pub(crate) fn use_serde_traits() -> syn::Item {
    let [gqlforge, serde, de, ser] = ["gqlforge", "serde", "Deserialize", "Serialize"]
        .map(|name| Ident::new(name, Span::call_site()));
    let group = syn::UseTree::Group(syn::UseGroup {
        brace_token: Default::default(),
        items: [de, ser]
            .into_iter()
            .map(|ident| syn::UseTree::Name(syn::UseName { ident }))
            .collect(),
    });
    let nested = |ident: Ident, tree: syn::UseTree| {
        syn::UseTree::Path(syn::UsePath {
            ident,
            colon2_token: Default::default(),
            tree: Box::new(tree),
        })
    };
    syn::Item::Use(syn::ItemUse {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        use_token: Default::default(),
        leading_colon: Some(Default::default()),
        tree: nested(gqlforge, nested(serde, group)),
        semi_token: Default::default(),
    })
}

/// `attrs name` or `attrs name(ty)`, a variant of an enum.
pub(crate) fn variant(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    ty: Option<syn::Type>,
) -> syn::Variant {
    syn::Variant {
        attrs,
        ident: name,
        fields: match ty {
            None => syn::Fields::Unit,
            Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
                paren_token: Default::default(),
                unnamed: [syn::Field {
                    attrs: Vec::new(),
                    vis: syn::Visibility::Inherited,
                    mutability: syn::FieldMutability::None,
                    ident: None,
                    colon_token: None,
                    ty,
                }]
                .into_iter()
                .collect(),
            }),
        },
        discriminant: None,
    }
}

/// `/// doc` `name(String)`: the variant holding what the code does not know.
pub(crate) fn fallback_variant(doc: syn::Attribute, name: Ident) -> syn::Variant {
    variant(vec![doc], name, Some(path_type(false, &["String"], None)))
}

/// `attrs pub enum name { variants }`
pub(crate) fn item_enum(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    variants: Vec<syn::Variant>,
) -> syn::Item {
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: Default::default(),
        ident: name,
        generics: Default::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    })
}
