//! UniqueArgumentNamesRule (spec 5.4.2 Argument Uniqueness): a field or directive is given
//! each argument at most once.

use crate::fast_hash::FastMap;

use crate::document::{Argument, Directive, Field};
use crate::schema::DirectiveLocation;
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueArgumentNamesRule";

#[derive(Default)]
pub(crate) struct UniqueArgumentNamesRule;

/// Reports each name given more than once, at all its uses, names in the order they first
/// appear.
fn check_arguments(cx: &mut ValidationContext<'_>, arguments: &[Argument]) {
    let mut groups: Vec<(&str, Vec<Span>)> = Vec::new();
    let mut group_of: FastMap<&str, usize> = FastMap::default();
    for argument in arguments {
        let name = argument.name.value.as_str();
        match group_of.get(name) {
            Some(&i) => groups[i].1.push(argument.name.span),
            None => {
                group_of.insert(name, groups.len());
                groups.push((name, vec![argument.name.span]));
            }
        }
    }
    for (name, spans) in groups {
        if spans.len() > 1 {
            cx.report(
                RULE,
                format!("There can be only one argument named \"{name}\"."),
                spans,
            );
        }
    }
}

impl<'a> Rule<'a> for UniqueArgumentNamesRule {
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        check_arguments(cx, &field.arguments);
        Flow::Continue
    }

    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        check_arguments(cx, &directive.arguments);
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn no_arguments_on_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_arguments_on_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field @directive
            }
            "#,
            &[],
        );
    }

    #[test]
    fn argument_on_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn argument_on_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field @directive(arg: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn same_argument_on_two_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              one: field(arg: "value")
              two: field(arg: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn same_argument_on_field_and_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: "value") @directive(arg: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn same_argument_on_two_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field @directive1(arg: "value") @directive2(arg: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_field_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg1: "value", arg2: "value", arg3: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_directive_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field @directive(arg1: "value", arg2: "value", arg3: "value")
            }
            "#,
            &[],
        );
    }

    #[test]
    fn duplicate_field_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg1: "value", arg1: "value")
            }
            "#,
            &[(
                "There can be only one argument named \"arg1\".",
                &[(3, 21), (3, 36)],
            )],
        );
    }

    #[test]
    fn many_duplicate_field_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg1: "value", arg1: "value", arg1: "value")
            }
            "#,
            &[(
                "There can be only one argument named \"arg1\".",
                &[(3, 21), (3, 36), (3, 51)],
            )],
        );
    }

    #[test]
    fn duplicate_directive_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field @directive(arg1: "value", arg1: "value")
            }
            "#,
            &[(
                "There can be only one argument named \"arg1\".",
                &[(3, 32), (3, 47)],
            )],
        );
    }

    #[test]
    fn many_duplicate_directive_arguments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field @directive(arg1: "value", arg1: "value", arg1: "value")
            }
            "#,
            &[(
                "There can be only one argument named \"arg1\".",
                &[(3, 32), (3, 47), (3, 62)],
            )],
        );
    }

    #[test]
    fn groups_are_reported_in_the_order_names_first_appear() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($v: Int @d(b: 1, a: 2, b: 3, a: 4)) @d(x: 1, x: 2) {
              field(b: 1, a: 2, b: 3, a: 4) @d(y: 1, y: 2) {
                ...F @d(z: 1, z: 2)
                ... @d(w: 1, w: 2) {
                  f
                }
              }
            }
            "#,
            &[
                (
                    "There can be only one argument named \"b\".",
                    &[(2, 31), (2, 43)],
                ),
                (
                    "There can be only one argument named \"a\".",
                    &[(2, 37), (2, 49)],
                ),
                (
                    "There can be only one argument named \"x\".",
                    &[(2, 59), (2, 65)],
                ),
                (
                    "There can be only one argument named \"b\".",
                    &[(3, 21), (3, 33)],
                ),
                (
                    "There can be only one argument named \"a\".",
                    &[(3, 27), (3, 39)],
                ),
                (
                    "There can be only one argument named \"y\".",
                    &[(3, 48), (3, 54)],
                ),
                (
                    "There can be only one argument named \"z\".",
                    &[(4, 25), (4, 31)],
                ),
                (
                    "There can be only one argument named \"w\".",
                    &[(5, 24), (5, 30)],
                ),
            ],
        );
    }
}
