//! UniqueVariableNamesRule (spec 5.8.1 Variable Uniqueness): an operation defines each
//! variable once.

use crate::fast_hash::FastMap;

use crate::document::{OperationDefinition, VariableDefinition};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueVariableNamesRule";

#[derive(Default)]
pub(crate) struct UniqueVariableNamesRule;

impl<'a> Rule<'a> for UniqueVariableNamesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        // The definitions of each name, names in the order they first appear.
        let mut groups: Vec<(&str, Vec<Span>)> = Vec::new();
        let mut group_of: FastMap<&str, usize> = FastMap::default();
        for def in &op.variable_definitions {
            let name = def.variable.value.as_str();
            match group_of.get(name) {
                Some(&i) => groups[i].1.push(name_span(def)),
                None => {
                    group_of.insert(name, groups.len());
                    groups.push((name, vec![name_span(def)]));
                }
            }
        }
        for (name, spans) in groups {
            if spans.len() > 1 {
                cx.report(
                    RULE,
                    format!("There can be only one variable named \"${name}\"."),
                    spans,
                );
            }
        }
        Flow::Continue
    }
}

/// The span of the name alone, without the `$` (graphql-js reports the name node).
/// Names are ASCII, so their length in bytes is their length in characters.
fn name_span(def: &VariableDefinition) -> Span {
    let end = def.variable.span.end;
    let start = end.saturating_sub(def.variable.value.len() as u32);
    Span { start, end }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn unique_variable_names() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query A($x: Int, $y: String) { __typename }
            query B($x: String, $y: Int) { __typename }
            "#,
            &[],
        );
    }

    #[test]
    fn duplicate_variable_names() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query A($x: Int, $x: Int, $x: String) { __typename }
            query B($x: String, $x: Int) { __typename }
            query C($x: Int, $x: Int) { __typename }
            "#,
            &[
                (
                    "There can be only one variable named \"$x\".",
                    &[(2, 22), (2, 31), (2, 40)],
                ),
                (
                    "There can be only one variable named \"$x\".",
                    &[(3, 22), (3, 34)],
                ),
                (
                    "There can be only one variable named \"$x\".",
                    &[(4, 22), (4, 31)],
                ),
            ],
        );
    }

    #[test]
    fn groups_are_reported_in_the_order_names_first_appear() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query A($y: Int, $x: Int, $y: Int, $x: Int, $ y: Int) { __typename }
            "#,
            &[
                (
                    "There can be only one variable named \"$y\".",
                    &[(2, 22), (2, 40), (2, 59)],
                ),
                (
                    "There can be only one variable named \"$x\".",
                    &[(2, 31), (2, 49)],
                ),
            ],
        );
    }
}
