//! IR → Rust tokens: one module's items.
//!
//! Layout of what is emitted (the table in `../shared/design.md`):
//! - the schema's custom scalars (`String` newtypes unless bound), enums (with `Other(String)`)
//!   and input objects (`@oneOf` ones as enums) that the operations use, once, sorted by name;
//! - per operation, `pub struct Name;` implementing `gqlforge::Operation`, and `pub mod name`
//!   with `QUERY`, `Variables`, `Data`, one type per selection, one per named fragment.
//!
//! Response types derive serde's traits when they only hold fields; those that spread named
//! fragments or choose a variant by `__typename` get impls built on
//! `gqlforge::__private::{Object, ObjectWriter}` (see the runtime crate).

mod schema_types;
mod shapes;
pub(crate) mod syntax;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use crate::generate::{CodegenError, Options};
use crate::ir::names::{ident, serde_name, snake_case, type_name, Namespace, RESERVED_TYPE_NAMES};
use crate::ir::{OperationIr, Shape, VariableIr};
use crate::schema::{SchemaIndex, Type, TypeId, TypeKind};

/// The lints generated items allow: deprecated schema items are used by the impls that
/// (de)serialize them; names follow the schema (`URI`), and enums hold what the schema has.
fn allows() -> syn::Attribute {
    syntax::list_attribute(
        "allow",
        quote! {
            deprecated,
            clippy::upper_case_acronyms,
            clippy::large_enum_variant,
            clippy::enum_variant_names,
            clippy::derive_partial_eq_without_eq
        },
    )
}

/// `#[doc = r" line"]` per line of a description.
fn doc(text: Option<&str>) -> TokenStream {
    let attrs = doc_attributes(text);
    quote!(#(#attrs)*)
}

/// [`doc`]'s attributes.
fn doc_attributes(text: Option<&str>) -> Vec<syn::Attribute> {
    let Some(text) = text else {
        return Vec::new();
    };
    text.lines()
        .map(|line| {
            if line.is_empty() {
                doc_line("")
            } else {
                doc_line(&format!(" {line}"))
            }
        })
        .collect()
}

/// `#[doc = r"text"]`: one line of documentation, as written (with its leading space).
fn doc_line(text: &str) -> syn::Attribute {
    syntax::doc_attribute(doc_literal(text))
}

/// The derives of an input type (`Variables`, an input object): `Default` when every field
/// may be left out.
fn input_derives(all_optional: bool) -> syn::Attribute {
    let default = all_optional.then(|| quote!(Default,));
    syntax::list_attribute(
        "derive",
        quote!(Debug, Clone, PartialEq, #default Serialize, Deserialize),
    )
}

/// The string literal `Literal::string(text)` makes, made faster for text of printable ASCII,
/// newlines and tabs (proc-macro2 escapes char by char through `char::escape_debug`; queries
/// and descriptions are most of a module's text).
pub(crate) fn string_literal(text: &str) -> Literal {
    let mut repr = String::with_capacity(text.len() + text.len() / 16 + 2);
    repr.push('"');
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b' '..=b'~' => continue,
            _ => return Literal::string(text),
        };
        repr.push_str(&text[plain..i]);
        repr.push_str(escaped);
        plain = i + 1;
    }
    repr.push_str(&text[plain..]);
    repr.push('"');
    repr.parse().unwrap_or_else(|_| Literal::string(text))
}

/// A literal for a `#[doc]` attribute: a raw string where it can be (prettyplease prints both
/// kinds as `///` comments, and `syn` reads a raw string without unescaping it).
pub(crate) fn doc_literal(text: &str) -> Literal {
    if text.contains('\r') {
        return string_literal(text);
    }
    // As many `#` as the longest run after a `"`, plus one.
    let mut hashes = 0;
    let mut run = None;
    for byte in text.bytes() {
        run = match (byte, run) {
            (b'"', _) => Some(0),
            (b'#', Some(n)) => Some(n + 1),
            _ => None,
        };
        if let Some(n) = run {
            hashes = hashes.max(n + 1);
        }
    }
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| string_literal(text))
}

