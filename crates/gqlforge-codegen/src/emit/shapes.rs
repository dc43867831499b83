//! Response types: one per selection (a struct), plus an enum of variants for a selection on
//! an interface or union that narrows to some of its object types.

use proc_macro2::TokenStream;
use quote::quote;

use super::syntax::{self, Piece};
use super::{deprecated, doc_attributes, doc_line, Types};
use crate::ir::names::{ident, serde_name, type_name, Namespace};
use crate::ir::{FieldIr, Shape};

/// Appends the items for `shape` and every shape nested in it to `out`, outermost first.
pub(super) fn emit(types: &Types<'_>, shape: &Shape<'_>, out: &mut Vec<Piece>) {
    let complex = !shape.fragments.is_empty() || shape.variants_enum.is_some();
    if only_a_fragment(shape) {
        out.push(fragment_struct(types, shape));
    } else if complex {
        out.extend(buffered_struct(types, shape));
    } else {
        out.push(derived_struct(types, shape));
    }
    if let Some((enum_name, _)) = &shape.variants_enum {
        out.extend(variants_enum(types, shape, enum_name));
    }
    for field in &shape.fields {
        if let Some(sub) = &field.shape {
            emit(types, sub, out);
        }
    }
    for variant in &shape.variants {
        emit(types, &variant.shape, out);
    }
}

fn field_type(types: &Types<'_>, field: &FieldIr<'_>) -> syn::Type {
    let inner = match &field.shape {
        Some(shape) => syntax::ident_type(ident(&shape.rust_name)),
        None => types.named(field.definition.ty.named(), true),
    };
    let ty = types.wrap(&field.definition.ty, &inner);
    if field.conditional {
        syntax::generic_type("Option", ty)
    } else {
        ty
    }
}

fn field_docs(field: &FieldIr<'_>) -> Vec<syn::Attribute> {
    let mut attrs = doc_attributes(field.definition.description.as_deref());
    if field.conditional {
        if field.definition.description.is_some() {
            attrs.push(doc_line(""));
        }
        attrs.push(doc_line(
            " `None` when `@skip` / `@include` left the field out.",
        ));
    }
    attrs.extend(deprecated(field.definition.deprecation.as_deref()));
    attrs
}

fn shape_docs(types: &Types<'_>, shape: &Shape<'_>) -> Vec<syn::Attribute> {
    let description = doc_attributes(types.schema.ty(shape.parent).description.as_deref());
    match &shape.fragment {
        Some(fragment) => {
            let mut attrs = vec![doc_line(&format!(
                " The fragment `{fragment}` on `{}`.",
                types.schema.type_name(shape.parent)
            ))];
            if !description.is_empty() {
                attrs.push(doc_line(""));
            }
            attrs.extend(description);
            attrs
        }
        None => description,
    }
}

/// `#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, extra..)]` and serde's
/// `crate` (`transparent` too when asked).
fn derives(types: &Types<'_>, transparent: bool) -> [syn::Attribute; 2] {
    let attributes = &types.attributes;
    [
        attributes.response_derive.clone(),
        if transparent {
            attributes.serde_transparent.clone()
        } else {
            attributes.serde_crate.clone()
        },
    ]
}

