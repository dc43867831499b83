//! LoneAnonymousOperationRule (spec 5.2.2.1 Lone Anonymous Operation): an operation
//! without a name must be the only operation in the document.

use crate::document::{Document, OperationDefinition};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "LoneAnonymousOperationRule";

#[derive(Default)]
pub(crate) struct LoneAnonymousOperationRule {
    operation_count: usize,
}

impl<'a> Rule<'a> for LoneAnonymousOperationRule {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.operation_count = doc.operations().count();
    }

    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if op.name.is_none() && self.operation_count > 1 {
            cx.report(
                RULE,
                "This anonymous operation must be the only defined operation.",
                vec![op.span],
            );
        }
        Flow::SkipChildren
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn no_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn one_anonymous_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_named_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              dog { name }
            }

            query Bar {
              dog { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn anonymous_operation_with_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              ...Foo
            }
            fragment Foo on QueryRoot {
              dog { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_anonymous_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              fieldA
            }
            {
              fieldB
            }
            "#,
            &[
                (
                    "This anonymous operation must be the only defined operation.",
                    &[(2, 13)],
                ),
                (
                    "This anonymous operation must be the only defined operation.",
                    &[(5, 13)],
                ),
            ],
        );
    }

    #[test]
    fn anonymous_operation_with_a_mutation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              fieldA
            }
            mutation Foo {
              fieldB
            }
            "#,
            &[(
                "This anonymous operation must be the only defined operation.",
                &[(2, 13)],
            )],
        );
    }

    #[test]
    fn anonymous_operation_with_a_subscription() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              fieldA
            }
            subscription Foo {
              fieldB
            }
            "#,
            &[(
                "This anonymous operation must be the only defined operation.",
                &[(2, 13)],
            )],
        );
    }
}
