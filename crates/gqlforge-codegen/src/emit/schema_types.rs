//! Module-level types: custom scalars, enums, input objects — emitted once per module.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{allows, deprecated, doc, field_input_type, Types};
use crate::ir::names::{ident, pascal_case, snake_case, Namespace};
use crate::schema::{InputValueDef, SchemaIndex, Type, TypeId, TypeKind};

pub(super) fn emit(types: &Types<'_>, id: TypeId) -> TokenStream {
    let schema = types.schema;
    let def = schema.ty(id);
    let name = types.named(id, false);
    let description = doc(def.description.as_deref());
    let allows = allows();
    match &def.kind {
        TypeKind::Scalar { .. } if types.bindings.contains_key(&def.name) => TokenStream::new(),
        TypeKind::Scalar { .. } => {
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
        }
        TypeKind::Enum { values } => {
            let mut ns = Namespace::default();
            let variants: Vec<_> = values
                .iter()
                .map(|v| ident(&ns.claim(&[&pascal_case(&v.name)])))
                .collect();
            let other = ident(&ns.claim(&["Other", "UnknownValue"]));
            let docs = values.iter().map(|v| doc(v.description.as_deref()));
            let deprecations = values.iter().map(|v| deprecated(v.deprecation.as_deref()));
            let values_text: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
            let declared = variants.iter();
            let to_str = variants.iter();
            let from_str = variants.iter();
            let to_text = values_text.iter();
            let from_text = values_text.iter();
            quote! {
                #description
                #allows
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #(#docs #deprecations #declared,)*
                    /// A value this code does not know (the server's schema is newer).
                    #other(String),
                }

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
            }
        }
        TypeKind::InputObject { fields, one_of } => {
            let recursive: HashSet<usize> = fields
                .iter()
                .enumerate()
                .filter(|(_, f)| reaches(schema, f.ty.named(), id, &f.ty))
                .map(|(i, _)| i)
                .collect();
            if *one_of {
                one_of_enum(types, &name, &description, fields, &recursive)
            } else {
                input_struct(types, &name, &description, fields, &recursive)
            }
        }
        _ => TokenStream::new(),
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

fn default_doc(field: &InputValueDef) -> TokenStream {
    match &field.default_value {
        Some(value) => {
            let line = format!(" Default: `{value}`.");
            let blank = if field.description.is_some() {
                quote!(#[doc = ""])
            } else {
                TokenStream::new()
            };
            quote!(#blank #[doc = #line])
        }
        None => TokenStream::new(),
    }
}

fn input_struct(
    types: &Types<'_>,
    name: &TokenStream,
    description: &TokenStream,
    fields: &[InputValueDef],
    recursive: &HashSet<usize>,
) -> TokenStream {
    let mut ns = Namespace::default();
    let all_optional = fields.iter().all(|f| !f.is_required());
    let default = if all_optional {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let fields = fields.iter().enumerate().map(|(i, f)| {
        let rust_name = ns.claim(&[&snake_case(&f.name)]);
        let rust = ident(&rust_name);
        let key = &f.name;
        let mut inner = types.named(f.ty.named(), false);
        if recursive.contains(&i) {
            inner = quote!(Box<#inner>);
        }
        let (ty, serde) = field_input_type(types, &f.ty, f.default_value.is_some(), &inner);
        let docs = doc(f.description.as_deref());
        let default_doc = default_doc(f);
        let deprecated = deprecated(f.deprecation.as_deref());
        let serde = super::serde_attribute(&rust_name, key, serde);
        quote! {
            #docs
            #default_doc
            #deprecated
            #serde
            pub #rust: #ty,
        }
    });
    let allows = allows();
    quote! {
        #description
        #allows
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #[serde(crate = "::gqlforge::serde")]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// A `@oneOf` input object: exactly one field is given, so it is an enum of its fields.
fn one_of_enum(
    types: &Types<'_>,
    name: &TokenStream,
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
            inner = quote!(Box<#inner>);
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
    let allows = allows();
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
