//! IR → Rust source: one module's items, as formatted text (`code.rs`).
//!
//! Layout of what is emitted (the table in `../shared/design.md`):
//! - the schema's custom scalars (`String` newtypes unless bound), enums (with `Other(String)`)
//!   and input objects (`@oneOf` ones as enums) that the operations use, once, sorted by name;
//! - per named fragment the operations use, one struct for the whole module (the types nested
//!   in it in `pub mod fragment_name`), which every operation spreading it uses: a field that
//!   only spreads the fragment has the fragment's type;
//! - per operation, `pub struct Name;` implementing `gqlforge::Operation`, and `pub mod name`
//!   with `QUERY`, `Variables`, `Data` and one type per selection.
//!
//! Response types derive `Debug` and `Clone` (and the options' extra derives: `Serialize`,
//! `PartialEq`, ..). Those that only hold fields read through `gqlforge::__private::ReadObject`
//! (`deserialize.rs`); those that spread named fragments or choose a variant by `__typename`
//! get impls built on `gqlforge::__private::{Object, ObjectWriter}` (see the runtime crate).

mod code;
mod deserialize;
#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod input_graph_tests;
mod schema_types;
mod shapes;
#[cfg(test)]
mod tests;

use quote::ToTokens;

use code::{string_literal, Code};

use crate::fast_hash::{FastMap, FastSet};
use crate::generate::{CodegenError, Options};
use crate::ir::names::{
    ident_text, serde_name, snake_case, type_name, Namespace, RESERVED_TYPE_NAMES,
};
use crate::ir::{FragmentIr, ModuleIr, OperationIr, Shape, VariableIr};
use crate::schema::{SchemaIndex, Type, TypeId, TypeKind};
use shapes::Scope;

/// The lints generated items allow: a module holds every operation of its files, and a crate
/// may use only some (`dead_code`, in a binary or a private module); deprecated schema items
/// are used by the impls that (de)serialize them; names follow the schema (`URI`), enums hold
/// what the schema has, and types nest as deep as its lists (`Option<Vec<Option<Vec<..>>>>`).
const ALLOWS: [&str; 7] = [
    "dead_code",
    "deprecated",
    "clippy::upper_case_acronyms",
    "clippy::large_enum_variant",
    "clippy::enum_variant_names",
    "clippy::derive_partial_eq_without_eq",
    "clippy::type_complexity",
];

/// What input types (`Variables`, input objects) derive.
const DERIVES: [&str; 5] = ["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];

/// What response types derive, before the options' extra derives (their `Deserialize` is
/// written out).
const RESPONSE_DERIVES: [&str; 2] = ["Debug", "Clone"];

/// `#[serde(crate = "::gqlforge::serde")]`'s item.
const SERDE_CRATE: &str = "crate = \"::gqlforge::serde\"";

/// `#[allow(..)]` with [`ALLOWS`].
fn allows(code: &mut Code) {
    code.attribute("allow", &ALLOWS, false);
}

/// `#[serde(crate = "::gqlforge::serde")]`, with `transparent` when asked.
fn serde_crate(code: &mut Code, transparent: bool) {
    if transparent {
        code.attribute("serde", &[SERDE_CRATE, "transparent"], false);
    } else {
        code.attribute("serde", &[SERDE_CRATE], false);
    }
}

/// The derives of an input type (`Variables`, an input object): `Default` when every field
/// may be left out.
fn input_derives(code: &mut Code, all_optional: bool) {
    let [debug, clone, partial_eq, serialize, deserialize] = DERIVES;
    if all_optional {
        let items = [debug, clone, partial_eq, "Default", serialize, deserialize];
        code.attribute("derive", &items, false);
    } else {
        code.attribute("derive", &DERIVES, false);
    }
}

/// `#[deprecated(note = "..")]` when there is a reason.
fn deprecated(code: &mut Code, reason: Option<&str>) {
    if let Some(reason) = reason {
        let note = format!("note = {}", string_literal(reason));
        code.attribute("deprecated", &[&note], false);
    }
}

/// `#[serde(rename = .., rest)]`, leaving out what is not needed.
fn serde_attribute(code: &mut Code, rust_name: &str, key: &str, rest: &[&str]) {
    let rename =
        (serde_name(rust_name) != key).then(|| format!("rename = {}", string_literal(key)));
    if rename.is_none() && rest.is_empty() {
        return;
    }
    let mut items: Vec<&str> = Vec::with_capacity(rest.len() + 1);
    items.extend(rename.as_deref());
    items.extend_from_slice(rest);
    code.attribute("serde", &items, false);
}

/// `pub name: Type,` (the type broken over lines when too long).
fn field_line(code: &mut Code, rust_name: &str, ty: &str) {
    code.typed_line(&format!("pub {}: ", ident_text(rust_name)), ty, ",");
}

/// A Rust path as prettyplease prints it (`::a::b<C, D>`).
fn path_text(path: &syn::Path) -> String {
    let mut out = String::new();
    write_path(path, &mut out);
    out
}

fn write_path(path: &syn::Path, out: &mut String) {
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 || path.leading_colon.is_some() {
            out.push_str("::");
        }
        out.push_str(&segment.ident.to_string());
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                out.push('<');
                for (j, arg) in args.args.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    match arg {
                        syn::GenericArgument::Type(t) => write_type(t, out),
                        syn::GenericArgument::Lifetime(l) => out.push_str(&l.to_string()),
                        other => out.push_str(&other.to_token_stream().to_string()),
                    }
                }
                out.push('>');
            }
            other => out.push_str(&other.to_token_stream().to_string()),
        }
    }
}

