//! KnownOperationTypesRule (spec draft 5.2.1.1 Operation Type Existence): the schema has a root
//! type for the kind of every operation (`mutation` needs a mutation type, ...).

use crate::document::OperationDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownOperationTypesRule";

#[derive(Default)]
pub(crate) struct KnownOperationTypesRule;

impl<'a> Rule<'a> for KnownOperationTypesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if cx.schema.root_type(op.kind).is_none() {
            cx.report(
                RULE,
                format!(
                    "The {} operation is not supported by the schema.",
                    op.kind.as_str()
                ),
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
    fn one_known_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            { __typename }
            "#,
            &[],
        );
    }

    #[test]
    fn unknown_mutation_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            mutation { __typename }
            "#,
            &[(
                "The mutation operation is not supported by the schema.",
                &[(2, 13)],
            )],
        );
    }

    #[test]
    fn unknown_subscription_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            subscription { __typename }
            "#,
            &[(
                "The subscription operation is not supported by the schema.",
                &[(2, 13)],
            )],
        );
    }

    #[test]
    fn mixture_of_known_and_unknown_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query { __typename }
            mutation { __typename }
            subscription { __typename }
            "#,
            &[
                (
                    "The mutation operation is not supported by the schema.",
                    &[(3, 13)],
                ),
                (
                    "The subscription operation is not supported by the schema.",
                    &[(4, 13)],
                ),
            ],
        );
    }

    #[test]
    fn named_unknown_operations_are_reported_at_their_keyword() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            mutation M($x: Int) { __typename }
            subscription S @onField { __typename }
            "#,
            &[
                (
                    "The mutation operation is not supported by the schema.",
                    &[(2, 13)],
                ),
                (
                    "The subscription operation is not supported by the schema.",
                    &[(3, 13)],
                ),
            ],
        );
    }
}
