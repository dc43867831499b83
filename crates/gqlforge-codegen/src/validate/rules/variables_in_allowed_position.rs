//! VariablesInAllowedPositionRule (spec 5.8.5 All Variable Usages Are Allowed): each
//! variable is used where its type is allowed, and a `@oneOf` input object's field is
//! only given a non-null variable.
//!
//! A nullable variable may go where a non-null type is expected when the variable has a
//! non-null default value or the position has a default value. As the spec says (its
//! `IsNonNullPosition`), a field of a OneOf Input Object is such a position: a nullable
//! variable there needs a non-null default. graphql-js 17 deviates: it checks the OneOf
//! object only when the object value's own position is nullable, and there ignores the
//! variable's default. We follow the spec, with graphql-js's message; the difference is
//! pinned in the tests here and set aside by the differential fuzz test.
//! The usages of an operation include those in the fragments it reaches, and are checked
//! when the operation is left, as graphql-js does; when the operation reaches fragments
//! defined after it, their usages come from a walk of the whole document made once.

use crate::fast_hash::FastMap;

use crate::document::{OperationDefinition, ValueKind, VariableDefinition};
use crate::schema::{SchemaIndex, Type, TypeId, TypeKind};
use crate::validate::context::DefinitionIndex;
use crate::validate::visit::variable_usages_by_definition;
use crate::validate::{Rule, ValidationContext, VariableUsage};

const RULE: &str = "VariablesInAllowedPositionRule";

#[derive(Default)]
pub(crate) struct VariablesInAllowedPositionRule<'a> {
    /// The usages of every definition, once an operation needed a fragment not walked yet.
    usages_ahead: Option<FastMap<DefinitionIndex, Vec<VariableUsage<'a>>>>,
}

impl<'a> VariablesInAllowedPositionRule<'a> {
    /// The usages in an operation and the fragments it reaches, in graphql-js's order.
    fn recursive_usages(
        &mut self,
        cx: &ValidationContext<'a>,
        index: DefinitionIndex,
        op: &'a OperationDefinition,
    ) -> Vec<VariableUsage<'a>> {
        let fragments: Vec<DefinitionIndex> = cx
            .recursively_referenced_fragments(&op.selection_set)
            .into_iter()
            .filter_map(|f| cx.definition_index_of_fragment(f))
            .collect();
        if fragments.iter().all(|&f| f < index) {
            return cx.recursive_variable_usages(index, &op.selection_set);
        }
        let ahead = self
            .usages_ahead
            .get_or_insert_with(|| variable_usages_by_definition(cx.schema, cx.document));
        let mut usages = cx.variable_usages(index).to_vec();
        for f in fragments {
            usages.extend(ahead.get(&f).into_iter().flatten().cloned());
        }
        usages
    }
}

impl<'a> Rule<'a> for VariablesInAllowedPositionRule<'a> {
    fn leave_operation(&mut self, cx: &mut ValidationContext<'a>, op: &'a OperationDefinition) {
        let Some(index) = cx.current_definition() else {
            return;
        };
        // The last definition of a name is the one graphql-js uses.
        let definitions: FastMap<&str, &VariableDefinition> = op
            .variable_definitions
            .iter()
            .map(|d| (d.variable.value.as_str(), d))
            .collect();
        for usage in self.recursive_usages(cx, index, op) {
            if let Some(def) = definitions.get(usage.name) {
                check_usage(cx, def, &usage);
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
    // A nullable variable is allowed in a non-null position only with a default.
    let defaulted = usage.has_location_default
        || def
            .default_value
            .as_ref()
            .is_some_and(|v| v.kind != ValueKind::Null);
    let nullable_variable = !variable_type.is_non_null();
    let allowed = match location_type {
        Type::NonNull(nullable_location) if nullable_variable => {
            defaulted && schema.is_type_sub_type_of(&variable_type, nullable_location)
        }
        _ => schema.is_type_sub_type_of(&variable_type, location_type),
    };
    if !allowed {
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
    if let Some(one_of) = one_of_parent(schema, usage) {
        if nullable_variable && !defaulted {
            cx.report(
                RULE,
                format!(
                    "Variable \"${name}\" is of type \"{}\" but must be non-nullable to be used \
                     for OneOf Input Object \"{}\".",
                    schema.display(&variable_type),
                    schema.type_name(one_of)
                ),
                vec![def.span, usage.span],
            );
        }
    }
}

/// The OneOf Input Object whose field the variable is the value of, if it is one.
fn one_of_parent(schema: &SchemaIndex, usage: &VariableUsage) -> Option<TypeId> {
    match usage.parent_ty.as_ref()?.nullable() {
        Type::Named(id) => match schema.ty(*id).kind {
            TypeKind::InputObject { one_of: true, .. } => Some(*id),
            _ => None,
        },
        _ => None,
    }
}
