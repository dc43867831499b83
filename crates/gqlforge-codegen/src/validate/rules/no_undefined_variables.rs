//! NoUndefinedVariablesRule (spec 5.8.3 All Variable Uses Defined): every variable an
//! operation uses, directly or in the fragments it spreads, is defined by the operation.

use crate::fast_hash::FastSet;

use crate::document::OperationDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoUndefinedVariablesRule";

#[derive(Default)]
pub(crate) struct NoUndefinedVariablesRule;

impl<'a> Rule<'a> for NoUndefinedVariablesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        let defined: FastSet<&str> = op
            .variable_definitions
            .iter()
            .map(|d| d.variable.value.as_str())
            .collect();
        let Ok(used) = cx.recursive_variables(op) else {
            cx.abort(RULE);
            return Flow::SkipChildren;
        };
        for &(name, span) in used.iter() {
            if defined.contains(name) {
                continue;
            }
            let message = match &op.name {
                Some(op_name) => format!(
                    "Variable \"${name}\" is not defined by operation \"{}\".",
                    op_name.value
                ),
                None => format!("Variable \"${name}\" is not defined."),
            };
            cx.report(RULE, message, vec![span, op.span]);
        }
        Flow::SkipChildren
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn all_variables_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              field(a: $a, b: $b, c: $c)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn all_variables_deeply_defined() {
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
    fn all_variables_deeply_in_inline_fragments_defined() {
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
    fn all_variables_in_fragments_deeply_defined() {
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
    fn variable_within_single_fragment_defined_in_multiple_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String) {
              ...FragA
            }
            query Bar($a: String) {
              ...FragA
            }
            fragment FragA on Type {
              field(a: $a)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variable_within_fragments_defined_in_operations() {
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
    fn variable_within_recursive_fragment_defined() {
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
    fn variable_not_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String, $c: String) {
              field(a: $a, b: $b, c: $c, d: $d)
            }
            "#,
            &[(
                "Variable \"$d\" is not defined by operation \"Foo\".",
                &[(3, 45), (2, 13)],
            )],
        );
    }

    #[test]
    fn variable_not_defined_by_un_named_query() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(a: $a)
            }
            "#,
            &[("Variable \"$a\" is not defined.", &[(3, 24), (2, 13)])],
        );
    }

    #[test]
    fn multiple_variables_not_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($b: String) {
              field(a: $a, b: $b, c: $c)
            }
            "#,
            &[
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(3, 24), (2, 13)],
                ),
                (
                    "Variable \"$c\" is not defined by operation \"Foo\".",
                    &[(3, 38), (2, 13)],
                ),
            ],
        );
    }

    #[test]
    fn variable_in_fragment_not_defined_by_un_named_query() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              ...FragA
            }
            fragment FragA on Type {
              field(a: $a)
            }
            "#,
            &[("Variable \"$a\" is not defined.", &[(6, 24), (2, 13)])],
        );
    }

    #[test]
    fn variable_in_fragment_not_defined_by_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: String) {
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
            &[(
                "Variable \"$c\" is not defined by operation \"Foo\".",
                &[(16, 24), (2, 13)],
            )],
        );
    }

    #[test]
    fn multiple_variables_in_fragments_not_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($b: String) {
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
            &[
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(6, 24), (2, 13)],
                ),
                (
                    "Variable \"$c\" is not defined by operation \"Foo\".",
                    &[(16, 24), (2, 13)],
                ),
            ],
        );
    }

    #[test]
    fn single_variable_in_fragment_not_defined_by_multiple_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String) {
              ...FragAB
            }
            query Bar($a: String) {
              ...FragAB
            }
            fragment FragAB on Type {
              field(a: $a, b: $b)
            }
            "#,
            &[
                (
                    "Variable \"$b\" is not defined by operation \"Foo\".",
                    &[(9, 31), (2, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Bar\".",
                    &[(9, 31), (5, 13)],
                ),
            ],
        );
    }

    #[test]
    fn variables_in_fragment_not_defined_by_multiple_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($b: String) {
              ...FragAB
            }
            query Bar($a: String) {
              ...FragAB
            }
            fragment FragAB on Type {
              field(a: $a, b: $b)
            }
            "#,
            &[
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(9, 24), (2, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Bar\".",
                    &[(9, 31), (5, 13)],
                ),
            ],
        );
    }

    #[test]
    fn variable_in_fragment_used_by_other_operation() {
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
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(9, 24), (2, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Bar\".",
                    &[(12, 24), (5, 13)],
                ),
            ],
        );
    }

    #[test]
    fn multiple_undefined_variables_produce_multiple_errors() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($b: String) {
              ...FragAB
            }
            query Bar($a: String) {
              ...FragAB
            }
            fragment FragAB on Type {
              field1(a: $a, b: $b)
              ...FragC
              field3(a: $a, b: $b)
            }
            fragment FragC on Type {
              field2(c: $c)
            }
            "#,
            &[
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(9, 25), (2, 13)],
                ),
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(11, 25), (2, 13)],
                ),
                (
                    "Variable \"$c\" is not defined by operation \"Foo\".",
                    &[(14, 25), (2, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Bar\".",
                    &[(9, 32), (5, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Bar\".",
                    &[(11, 32), (5, 13)],
                ),
                (
                    "Variable \"$c\" is not defined by operation \"Bar\".",
                    &[(14, 25), (5, 13)],
                ),
            ],
        );
    }

    #[test]
    fn variables_in_directives_lists_and_objects_in_document_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo @onField(a: $op) {
              field(a: [$a, {b: $b, c: [$c]}]) @include(if: $if) {
                ...FragA @skip(if: $skip)
                ... @include(if: $inline) { x(y: $y) }
              }
            }
            fragment FragA on Type @onField(f: $f) {
              field(g: $g)
            }
            "#,
            &[
                (
                    "Variable \"$op\" is not defined by operation \"Foo\".",
                    &[(2, 35), (2, 13)],
                ),
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(3, 25), (2, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Foo\".",
                    &[(3, 33), (2, 13)],
                ),
                (
                    "Variable \"$c\" is not defined by operation \"Foo\".",
                    &[(3, 41), (2, 13)],
                ),
                (
                    "Variable \"$if\" is not defined by operation \"Foo\".",
                    &[(3, 61), (2, 13)],
                ),
                (
                    "Variable \"$skip\" is not defined by operation \"Foo\".",
                    &[(4, 36), (2, 13)],
                ),
                (
                    "Variable \"$inline\" is not defined by operation \"Foo\".",
                    &[(5, 34), (2, 13)],
                ),
                (
                    "Variable \"$y\" is not defined by operation \"Foo\".",
                    &[(5, 50), (2, 13)],
                ),
                (
                    "Variable \"$f\" is not defined by operation \"Foo\".",
                    &[(8, 48), (2, 13)],
                ),
                (
                    "Variable \"$g\" is not defined by operation \"Foo\".",
                    &[(9, 24), (2, 13)],
                ),
            ],
        );
    }

    #[test]
    fn fragments_are_searched_in_graphql_js_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              ...A
              field { ...B }
              ...C
            }
            fragment A on Type { a(x: $a) ...D }
            fragment B on Type { b(x: $b) }
            fragment C on Type { c(x: $c) }
            fragment D on Type { d(x: $d) }
            "#,
            &[
                (
                    "Variable \"$a\" is not defined by operation \"Foo\".",
                    &[(7, 39), (2, 13)],
                ),
                (
                    "Variable \"$c\" is not defined by operation \"Foo\".",
                    &[(9, 39), (2, 13)],
                ),
                (
                    "Variable \"$b\" is not defined by operation \"Foo\".",
                    &[(8, 39), (2, 13)],
                ),
                (
                    "Variable \"$d\" is not defined by operation \"Foo\".",
                    &[(10, 39), (2, 13)],
                ),
            ],
        );
    }
}