/// A bound scalar's Rust type as prettyplease prints it, for the types a binding names
/// (paths with generic arguments, references, tuples, slices, arrays); others as tokens.
fn type_text(ty: &syn::Type) -> String {
    let mut out = String::new();
    write_type(ty, &mut out);
    out
}

fn write_type(ty: &syn::Type, out: &mut String) {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => write_path(&p.path, out),
        syn::Type::Reference(r) => {
            out.push('&');
            if let Some(lifetime) = &r.lifetime {
                out.push_str(&lifetime.to_string());
                out.push(' ');
            }
            if r.mutability.is_some() {
                out.push_str("mut ");
            }
            write_type(&r.elem, out);
        }
        syn::Type::Tuple(t) => {
            out.push('(');
            for (i, elem) in t.elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(elem, out);
            }
            if t.elems.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        syn::Type::Slice(s) => {
            out.push('[');
            write_type(&s.elem, out);
            out.push(']');
        }
        syn::Type::Array(a) => {
            out.push('[');
            write_type(&a.elem, out);
            out.push_str("; ");
            out.push_str(&a.len.to_token_stream().to_string());
            out.push(']');
        }
        syn::Type::Paren(p) => {
            out.push('(');
            write_type(&p.elem, out);
            out.push(')');
        }
        other => out.push_str(&other.to_token_stream().to_string()),
    }
}

/// How Rust code refers to the schema's types.
struct Types<'a> {
    schema: &'a SchemaIndex,
    /// Rust names of the module-level types (custom scalars, enums, inputs), by type id.
    names: FastMap<TypeId, String>,
    /// Scalar bindings from the options, as Rust source.
    bindings: FastMap<String, String>,
    /// The options' extra derives, as paths (`Deserialize` left out: every response type
    /// implements it).
    extra_derives: Vec<String>,
    /// Whether the extra derives hold `Serialize`: response types then serialize too (serde's
    /// attributes on derived structs, written-out impls on the others).
    serialize: bool,
    /// Which fields of the input objects are on a cycle (and boxed).
    input_cycles: schema_types::InputCycles,
    /// The struct of each named fragment, by the fragment's name.
    fragments: FastMap<String, String>,
}

