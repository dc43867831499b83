//! UniqueInputFieldNamesRule (spec 5.6.3 Input Object Field Uniqueness): an input object
//! value gives each field at most once.

use crate::fast_hash::FastMap;

use crate::document::{ObjectField, Value, ValueKind};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueInputFieldNamesRule";

#[derive(Default)]
pub(crate) struct UniqueInputFieldNamesRule<'a> {
    /// For each object value being walked, innermost last: the names of its fields seen
    /// so far. A duplicate is reported when its field is entered, as graphql-js does, so
    /// errors inside an earlier field's value come first.
    known_names: Vec<FastMap<&'a str, Span>>,
}

impl<'a> Rule<'a> for UniqueInputFieldNamesRule<'a> {
    fn enter_value(&mut self, _cx: &mut ValidationContext<'a>, value: &'a Value) -> Flow {
        if matches!(value.kind, ValueKind::Object(_)) {
            self.known_names.push(FastMap::default());
        }
        Flow::Continue
    }

    fn leave_value(&mut self, _cx: &mut ValidationContext<'a>, value: &'a Value) {
        if matches!(value.kind, ValueKind::Object(_)) {
            self.known_names.pop();
        }
    }

    fn enter_object_field(
        &mut self,
        cx: &mut ValidationContext<'a>,
        field: &'a ObjectField,
    ) -> Flow {
        let Some(known) = self.known_names.last_mut() else {
            return Flow::Continue;
        };
        let name = field.name.value.as_str();
        match known.get(name) {
            Some(&first) => cx.report(
                RULE,
                format!("There can be only one input field named \"{name}\"."),
                vec![first, field.name.span],
            ),
            None => {
                known.insert(name, field.name.span);
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
    fn input_object_with_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: { f: true })
            }
            "#,
            &[],
        );
    }

    #[test]
    fn same_input_object_within_two_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg1: { f: true }, arg2: { f: true })
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_input_object_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: { f1: "value", f2: "value", f3: "value" })
            }
            "#,
            &[],
        );
    }

    #[test]
    fn allows_for_nested_input_objects_with_similar_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: {
                deep: {
                  deep: {
                    id: 1
                  }
                  id: 1
                }
                id: 1
              })
            }
            "#,
            &[],
        );
    }

    #[test]
    fn duplicate_input_object_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: { f1: "value", f1: "value" })
            }
            "#,
            &[(
                "There can be only one input field named \"f1\".",
                &[(3, 28), (3, 41)],
            )],
        );
    }

    #[test]
    fn many_duplicate_input_object_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: { f1: "value", f1: "value", f1: "value" })
            }
            "#,
            &[
                (
                    "There can be only one input field named \"f1\".",
                    &[(3, 28), (3, 41)],
                ),
                (
                    "There can be only one input field named \"f1\".",
                    &[(3, 28), (3, 54)],
                ),
            ],
        );
    }

    #[test]
    fn nested_duplicate_input_object_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              field(arg: { f1: {f2: "value", f2: "value" }})
            }
            "#,
            &[(
                "There can be only one input field named \"f2\".",
                &[(3, 33), (3, 46)],
            )],
        );
    }

    #[test]
    fn errors_inside_an_earlier_field_come_first() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($v: ComplexInput = { a: 1, a: [{ x: 1, x: 2 }] }) {
              field(arg: { a: { x: 1, x: 2 }, a: 1 }) @d(arg: { b: 1, b: 2 })
            }
            "#,
            &[
                (
                    "There can be only one input field named \"a\".",
                    &[(2, 41), (2, 47)],
                ),
                (
                    "There can be only one input field named \"x\".",
                    &[(2, 53), (2, 59)],
                ),
                (
                    "There can be only one input field named \"x\".",
                    &[(3, 33), (3, 39)],
                ),
                (
                    "There can be only one input field named \"a\".",
                    &[(3, 28), (3, 47)],
                ),
                (
                    "There can be only one input field named \"b\".",
                    &[(3, 65), (3, 71)],
                ),
            ],
        );
    }
}
