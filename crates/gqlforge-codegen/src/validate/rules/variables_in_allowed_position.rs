//! VariablesInAllowedPositionRule (spec 5.8.5 All Variable Usages Are Allowed): each
//! variable is used where its type is allowed, and a `@oneOf` input object's field is
//! only given a non-null variable.
//!
//! As in graphql-js 17, a nullable variable may go where a non-null type is expected
//! when the variable has a non-null default value or the position has a default value.
//! The usages of an operation include those in the fragments it reaches, so they are
//! checked once the whole document has been walked, operation by operation.

use std::collections::HashMap;

use crate::document::{Definition, Document, ValueKind, VariableDefinition};
use crate::schema::{SchemaIndex, Type, TypeKind};
use crate::validate::{Rule, ValidationContext, VariableUsage};

const RULE: &str = "VariablesInAllowedPositionRule";

#[derive(Default)]
pub(crate) struct VariablesInAllowedPositionRule;

impl<'a> Rule<'a> for VariablesInAllowedPositionRule {
    fn leave_document(&mut self, cx: &mut ValidationContext<'a>, doc: &'a Document) {
        for (index, definition) in doc.definitions.iter().enumerate() {
            let Definition::Operation(op) = definition else {
                continue;
            };
            // The last definition of a name is the one graphql-js uses.
            let definitions: HashMap<&str, &VariableDefinition> = op
                .variable_definitions
                .iter()
                .map(|d| (d.variable.value.as_str(), d))
                .collect();
            for usage in cx.recursive_variable_usages(index, &op.selection_set) {
                if let Some(def) = definitions.get(usage.name) {
                    check_usage(cx, def, &usage);
                }
            }
        }
    }
}

fn check_usage(cx: &mut ValidationContext<'_>, def: &VariableDefinition, usage: &VariableUsage) {
    let (Some(location_type), Some(variable_type)) = (&usage.ty, cx.type_from_ref(&def.ty)) else {
        return;
    };
    let schema = cx.schema;
    let name = usage.name;
    if !allowed(schema, &variable_type, def, location_type, usage) {
        cx.report(
            RULE,
            format!(
                "Variable \"${name}\" of type \"{}\" used in position expecting type \"{}\".",
                schema.display(&variable_type),
                schema.display(location_type)
            ),
            vec![def.span, usage.span],
        );
    }
    if let Some(Type::Named(parent)) = &usage.parent_ty {
        let one_of = matches!(
            schema.ty(*parent).kind,
            TypeKind::InputObject { one_of: true, .. }
        );
        if one_of && !variable_type.is_non_null() {
            cx.report(
                RULE,
                format!(
                    "Variable \"${name}\" is of type \"{}\" but must be non-nullable to be used \
                     for OneOf Input Object \"{}\".",
                    schema.display(&variable_type),
                    schema.type_name(*parent)
                ),
                vec![def.span, usage.span],
            );
        }
    }
}

/// Can a variable of this type (and default) be used at this position? A nullable
/// variable fits a non-null position when it has a non-null default or the position has
/// a default.
fn allowed(
    schema: &SchemaIndex,
    variable_type: &Type,
    def: &VariableDefinition,
    location_type: &Type,
    usage: &VariableUsage,
) -> bool {
    match location_type {
        Type::NonNull(nullable_location) if !variable_type.is_non_null() => {
            let non_null_default = def
                .default_value
                .as_ref()
                .is_some_and(|v| v.kind != ValueKind::Null);
            (non_null_default || usage.has_location_default)
                && schema.is_type_sub_type_of(variable_type, nullable_location)
        }
        _ => schema.is_type_sub_type_of(variable_type, location_type),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};
}
