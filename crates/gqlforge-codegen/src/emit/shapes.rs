//! Response types: one per selection (a struct), plus an enum of variants for a selection on
//! an interface or union that narrows to some of its object types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, doc, Types};
use crate::ir::names::{ident, serde_name, type_name, Namespace};
use crate::ir::{FieldIr, Shape};

/// Appends the items for `shape` and every shape nested in it to `out`, outermost first.
pub(super) fn emit(types: &Types<'_>, shape: &Shape<'_>, out: &mut Vec<TokenStream>) {
    let complex = !shape.fragments.is_empty() || shape.variants_enum.is_some();
    out.push(if only_a_fragment(shape) {
        fragment_struct(types, shape)
    } else if complex {
        buffered_struct(types, shape)
    } else {
        derived_struct(types, shape)
    });
    if let Some((enum_name, _)) = &shape.variants_enum {
        out.push(variants_enum(types, shape, enum_name));
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

fn field_type(types: &Types<'_>, field: &FieldIr<'_>) -> TokenStream {
    let inner = match &field.shape {
        Some(shape) => {
            let name = ident(&shape.rust_name);
            quote!(#name)
        }
        None => types.named(field.definition.ty.named(), true),
    };
    let ty = types.wrap(&field.definition.ty, &inner);
    if field.conditional {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

fn field_docs(field: &FieldIr<'_>) -> TokenStream {
    let docs = doc(field.definition.description.as_deref());
    let deprecated = deprecated(field.definition.deprecation.as_deref());
    let conditional = if field.conditional {
        let blank = field
            .definition
            .description
            .as_ref()
            .map(|_| quote!(#[doc = ""]));
        quote!(#blank #[doc = " `None` when `@skip` / `@include` left the field out."])
    } else {
        TokenStream::new()
    };
    quote!(#docs #conditional #deprecated)
}

fn shape_docs(types: &Types<'_>, shape: &Shape<'_>) -> TokenStream {
    let description = doc(types.schema.ty(shape.parent).description.as_deref());
    match &shape.fragment {
        Some(fragment) => {
            let line = super::doc_literal(&format!(
                " The fragment `{fragment}` on `{}`.",
                types.schema.type_name(shape.parent)
            ));
            let blank = (!description.is_empty()).then(|| quote!(#[doc = ""]));
            quote!(#[doc = #line] #blank #description)
        }
        None => description,
    }
}

fn derived_struct(types: &Types<'_>, shape: &Shape<'_>) -> TokenStream {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(types, shape);
    let extra = types.extra_derives();
    let fields = shape.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let key = super::string_literal(&field.key);
        let ty = field_type(types, field);
        let docs = field_docs(field);
        let same = serde_name(&field.rust_name) == field.key;
        let rename = if same {
            TokenStream::new()
        } else {
            quote!(rename = #key,)
        };
        let serde = match (field.conditional, field.definition.ty.is_non_null()) {
            (false, _) if same => TokenStream::new(),
            (false, _) => quote!(#[serde(rename = #key)]),
            (true, true) => {
                quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")])
            }
            (true, false) => quote!(#[serde(
                #rename
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "::gqlforge::__private::present"
            )]),
        };
        quote! {
            #docs
            #serde
            pub #rust: #ty,
        }
    });
    let typename = shape.typename_field.as_ref().map(|f| {
        let f = ident(f);
        quote! {
            /// The object's type (`__typename`).
            #[serde(rename = "__typename")]
            pub #f: String,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, #extra)]
        #[serde(crate = "::gqlforge::serde")]
        pub struct #name {
            #(#fields)*
            #typename
        }
    }
}

/// A selection that only spreads one named fragment (`billingContact { ...Contact }`): the
/// fragment's struct reads the object itself, nothing is buffered.
fn only_a_fragment(shape: &Shape<'_>) -> bool {
    matches!(shape.fragments.as_slice(), [part] if !part.conditional)
        && shape.fields.is_empty()
        && shape.variants_enum.is_none()
        && shape.typename_field.is_none()
}

fn fragment_struct(types: &Types<'_>, shape: &Shape<'_>) -> TokenStream {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(types, shape);
    let extra = types.extra_derives();
    let part = &shape.fragments[0];
    let rust = ident(&part.rust_name);
    let ty = ident(&part.type_name);
    let note = super::doc_literal(&format!(" The fields of the fragment `{}`.", part.fragment));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, #extra)]
        #[serde(crate = "::gqlforge::serde", transparent)]
        pub struct #name {
            #[doc = #note]
            pub #rust: #ty,
        }
    }
}

/// A struct whose parts read one buffered JSON object: its own fields, the named fragments
/// spread in it, and the variant chosen by `__typename`.
fn buffered_struct(types: &Types<'_>, shape: &Shape<'_>) -> TokenStream {
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
        let docs = field_docs(field);
        declared.push(quote!(#docs pub #rust: #ty,));
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
        let note = super::doc_literal(&format!(" The fields of the fragment `{}`.", part.fragment));
        if part.conditional {
            declared.push(quote! {
                #[doc = #note]
                /// `None` when `@skip` / `@include` left it out.
                pub #rust: Option<#ty>,
            });
            let keys = &part.keys;
            reads.push(quote!(#rust: object.optional_flatten(&[#(#keys),*]),));
            writes.push(quote! {
                if let Some(part) = &self.#rust {
                    object.flatten::<_, S::Error>(part)?;
                }
            });
        } else {
            declared.push(quote!(#[doc = #note] pub #rust: #ty,));
            reads.push(quote!(#rust: object.flatten::<_, D::Error>()?,));
            writes.push(quote!(object.flatten::<_, S::Error>(&self.#rust)?;));
        }
    }
    if let Some((enum_name, field)) = &shape.variants_enum {
        let rust = ident(field);
        let ty = ident(enum_name);
        declared.push(quote! {
            /// What depends on the object's type (`__typename`).
            pub #rust: #ty,
        });
        reads.push(quote!(#rust: object.flatten::<_, D::Error>()?,));
        writes.push(quote!(object.flatten::<_, S::Error>(&self.#rust)?;));
    }
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #extra)]
        pub struct #name {
            #(#declared)*
        }

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
    }
}

fn variants_enum(types: &Types<'_>, shape: &Shape<'_>, enum_name: &str) -> TokenStream {
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
    let (declared_names, declared_structs) = (variant_names.iter(), structs.iter());
    let (read_names, read_typenames) = (variant_names.iter(), typenames.iter());
    let (write_names, write_typenames) = (variant_names.iter(), typenames.iter());
    let parent = schema.type_name(shape.parent);
    let doc_line = format!(
        " The part of a `{parent}` that depends on its type: one variant per type this selection narrows to."
    );
    quote! {
        #[doc = #doc_line]
        #[derive(Debug, Clone, PartialEq, #extra)]
        pub enum #name {
            #(#declared_names(#declared_structs),)*
            /// Any other type (`__typename`), including types the schema gains later.
            #other(String),
        }

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
    }
}
