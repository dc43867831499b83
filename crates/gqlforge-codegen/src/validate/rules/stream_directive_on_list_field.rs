//! StreamDirectiveOnListFieldRule (incremental delivery RFC; not yet in the spec):
//! `@stream` is only used on fields of list type.
//!
//! As in graphql-js, `@stream` is recognised by name, whether or not the schema defines
//! it, and the field is the innermost field around the directive.

use crate::document::Directive;
use crate::schema::{DirectiveLocation, Type};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "StreamDirectiveOnListFieldRule";

#[derive(Default)]
pub(crate) struct StreamDirectiveOnListFieldRule;

impl<'a> Rule<'a> for StreamDirectiveOnListFieldRule {
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        if directive.name.value != "stream" {
            return Flow::Continue;
        }
        let (Some(field), Some(parent)) = (cx.field_def(), cx.parent_type()) else {
            return Flow::Continue;
        };
        if !matches!(field.ty.nullable(), Type::List(_)) {
            cx.report(
                RULE,
                format!(
                    "Directive \"@stream\" cannot be used on non-list field \"{}.{}\".",
                    cx.schema.type_name(parent),
                    field.name
                ),
                vec![directive.span],
            );
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    /// The test schema with `@defer` and `@stream`.
    fn schema() -> String {
        format!(
            "{TEST_SCHEMA}{}",
            r#"
directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @stream(if: Boolean! = true, label: String, initialCount: Int = 0) on FIELD
"#
        )
    }

    #[test]
    fn stream_on_list_field() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            fragment objectFieldSelection on Human {
              pets @stream(initialCount: 0) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn stream_on_non_null_list_field() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            fragment objectFieldSelection on Human {
              relatives @stream(initialCount: 0) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn does_not_validate_other_directives_on_list_fields() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            fragment objectFieldSelection on Human {
              pets @include(if: true) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn does_not_validate_other_directives_on_non_list_fields() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            fragment objectFieldSelection on Human {
              pets {
                name @include(if: true)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn does_not_validate_misplaced_stream_directives() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            fragment objectFieldSelection on Human {
              ... @stream(initialCount: 0) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn reports_errors_when_stream_is_used_on_non_list_field() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            fragment objectFieldSelection on Human {
              name @stream(initialCount: 0)
            }
            "#,
            &[(
                "Directive \"@stream\" cannot be used on non-list field \"Human.name\".",
                &[(3, 20)],
            )],
        );
    }

    #[test]
    fn the_field_is_the_innermost_around_the_directive() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              human {
                pets {
                  ... @stream {
                    name
                  }
                }
                __typename @stream
                name {
                  unknown @stream
                }
              }
            }
            "#,
            &[(
                "Directive \"@stream\" cannot be used on non-list field \"Human.__typename\".",
                &[(9, 28)],
            )],
        );
    }

    #[test]
    fn stream_is_recognised_by_name_without_the_schema_defining_it() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @stream {
                name
              }
            }
            "#,
            &[(
                "Directive \"@stream\" cannot be used on non-list field \"QueryRoot.dog\".",
                &[(3, 19)],
            )],
        );
    }
}