impl<'a> Types<'a> {
    /// The module's type names and the options, checked; the namespace holds the type names.
    fn new(
        schema: &'a SchemaIndex,
        used: &[TypeId],
        options: &Options,
    ) -> Result<(Self, Namespace), CodegenError> {
        let mut bindings = FastMap::default();
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
            bindings.insert(scalar.clone(), type_text(&parsed));
        }
        let mut extra_derives = Vec::with_capacity(options.derives.len());
        for derive in &options.derives {
            let path: syn::Path = syn::parse_str(derive).map_err(|e| CodegenError::Options {
                message: format!("the derive `{derive}` is not a path: {e}"),
                hint: "write a derive macro's path, e.g. `\"Eq\"` or `\"schemars::JsonSchema\"`"
                    .into(),
            })?;
            let last = path.segments.last().map(|s| s.ident.to_string());
            if last.as_deref() != Some("Deserialize") {
                extra_derives.push(path_text(&path));
            }
        }
        // `Eq` needs `PartialEq`, which response types derive only when asked.
        let has = |name: &str, derives: &[String]| {
            derives.iter().any(|d| d.rsplit("::").next() == Some(name))
        };
        if has("Eq", &extra_derives) && !has("PartialEq", &extra_derives) {
            extra_derives.insert(0, "PartialEq".to_owned());
        }
        let serialize = has("Serialize", &extra_derives);
        let mut types = Types {
            schema,
            names: Default::default(),
            bindings,
            extra_derives,
            serialize,
            input_cycles: schema_types::InputCycles::new(schema, used),
            fragments: FastMap::default(),
        };
        let mut module_ns = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        for id in used {
            let name = module_ns.claim(&[&type_name(schema.type_name(*id))]);
            types.names.insert(*id, name);
        }
        Ok((types, module_ns))
    }

    /// The name of a module-level type (a custom scalar, enum or input object).
    fn name_of(&self, id: TypeId) -> String {
        ident_text(
            self.names
                .get(&id)
                .map_or(self.schema.type_name(id), String::as_str),
        )
    }

    /// The struct of a named fragment (a module-level type), as written in Rust.
    fn fragment_type(&self, fragment: &str) -> String {
        ident_text(
            self.fragments
                .get(fragment)
                .map_or(fragment, String::as_str),
        )
    }

    /// A leaf or input type by name; `in_operation` adds `super::` for module-level types.
    fn named(&self, id: TypeId, in_operation: bool) -> String {
        let def = self.schema.ty(id);
        if let TypeKind::Scalar { .. } = def.kind {
            let builtin = match def.name.as_str() {
                "Int" => Some("i32"),
                "Float" => Some("f64"),
                "String" => Some("String"),
                "Boolean" => Some("bool"),
                "ID" => Some("::gqlforge::Id"),
                _ => None,
            };
            if let Some(builtin) = builtin {
                return builtin.to_owned();
            }
            if let Some(bound) = self.bindings.get(&def.name) {
                return bound.clone();
            }
        }
        let name = self.name_of(id);
        if in_operation {
            format!("super::{name}")
        } else {
            name
        }
    }

    /// The Rust type of a schema type: `Option` for nullable, `Vec` for lists, `inner` for the
    /// named type.
    fn wrap(&self, ty: &Type, inner: &str) -> String {
        match ty {
            Type::NonNull(t) => self.wrap_non_null(t, inner),
            t => format!("Option<{}>", self.wrap_non_null(t, inner)),
        }
    }

    fn wrap_non_null(&self, ty: &Type, inner: &str) -> String {
        match ty {
            Type::List(item) => format!("Vec<{}>", self.wrap(item, inner)),
            Type::NonNull(t) => self.wrap_non_null(t, inner),
            Type::Named(_) => inner.to_owned(),
        }
    }

    /// `#[derive(Debug, Clone, extra..)]`: a struct whose `Deserialize` is written out (and
    /// whose `Serialize`, when asked for, is derived).
    fn response_derive(&self, code: &mut Code) {
        self.derive_with_extras(code, &RESPONSE_DERIVES, true);
    }

    /// `#[derive(Debug, Clone, Deserialize, extra..)]`: a struct serde reads itself.
    fn derive_deserialize(&self, code: &mut Code) {
        let [debug, clone] = RESPONSE_DERIVES;
        self.derive_with_extras(code, &[debug, clone, "Deserialize"], true);
    }

    /// `#[derive(Debug, Clone, extra..)]` without `Serialize`: a type whose serde impls are
    /// written out.
    fn impl_derive(&self, code: &mut Code) {
        self.derive_with_extras(code, &RESPONSE_DERIVES, false);
    }

    fn derive_with_extras(&self, code: &mut Code, base: &[&str], serialize: bool) {
        let mut items: Vec<&str> = base.to_vec();
        items.extend(
            self.extra_derives
                .iter()
                .map(String::as_str)
                .filter(|d| serialize || d.rsplit("::").next() != Some("Serialize")),
        );
        code.attribute("derive", &items, true);
    }
}

