//! Module-level types: custom scalars, enums, input objects — emitted once per module.

use crate::fast_hash::FastSet;

use super::code::{string_literal, Code};
use super::{
    allows, close_impl, deprecated, field_input_type, field_line, fields, input_derives,
    open_deserialize, open_serialize, serde_crate, Types,
};
use crate::ir::names::{ident_text, pascal_case, snake_case, Namespace};
use crate::schema::{InputValueDef, SchemaIndex, Type, TypeId, TypeKind};

pub(super) fn emit(code: &mut Code, types: &Types<'_>, id: TypeId) {
    let schema = types.schema;
    let def = schema.ty(id);
    let description = def.description.as_deref();
    match &def.kind {
        TypeKind::Scalar { .. } if types.bindings.contains_key(&def.name) => {}
        TypeKind::Scalar { .. } => {
            code.docs(description);
            code.doc(&format!(
                " The custom scalar `{}`, as the JSON string the server sends (bind it to a Rust type in the configuration's scalars).",
                def.name
            ));
            allows(code);
            code.attribute(
                "derive",
                &[
                    "Debug",
                    "Clone",
                    "PartialEq",
                    "Eq",
                    "Hash",
                    "Serialize",
                    "Deserialize",
                ],
                false,
            );
            serde_crate(code, true);
            code.line(&["pub struct ", &types.name_of(id), "(pub String);"]);
        }
        TypeKind::Enum { values } => {
            let name = types.name_of(id);
            let mut ns = Namespace::default();
            let variants: Vec<String> = values
                .iter()
                .map(|v| ident_text(&ns.claim(&[&pascal_case(&v.name)])))
                .collect();
            let other = ident_text(&ns.claim(&["Other", "UnknownValue"]));
            let texts: Vec<String> = values.iter().map(|v| string_literal(&v.name)).collect();

            code.docs(description);
            allows(code);
            code.attribute(
                "derive",
                &["Debug", "Clone", "PartialEq", "Eq", "Hash"],
                false,
            );
            code.open(&["pub enum ", &name, " {"]);
            for (value, variant) in values.iter().zip(&variants) {
                code.docs(value.description.as_deref());
                deprecated(code, value.deprecation.as_deref());
                code.line(&[variant, ","]);
            }
            code.doc(" A value this code does not know (the server's schema is newer).");
            code.line(&[&other, "(String),"]);
            code.close(&["}"]);

            allows(code);
            code.open(&["impl ", &name, " {"]);
            code.doc(" The value as GraphQL writes it.");
            code.open(&["pub fn as_str(&self) -> &str {"]);
            code.open(&["match self {"]);
            for (variant, text) in variants.iter().zip(&texts) {
                code.arm(&format!("Self::{variant}"), text);
            }
            code.arm(&format!("Self::{other}(value)"), "value");
            code.close(&["}"]);
            code.close(&["}"]);
            code.close(&["}"]);

            allows(code);
            open_serialize(code, &name);
            code.line(&["serializer.serialize_str(self.as_str())"]);
            close_impl(code);

            allows(code);
            open_deserialize(code, &name);
            code.open(&["::gqlforge::__private::deserialize_enum("]);
            code.line(&["deserializer,"]);
            code.open(&["|value| match value {"]);
            for (variant, text) in variants.iter().zip(&texts) {
                code.arm(text, &format!("Self::{variant}"));
            }
            code.arm("other", &format!("Self::{other}(other.to_owned())"));
            code.close(&["},"]);
            code.close(&[")"]);
            close_impl(code);
        }
        TypeKind::InputObject { fields, one_of } => {
            if *one_of {
                one_of_enum(code, types, id, fields);
            } else {
                input_struct(code, types, id, fields);
            }
        }
        _ => {}
    }
}

/// Does a field of type `ty` (named `from`) lead back to `target` without passing through a
/// list (which already holds its items on the heap)? Such a field is boxed.
fn reaches(schema: &SchemaIndex, from: TypeId, target: TypeId, ty: &Type) -> bool {
    if has_list(ty) {
        return false;
    }
    let mut seen = FastSet::default();
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

fn default_doc(code: &mut Code, field: &InputValueDef) {
    let Some(value) = &field.default_value else {
        return;
    };
    if field.description.is_some() {
        code.doc("");
    }
    code.doc(&format!(" Default: `{value}`."));
}

/// The Rust type inside a field of input object `id`: boxed when it leads back to the object.
fn input_inner(types: &Types<'_>, id: TypeId, field: &InputValueDef) -> String {
    let inner = types.named(field.ty.named(), false);
    if reaches(types.schema, field.ty.named(), id, &field.ty) {
        format!("Box<{inner}>")
    } else {
        inner
    }
}

fn input_struct(code: &mut Code, types: &Types<'_>, id: TypeId, input_fields: &[InputValueDef]) {
    let mut ns = Namespace::default();
    let all_optional = input_fields.iter().all(|f| !f.is_required());
    code.docs(types.schema.ty(id).description.as_deref());
    allows(code);
    input_derives(code, all_optional);
    serde_crate(code, false);
    fields(
        code,
        &["pub struct ", &types.name_of(id)],
        input_fields,
        |code, f| {
            let rust_name = ns.claim(&[&snake_case(&f.name)]);
            let inner = input_inner(types, id, f);
            let (ty, serde) = field_input_type(types, &f.ty, f.default_value.is_some(), &inner);
            code.docs(f.description.as_deref());
            default_doc(code, f);
            deprecated(code, f.deprecation.as_deref());
            super::serde_attribute(code, &rust_name, &f.name, serde);
            field_line(code, &rust_name, &ty);
        },
    );
}

/// A `@oneOf` input object: exactly one field is given, so it is an enum of its fields.
fn one_of_enum(code: &mut Code, types: &Types<'_>, id: TypeId, input_fields: &[InputValueDef]) {
    let mut ns = Namespace::default();
    code.docs(types.schema.ty(id).description.as_deref());
    code.doc(" Exactly one of these (`@oneOf`).");
    allows(code);
    code.attribute("derive", &super::DERIVES, false);
    serde_crate(code, false);
    code.open(&["pub enum ", &types.name_of(id), " {"]);
    for f in input_fields {
        let variant = ident_text(&ns.claim(&[&pascal_case(&f.name)]));
        let inner = input_inner(types, id, f);
        let ty = types.wrap_non_null(f.ty.nullable(), &inner);
        code.docs(f.description.as_deref());
        deprecated(code, f.deprecation.as_deref());
        let rename = format!("rename = {}", string_literal(&f.name));
        code.attribute("serde", &[&rename], false);
        code.call_line(&variant, &ty, ",");
    }
    code.close(&["}"]);
}
