//! KnownArgumentNamesRule (spec 5.4.1 Argument Names): every argument given to a field or
//! directive is one it defines; unknown names come with suggestions.
//!
//! As in graphql-js, directive definitions in the document (an ExecutableDefinitionsRule
//! error) also define directives, replacing the schema's.

use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, suggestion_list};
use crate::document::{Argument, DeclaredDirective, Directive, Document};
use crate::schema::DirectiveLocation;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownArgumentNamesRule";

#[derive(Default)]
pub(crate) struct KnownArgumentNamesRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
}

impl<'a> Rule<'a> for KnownArgumentNamesRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

    /// A directive's arguments are checked here, all at once; its argument nodes are then
    /// skipped, so that `enter_argument` only sees the arguments of fields.
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        let known: Vec<&str> = match (
            self.declared.get(directive.name.value.as_str()),
            cx.directive(),
        ) {
            (Some(declared), _) => declared
                .arguments
                .iter()
                .map(|a| a.name.value.as_str())
                .collect(),
            (None, Some(def)) => def.arguments.iter().map(|a| a.name.as_str()).collect(),
            (None, None) => return Flow::SkipChildren,
        };
        for argument in &directive.arguments {
            let name = argument.name.value.as_str();
            if known.contains(&name) {
                continue;
            }
            let suggestions = suggestion_list(name, known.iter().copied());
            cx.report(
                RULE,
                format!(
                    "Unknown argument \"{name}\" on directive \"@{}\".{}",
                    directive.name.value,
                    did_you_mean(None, &suggestions)
                ),
                vec![argument.span],
            );
        }
        Flow::SkipChildren
    }

    fn enter_argument(&mut self, cx: &mut ValidationContext<'a>, argument: &'a Argument) -> Flow {
        if cx.argument().is_some() {
            return Flow::Continue;
        }
        let (Some(field), Some(coordinate)) = (cx.field_def(), cx.field_coordinate()) else {
            return Flow::Continue;
        };
        let name = argument.name.value.as_str();
        let suggestions = suggestion_list(name, field.arguments.iter().map(|a| a.name.as_str()));
        cx.report(
            RULE,
            format!(
                "Unknown argument \"{name}\" on field \"{coordinate}\".{}",
                did_you_mean(None, &suggestions)
            ),
            vec![argument.span],
        );
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn single_arg_is_known() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment argOnRequiredArg on Dog {
              doesKnowCommand(dogCommand: SIT)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_args_are_known() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment multipleArgs on ComplicatedArgs {
              multipleReqs(req1: 1, req2: 2)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn ignores_args_of_unknown_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment argOnUnknownField on Dog {
              unknownField(unknownArg: SIT)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_args_in_reverse_order_are_known() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment multipleArgsReverseOrder on ComplicatedArgs {
              multipleReqs(req2: 2, req1: 1)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_args_on_optional_arg() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment noArgOnOptionalArg on Dog {
              isHouseTrained
            }
            "#,
            &[],
        );
    }

    #[test]
    fn args_are_known_deeply() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: SIT)
              }
              human {
                pet {
                  ... on Dog {
                    doesKnowCommand(dogCommand: SIT)
                  }
                }
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn directive_args_are_known() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @skip(if: true)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn field_args_are_invalid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @skip(unless: true)
            }
            "#,
            &[(
                "Unknown argument \"unless\" on directive \"@skip\".",
                &[(3, 25)],
            )],
        );
    }

    #[test]
    fn directive_without_args_is_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @onField
            }
            "#,
            &[],
        );
    }

    #[test]
    fn arg_passed_to_directive_without_arg_is_reported() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @onField(if: true)
            }
            "#,
            &[(
                "Unknown argument \"if\" on directive \"@onField\".",
                &[(3, 28)],
            )],
        );
    }

    #[test]
    fn misspelled_directive_args_are_reported() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @skip(iff: true)
            }
            "#,
            &[(
                "Unknown argument \"iff\" on directive \"@skip\". Did you mean \"if\"?",
                &[(3, 25)],
            )],
        );
    }

    #[test]
    fn invalid_arg_name() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment invalidArgName on Dog {
              doesKnowCommand(unknown: true)
            }
            "#,
            &[(
                "Unknown argument \"unknown\" on field \"Dog.doesKnowCommand\".",
                &[(3, 31)],
            )],
        );
    }

    #[test]
    fn misspelled_arg_name_is_reported() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment invalidArgName on Dog {
              doesKnowCommand(DogCommand: true)
            }
            "#,
            &[
                (
                    "Unknown argument \"DogCommand\" on field \"Dog.doesKnowCommand\". Did you mean \"dogCommand\"?",
                    &[(3, 31)],
                ),
            ],
        );
    }

    #[test]
    fn unknown_args_amongst_known_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment oneGoodArgOneInvalidArg on Dog {
              doesKnowCommand(whoKnows: 1, dogCommand: SIT, unknown: true)
            }
            "#,
            &[
                (
                    "Unknown argument \"whoKnows\" on field \"Dog.doesKnowCommand\".",
                    &[(3, 31)],
                ),
                (
                    "Unknown argument \"unknown\" on field \"Dog.doesKnowCommand\".",
                    &[(3, 61)],
                ),
            ],
        );
    }

    #[test]
    fn unknown_args_deeply() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(unknown: true)
              }
              human {
                pet {
                  ... on Dog {
                    doesKnowCommand(unknown: true)
                  }
                }
              }
            }
            "#,
            &[
                (
                    "Unknown argument \"unknown\" on field \"Dog.doesKnowCommand\".",
                    &[(4, 33)],
                ),
                (
                    "Unknown argument \"unknown\" on field \"Dog.doesKnowCommand\".",
                    &[(9, 37)],
                ),
            ],
        );
    }

    #[test]
    fn arguments_of_unknown_directives_are_ignored() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @unknown(if: true)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn directive_arguments_inside_a_field_are_not_field_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                name(surname: true) @include(if: true, surname: false)
              }
            }
            "#,
            &[(
                "Unknown argument \"surname\" on directive \"@include\".",
                &[(4, 56)],
            )],
        );
    }

    #[test]
    fn meta_fields_are_printed_without_a_parent_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              __type(name: "Dog", nam: "x") {
                name
              }
              dog {
                __typename(x: 1)
              }
            }
            "#,
            &[
                (
                    "Unknown argument \"nam\" on field \"<meta>.__type\". Did you mean \"name\"?",
                    &[(3, 35)],
                ),
                (
                    "Unknown argument \"x\" on field \"<meta>.__typename\".",
                    &[(7, 28)],
                ),
            ],
        );
    }

    #[test]
    fn interface_fields_are_printed_with_the_interface() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              pet {
                name(surnam: true)
              }
            }
            "#,
            &[(
                "Unknown argument \"surnam\" on field \"Pet.name\". Did you mean \"surname\"?",
                &[(4, 22)],
            )],
        );
    }
}