/// Emits one module's items for its fragments and operations, as Rust source.
pub fn module(
    schema: &SchemaIndex,
    module: &mut ModuleIr<'_>,
    options: &Options,
) -> Result<String, CodegenError> {
    let used = used_schema_types(schema, module);
    let (mut types, module_ns) = Types::new(schema, &used, options)?;
    let module_ns = name_operations(&mut module.operations, module_ns);
    types.fragments = name_fragments(&mut module.fragments, module_ns);
    let schema_types: Vec<TypeId> = used
        .iter()
        .copied()
        .filter(|id| {
            let def = schema.ty(*id);
            !matches!(def.kind, TypeKind::Scalar { .. } if types.bindings.contains_key(&def.name))
        })
        .collect();
    let mut code = Code::new();
    if !schema_types.is_empty() || !module.fragments.is_empty() {
        use_serde_traits(&mut code);
    }
    for id in schema_types {
        schema_types::emit(&mut code, &types, id);
    }
    for fragment in module.fragments.iter() {
        fragment_items(&mut code, &types, fragment);
    }
    for op in module.operations.iter() {
        operation(&mut code, &types, op);
    }
    Ok(code.into_text())
}

/// A named fragment's struct at the module level, and the types nested in it in its module.
fn fragment_items(code: &mut Code, types: &Types<'_>, fragment: &FragmentIr<'_>) {
    let module_name = ident_text(&fragment.module_name);
    let mut shape = fragment.shape.clone();
    shape.rust_name = fragment.struct_name.clone();
    if !shapes::has_nested(&shape) {
        let scope = Scope {
            up: "",
            nested: "",
            item_allows: true,
        };
        shapes::emit_struct(code, types, scope, &shape);
        return;
    }
    let nested = format!("{module_name}::");
    let scope = Scope {
        up: "",
        nested: &nested,
        item_allows: true,
    };
    shapes::emit_struct(code, types, scope, &shape);
    code.doc(&format!(
        " The types nested in the fragment `{}`.",
        fragment.definition.name.value
    ));
    allows(code);
    code.open(&["pub mod ", &module_name, " {"]);
    // Response types serialize only when the options ask for it; a fragment's module holds
    // nothing else.
    if types.serialize {
        use_serde_traits(code);
    } else {
        code.line(&["use ::gqlforge::serde::Deserialize;"]);
    }
    shapes::emit_nested(code, types, Scope::INNER, &shape);
    code.close(&["}"]);
}

/// `impl Trait for Name {`, or `for Name {` on a line of its own when too long.
fn impl_header(code: &mut Code, head: &str, name: &str) {
    if code.fits(&[head, " for ", name, " {"]) {
        code.open(&[head, " for ", name, " {"]);
    } else {
        code.line(&[head]);
        code.open(&["for ", name, " {"]);
    }
}

/// `impl Serialize for name {` and its `fn serialize` up to the body.
fn open_serialize(code: &mut Code, name: &str) {
    impl_header(code, "impl Serialize", name);
    code.open(&["fn serialize<S: ::gqlforge::serde::Serializer>("]);
    code.line(&["&self,"]);
    code.line(&["serializer: S,"]);
    code.reopen(&[") -> Result<S::Ok, S::Error> {"]);
}

