//! Response types: one per selection (a struct), plus an enum of variants for a selection on
//! an interface or union that narrows to some of its object types.

use super::code::{string_literal, Code};
use super::deserialize::{self, Read};
use super::{
    allows, close_impl, deprecated, field_line, open_deserialize, open_serialize, serde_attribute,
    serde_crate, Types,
};
use crate::ir::names::{ident_text, type_name, Namespace};
use crate::ir::{FieldIr, Shape};

/// The turbofish of a reading call (`object.field::<_, D::Error>`) and of a writing one.
const READ: &[&str] = &["_", "D::Error"];
const WRITE: &[&str] = &["_", "S::Error"];

/// Where a response type is written, for the paths it names.
#[derive(Clone, Copy)]
pub(super) struct Scope<'s> {
    /// Before the module's own types (schema types, fragment structs): `super::` inside an
    /// operation's or a fragment's module, nothing at the module level.
    pub up: &'s str,
    /// Before the types nested in the shape: the fragment's module (`contact::`) for a
    /// fragment's struct at the module level, else nothing.
    pub nested: &'s str,
    /// Each item gets the `#[allow(..)]`s itself (at the module level; inside a module, the
    /// module has them).
    pub item_allows: bool,
}

impl Scope<'_> {
    /// Inside an operation's or a fragment's module.
    pub(super) const INNER: Scope<'static> = Scope {
        up: "super::",
        nested: "",
        item_allows: false,
    };

    /// `#[allow(..)]` before an item, when the scope needs it.
    fn allows(self, code: &mut Code) {
        if self.item_allows {
            allows(code);
        }
    }
}

/// Writes the items for `shape` and every shape nested in it, outermost first.
pub(super) fn emit(code: &mut Code, types: &Types<'_>, scope: Scope<'_>, shape: &Shape<'_>) {
    emit_struct(code, types, scope, shape);
    emit_nested(code, types, scope, shape);
}

/// The struct of `shape` alone.
pub(super) fn emit_struct(code: &mut Code, types: &Types<'_>, scope: Scope<'_>, shape: &Shape<'_>) {
    let complex = !shape.fragments.is_empty() || shape.variants_enum.is_some();
    if only_a_fragment(shape) {
        fragment_struct(code, types, scope, shape);
    } else if complex {
        buffered_struct(code, types, scope, shape);
    } else {
        derived_struct(code, types, scope, shape);
    }
}

/// Whether `shape` has types nested in it (an enum of variants, a field's or a variant's
/// struct).
pub(super) fn has_nested(shape: &Shape<'_>) -> bool {
    shape.variants_enum.is_some()
        || shape
            .fields
            .iter()
            .any(|f| f.shape.as_deref().is_some_and(|s| !only_a_fragment(s)))
}

/// The types nested in `shape`, outermost first. A field that only spreads a named fragment
/// has the fragment's type: nothing is written for it.
pub(super) fn emit_nested(code: &mut Code, types: &Types<'_>, scope: Scope<'_>, shape: &Shape<'_>) {
    if let Some((enum_name, _)) = &shape.variants_enum {
        variants_enum(code, types, scope, shape, enum_name);
    }
    for field in &shape.fields {
        if let Some(sub) = &field.shape {
            if !only_a_fragment(sub) {
                emit(code, types, scope, sub);
            }
        }
    }
    for variant in &shape.variants {
        emit(code, types, scope, &variant.shape);
    }
}

