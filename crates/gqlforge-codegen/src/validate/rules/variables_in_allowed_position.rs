//! VariablesInAllowedPositionRule (spec 5.8.5 All Variable Usages Are Allowed): each
//! variable is used where its type is allowed, and a `@oneOf` input object's field is
//! only given a non-null variable.
//!
//! As in graphql-js 17, a nullable variable may go where a non-null type is expected
//! when the variable has a non-null default value or the position has a default value.
//! The usages of an operation include those in the fragments it reaches, and are checked
//! when the operation is left, as graphql-js does; when the operation reaches fragments
//! defined after it, their usages come from a walk of the whole document made once.

use std::collections::HashMap;

use crate::document::{OperationDefinition, ValueKind, VariableDefinition};
use crate::schema::{SchemaIndex, Type, TypeKind};
use crate::validate::context::DefinitionIndex;
use crate::validate::visit::variable_usages_by_definition;
use crate::validate::{Rule, ValidationContext, VariableUsage};

const RULE: &str = "VariablesInAllowedPositionRule";

#[derive(Default)]
pub(crate) struct VariablesInAllowedPositionRule<'a> {
    /// The usages of every definition, once an operation needed a fragment not walked yet.
    usages_ahead: Option<HashMap<DefinitionIndex, Vec<VariableUsage<'a>>>>,
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
        let definitions: HashMap<&str, &VariableDefinition> = op
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

    /// A `@oneOf` input object in a non-null position and as a list item.
    const ONE_OF_SCHEMA: &str = r#"input O @oneOf { a: String b: [String] }
