//! ScalarLeafsRule (spec 5.3.3 Leaf Field Selections): a field of scalar or enum type has
//! no selection set; a field of object, interface or union type has one.

use crate::document::Field;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "ScalarLeafsRule";

#[derive(Default)]
pub(crate) struct ScalarLeafsRule;

impl<'a> Rule<'a> for ScalarLeafsRule {
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        let Some(ty) = cx.output_type() else {
            return Flow::Continue;
        };
        let name = &field.name.value;
        let type_str = cx.schema.display(ty);
        match &field.selection_set {
            Some(set) if cx.schema.is_leaf(ty.named()) => cx.report(
                RULE,
                format!(
                    "Field \"{name}\" must not have a selection since type \"{type_str}\" has no subfields."
                ),
                vec![set.span],
            ),
            None if !cx.schema.is_leaf(ty.named()) => cx.report(
                RULE,
                format!(
                    "Field \"{name}\" of type \"{type_str}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?"
                ),
                vec![field.span],
            ),
            _ => {}
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn valid_scalar_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelection on Dog {
              barks
            }
            "#,
            &[],
        );
    }

    #[test]
    fn object_type_missing_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query directQueryOnObjectWithoutSubFields {
              human
            }
            "#,
            &[("Field \"human\" of type \"Human\" must have a selection of subfields. Did you mean \"human { ... }\"?", &[(3, 15)])],
        );
    }

    #[test]
    fn interface_type_missing_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human { pets }
            }
            "#,
            &[("Field \"pets\" of type \"[Pet]\" must have a selection of subfields. Did you mean \"pets { ... }\"?", &[(3, 23)])],
        );
    }

    #[test]
    fn non_null_list_and_introspection_types_missing_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human { relatives }
              __schema
              __type(name: "Dog")
              catOrDog
            }
            "#,
            &[("Field \"relatives\" of type \"[Human]!\" must have a selection of subfields. Did you mean \"relatives { ... }\"?", &[(3, 23)]), ("Field \"__schema\" of type \"__Schema!\" must have a selection of subfields. Did you mean \"__schema { ... }\"?", &[(4, 15)]), ("Field \"__type\" of type \"__Type\" must have a selection of subfields. Did you mean \"__type { ... }\"?", &[(5, 15)]), ("Field \"catOrDog\" of type \"CatOrDog\" must have a selection of subfields. Did you mean \"catOrDog { ... }\"?", &[(6, 15)])],
        );
    }

    #[test]
    fn valid_scalar_selection_with_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelectionWithArgs on Dog {
              doesKnowCommand(dogCommand: SIT)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn scalar_selection_not_allowed_on_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelectionsNotAllowedOnBoolean on Dog {
              barks { sinceWhen }
            }
            "#,
            &[("Field \"barks\" must not have a selection since type \"Boolean\" has no subfields.", &[(3, 21)])],
        );
    }

    #[test]
    fn scalar_selection_not_allowed_on_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelectionsNotAllowedOnEnum on Cat {
              furColor { inHexDec }
            }
            "#,
            &[("Field \"furColor\" must not have a selection since type \"FurColor\" has no subfields.", &[(3, 24)])],
        );
    }

    #[test]
    fn scalar_selection_not_allowed_with_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelectionsNotAllowedWithArgs on Dog {
              doesKnowCommand(dogCommand: SIT) { sinceWhen }
            }
            "#,
            &[("Field \"doesKnowCommand\" must not have a selection since type \"Boolean\" has no subfields.", &[(3, 48)])],
        );
    }

    #[test]
    fn scalar_selection_not_allowed_with_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelectionsNotAllowedWithDirectives on Dog {
              name @include(if: true) { isAlsoHumanName }
            }
            "#,
            &[(
                "Field \"name\" must not have a selection since type \"String\" has no subfields.",
                &[(3, 39)],
            )],
        );
    }

    #[test]
    fn scalar_selection_not_allowed_with_directives_and_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarSelectionsNotAllowedWithDirectivesAndArgs on Dog {
              doesKnowCommand(dogCommand: SIT) @include(if: true) { sinceWhen }
            }
            "#,
            &[("Field \"doesKnowCommand\" must not have a selection since type \"Boolean\" has no subfields.", &[(3, 67)])],
        );
    }

    #[test]
    fn aliased_fields_are_reported_from_their_alias() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              someone: human
              typename: __typename { x }
            }
            "#,
            &[("Field \"human\" of type \"Human\" must have a selection of subfields. Did you mean \"human { ... }\"?", &[(3, 15)]), ("Field \"__typename\" must not have a selection since type \"String!\" has no subfields.", &[(4, 36)])],
        );
    }

    #[test]
    fn unknown_fields_are_ignored() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              unknown
              alsoUnknown { x }
            }
            "#,
            &[],
        );
    }
}
