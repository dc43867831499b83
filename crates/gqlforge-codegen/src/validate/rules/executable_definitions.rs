//! ExecutableDefinitionsRule (spec 5.1.1 Executable Definitions): a document sent for
//! execution holds only operations and fragments, no type-system definitions.

use crate::document::{Definition, Document};
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "ExecutableDefinitionsRule";

#[derive(Default)]
pub(crate) struct ExecutableDefinitionsRule;

impl<'a> Rule<'a> for ExecutableDefinitionsRule {
    fn enter_document(&mut self, cx: &mut ValidationContext<'a>, doc: &'a Document) {
        for definition in &doc.definitions {
            if let Definition::TypeSystem(def) = definition {
                let name = match &def.name {
                    Some(name) => format!("\"{}\"", name.value),
                    None => "schema".to_string(),
                };
                cx.report(
                    RULE,
                    format!("The {name} definition is not executable."),
                    vec![def.span],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn with_only_an_operation() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              dog {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_an_operation_and_a_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              dog {
                name
                ...Frag
              }
            }

            fragment Frag on Dog {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_type_definitions() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              dog {
                name
              }
            }

            type Cow {
              name: String
            }

            extend type Dog {
              color: String
            }
            "#,
            &[
                ("The \"Cow\" definition is not executable.", &[(8, 13)]),
                ("The \"Dog\" definition is not executable.", &[(12, 13)]),
            ],
        );
    }

    #[test]
    fn with_schema_definitions() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            schema {
              query: Query
            }

            type Query {
              test: String
            }

            extend schema @directive
            "#,
            &[
                ("The schema definition is not executable.", &[(2, 13)]),
                ("The \"Query\" definition is not executable.", &[(6, 13)]),
                ("The schema definition is not executable.", &[(10, 13)]),
            ],
        );
    }

    #[test]
    fn with_directive_and_other_type_system_definitions() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            { dog { name } }
            "described" scalar Date
            directive @cached on FIELD
            interface Node { id: ID }
            union U = Dog
            enum E { A }
            input I { a: Int }
            extend union U = Cat
            "#,
            &[
                ("The \"Date\" definition is not executable.", &[(3, 13)]),
                ("The \"cached\" definition is not executable.", &[(4, 13)]),
                ("The \"Node\" definition is not executable.", &[(5, 13)]),
                ("The \"U\" definition is not executable.", &[(6, 13)]),
                ("The \"E\" definition is not executable.", &[(7, 13)]),
                ("The \"I\" definition is not executable.", &[(8, 13)]),
                ("The \"U\" definition is not executable.", &[(9, 13)]),
            ],
        );
    }
}