fn derived_struct(types: &Types<'_>, shape: &Shape<'_>) -> Piece {
    let mut fields: Vec<syn::Field> = shape
        .fields
        .iter()
        .map(|field| {
            let key = super::string_literal(&field.key);
            let same = serde_name(&field.rust_name) == field.key;
            let rename = if same {
                TokenStream::new()
            } else {
                quote!(rename = #key,)
            };
            let serde = match (field.conditional, field.definition.ty.is_non_null()) {
                (false, _) if same => None,
                (false, _) => Some(quote!(rename = #key)),
                (true, true) => {
                    Some(quote!(#rename default, skip_serializing_if = "Option::is_none"))
                }
                (true, false) => Some(quote!(
                    #rename
                    default,
                    skip_serializing_if = "Option::is_none",
                    deserialize_with = "::gqlforge::__private::present"
                )),
            };
            let mut attrs = field_docs(field);
            attrs.extend(serde.map(|serde| syntax::list_attribute("serde", serde)));
            syntax::field(attrs, ident(&field.rust_name), field_type(types, field))
        })
        .collect();
    if let Some(f) = &shape.typename_field {
        fields.push(syntax::field(
            vec![
                doc_line(" The object's type (`__typename`)."),
                syntax::list_attribute("serde", quote!(rename = "__typename")),
            ],
            ident(f),
            syntax::path_type(false, &["String"], None),
        ));
    }
    let mut attrs = shape_docs(types, shape);
    attrs.extend(derives(types, false));
    Piece::Item(syntax::named_struct(attrs, ident(&shape.rust_name), fields))
}

/// A selection that only spreads one named fragment (`billingContact { ...Contact }`): the
/// fragment's struct reads the object itself, nothing is buffered.
fn only_a_fragment(shape: &Shape<'_>) -> bool {
    matches!(shape.fragments.as_slice(), [part] if !part.conditional)
        && shape.fields.is_empty()
        && shape.variants_enum.is_none()
        && shape.typename_field.is_none()
}

fn fragment_struct(types: &Types<'_>, shape: &Shape<'_>) -> Piece {
    let part = &shape.fragments[0];
    let note = doc_line(&format!(" The fields of the fragment `{}`.", part.fragment));
    let field = syntax::field(
        vec![note],
        ident(&part.rust_name),
        syntax::ident_type(ident(&part.type_name)),
    );
    let mut attrs = shape_docs(types, shape);
    attrs.extend(derives(types, true));
    Piece::Item(syntax::named_struct(
        attrs,
        ident(&shape.rust_name),
        vec![field],
    ))
}

/// A struct whose parts read one buffered JSON object: its own fields, the named fragments
/// spread in it, and the variant chosen by `__typename`.
fn buffered_struct(types: &Types<'_>, shape: &Shape<'_>) -> [Piece; 2] {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(types, shape);
    let extra = types.extra_derives();
    let mut declared = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for field in &shape.fields {
        let rust = ident(&field.rust_name);
        let key = super::string_literal(&field.key);
        let ty = field_type(types, field);
        declared.push(syntax::field(field_docs(field), rust.clone(), ty));
        if field.conditional {
            reads.push(quote!(#rust: object.optional_field::<_, D::Error>(#key)?,));
            writes.push(quote!(object.optional_field::<_, S::Error>(#key, &self.#rust)?;));
        } else {
            reads.push(quote!(#rust: object.field::<_, D::Error>(#key)?,));
            writes.push(quote!(object.field::<_, S::Error>(#key, &self.#rust)?;));
        }
    }
    for part in &shape.fragments {
        let rust = ident(&part.rust_name);
        let ty = ident(&part.type_name);
        let note = doc_line(&format!(" The fields of the fragment `{}`.", part.fragment));
        if part.conditional {
            declared.push(syntax::field(
                vec![
                    note,
                    doc_line(" `None` when `@skip` / `@include` left it out."),
                ],
                rust.clone(),
                syntax::generic_type("Option", syntax::ident_type(ty)),
            ));
            let keys = &part.keys;
            reads.push(quote!(#rust: object.optional_flatten(&[#(#keys),*]),));
            writes.push(quote! {
                if let Some(part) = &self.#rust {
                    object.flatten::<_, S::Error>(part)?;
                }
            });
        } else {
            declared.push(syntax::field(
                vec![note],
                rust.clone(),
                syntax::ident_type(ty),
            ));
            reads.push(quote!(#rust: object.flatten::<_, D::Error>()?,));
            writes.push(quote!(object.flatten::<_, S::Error>(&self.#rust)?;));
        }
    }
    if let Some((enum_name, field)) = &shape.variants_enum {
        let rust = ident(field);
        let ty = ident(enum_name);
        declared.push(syntax::field(
            vec![doc_line(
                " What depends on the object's type (`__typename`).",
            )],
            rust.clone(),
            syntax::ident_type(ty),
        ));
        reads.push(quote!(#rust: object.flatten::<_, D::Error>()?,));
        writes.push(quote!(object.flatten::<_, S::Error>(&self.#rust)?;));
    }
    let mut attrs = docs;
    attrs.push(syntax::list_attribute(
        "derive",
        quote!(Debug, Clone, PartialEq, #extra),
    ));
    let definition = Piece::Item(syntax::named_struct(attrs, name.clone(), declared));
    let impls = Piece::Tokens(quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: ::gqlforge::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let object = ::gqlforge::__private::Object::deserialize(deserializer)?;
                Ok(Self { #(#reads)* })
            }
        }

        impl Serialize for #name {
            fn serialize<S: ::gqlforge::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = ::gqlforge::__private::ObjectWriter::new();
                #(#writes)*
                object.finish(serializer)
            }
        }
    });
    [definition, impls]
}

fn variants_enum(types: &Types<'_>, shape: &Shape<'_>, enum_name: &str) -> [Piece; 2] {
    let schema = types.schema;
    let name = ident(enum_name);
    let extra = types.extra_derives();
    let mut ns = Namespace::default();
    let variant_names: Vec<_> = shape
        .variants
        .iter()
        .map(|v| ident(&ns.claim(&[&type_name(schema.type_name(v.object_type))])))
        .collect();
    let other = ident(&ns.claim(&["Other", "UnknownType"]));
    let structs: Vec<_> = shape
        .variants
        .iter()
        .map(|v| ident(&v.shape.rust_name))
        .collect();
    let typenames: Vec<&str> = shape
        .variants
        .iter()
        .map(|v| schema.type_name(v.object_type))
        .collect();
    let (read_names, read_typenames) = (variant_names.iter(), typenames.iter());
    let (write_names, write_typenames) = (variant_names.iter(), typenames.iter());
    let parent = schema.type_name(shape.parent);
    let line = format!(
        " The part of a `{parent}` that depends on its type: one variant per type this selection narrows to."
    );
    let mut variants: Vec<syn::Variant> = variant_names
        .iter()
        .zip(&structs)
        .map(|(variant, ty)| {
            syntax::variant(
                Vec::new(),
                variant.clone(),
                Some(syntax::ident_type(ty.clone())),
            )
        })
        .collect();
    variants.push(syntax::fallback_variant(
        doc_line(" Any other type (`__typename`), including types the schema gains later."),
        other.clone(),
    ));
    let attrs = vec![
        doc_line(&line),
        syntax::list_attribute("derive", quote!(Debug, Clone, PartialEq, #extra)),
    ];
    let definition = Piece::Item(syntax::item_enum(attrs, name.clone(), variants));
    let impls = Piece::Tokens(quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: ::gqlforge::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let object = ::gqlforge::__private::Object::deserialize(deserializer)?;
                Ok(match object.typename::<D::Error>()? {
                    #(#read_typenames => Self::#read_names(object.flatten::<_, D::Error>()?),)*
                    other => Self::#other(other.to_owned()),
                })
            }
        }

        impl Serialize for #name {
            fn serialize<S: ::gqlforge::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = ::gqlforge::__private::ObjectWriter::new();
                match self {
                    #(Self::#write_names(part) => {
                        object.flatten::<_, S::Error>(part)?;
                        object.typename(#write_typenames);
                    })*
                    Self::#other(typename) => object.typename(typename),
                }
                object.finish(serializer)
            }
        }
    });
    [definition, impls]
}
