//! Module-level types: custom scalars, enums, input objects — emitted once per module.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::syntax::{self, Piece};
use super::{deprecated, doc, doc_attributes, doc_line, field_input_type, input_derives, Types};
use crate::ir::names::{ident, pascal_case, snake_case, Namespace};
use crate::schema::{InputValueDef, SchemaIndex, Type, TypeId, TypeKind};

pub(super) fn emit(types: &Types<'_>, id: TypeId) -> Vec<Piece> {
    let schema = types.schema;
    let def = schema.ty(id);
    let name = types.named(id, false);
    let description = doc(def.description.as_deref());
    let allows = &types.attributes.allow;
    match &def.kind {
        TypeKind::Scalar { .. } if types.bindings.contains_key(&def.name) => Vec::new(),
        TypeKind::Scalar { .. } => vec![Piece::Tokens({
            let note = format!(
                " The custom scalar `{}`, as the JSON string the server sends (bind it to a Rust type in the configuration's scalars).",
                def.name
            );
            quote! {
                #description
                #[doc = #note]
                #allows
                #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #[serde(crate = "::gqlforge::serde", transparent)]
                pub struct #name(pub String);
            }
        })],
        TypeKind::Enum { values } => {
            let mut ns = Namespace::default();
            let variants: Vec<_> = values
                .iter()
                .map(|v| ident(&ns.claim(&[&pascal_case(&v.name)])))
                .collect();
            let other = ident(&ns.claim(&["Other", "UnknownValue"]));
            let values_text: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
            let to_str = variants.iter();
            let from_str = variants.iter();
            let to_text = values_text.iter();
            let from_text = values_text.iter();
            let mut declared: Vec<syn::Variant> = values
                .iter()
                .zip(&variants)
                .map(|(v, variant)| {
                    let mut attrs = doc_attributes(v.description.as_deref());
                    attrs.extend(deprecated(v.deprecation.as_deref()));
                    syntax::variant(attrs, variant.clone(), None)
                })
                .collect();
            declared.push(syntax::fallback_variant(
                doc_line(" A value this code does not know (the server's schema is newer)."),
                other.clone(),
            ));
            let mut attrs = doc_attributes(def.description.as_deref());
            attrs.push(allows.clone());
            attrs.push(syntax::list_attribute(
                "derive",
                quote!(Debug, Clone, PartialEq, Eq, Hash),
            ));
            let enum_item = syntax::item_enum(attrs, types.ident_of(id), declared);
            vec![
                Piece::Item(enum_item),
                Piece::Tokens(quote! {
                    #allows
                    impl #name {
                        /// The value as GraphQL writes it.
                        pub fn as_str(&self) -> &str {
                            match self {
                                #(Self::#to_str => #to_text,)*
                                Self::#other(value) => value,
                            }
                        }
                    }

                    #allows
                    impl Serialize for #name {
                        fn serialize<S: ::gqlforge::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            serializer.serialize_str(self.as_str())
                        }
                    }

                    #allows
                    impl<'de> Deserialize<'de> for #name {
                        fn deserialize<D: ::gqlforge::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            ::gqlforge::__private::deserialize_enum(deserializer, |value| match value {
                                #(#from_text => Self::#from_str,)*
                                other => Self::#other(other.to_owned()),
                            })
                        }
                    }
                }),
            ]
        }
        TypeKind::InputObject { fields, one_of } => {
            let recursive: HashSet<usize> = fields
                .iter()
                .enumerate()
                .filter(|(_, f)| reaches(schema, f.ty.named(), id, &f.ty))
                .map(|(i, _)| i)
                .collect();
            if *one_of {
                vec![Piece::Tokens(one_of_enum(
                    types,
                    &name,
                    &description,
                    fields,
                    &recursive,
                ))]
            } else {
                vec![input_struct(types, id, fields, &recursive)]
            }
        }
        _ => Vec::new(),
    }
}

/// Does a field of type `ty` (named `from`) lead back to `target` without passing through a
/// list (which already holds its items on the heap)? Such a field is boxed.
fn reaches(schema: &SchemaIndex, from: TypeId, target: TypeId, ty: &Type) -> bool {
    if has_list(ty) {
        return false;
    }
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == target {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        for f in schema.input_fields(id) {
            if !has_list(&f.ty) {
                stack.push(f.ty.named());
            }
        }
    }
    false
}

fn has_list(ty: &Type) -> bool {
    match ty {
        Type::List(_) => true,
        Type::NonNull(t) => has_list(t),
        Type::Named(_) => false,
    }
}

fn default_doc(field: &InputValueDef) -> Vec<syn::Attribute> {
    let Some(value) = &field.default_value else {
        return Vec::new();
    };
    let mut attrs = Vec::new();
    if field.description.is_some() {
        attrs.push(doc_line(""));
    }
    attrs.push(doc_line(&format!(" Default: `{value}`.")));
    attrs
}

fn input_struct(
    types: &Types<'_>,
    id: TypeId,
    fields: &[InputValueDef],
    recursive: &HashSet<usize>,
) -> Piece {
    let mut ns = Namespace::default();
    let all_optional = fields.iter().all(|f| !f.is_required());
    let fields = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let rust_name = ns.claim(&[&snake_case(&f.name)]);
            let mut inner = types.named(f.ty.named(), false);
            if recursive.contains(&i) {
                inner = syntax::generic_type("Box", inner);
            }
            let (ty, serde) = field_input_type(types, &f.ty, f.default_value.is_some(), &inner);
            let mut attrs = doc_attributes(f.description.as_deref());
            attrs.extend(default_doc(f));
            attrs.extend(deprecated(f.deprecation.as_deref()));
            attrs.extend(super::serde_attribute(&rust_name, &f.name, serde));
            syntax::field(attrs, ident(&rust_name), ty)
        })
        .collect();
    let mut attrs = doc_attributes(types.schema.ty(id).description.as_deref());
    attrs.push(types.attributes.allow.clone());
    attrs.push(input_derives(all_optional));
    attrs.push(types.attributes.serde_crate.clone());
    Piece::Item(syntax::named_struct(attrs, types.ident_of(id), fields))
}

/// A `@oneOf` input object: exactly one field is given, so it is an enum of its fields.
fn one_of_enum(
    types: &Types<'_>,
    name: &syn::Type,
    description: &TokenStream,
    fields: &[InputValueDef],
    recursive: &HashSet<usize>,
) -> TokenStream {
    let mut ns = Namespace::default();
    let variants = fields.iter().enumerate().map(|(i, f)| {
        let variant = ident(&ns.claim(&[&pascal_case(&f.name)]));
        let key = &f.name;
        let mut inner = types.named(f.ty.named(), false);
        if recursive.contains(&i) {
            inner = super::syntax::generic_type("Box", inner);
        }
        let ty = types.wrap_non_null(f.ty.nullable(), &inner);
        let docs = doc(f.description.as_deref());
        let deprecated = deprecated(f.deprecation.as_deref());
        quote! {
            #docs
            #deprecated
            #[serde(rename = #key)]
            #variant(#ty),
        }
    });
    let allows = &types.attributes.allow;
    quote! {
        #description
        /// Exactly one of these (`@oneOf`).
        #allows
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(crate = "::gqlforge::serde")]
        pub enum #name {
            #(#variants)*
        }
    }
}