fn field_type(types: &Types<'_>, scope: Scope<'_>, field: &FieldIr<'_>) -> String {
    let inner = match &field.shape {
        Some(shape) if only_a_fragment(shape) => {
            format!(
                "{}{}",
                scope.up,
                types.fragment_type(&shape.fragments[0].fragment)
            )
        }
        Some(shape) => format!("{}{}", scope.nested, ident_text(&shape.rust_name)),
        None => types.named(field.definition.ty.named(), !scope.up.is_empty()),
    };
    let ty = types.wrap(&field.definition.ty, &inner);
    if field.conditional {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

fn field_docs(code: &mut Code, field: &FieldIr<'_>) {
    code.docs(field.definition.description.as_deref());
    if field.conditional {
        if field.definition.description.is_some() {
            code.doc("");
        }
        code.doc(" `None` when `@skip` / `@include` left the field out.");
    }
    deprecated(code, field.definition.deprecation.as_deref());
}

fn shape_docs(code: &mut Code, types: &Types<'_>, shape: &Shape<'_>) {
    let description = types.schema.ty(shape.parent).description.as_deref();
    if let Some(fragment) = &shape.fragment {
        code.doc(&format!(
            " The fragment `{fragment}` on `{}`.",
            types.schema.type_name(shape.parent)
        ));
        if description.is_some_and(|d| d.lines().next().is_some()) {
            code.doc("");
        }
    }
    code.docs(description);
}

/// A struct of fields: `Deserialize` written out (`deserialize.rs`), `Serialize` derived when
/// the options ask for it (with serde's attributes for the keys).
fn derived_struct(code: &mut Code, types: &Types<'_>, scope: Scope<'_>, shape: &Shape<'_>) {
    shape_docs(code, types, shape);
    scope.allows(code);
    types.response_derive(code);
    if types.serialize {
        serde_crate(code, false);
    }
    let name = ident_text(&shape.rust_name);
    let mut read = Vec::with_capacity(shape.fields.len() + 1);
    if shape.fields.is_empty() && shape.typename_field.is_none() {
        code.line(&["pub struct ", &name, " {}"]);
    } else {
        code.open(&["pub struct ", &name, " {"]);
        for field in &shape.fields {
            field_docs(code, field);
            if types.serialize {
                let rest: &[&str] = if field.conditional {
                    &["skip_serializing_if = \"Option::is_none\""]
                } else {
                    &[]
                };
                serde_attribute(code, &field.rust_name, &field.key, rest);
            }
            field_line(code, &field.rust_name, &field_type(types, scope, field));
            read.push(deserialize::Field {
                rust_name: &field.rust_name,
                key: &field.key,
                read: if field.conditional {
                    Read::Conditional
                } else if field.definition.ty.is_non_null() {
                    Read::Required
                } else {
                    Read::Nullable
                },
            });
        }
        if let Some(typename) = &shape.typename_field {
            code.doc(" The object's type (`__typename`).");
            if types.serialize {
                code.attribute("serde", &["rename = \"__typename\""], false);
            }
            field_line(code, typename, "String");
            read.push(deserialize::Field {
                rust_name: typename,
                key: "__typename",
                read: Read::Required,
            });
        }
        code.close(&["}"]);
    }
    deserialize::emit(code, &name, &read);
}

/// A selection that only spreads one named fragment (`billingContact { ...Contact }`): the
/// fragment's struct reads the object itself, nothing is buffered (a field of it has the
/// fragment's type; `Data` or a variant is a transparent struct around it).
fn only_a_fragment(shape: &Shape<'_>) -> bool {
    matches!(shape.fragments.as_slice(), [part] if !part.conditional)
        && shape.fields.is_empty()
        && shape.variants_enum.is_none()
        && shape.typename_field.is_none()
}

fn fragment_struct(code: &mut Code, types: &Types<'_>, scope: Scope<'_>, shape: &Shape<'_>) {
    let part = &shape.fragments[0];
    shape_docs(code, types, shape);
    scope.allows(code);
    types.derive_deserialize(code);
    serde_crate(code, true);
    code.open(&["pub struct ", &ident_text(&shape.rust_name), " {"]);
    code.doc(&format!(" The fields of the fragment `{}`.", part.fragment));
    let ty = format!("{}{}", scope.up, types.fragment_type(&part.fragment));
    field_line(code, &part.rust_name, &ty);
    code.close(&["}"]);
}

/// A struct whose parts read one buffered JSON object: its own fields, the named fragments
/// spread in it, and the variant chosen by `__typename`.
fn buffered_struct(code: &mut Code, types: &Types<'_>, scope: Scope<'_>, shape: &Shape<'_>) {
    let name = ident_text(&shape.rust_name);
    shape_docs(code, types, shape);
    scope.allows(code);
    types.impl_derive(code);
    code.open(&["pub struct ", &name, " {"]);
    for field in &shape.fields {
        field_docs(code, field);
        field_line(code, &field.rust_name, &field_type(types, scope, field));
    }
    for part in &shape.fragments {
        code.doc(&format!(" The fields of the fragment `{}`.", part.fragment));
        let ty = format!("{}{}", scope.up, types.fragment_type(&part.fragment));
        if part.conditional {
            code.doc(" `None` when `@skip` / `@include` left it out.");
            field_line(code, &part.rust_name, &format!("Option<{ty}>"));
        } else {
            field_line(code, &part.rust_name, &ty);
        }
    }
    if let Some((enum_name, field)) = &shape.variants_enum {
        code.doc(" What depends on the object's type (`__typename`).");
        let ty = format!("{}{}", scope.nested, ident_text(enum_name));
        field_line(code, field, &ty);
    }
    code.close(&["}"]);

    scope.allows(code);
    open_deserialize(code, &name);
    code.line(&["let object = ::gqlforge::__private::Object::deserialize(deserializer)?;"]);
    code.open(&["Ok(Self {"]);
    for field in &shape.fields {
        let rust = format!("{}: ", ident_text(&field.rust_name));
        let method = if field.conditional {
            "optional_field"
        } else {
            "field"
        };
        let key = string_literal(&field.key);
        code.method_line(&rust, "object", method, READ, &[&key], "?,");
    }
    for part in &shape.fragments {
        let rust = format!("{}: ", ident_text(&part.rust_name));
        if part.conditional {
            let keys: Vec<String> = part.keys.iter().map(|k| string_literal(k)).collect();
            let keys = format!("&[{}]", keys.join(", "));
            code.method_line(&rust, "object", "optional_flatten", &[], &[&keys], ",");
        } else {
            code.method_line(&rust, "object", "flatten", READ, &[], "?,");
        }
    }
    if let Some((_, field)) = &shape.variants_enum {
        let rust = format!("{}: ", ident_text(field));
        code.method_line(&rust, "object", "flatten", READ, &[], "?,");
    }
    code.close(&["})"]);
    close_impl(code);
    if !types.serialize {
        return;
    }

    scope.allows(code);
    open_serialize(code, &name);
    code.line(&["let mut object = ::gqlforge::__private::ObjectWriter::new();"]);
    for field in &shape.fields {
        let method = if field.conditional {
            "optional_field"
        } else {
            "field"
        };
        let key = string_literal(&field.key);
        let value = format!("&self.{}", ident_text(&field.rust_name));
        code.method_line("", "object", method, WRITE, &[&key, &value], "?;");
    }
    for part in &shape.fragments {
        let rust = ident_text(&part.rust_name);
        if part.conditional {
            if code.fits(&["if let Some(part) = &self.", &rust, " {"]) {
                code.open(&["if let Some(part) = &self.", &rust, " {"]);
            } else {
                code.line(&["if let Some(part) = &self"]);
                code.continuation(&[".", &rust]);
                code.open(&["{"]);
            }
            code.line(&["object.flatten::<_, S::Error>(part)?;"]);
            code.close(&["}"]);
        } else {
            let value = format!("&self.{rust}");
            code.method_line("", "object", "flatten", WRITE, &[&value], "?;");
        }
    }
    if let Some((_, field)) = &shape.variants_enum {
        let value = format!("&self.{}", ident_text(field));
        code.method_line("", "object", "flatten", WRITE, &[&value], "?;");
    }
    code.line(&["object.finish(serializer)"]);
    close_impl(code);
}

fn variants_enum(
    code: &mut Code,
    types: &Types<'_>,
    scope: Scope<'_>,
    shape: &Shape<'_>,
    enum_name: &str,
) {
    let schema = types.schema;
    let name = ident_text(enum_name);
    let mut ns = Namespace::default();
    let variant_names: Vec<String> = shape
        .variants
        .iter()
        .map(|v| ident_text(&ns.claim(&[&type_name(schema.type_name(v.object_type))])))
        .collect();
    let other = ident_text(&ns.claim(&["Other", "UnknownType"]));
    let typenames: Vec<String> = shape
        .variants
        .iter()
        .map(|v| string_literal(schema.type_name(v.object_type)))
        .collect();
    let parent = schema.type_name(shape.parent);
    code.doc(&format!(
        " The part of a `{parent}` that depends on its type: one variant per type this selection narrows to."
    ));
    scope.allows(code);
    types.impl_derive(code);
    code.open(&["pub enum ", &name, " {"]);
    for (variant, v) in variant_names.iter().zip(&shape.variants) {
        let ty = format!("{}{}", scope.nested, ident_text(&v.shape.rust_name));
        code.call_line(variant, &ty, ",");
    }
    code.doc(" Any other type (`__typename`), including types the schema gains later.");
    code.line(&[&other, "(String),"]);
    code.close(&["}"]);

    scope.allows(code);
    open_deserialize(code, &name);
    code.line(&["let object = ::gqlforge::__private::Object::deserialize(deserializer)?;"]);
    code.open(&["Ok("]);
    code.open(&["match object.typename::<D::Error>()? {"]);
    for (variant, typename) in variant_names.iter().zip(&typenames) {
        code.arm_call(
            typename,
            &format!("Self::{variant}"),
            "object.flatten::<_, D::Error>()?",
        );
    }
    code.arm("other", &format!("Self::{other}(other.to_owned())"));
    code.close(&["},"]);
    code.close(&[")"]);
    close_impl(code);
    if !types.serialize {
        return;
    }

    scope.allows(code);
    open_serialize(code, &name);
    code.line(&["let mut object = ::gqlforge::__private::ObjectWriter::new();"]);
    code.open(&["match self {"]);
    for (variant, typename) in variant_names.iter().zip(&typenames) {
        if code.fits(&["Self::", variant, "(part) => {"]) {
            code.open(&["Self::", variant, "(part) => {"]);
        } else {
            code.open(&["Self::", variant, "("]);
            code.line(&["part,"]);
            code.reopen(&[") => {"]);
        }
        code.line(&["object.flatten::<_, S::Error>(part)?;"]);
        code.method_line("", "object", "typename", &[], &[typename], ";");
        code.close(&["}"]);
    }
    code.arm(
        &format!("Self::{other}(typename)"),
        "object.typename(typename)",
    );
    code.close(&["}"]);
    code.line(&["object.finish(serializer)"]);
    close_impl(code);
}
