//! ProvidedRequiredArgumentsRule (spec 5.4.2.1 Required Arguments): a field or directive
//! is given every argument that is non-null and has no default value.
//!
//! As in graphql-js, directive definitions in the document (an ExecutableDefinitionsRule
//! error) also define directives, replacing the schema's.

use std::collections::HashMap;

use crate::document::{Argument, DeclaredDirective, Directive, Document, Field};
use crate::schema::InputValueDef;
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "ProvidedRequiredArgumentsRule";

#[derive(Default)]
pub(crate) struct ProvidedRequiredArgumentsRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
}

/// The required argument definitions that `given` does not name, in definition order.
fn missing<'d>(
    definitions: &'d [InputValueDef],
    given: &'d [Argument],
) -> impl Iterator<Item = &'d InputValueDef> {
    let given: Vec<&str> = given.iter().map(|a| a.name.value.as_str()).collect();
    definitions
        .iter()
        .filter(move |d| d.is_required() && !given.contains(&d.name.as_str()))
}

impl<'a> Rule<'a> for ProvidedRequiredArgumentsRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

    fn leave_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) {
        let (Some(def), Some(coordinate)) = (cx.field_def(), cx.field_coordinate()) else {
            return;
        };
        for argument in missing(&def.arguments, &field.arguments) {
            let message = format!(
                "Argument \"{coordinate}({}:)\" of type \"{}\" is required, but it was not provided.",
                argument.name,
                cx.schema.display(&argument.ty)
            );
            cx.report(RULE, message, vec![field.span]);
        }
    }

    fn leave_directive(&mut self, cx: &mut ValidationContext<'a>, directive: &'a Directive) {
        let name = directive.name.value.as_str();
        // (argument, its type) for each required argument not given.
        let missing: Vec<(&str, String)> = match (self.declared.get(name), cx.directive()) {
            (Some(declared), _) => declared
                .arguments
                .iter()
                .filter(|d| {
                    d.is_required()
                        && !directive
                            .arguments
                            .iter()
                            .any(|a| a.name.value == d.name.value)
                })
                .map(|d| (d.name.value.as_str(), d.ty.to_string()))
                .collect(),
            (None, Some(def)) => missing(&def.arguments, &directive.arguments)
                .map(|d| (d.name.as_str(), cx.schema.display(&d.ty).to_string()))
                .collect(),
            (None, None) => return,
        };
        for (argument, ty) in missing {
            let message = format!(
                "Argument \"@{name}({argument}:)\" of type \"{ty}\" is required, but it was not provided."
            );
            cx.report(RULE, message, vec![directive.span]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn ignores_unknown_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                isHouseTrained(unknownArgument: true)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn arg_on_optional_arg() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                isHouseTrained(atOtherHomes: true)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_arg_on_optional_arg() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                isHouseTrained
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_arg_on_non_null_field_with_default() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                nonNullFieldWithDefault
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req1: 1, req2: 2)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_args_reverse_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req2: 2, req1: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_args_on_multiple_optional() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOpts
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn one_arg_on_multiple_optional() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOpts(opt1: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn second_arg_on_multiple_optional() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOpts(opt2: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_required_args_on_mixed_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOptAndReq(req1: 3, req2: 4)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_required_and_one_optional_arg_on_mixed_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOptAndReq(req1: 3, req2: 4, opt1: 5)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn all_required_and_optional_args_on_mixed_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOptAndReq(req1: 3, req2: 4, opt1: 5, opt2: 6)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn missing_one_non_nullable_argument() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req2: 2)
              }
            }
            "#,
            &[
                (
                    "Argument \"ComplicatedArgs.multipleReqs(req1:)\" of type \"Int!\" is required, but it was not provided.",
                    &[(4, 17)],
                ),
            ],
        );
    }

    #[test]
    fn missing_multiple_non_nullable_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs
              }
            }
            "#,
            &[
                (
                    "Argument \"ComplicatedArgs.multipleReqs(req1:)\" of type \"Int!\" is required, but it was not provided.",
                    &[(4, 17)],
                ),
                (
                    "Argument \"ComplicatedArgs.multipleReqs(req2:)\" of type \"Int!\" is required, but it was not provided.",
                    &[(4, 17)],
                ),
            ],
        );
    }

    #[test]
    fn incorrect_value_and_missing_argument() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req1: "one")
              }
            }
            "#,
            &[
                (
                    "Argument \"ComplicatedArgs.multipleReqs(req2:)\" of type \"Int!\" is required, but it was not provided.",
                    &[(4, 17)],
                ),
            ],
        );
    }

    #[test]
    fn ignores_unknown_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @unknown
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_directives_of_valid_types() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @include(if: true) {
                name
              }
              human @skip(if: false) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_directive_with_missing_types() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @include {
                name @skip
              }
            }
            "#,
            &[
                (
                    "Argument \"@include(if:)\" of type \"Boolean!\" is required, but it was not provided.",
                    &[(3, 19)],
                ),
                (
                    "Argument \"@skip(if:)\" of type \"Boolean!\" is required, but it was not provided.",
                    &[(4, 22)],
                ),
            ],
        );
    }

    #[test]
    fn reported_at_the_alias_after_the_field_s_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                alias: multipleReqs(req1: 1) @include {
                  x
                }
              }
              __type {
                name
              }
            }
            "#,
            &[
                (
                    "Argument \"@include(if:)\" of type \"Boolean!\" is required, but it was not provided.",
                    &[(4, 46)],
                ),
                (
                    "Argument \"ComplicatedArgs.multipleReqs(req2:)\" of type \"Int!\" is required, but it was not provided.",
                    &[(4, 17)],
                ),
                (
                    "Argument \"<meta>.__type(name:)\" of type \"String!\" is required, but it was not provided.",
                    &[(8, 15)],
                ),
            ],
        );
    }
}
