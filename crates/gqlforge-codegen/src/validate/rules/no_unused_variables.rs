//! NoUnusedVariablesRule (spec 5.8.4 All Variables Used): every variable an operation
//! defines is used, directly or in the fragments it spreads.

use crate::fast_hash::FastSet;

use crate::document::OperationDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoUnusedVariablesRule";

#[derive(Default)]
pub(crate) struct NoUnusedVariablesRule;

impl<'a> Rule<'a> for NoUnusedVariablesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        let Ok(variables) = cx.recursive_variables(op) else {
            cx.abort(RULE);
            return Flow::SkipChildren;
        };
        let used: FastSet<&str> = variables.iter().map(|&(name, _)| name).collect();
        for def in &op.variable_definitions {
            let name = &def.variable.value;
            if used.contains(name.as_str()) {
                continue;
            }
            let message = match &op.name {
                Some(op_name) => format!(
                    "Variable \"${name}\" is never used in operation \"{}\".",
                    op_name.value
                ),
                None => format!("Variable \"${name}\" is never used."),
            };
            cx.report(RULE, message, vec![def.span]);
        }
        Flow::SkipChildren
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn uses_all_variables() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($a: String, $b: String, $c: String) {
              field(a: $a, b: $b, c: $c)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn uses_all_variables_deeply() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              field(a: $a) {
                field(b: $b) {
                  field(c: $c)
                }
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn uses_all_variables_deeply_in_inline_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              ... on Type {
                field(a: $a) {
                  field(b: $b) {
                    ... on Type {
                      field(c: $c)
                    }
                  }
                }
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn uses_all_variables_in_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              ...FragA
            }
            fragment FragA on Type {
              field(a: $a) {
                ...FragB
              }
            }
            fragment FragB on Type {
              field(b: $b) {
                ...FragC
              }
            }
            fragment FragC on Type {
              field(c: $c)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variable_used_by_fragment_in_multiple_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String) {
              ...FragA
            }
            query Bar($b: String) {
              ...FragB
            }
            fragment FragA on Type {
              field(a: $a)
            }
            fragment FragB on Type {
              field(b: $b)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variable_used_by_recursive_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String) {
              ...FragA
            }
            fragment FragA on Type {
              field(a: $a) {
                ...FragA
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variable_not_used() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($a: String, $b: String, $c: String) {
              field(a: $a, b: $b)
            }
            "#,
            &[("Variable \"$c\" is never used.", &[(2, 44)])],
        );
    }

    #[test]
    fn multiple_variables_not_used() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              field(b: $b)
            }
            "#,
            &[
                (
                    "Variable \"$a\" is never used in operation \"Foo\".",
                    &[(2, 23)],
                ),
                (
                    "Variable \"$c\" is never used in operation \"Foo\".",
                    &[(2, 47)],
                ),
            ],
        );
    }

    #[test]
    fn variable_not_used_in_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              ...FragA
            }
            fragment FragA on Type {
              field(a: $a) {
                ...FragB
              }
            }
            fragment FragB on Type {
              field(b: $b) {
                ...FragC
              }
            }
            fragment FragC on Type {
              field
            }
            "#,
            &[(
                "Variable \"$c\" is never used in operation \"Foo\".",
                &[(2, 47)],
            )],
        );
    }

    #[test]
    fn multiple_variables_not_used_in_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              ...FragA
            }
            fragment FragA on Type {
              field {
                ...FragB
              }
            }
            fragment FragB on Type {
              field(b: $b) {
                ...FragC
              }
            }
            fragment FragC on Type {
              field
            }
            "#,
            &[
                (
                    "Variable \"$a\" is never used in operation \"Foo\".",
                    &[(2, 23)],
                ),
                (
                    "Variable \"$c\" is never used in operation \"Foo\".",
                    &[(2, 47)],
                ),
            ],
        );
    }

    #[test]
    fn variable_not_used_by_unreferenced_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($b: String) {
              ...FragA
            }
            fragment FragA on Type {
              field(a: $a)
            }
            fragment FragB on Type {
              field(b: $b)
            }
            "#,
            &[(
                "Variable \"$b\" is never used in operation \"Foo\".",
                &[(2, 23)],
            )],
        );
    }

    #[test]
    fn variable_not_used_by_fragment_used_by_other_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($b: String) {
              ...FragA
            }
            query Bar($a: String) {
              ...FragB
            }
            fragment FragA on Type {
              field(a: $a)
            }
            fragment FragB on Type {
              field(b: $b)
            }
            "#,
            &[
                (
                    "Variable \"$b\" is never used in operation \"Foo\".",
                    &[(2, 23)],
                ),
                (
                    "Variable \"$a\" is never used in operation \"Bar\".",
                    &[(5, 23)],
                ),
            ],
        );
    }

    #[test]
    fn variables_used_in_directives_count() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: Boolean!, $b: Boolean!, $c: Int, $unused: Int) @onField(x: $c) {
              field @include(if: $a) {
                ...FragA @skip(if: $b)
              }
            }
            fragment FragA on Type {
              field
            }
            "#,
            &[(
                "Variable \"$unused\" is never used in operation \"Foo\".",
                &[(2, 60)],
            )],
        );
    }

    #[test]
    fn a_described_variable_is_reported_from_its_description() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo(
              "never used"
              $a: String
            ) {
              field
            }
            "#,
            &[(
                "Variable \"$a\" is never used in operation \"Foo\".",
                &[(3, 15)],
            )],
        );
    }
}
