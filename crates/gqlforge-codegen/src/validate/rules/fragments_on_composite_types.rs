//! FragmentsOnCompositeTypesRule (spec 5.5.1.3 Fragments On Composite Types): a fragment's
//! type condition, when the schema knows it, is an object, interface or union type.

use crate::document::{FragmentDefinition, InlineFragment};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "FragmentsOnCompositeTypesRule";

#[derive(Default)]
pub(crate) struct FragmentsOnCompositeTypesRule;

impl<'a> Rule<'a> for FragmentsOnCompositeTypesRule {
    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        let condition = &fragment.type_condition;
        if is_known_and_not_composite(cx, &condition.value) {
            cx.report(
                RULE,
                format!(
                    "Fragment \"{}\" cannot condition on non composite type \"{}\".",
                    fragment.name.value, condition.value
                ),
                vec![condition.span],
            );
        }
        Flow::Continue
    }

    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        if let Some(condition) = &fragment.type_condition {
            if is_known_and_not_composite(cx, &condition.value) {
                cx.report(
                    RULE,
                    format!(
                        "Fragment cannot condition on non composite type \"{}\".",
                        condition.value
                    ),
                    vec![condition.span],
                );
            }
        }
        Flow::Continue
    }
}

fn is_known_and_not_composite(cx: &ValidationContext<'_>, type_name: &str) -> bool {
    cx.schema
        .type_by_name(type_name)
        .is_some_and(|id| !cx.schema.is_composite(id))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn object_is_valid_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment validFragment on Dog {
              barks
            }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_is_valid_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment validFragment on Pet {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn object_is_valid_inline_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment validFragment on Pet {
              ... on Dog {
                barks
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_is_valid_inline_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment validFragment on Mammal {
              ... on Canine {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn inline_fragment_without_type_is_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment validFragment on Pet {
              ... {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn union_is_valid_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment validFragment on CatOrDog {
              __typename
            }
            "#,
            &[],
        );
    }

    #[test]
    fn scalar_is_invalid_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarFragment on Boolean {
              bad
            }
            "#,
            &[(
                "Fragment \"scalarFragment\" cannot condition on non composite type \"Boolean\".",
                &[(2, 40)],
            )],
        );
    }

    #[test]
    fn enum_is_invalid_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment scalarFragment on FurColor {
              bad
            }
            "#,
            &[(
                "Fragment \"scalarFragment\" cannot condition on non composite type \"FurColor\".",
                &[(2, 40)],
            )],
        );
    }

    #[test]
    fn input_object_is_invalid_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment inputFragment on ComplexInput {
              stringField
            }
            "#,
            &[("Fragment \"inputFragment\" cannot condition on non composite type \"ComplexInput\".", &[(2, 39)])],
        );
    }

    #[test]
    fn scalar_is_invalid_inline_fragment_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment invalidFragment on Pet {
              ... on String {
                barks
              }
            }
            "#,
            &[(
                "Fragment cannot condition on non composite type \"String\".",
                &[(3, 22)],
            )],
        );
    }

    #[test]
    fn unknown_types_are_left_to_known_type_names() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment unknownFragment on Unknown {
              ... on AlsoUnknown {
                barks
              }
            }
            "#,
            &[],
        );
    }
}