fn deprecated(reason: Option<&str>) -> Option<syn::Attribute> {
    reason.map(|reason| {
        let reason = string_literal(reason);
        syntax::list_attribute("deprecated", quote!(note = #reason))
    })
}

/// How Rust code refers to the schema's types.
pub(crate) struct Types<'a> {
    schema: &'a SchemaIndex,
    /// Rust names of the module-level types (custom scalars, enums, inputs), by type id.
    names: std::collections::HashMap<TypeId, String>,
    /// Scalar bindings from the options, parsed.
    bindings: std::collections::HashMap<String, syn::Type>,
    derives: Vec<syn::Path>,
    /// Attributes many items carry, built once.
    attributes: Attributes,
}

/// Attributes many items carry, built once per emitter and cloned (a clone shares the
/// attribute's tokens).
struct Attributes {
    /// [`allows`].
    allow: syn::Attribute,
    /// A response type's derives, with the options' extra ones.
    response_derive: syn::Attribute,
    /// `#[serde(crate = "::gqlforge::serde")]`
    serde_crate: syn::Attribute,
    /// `#[serde(crate = "::gqlforge::serde", transparent)]`
    serde_transparent: syn::Attribute,
}

impl<'a> Types<'a> {
    /// The module's type names and the options, checked; the namespace holds the type names.
    fn new(
        schema: &'a SchemaIndex,
        used: &[TypeId],
        options: &Options,
    ) -> Result<(Self, Namespace), CodegenError> {
        let mut bindings = std::collections::HashMap::new();
        for (scalar, rust) in &options.scalars {
            match schema.type_by_name(scalar).map(|id| &schema.ty(id).kind) {
                Some(TypeKind::Scalar { .. }) => {}
                _ => {
                    return Err(CodegenError::Options {
                        message: format!("a binding names the scalar `{scalar}`, which the schema does not define"),
                        hint: "bind only the schema's custom scalars (check the spelling; names are case-sensitive)".into(),
                    })
                }
            }
            let parsed: syn::Type = syn::parse_str(rust).map_err(|e| CodegenError::Options {
                message: format!("the binding `{scalar} = \"{rust}\"` is not a Rust type: {e}"),
                hint: "write a type path, e.g. `\"String\"` or `\"time::OffsetDateTime\"`".into(),
            })?;
            bindings.insert(scalar.clone(), parsed);
        }
        let mut derives = Vec::new();
        for derive in &options.derives {
            let path: syn::Path = syn::parse_str(derive).map_err(|e| CodegenError::Options {
                message: format!("the derive `{derive}` is not a path: {e}"),
                hint: "write a derive macro's path, e.g. `\"Eq\"` or `\"schemars::JsonSchema\"`"
                    .into(),
            })?;
            derives.push(path);
        }
        let attributes = Attributes {
            allow: allows(),
            response_derive: syntax::list_attribute(
                "derive",
                quote!(Debug, Clone, PartialEq, Serialize, Deserialize, #(#derives,)*),
            ),
            serde_crate: serde_crate(TokenStream::new()),
            serde_transparent: serde_crate(quote!(, transparent)),
        };
        let mut types = Types {
            schema,
            names: Default::default(),
            bindings,
            derives,
            attributes,
        };
        let mut module_ns = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        for id in used {
            let name = module_ns.claim(&[&type_name(schema.type_name(*id))]);
            types.names.insert(*id, name);
        }
        Ok((types, module_ns))
    }

    /// The name of a module-level type (a custom scalar, enum or input object).
    fn ident_of(&self, id: TypeId) -> proc_macro2::Ident {
        ident(
            self.names
                .get(&id)
                .map_or(self.schema.type_name(id), String::as_str),
        )
    }

    /// A leaf or input type by name; `in_operation` adds `super::` for module-level types.
    fn named(&self, id: TypeId, in_operation: bool) -> syn::Type {
        let def = self.schema.ty(id);
        if let TypeKind::Scalar { .. } = def.kind {
            let builtin = match def.name.as_str() {
                "Int" => Some("i32"),
                "Float" => Some("f64"),
                "String" => Some("String"),
                "Boolean" => Some("bool"),
                _ => None,
            };
            if let Some(builtin) = builtin {
                return syntax::path_type(false, &[builtin], None);
            }
            if def.name == "ID" {
                return syntax::path_type(true, &["gqlforge", "Id"], None);
            }
            if let Some(bound) = self.bindings.get(&def.name) {
                return bound.clone();
            }
        }
        let name = ident(
            self.names
                .get(&id)
                .map_or(def.name.as_str(), String::as_str),
        );
        if in_operation {
            syntax::super_type(name)
        } else {
            syntax::ident_type(name)
        }
    }

    /// The Rust type of a schema type: `Option` for nullable, `Vec` for lists, `inner` for the
    /// named type.
    fn wrap(&self, ty: &Type, inner: &syn::Type) -> syn::Type {
        match ty {
            Type::NonNull(t) => self.wrap_non_null(t, inner),
            t => syntax::generic_type("Option", self.wrap_non_null(t, inner)),
        }
    }

    fn wrap_non_null(&self, ty: &Type, inner: &syn::Type) -> syn::Type {
        match ty {
            Type::List(item) => syntax::generic_type("Vec", self.wrap(item, inner)),
            Type::NonNull(t) => self.wrap_non_null(t, inner),
            Type::Named(_) => inner.clone(),
        }
    }

    fn extra_derives(&self) -> TokenStream {
        let derives = &self.derives;
        quote!(#(#derives,)*)
    }
}

/// Emits one module's items for the given operations.
pub fn module(
    schema: &SchemaIndex,
    operations: &mut [OperationIr<'_>],
    options: &Options,
) -> Result<TokenStream, CodegenError> {
    let used = name_module(schema, operations, options)?;
    let emitter = Emitter::new(schema, &used, options)?;
    let mut tokens = TokenStream::new();
    for i in 0..emitter.len(operations) {
        for piece in emitter.item(operations, i) {
            piece.to_tokens(&mut tokens);
        }
    }
    Ok(tokens)
}

/// Checks the options, names the operations' structs and modules, and returns the schema
/// types the module holds, sorted. Done once; [`Emitter`]s then emit items independently.
pub(crate) fn name_module(
    schema: &SchemaIndex,
    operations: &mut [OperationIr<'_>],
    options: &Options,
) -> Result<Vec<TypeId>, CodegenError> {
    let used = used_schema_types(schema, operations);
    let (_, mut module_ns) = Types::new(schema, &used, options)?;
    let mut modules_ns = Namespace::with_reserved(&["self", "super", "crate"]);
    for op in operations.iter_mut() {
        let kind = match op.kind {
            crate::document::OperationKind::Query => "Query",
            crate::document::OperationKind::Mutation => "Mutation",
            crate::document::OperationKind::Subscription => "Subscription",
        };
        let with_kind = format!("{}{kind}", op.struct_name);
        op.struct_name = module_ns.claim(&[&op.struct_name, &with_kind]);
        op.module_name = modules_ns.claim(&[&op.module_name, &snake_case(&with_kind)]);
    }
    Ok(used)
}

/// Emits the items of a module named by [`name_module`], one at a time: item `i` is the
/// `use` of serde's traits (when a schema type needs them), then the schema types, then the
/// operations. Tokens are not `Send`; each thread formatting items builds its own emitter.
pub(crate) struct Emitter<'a> {
    types: Types<'a>,
    /// The schema types that emit an item (a bound scalar emits none).
    schema_types: Vec<TypeId>,
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(
        schema: &'a SchemaIndex,
        used: &[TypeId],
        options: &Options,
    ) -> Result<Self, CodegenError> {
        let (types, _) = Types::new(schema, used, options)?;
        let schema_types = used
            .iter()
            .copied()
            .filter(|id| {
                let def = schema.ty(*id);
                !matches!(def.kind, TypeKind::Scalar { .. } if types.bindings.contains_key(&def.name))
            })
            .collect();
        Ok(Emitter {
            types,
            schema_types,
        })
    }

    /// How many items the module has.
    pub(crate) fn len(&self, operations: &[OperationIr<'_>]) -> usize {
        let uses = usize::from(!self.schema_types.is_empty());
        uses + self.schema_types.len() + operations.len()
    }

    /// Item `i` (see [`Emitter`]), in pieces.
    pub(crate) fn item(&self, operations: &[OperationIr<'_>], i: usize) -> Vec<syntax::Piece> {
        let uses = usize::from(!self.schema_types.is_empty());
        if i < uses {
            vec![syntax::Piece::Item(syntax::use_serde_traits())]
        } else if let Some(id) = self.schema_types.get(i - uses) {
            schema_types::emit(&self.types, *id)
        } else {
            operation(&self.types, &operations[i - uses - self.schema_types.len()])
        }
    }
}

/// Custom scalars, enums and input objects the operations reach, sorted by name.
fn used_schema_types(schema: &SchemaIndex, operations: &[OperationIr<'_>]) -> Vec<TypeId> {
    let mut used = BTreeSet::new();
    fn add_input(schema: &SchemaIndex, id: TypeId, used: &mut BTreeSet<TypeId>) {
        let def = schema.ty(id);
        let wanted = match &def.kind {
            TypeKind::Scalar { .. } => !def.builtin,
            TypeKind::Enum { .. } | TypeKind::InputObject { .. } => true,
            _ => false,
        };
        if !wanted || !used.insert(id) {
            return;
        }
        for field in schema.input_fields(id) {
            add_input(schema, field.ty.named(), used);
        }
    }
    fn add_shape(schema: &SchemaIndex, shape: &Shape<'_>, used: &mut BTreeSet<TypeId>) {
        for field in &shape.fields {
            match &field.shape {
                Some(sub) => add_shape(schema, sub, used),
                None => add_input(schema, field.definition.ty.named(), used),
            }
        }
        for variant in &shape.variants {
            add_shape(schema, &variant.shape, used);
        }
    }
    for op in operations {
        for v in &op.variables {
            add_input(schema, v.ty.named(), &mut used);
        }
        add_shape(schema, &op.data, &mut used);
        for f in &op.fragments {
            add_shape(schema, &f.shape, &mut used);
        }
    }
    let mut sorted: Vec<TypeId> = used.into_iter().collect();
    sorted.sort_by(|a, b| schema.type_name(*a).cmp(schema.type_name(*b)));
    sorted
}

fn operation(types: &Types<'_>, op: &OperationIr<'_>) -> Vec<syntax::Piece> {
    use syntax::{idents, impl_const, impl_type, path, path_expr, path_type, str_reference};
    let struct_name = ident(&op.struct_name);
    let module_name = ident(&op.module_name);
    let in_module = |item: &str| {
        let mut segments = vec![module_name.clone()];
        segments.extend(idents(&[item]));
        path(false, segments)
    };
    let operation_name = match op.operation_name {
        Some(n) => syn::Expr::Call(syn::ExprCall {
            attrs: Vec::new(),
            func: Box::new(path_expr(path(false, idents(&["Some"])))),
            paren_token: Default::default(),
            args: [syntax::literal_expr(string_literal(n))]
                .into_iter()
                .collect(),
        }),
        None => path_expr(path(false, idents(&["None"]))),
    };
    let kind = match op.kind {
        crate::document::OperationKind::Query => "Query",
        crate::document::OperationKind::Mutation => "Mutation",
        crate::document::OperationKind::Subscription => "Subscription",
    };
    let type_of = |name: &str| syntax::type_path(in_module(name));
    let operation_impl = syntax::trait_impl(
        path(true, idents(&["gqlforge", "Operation"])),
        syntax::ident_type(struct_name.clone()),
        vec![
            impl_const(
                "NAME",
                str_reference(Some("'static")),
                syntax::literal_expr(string_literal(&op.name)),
            ),
            impl_const(
                "OPERATION_NAME",
                syntax::generic_type("Option", str_reference(Some("'static"))),
                operation_name,
            ),
            impl_const(
                "KIND",
                path_type(true, &["gqlforge", "OperationKind"], None),
                path_expr(path(true, idents(&["gqlforge", "OperationKind", kind]))),
            ),
            impl_const(
                "QUERY",
                str_reference(Some("'static")),
                path_expr(in_module("QUERY")),
            ),
            impl_type("Variables", type_of("Variables")),
            impl_type("Data", type_of("Data")),
        ],
    );
    let description = doc_attributes(op.definition.description.as_ref().map(|d| d.value.as_str()));
    let query = syntax::item_const(
        vec![doc_line(" The document sent to the server.")],
        ident("QUERY"),
        str_reference(None),
        syntax::literal_expr(string_literal(&op.query)),
    );
    let mut content = vec![
        syntax::Piece::Item(syntax::use_serde_traits()),
        syntax::Piece::Item(query),
        variables(types, &op.variables),
    ];
    shapes::emit(types, &op.data, &mut content);
    for fragment in &op.fragments {
        shapes::emit(types, &fragment.shape, &mut content);
    }
    vec![
        syntax::Piece::Item(syntax::unit_struct(description, struct_name)),
        syntax::Piece::Item(operation_impl),
        syntax::Piece::Module {
            attrs: vec![types.attributes.allow.clone()],
            name: module_name,
            content,
        },
    ]
}

fn variables(types: &Types<'_>, variables: &[VariableIr<'_>]) -> syntax::Piece {
    let all_optional = variables
        .iter()
        .all(|v| v.has_default || !v.ty.is_non_null());
    let fields = variables
        .iter()
        .map(|v| {
            let inner = types.named(v.ty.named(), true);
            let notes = v.deprecations.join("; ");
            let (ty, serde) = field_input_type(types, &v.ty, v.has_default, &inner);
            let mut attrs = match &v.default {
                Some(value) => {
                    doc_attributes(Some(&format!("Default (in the operation): `{value}`.")))
                }
                None => Vec::new(),
            };
            attrs.extend(deprecated(
                (!v.deprecations.is_empty()).then_some(notes.as_str()),
            ));
            attrs.extend(serde_attribute(&v.rust_name, v.name, serde));
            syntax::field(attrs, ident(&v.rust_name), ty)
        })
        .collect();
    let attrs = vec![
        doc_line(" The operation's variables."),
        input_derives(all_optional),
        types.attributes.serde_crate.clone(),
    ];
    syntax::Piece::Item(syntax::named_struct(attrs, ident("Variables"), fields))
}

/// `#[serde(crate = "::gqlforge::serde", more)]`
fn serde_crate(more: TokenStream) -> syn::Attribute {
    syntax::list_attribute("serde", quote!(crate = "::gqlforge::serde" #more))
}

/// `#[serde(rename = .., rest)]`, leaving out what is not needed.
fn serde_attribute(rust_name: &str, key: &str, rest: TokenStream) -> Option<syn::Attribute> {
    let rename = (serde_name(rust_name) != key).then(|| {
        let key = string_literal(key);
        quote!(rename = #key,)
    });
    if rename.is_none() && rest.is_empty() {
        return None;
    }
    Some(syntax::list_attribute("serde", quote!(#rename #rest)))
}

/// The Rust type of an input field or variable and the serde attributes it needs after
/// `rename`: non-null without default `T`; non-null with default `Option<T>` (left out when
/// `None`); nullable `Nullable<T>` (left out when `Absent`, `null` when `Null`).
fn field_input_type(
    types: &Types<'_>,
    ty: &Type,
    has_default: bool,
    inner: &syn::Type,
) -> (syn::Type, TokenStream) {
    match ty {
        Type::NonNull(t) if has_default => (
            syntax::generic_type("Option", types.wrap_non_null(t, inner)),
            quote!(default, skip_serializing_if = "Option::is_none"),
        ),
        Type::NonNull(_) => (types.wrap(ty, inner), TokenStream::new()),
        t => {
            let t = types.wrap_non_null(t, inner);
            (
                syntax::path_type(true, &["gqlforge", "Nullable"], Some(t)),
                quote!(
                    default,
                    skip_serializing_if = "::gqlforge::Nullable::is_absent"
                ),
            )
        }
    }
}
