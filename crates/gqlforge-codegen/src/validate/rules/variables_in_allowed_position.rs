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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    /// A `@oneOf` input object in a non-null position and as a list item.
    const ONE_OF_SCHEMA: &str = r#"input O @oneOf { a: String b: [String] }
type Query { f(o: O!, l: [O]): String }
"#;

    /// The schema of the spec's OneOf examples (5.8.5), with a nullable position too.
    const PETS_SCHEMA: &str = r#"
type Query { pet: Pet }
type Mutation {
  addPet(pet: PetInput!): Pet
  addPets(pets: [PetInput!]!): [Pet]
  maybeAddPet(pet: PetInput): Pet
}
input PetInput @oneOf { cat: CatInput, dog: DogInput }
input CatInput { name: String! }
input DogInput { name: String! }
type Pet { name: String }
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

    /// `$int` has a non-null default, so it fits the OneOf field (spec 5.8.5); graphql-js 17
    /// reports it, ignoring the default.
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
            &[],
        );
    }

    /// graphql-js 17 reports only the second: the first object's position is non-null, so
    /// its parent input type is `O!`, which graphql-js does not take for a OneOf Input Object.
    #[test]
    fn one_of_fields_are_non_null_positions_wherever_the_object_is() {
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
                    &[(2, 20), (3, 24)],
                ),
                (
                    "Variable \"$s\" is of type \"String\" but must be non-nullable to be used for OneOf Input Object \"O\".",
                    &[(2, 20), (3, 37)],
                ),
            ],
        );
    }

    /// The spec's examples (5.8.5): `addNullableCat` is invalid. graphql-js 17 accepts it, the
    /// position of `{ cat: $cat }` being non-null.
    #[test]
    fn the_spec_s_one_of_examples() {
        expect_errors(
            RULE,
            PETS_SCHEMA,
            r#"
            mutation addCat($cat: CatInput!) {
              addPet(pet: { cat: $cat }) { name }
            }
            mutation addCatWithDefault($cat: CatInput = { name: "Brontie" }) {
              addPet(pet: { cat: $cat }) { name }
            }
            mutation addNullableCat($cat: CatInput) {
              addPet(pet: { cat: $cat }) { name }
            }
            "#,
            &[
                (
                    "Variable \"$cat\" is of type \"CatInput\" but must be non-nullable to be used for OneOf Input Object \"PetInput\".",
                    &[(8, 37), (9, 34)],
                ),
            ],
        );
    }

    /// A nullable variable with a non-null default fits a OneOf field, as the spec says;
    /// graphql-js 17 reports `$cat` in `a` (it ignores the default) and misses `c`'s `$nullCat`.
    #[test]
    fn one_of_field_with_a_variable_with_a_non_null_default() {
        expect_errors(
            RULE,
            PETS_SCHEMA,
            r#"
            mutation ($cat: CatInput = { name: "Brontie" }, $nullCat: CatInput = null) {
              a: maybeAddPet(pet: { cat: $cat }) { name }
              b: maybeAddPet(pet: { cat: $nullCat }) { name }
              c: addPets(pets: [{ cat: $cat }, { cat: $nullCat }]) { name }
            }
            "#,
            &[
                (
                    "Variable \"$nullCat\" is of type \"CatInput\" but must be non-nullable to be used for OneOf Input Object \"PetInput\".",
                    &[(2, 61), (4, 42)],
                ),
                (
                    "Variable \"$nullCat\" is of type \"CatInput\" but must be non-nullable to be used for OneOf Input Object \"PetInput\".",
                    &[(2, 61), (5, 55)],
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
