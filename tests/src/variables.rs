//! Random but valid variable values for an operation: what a test sends with the operation's
//! text to a real server.
//!
//! Every value fits its variable's type under the spec's input coercion: scalars of the right
//! kind (custom scalars get strings), a real value of an enum, input objects with every required
//! field, optional fields only sometimes, and exactly one field of a `@oneOf` input; lists of 0
//! to 2 items. Nullable variables and variables with a default value are sometimes left out;
//! `null` is never sent at the top level (a nullable variable may stand where a non-null
//! argument with a default is expected, and `null` there is an execution error).

use gqlforge_codegen::document::{OperationDefinition, TypeRef};
use gqlforge_codegen::schema::{Type, TypeId, TypeKind};
use gqlforge_codegen::SchemaIndex;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{Map, Value};

/// Input objects nested deeper than this get only their required fields (and empty lists), so
/// recursive input types stay finite.
const MAX_DEPTH: usize = 3;

/// The `variables` object for `op`: one entry per variable definition, except the ones
/// deliberately left out. `op` is expected to be valid against `schema`; a variable whose type
/// the schema lacks gets `null`, which the server then rejects with a message naming it.
pub fn variables_for(schema: &SchemaIndex, op: &OperationDefinition, rng: &mut impl Rng) -> Value {
    let mut variables = Map::new();
    for definition in &op.variable_definitions {
        let required = matches!(definition.ty, TypeRef::NonNull(..));
        let may_omit = !required || definition.default_value.is_some();
        if may_omit && rng.gen_bool(0.25) {
            continue;
        }
        let value = match resolve(schema, &definition.ty) {
            Some(ty) => value_for_type(schema, &ty, rng, 0),
            None => Value::Null,
        };
        variables.insert(definition.variable.value.clone(), value);
    }
    Value::Object(variables)
}

/// The schema's form of a type written in the document, or `None` when it names an unknown type.
fn resolve(schema: &SchemaIndex, ty: &TypeRef) -> Option<Type> {
    Some(match ty {
        TypeRef::Named(name) => Type::Named(schema.type_by_name(&name.value)?),
        TypeRef::List(item, _) => Type::List(Box::new(resolve(schema, item)?)),
        TypeRef::NonNull(inner, _) => Type::NonNull(Box::new(resolve(schema, inner)?)),
    })
}

/// A value of an input type.
fn value_for_type(schema: &SchemaIndex, ty: &Type, rng: &mut impl Rng, depth: usize) -> Value {
    match ty {
        Type::NonNull(inner) => value_for_type(schema, inner, rng, depth),
        Type::List(item) => {
            let len = if depth >= MAX_DEPTH {
                0
            } else {
                rng.gen_range(0..=2)
            };
            Value::Array(
                (0..len)
                    .map(|_| value_for_type(schema, item, rng, depth + 1))
                    .collect(),
            )
        }
        Type::Named(id) => value_for_named(schema, *id, rng, depth),
    }
}

/// A value of a named input type: a scalar, an enum value or an input object.
fn value_for_named(schema: &SchemaIndex, id: TypeId, rng: &mut impl Rng, depth: usize) -> Value {
    let def = schema.ty(id);
    match &def.kind {
        TypeKind::Scalar { .. } => scalar_value(&def.name, rng),
        TypeKind::Enum { values } => match values.choose(rng) {
            Some(value) => Value::String(value.name.clone()),
            None => Value::Null,
        },
        TypeKind::InputObject { fields, one_of } => {
            let mut object = Map::new();
            if *one_of {
                if let Some(field) = fields.choose(rng) {
                    let value = value_for_type(schema, field.ty.nullable(), rng, depth + 1);
                    object.insert(field.name.clone(), value);
                }
            } else {
                for field in fields {
                    let include = field.is_required() || (depth < MAX_DEPTH && rng.gen_bool(0.5));
                    if include {
                        let value = value_for_type(schema, &field.ty, rng, depth + 1);
                        object.insert(field.name.clone(), value);
                    }
                }
            }
            Value::Object(object)
        }
        // Output types are not input types: a valid operation never declares one.
        TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union { .. } => Value::Null,
    }
}

/// A value of the scalar named `name`: the built-in ones by their kind, custom ones a string.
fn scalar_value(name: &str, rng: &mut impl Rng) -> Value {
    match name {
        "Int" => Value::from(rng.gen_range(0..100)),
        "Float" => Value::from(f64::from(rng.gen_range(0..10_000)) / 100.0),
        "Boolean" => Value::Bool(rng.gen_bool(0.5)),
        "ID" => Value::String(format!("id-{}", rng.gen_range(0..1_000_000))),
        "String" => Value::String(format!("text-{}", rng.gen_range(0..1000))),
        custom => Value::String(format!("{custom}-{}", rng.gen_range(0..1000))),
    }
}
