//! UniqueFragmentNamesRule (spec 5.5.1.1 Fragment Name Uniqueness): every fragment's name
//! is unique in the document.

use crate::fast_hash::FastMap;

use crate::document::{FragmentDefinition, OperationDefinition};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueFragmentNamesRule";

#[derive(Default)]
pub(crate) struct UniqueFragmentNamesRule<'a> {
    known: FastMap<&'a str, Span>,
}

impl<'a> Rule<'a> for UniqueFragmentNamesRule<'a> {
    fn enter_operation(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        _op: &'a OperationDefinition,
    ) -> Flow {
        Flow::SkipChildren
    }

    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        let name = &fragment.name;
        match self.known.get(name.value.as_str()) {
            Some(first) => cx.report(
                RULE,
                format!("There can be only one fragment named \"{}\".", name.value),
                vec![*first, name.span],
            ),
            None => {
                self.known.insert(&name.value, name.span);
            }
        }
        Flow::SkipChildren
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn no_fragments() {
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
    fn one_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              ...fragA
            }

            fragment fragA on Type {
              field
            }
            "#,
            &[],
        );
    }

    #[test]
    fn many_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              ...fragA
              ...fragB
              ...fragC
            }
            fragment fragA on Type {
              fieldA
            }
            fragment fragB on Type {
              fieldB
            }
            fragment fragC on Type {
              fieldC
            }
            "#,
            &[],
        );
    }

    #[test]
    fn inline_fragments_are_always_unique() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              ...on Type {
                fieldA
              }
              ...on Type {
                fieldB
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn fragment_and_operation_named_the_same() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              ...Foo
            }
            fragment Foo on Type {
              field
            }
            "#,
            &[],
        );
    }

    #[test]
    fn fragments_named_the_same() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              ...fragA
            }
            fragment fragA on Type {
              fieldA
            }
            fragment fragA on Type {
              fieldB
            }
            "#,
            &[(
                "There can be only one fragment named \"fragA\".",
                &[(5, 22), (8, 22)],
            )],
        );
    }

    #[test]
    fn fragments_named_the_same_without_being_referenced() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Type {
              fieldA
            }
            fragment fragA on Type {
              fieldB
            }
            fragment fragA on Type {
              fieldC
            }
            "#,
            &[
                (
                    "There can be only one fragment named \"fragA\".",
                    &[(2, 22), (5, 22)],
                ),
                (
                    "There can be only one fragment named \"fragA\".",
                    &[(2, 22), (8, 22)],
                ),
            ],
        );
    }
}