type Query { f(o: O!, l: [O]): String }
"#;

    #[test]
    fn boolean_to_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($booleanArg: Boolean)
            {
              complicatedArgs {
                booleanArgField(booleanArg: $booleanArg)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn boolean_to_boolean_within_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment booleanArgFrag on ComplicatedArgs {
              booleanArgField(booleanArg: $booleanArg)
            }
            query Query($booleanArg: Boolean)
            {
              complicatedArgs {
                ...booleanArgFrag
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn boolean_to_boolean_within_fragment_defined_after() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($booleanArg: Boolean)
            {
              complicatedArgs {
                ...booleanArgFrag
              }
            }
            fragment booleanArgFrag on ComplicatedArgs {
              booleanArgField(booleanArg: $booleanArg)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn non_null_boolean_to_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($nonNullBooleanArg: Boolean!)
            {
              complicatedArgs {
                booleanArgField(booleanArg: $nonNullBooleanArg)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn non_null_boolean_to_boolean_within_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment booleanArgFrag on ComplicatedArgs {
              booleanArgField(booleanArg: $nonNullBooleanArg)
            }

            query Query($nonNullBooleanArg: Boolean!)
            {
              complicatedArgs {
                ...booleanArgFrag
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn string_list_to_string_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringListVar: [String])
            {
              complicatedArgs {
                stringListArgField(stringListArg: $stringListVar)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn non_null_string_list_to_string_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringListVar: [String!])
            {
              complicatedArgs {
                stringListArgField(stringListArg: $stringListVar)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn string_to_string_list_in_item_position() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringVar: String)
            {
              complicatedArgs {
                stringListArgField(stringListArg: [$stringVar])
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn non_null_string_to_string_list_in_item_position() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringVar: String!)
            {
              complicatedArgs {
                stringListArgField(stringListArg: [$stringVar])
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn complex_input_to_complex_input() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($complexVar: ComplexInput)
            {
              complicatedArgs {
                complexArgField(complexArg: $complexVar)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn complex_input_to_complex_input_in_field_position() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($boolVar: Boolean = false)
            {
              complicatedArgs {
                complexArgField(complexArg: {requiredArg: $boolVar})
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn non_null_boolean_to_non_null_boolean_in_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($boolVar: Boolean!)
            {
              dog @include(if: $boolVar)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_to_non_null_int() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($intArg: Int) {
              complicatedArgs {
                nonNullIntArgField(nonNullIntArg: $intArg)
              }
            }
            "#,
            &[(
                "Variable \"$intArg\" of type \"Int\" used in position expecting type \"Int!\".",
                &[(2, 25), (4, 51)],
            )],
        );
    }

    #[test]
    fn int_to_non_null_int_within_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment nonNullIntArgFieldFrag on ComplicatedArgs {
              nonNullIntArgField(nonNullIntArg: $intArg)
            }

            query Query($intArg: Int) {
              complicatedArgs {
                ...nonNullIntArgFieldFrag
              }
            }
            "#,
            &[(
                "Variable \"$intArg\" of type \"Int\" used in position expecting type \"Int!\".",
                &[(6, 25), (3, 49)],
            )],
        );
    }

    #[test]
    fn int_to_non_null_int_within_nested_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment outerFrag on ComplicatedArgs {
              ...nonNullIntArgFieldFrag
            }

            fragment nonNullIntArgFieldFrag on ComplicatedArgs {
              nonNullIntArgField(nonNullIntArg: $intArg)
            }

            query Query($intArg: Int) {
              complicatedArgs {
                ...outerFrag
              }
            }
            "#,
            &[(
                "Variable \"$intArg\" of type \"Int\" used in position expecting type \"Int!\".",
                &[(10, 25), (7, 49)],
            )],
        );
    }

    #[test]
    fn string_over_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringVar: String) {
              complicatedArgs {
                booleanArgField(booleanArg: $stringVar)
              }
            }
            "#,
            &[
                (
                    "Variable \"$stringVar\" of type \"String\" used in position expecting type \"Boolean\".",
                    &[(2, 25), (4, 45)],
                ),
            ],
        );
    }

    #[test]
    fn string_to_string_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringVar: String) {
              complicatedArgs {
                stringListArgField(stringListArg: $stringVar)
              }
            }
            "#,
            &[
                (
                    "Variable \"$stringVar\" of type \"String\" used in position expecting type \"[String]\".",
                    &[(2, 25), (4, 51)],
                ),
            ],
        );
    }

    #[test]
    fn boolean_to_non_null_boolean_in_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($boolVar: Boolean) {
              dog @include(if: $boolVar)
            }
            "#,
            &[
                (
                    "Variable \"$boolVar\" of type \"Boolean\" used in position expecting type \"Boolean!\".",
                    &[(2, 25), (3, 32)],
                ),
            ],
        );
    }

    #[test]
    fn string_to_non_null_boolean_in_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringVar: String) {
              dog @include(if: $stringVar)
            }
            "#,
            &[
                (
                    "Variable \"$stringVar\" of type \"String\" used in position expecting type \"Boolean!\".",
                    &[(2, 25), (3, 32)],
                ),
            ],
        );
    }

    #[test]
    fn string_list_to_non_null_string_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($stringListVar: [String])
            {
              complicatedArgs {
                stringListNonNullArgField(stringListNonNullArg: $stringListVar)
              }
            }
            "#,
            &[
                (
                    "Variable \"$stringListVar\" of type \"[String]\" used in position expecting type \"[String!]\".",
                    &[(2, 25), (5, 65)],
                ),
            ],
        );
    }

    #[test]
    fn int_to_non_null_int_fails_when_variable_provides_null_default_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($intVar: Int = null) {
              complicatedArgs {
                nonNullIntArgField(nonNullIntArg: $intVar)
              }
            }
            "#,
            &[(
                "Variable \"$intVar\" of type \"Int\" used in position expecting type \"Int!\".",
                &[(2, 25), (4, 51)],
            )],
        );
    }

    #[test]
    fn int_to_non_null_int_when_variable_provides_non_null_default_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($intVar: Int = 1) {
              complicatedArgs {
                nonNullIntArgField(nonNullIntArg: $intVar)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_to_non_null_int_when_optional_argument_provides_default_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($intVar: Int) {
              complicatedArgs {
                nonNullFieldWithDefault(nonNullIntArg: $intVar)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_to_non_null_int_when_the_argument_has_a_default() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($intVar: Int, $str: String) {
              complicatedArgs {
                nonNullFieldWithDefault(arg: $intVar)
                also: nonNullFieldWithDefault(arg: $str)
              }
            }
            "#,
            &[(
                "Variable \"$str\" of type \"String\" used in position expecting type \"Int!\".",
                &[(2, 39), (5, 52)],
            )],
        );
    }

    #[test]
    fn boolean_to_non_null_boolean_in_directive_with_default_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Query($boolVar: Boolean = false) {
              dog @include(if: $boolVar)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn allows_exactly_one_non_nullable_variable_for_one_of() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($string: String!) {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: $string })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn forbids_one_nullable_variable_for_one_of() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($string: String) {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: $string })
              }
            }
            "#,
            &[
                (
                    "Variable \"$string\" is of type \"String\" but must be non-nullable to be used for OneOf Input Object \"OneOfInput\".",
                    &[(2, 20), (4, 56)],
                ),
            ],
        );
    }

    #[test]
    fn one_of_inside_lists_and_nested_objects() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($string: String, $int: Int = 1, $one: OneOfInput) {
              complicatedArgs {
                oneOfArgField(oneOfArg: $one)
                a: oneOfArgField(oneOfArg: { intField: $int })
                b: oneOfArgField(oneOfArg: { stringField: [$string] })
              }
            }
            "#,
            &[
                (
                    "Variable \"$int\" is of type \"Int\" but must be non-nullable to be used for OneOf Input Object \"OneOfInput\".",
                    &[(2, 37), (5, 56)],
                ),
            ],
        );
    }

    #[test]
    fn one_of_is_checked_only_when_the_position_s_parent_is_the_nullable_type() {
        expect_errors(
            RULE,
            ONE_OF_SCHEMA,
            r#"
            query ($s: String) {
              f(o: {a: $s}, l: [{a: $s}])
            }
            "#,
            &[
                (
                    "Variable \"$s\" is of type \"String\" but must be non-nullable to be used for OneOf Input Object \"O\".",
                    &[(2, 20), (3, 37)],
                ),
            ],
        );
    }

    #[test]
    fn unknown_and_output_variable_types() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($a: Unknown, $b: Dog, $c: [Dog]) {
              complicatedArgs {
                stringArgField(stringArg: $a)
                intArgField(intArg: $b)
                stringListArgField(stringListArg: $c)
              }
            }
            "#,
            &[
                (
                    "Variable \"$b\" of type \"Dog\" used in position expecting type \"Int\".",
                    &[(2, 33), (5, 37)],
                ),
                (
                    "Variable \"$c\" of type \"[Dog]\" used in position expecting type \"[String]\".",
                    &[(2, 42), (6, 51)],
                ),
            ],
        );
    }

    #[test]
    fn lists_in_a_scalar_position_and_undefined_variables() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($s: String) {
              complicatedArgs {
                intArgField(intArg: [$s])
                stringArgField(stringArg: $undefined)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn each_operation_checks_its_own_definitions() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query A($v: Int) {
              complicatedArgs {
                ...F
              }
            }
            query B($v: Boolean, $v: String) {
              complicatedArgs {
                ...F
              }
            }
            fragment F on ComplicatedArgs {
              booleanArgField(booleanArg: $v)
            }
            "#,
            &[
                (
                    "Variable \"$v\" of type \"Int\" used in position expecting type \"Boolean\".",
                    &[(2, 21), (13, 43)],
                ),
                (
                    "Variable \"$v\" of type \"String\" used in position expecting type \"Boolean\".",
                    &[(7, 34), (13, 43)],
                ),
            ],
        );
    }

    #[test]
    fn variables_in_default_values_and_unknown_fields_are_not_usages() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($s: String, $t: Int) {
              complicatedArgs {
                unknownField(stringArg: $s)
                intArgField(intArg: $t, other: $s)
              }
            }
            "#,
            &[],
        );
    }
}
