//! VariablesAreInputTypesRule (spec 5.8.2 Variables Are Input Types): a variable's type,
//! when the schema knows it, is a scalar, enum or input object type (possibly wrapped).

use crate::document::VariableDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "VariablesAreInputTypesRule";

#[derive(Default)]
pub(crate) struct VariablesAreInputTypesRule;

impl<'a> Rule<'a> for VariablesAreInputTypesRule {
    fn enter_variable_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a VariableDefinition,
    ) -> Flow {
        if let Some(ty) = cx.type_from_ref(&def.ty) {
            if !cx.schema.is_input_type(&ty) {
                cx.report(
                    RULE,
                    format!(
                        "Variable \"${}\" cannot be non-input type \"{}\".",
                        def.variable.value, def.ty
                    ),
                    vec![def.ty.span()],
                );
            }
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn unknown_types_are_ignored() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: Unknown, $b: [[Unknown!]]!) {
              field(a: $a, b: $b)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn input_types_are_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: String, $b: [Boolean!]!, $c: ComplexInput, $d: FurColor, $e: __DirectiveLocation) {
              field(a: $a, b: $b, c: $c, d: $d, e: $e)
            }
            "#,
            &[],
        );
    }

    #[test]
    fn output_types_are_invalid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) {
              field(a: $a, b: $b, c: $c)
            }
            "#,
            &[
                (
                    "Variable \"$a\" cannot be non-input type \"Dog\".",
                    &[(2, 27)],
                ),
                (
                    "Variable \"$b\" cannot be non-input type \"[[CatOrDog!]]!\".",
                    &[(2, 36)],
                ),
                (
                    "Variable \"$c\" cannot be non-input type \"Pet\".",
                    &[(2, 56)],
                ),
            ],
        );
    }

    #[test]
    fn introspection_output_types_are_invalid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: __Type!, $b: [ __Schema ]) {
              field(a: $a, b: $b)
            }
            "#,
            &[
                (
                    "Variable \"$a\" cannot be non-input type \"__Type!\".",
                    &[(2, 27)],
                ),
                (
                    "Variable \"$b\" cannot be non-input type \"[__Schema]\".",
                    &[(2, 40)],
                ),
            ],
        );
    }
}
