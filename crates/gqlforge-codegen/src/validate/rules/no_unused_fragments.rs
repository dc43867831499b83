//! NoUnusedFragmentsRule (spec 5.5.1.4 Fragments Must Be Used): every fragment is spread,
//! directly or through other fragments, by some operation.

use std::collections::HashSet;

use crate::document::{Document, FragmentDefinition, OperationDefinition};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoUnusedFragmentsRule";

#[derive(Default)]
pub(crate) struct NoUnusedFragmentsRule<'a> {
    operations: Vec<&'a OperationDefinition>,
    fragments: Vec<&'a FragmentDefinition>,
}

impl<'a> Rule<'a> for NoUnusedFragmentsRule<'a> {
    fn enter_operation(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        self.operations.push(op);
        Flow::SkipChildren
    }

    fn enter_fragment(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        self.fragments.push(fragment);
        Flow::SkipChildren
    }

    fn leave_document(&mut self, cx: &mut ValidationContext<'a>, _doc: &'a Document) {
        let used: HashSet<&str> = cx
            .recursively_referenced_fragments_for_operations(&self.operations)
            .into_iter()
            .map(|f| f.name.value.as_str())
            .collect();
        for fragment in &self.fragments {
            if !used.contains(fragment.name.value.as_str()) {
                cx.report(
                    RULE,
                    format!("Fragment \"{}\" is never used.", fragment.name.value),
                    vec![fragment.span],
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
    fn all_fragment_names_are_used() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human(id: 4) {
                ...HumanFields1
                ... on Human {
                  ...HumanFields2
                }
              }
            }
            fragment HumanFields1 on Human {
              name
              ...HumanFields3
            }
            fragment HumanFields2 on Human {
              name
            }
            fragment HumanFields3 on Human {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn all_fragment_names_are_used_by_multiple_operations() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              human(id: 4) {
                ...HumanFields1
              }
            }
            query Bar {
              human(id: 4) {
                ...HumanFields2
              }
            }
            fragment HumanFields1 on Human {
              name
              ...HumanFields3
            }
            fragment HumanFields2 on Human {
              name
            }
            fragment HumanFields3 on Human {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn contains_unknown_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              human(id: 4) {
                ...HumanFields1
              }
            }
            query Bar {
              human(id: 4) {
                ...HumanFields2
              }
            }
            fragment HumanFields1 on Human {
              name
              ...HumanFields3
            }
            fragment HumanFields2 on Human {
              name
            }
            fragment HumanFields3 on Human {
              name
            }
            fragment Unused1 on Human {
              name
            }
            fragment Unused2 on Human {
              name
            }
            "#,
            &[
                ("Fragment \"Unused1\" is never used.", &[(22, 13)]),
                ("Fragment \"Unused2\" is never used.", &[(25, 13)]),
            ],
        );
    }

    #[test]
    fn contains_unknown_fragments_with_ref_cycle() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              human(id: 4) {
                ...HumanFields1
              }
            }
            query Bar {
              human(id: 4) {
                ...HumanFields2
              }
            }
            fragment HumanFields1 on Human {
              name
              ...HumanFields3
            }
            fragment HumanFields2 on Human {
              name
            }
            fragment HumanFields3 on Human {
              name
            }
            fragment Unused1 on Human {
              name
              ...Unused2
            }
            fragment Unused2 on Human {
              name
              ...Unused1
            }
            "#,
            &[
                ("Fragment \"Unused1\" is never used.", &[(22, 13)]),
                ("Fragment \"Unused2\" is never used.", &[(26, 13)]),
            ],
        );
    }

    #[test]
    fn contains_unknown_and_undef_fragments() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              human(id: 4) {
                ...bar
              }
            }
            fragment foo on Human {
              name
            }
            "#,
            &[("Fragment \"foo\" is never used.", &[(7, 13)])],
        );
    }

    #[test]
    fn without_operations_every_fragment_is_unused() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment foo on Human {
              ...bar
            }
            fragment bar on Human {
              name
            }
            "#,
            &[
                ("Fragment \"foo\" is never used.", &[(2, 13)]),
                ("Fragment \"bar\" is never used.", &[(5, 13)]),
            ],
        );
    }
}