/// `impl<'de> Deserialize<'de> for name {` and its `fn deserialize` up to the body.
fn open_deserialize(code: &mut Code, name: &str) {
    impl_header(code, "impl<'de> Deserialize<'de>", name);
    code.open(&["fn deserialize<D: ::gqlforge::serde::Deserializer<'de>>("]);
    code.line(&["deserializer: D,"]);
    code.reopen(&[") -> Result<Self, D::Error> {"]);
}

/// Closes the `fn` and the `impl` [`open_serialize`] or [`open_deserialize`] opened.
fn close_impl(code: &mut Code) {
    code.close(&["}"]);
    code.close(&["}"]);
}

fn use_serde_traits(code: &mut Code) {
    code.line(&["use ::gqlforge::serde::{Deserialize, Serialize};"]);
}

/// Names the operations' structs and their modules, all in `module_ns`, which holds the
/// module's type names: Rust keeps types and modules in one namespace, so a struct and a
/// module may not share a name (an operation named `__1` makes `_1` of both).
fn name_operations(operations: &mut [OperationIr<'_>], mut module_ns: Namespace) -> Namespace {
    for reserved in ["self", "super", "crate"] {
        module_ns.try_claim(reserved);
    }
    for op in operations.iter_mut() {
        let kind = kind_name(op.kind);
        let with_kind = format!("{}{kind}", op.struct_name);
        op.struct_name = module_ns.claim(&[&op.struct_name, &with_kind]);
        op.module_name = module_ns.claim(&[&op.module_name, &snake_case(&with_kind)]);
    }
    module_ns
}

/// Names the fragments' structs and modules after the operations' (so adding a fragment
/// never renames an operation); returns the struct of each fragment by its name.
fn name_fragments(
    fragments: &mut [FragmentIr<'_>],
    mut module_ns: Namespace,
) -> FastMap<String, String> {
    let mut names = FastMap::default();
    for fragment in fragments.iter_mut() {
        let with_kind = format!("{}Fragment", fragment.struct_name);
        fragment.struct_name = module_ns.claim(&[&fragment.struct_name, &with_kind]);
        fragment.module_name = module_ns.claim(&[&fragment.module_name, &snake_case(&with_kind)]);
        names.insert(
            fragment.definition.name.value.clone(),
            fragment.struct_name.clone(),
        );
    }
    names
}

fn kind_name(kind: crate::document::OperationKind) -> &'static str {
    match kind {
        crate::document::OperationKind::Query => "Query",
        crate::document::OperationKind::Mutation => "Mutation",
        crate::document::OperationKind::Subscription => "Subscription",
    }
}

/// Custom scalars, enums and input objects the operations reach, sorted by name.
///
/// One work list of types and one of shapes, so that no chain of input objects (or of
/// selections) however long recurses.
fn used_schema_types(schema: &SchemaIndex, module: &ModuleIr<'_>) -> Vec<TypeId> {
    let mut shapes: Vec<&Shape<'_>> = Vec::new();
    let mut inputs: Vec<TypeId> = Vec::new();
    for op in &module.operations {
        inputs.extend(op.variables.iter().map(|v| v.ty.named()));
        shapes.push(&op.data);
    }
    shapes.extend(module.fragments.iter().map(|f| &f.shape));
    while let Some(shape) = shapes.pop() {
        for field in &shape.fields {
            match &field.shape {
                Some(sub) => shapes.push(sub),
                None => inputs.push(field.definition.ty.named()),
            }
        }
        shapes.extend(shape.variants.iter().map(|v| &v.shape));
    }
    let mut used = FastSet::default();
    while let Some(id) = inputs.pop() {
        let def = schema.ty(id);
        let wanted = match &def.kind {
            TypeKind::Scalar { .. } => !def.builtin,
            TypeKind::Enum { .. } | TypeKind::InputObject { .. } => true,
            _ => false,
        };
        if wanted && used.insert(id) {
            inputs.extend(schema.input_fields(id).iter().map(|f| f.ty.named()));
        }
    }
    let mut sorted: Vec<TypeId> = used.into_iter().collect();
    sorted.sort_by(|a, b| schema.type_name(*a).cmp(schema.type_name(*b)));
    sorted
}

fn operation(code: &mut Code, types: &Types<'_>, op: &OperationIr<'_>) {
    let struct_name = ident_text(&op.struct_name);
    let module_name = ident_text(&op.module_name);
    code.docs(op.definition.description.as_ref().map(|d| d.value.as_str()));
    allows(code);
    code.line(&["pub struct ", &struct_name, ";"]);
    impl_header(code, "impl ::gqlforge::Operation", &struct_name);
    code.line(&[
        "const NAME: &'static str = ",
        &string_literal(&op.name),
        ";",
    ]);
    match op.operation_name {
        Some(name) => code.call_line(
            "const OPERATION_NAME: Option<&'static str> = Some",
            &string_literal(name),
            ";",
        ),
        None => code.line(&["const OPERATION_NAME: Option<&'static str> = None;"]),
    }
    code.line(&[
        "const KIND: ::gqlforge::OperationKind = ::gqlforge::OperationKind::",
        kind_name(op.kind),
        ";",
    ]);
    code.line(&["const QUERY: &'static str = ", &module_name, "::QUERY;"]);
    code.line(&["type Variables = ", &module_name, "::Variables;"]);
    code.line(&["type Data = ", &module_name, "::Data;"]);
    code.close(&["}"]);

    allows(code);
    code.open(&["pub mod ", &module_name, " {"]);
    use_serde_traits(code);
    code.doc(" The document sent to the server.");
    code.line(&["pub const QUERY: &str = ", &string_literal(&op.query), ";"]);
    variables(code, types, &op.variables);
    shapes::emit(code, types, Scope::INNER, &op.data);
    code.close(&["}"]);
}

/// A struct's fields: `pub name: Type,` each after its attributes, or `{}` for none.
fn fields<T>(code: &mut Code, open: &[&str], items: &[T], mut field: impl FnMut(&mut Code, &T)) {
    if items.is_empty() {
        let mut line = open.to_vec();
        line.push(" {}");
        code.line(&line);
        return;
    }
    let mut line = open.to_vec();
    line.push(" {");
    code.open(&line);
    for item in items {
        field(code, item);
    }
    code.close(&["}"]);
}

fn variables(code: &mut Code, types: &Types<'_>, variables: &[VariableIr<'_>]) {
    let all_optional = variables
        .iter()
        .all(|v| v.has_default || !v.ty.is_non_null());
    code.doc(" The operation's variables.");
    input_derives(code, all_optional);
    serde_crate(code, false);
    fields(code, &["pub struct Variables"], variables, |code, v| {
        let inner = types.named(v.ty.named(), true);
        let (ty, serde) = field_input_type(types, &v.ty, v.has_default, &inner);
        if let Some(value) = &v.default {
            code.docs(Some(&format!("Default (in the operation): `{value}`.")));
        }
        if !v.deprecations.is_empty() {
            deprecated(code, Some(&v.deprecations.join("; ")));
        }
        serde_attribute(code, &v.rust_name, v.name, serde);
        field_line(code, &v.rust_name, &ty);
    });
}

/// The Rust type of an input field or variable and the serde attributes it needs after
/// `rename`: non-null without default `T`; non-null with default `Option<T>` (left out when
/// `None`); nullable `Nullable<T>` (left out when `Absent`, `null` when `Null`).
fn field_input_type(
    types: &Types<'_>,
    ty: &Type,
    has_default: bool,
    inner: &str,
) -> (String, &'static [&'static str]) {
    match ty {
        Type::NonNull(t) if has_default => (
            format!("Option<{}>", types.wrap_non_null(t, inner)),
            &["default", "skip_serializing_if = \"Option::is_none\""],
        ),
        Type::NonNull(_) => (types.wrap(ty, inner), &[]),
        t => (
            format!("::gqlforge::Nullable<{}>", types.wrap_non_null(t, inner)),
            &[
                "default",
                "skip_serializing_if = \"::gqlforge::Nullable::is_absent\"",
            ],
        ),
    }
}
