//! DeferStreamDirectiveLabelRule (incremental delivery RFC; not yet in the spec): the
//! `label` of `@defer` and `@stream` is a static string, unique across the document.
//!
//! As in graphql-js, the directives are recognised by name, whether or not the schema
//! defines them.

use crate::fast_hash::FastMap;

use crate::document::{Directive, ValueKind};
use crate::schema::DirectiveLocation;
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "DeferStreamDirectiveLabelRule";

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveLabelRule<'a> {
    /// Each label seen, with the directive that used it first.
    known_labels: FastMap<&'a str, Span>,
}

impl<'a> Rule<'a> for DeferStreamDirectiveLabelRule<'a> {
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        let name = directive.name.value.as_str();
        if name != "defer" && name != "stream" {
            return Flow::Continue;
        }
        let label = directive
            .arguments
            .iter()
            .find(|a| a.name.value == "label")
            .map(|a| &a.value.kind);
        match label {
            None | Some(ValueKind::Null) => {}
            Some(ValueKind::String { value, .. }) => match self.known_labels.get(value.as_str()) {
                Some(&first) => cx.report(
                    RULE,
                    "Value for arguments \"defer(label:)\" and \"stream(label:)\" must be unique \
                     across all Defer/Stream directive usages.",
                    vec![first, directive.span],
                ),
                None => {
                    self.known_labels.insert(value, directive.span);
                }
            },
            Some(_) => cx.report(
                RULE,
                format!("Argument \"@{name}(label:)\" must be a static string."),
                vec![directive.span],
            ),
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    /// The test schema with `@defer` and `@stream`.
    fn schema() -> String {
        format!(
            "{TEST_SCHEMA}{}",
            r#"
directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @stream(if: Boolean! = true, label: String, initialCount: Int = 0) on FIELD
"#
        )
    }

    #[test]
    fn defer_fragments_with_no_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog {
                ...dogFragmentA @defer
                ...dogFragmentB @defer
              }
            }
            fragment dogFragmentA on Dog {
              name
            }
            fragment dogFragmentB on Dog {
              nickname
            }
            "#,
            &[],
        );
    }

    #[test]
    fn defer_fragments_one_with_label_one_without() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog {
                ...dogFragmentA @defer(label: "fragA")
                ...dogFragmentB @defer
              }
            }
            fragment dogFragmentA on Dog {
              name
            }
            fragment dogFragmentB on Dog {
              nickname
            }
            "#,
            &[],
        );
    }

    #[test]
    fn defer_fragment_with_variable_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            query($label: String) {
              dog {
                ...dogFragmentA @defer(label: $label)
                ...dogFragmentB @defer(label: "fragA")
              }
            }
            fragment dogFragmentA on Dog {
              name
            }
            fragment dogFragmentB on Dog {
              nickname
            }
            "#,
            &[(
                "Argument \"@defer(label:)\" must be a static string.",
                &[(4, 33)],
            )],
        );
    }

    #[test]
    fn defer_fragments_with_different_labels() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog {
                ...dogFragmentA @defer(label: "fragB")
                ...dogFragmentB @defer(label: "fragA")
              }
            }
            fragment dogFragmentA on Dog {
              name
            }
            fragment dogFragmentB on Dog {
              nickname
            }
            "#,
            &[],
        );
    }

    #[test]
    fn defer_fragments_with_same_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog {
                ...dogFragmentA @defer(label: "fragA")
                ...dogFragmentB @defer(label: "fragA")
              }
            }
            fragment dogFragmentA on Dog {
              name
            }
            fragment dogFragmentB on Dog {
              nickname
            }
            "#,
            &[
                (
                    "Value for arguments \"defer(label:)\" and \"stream(label:)\" must be unique across all Defer/Stream directive usages.",
                    &[(4, 33), (5, 33)],
                ),
            ],
        );
    }

    #[test]
    fn defer_and_stream_with_no_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog {
                ...dogFragment @defer
              }
              pets @stream(initialCount: 0) @stream {
                name
              }
            }
            fragment dogFragment on Dog {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn stream_with_variable_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            query ($label: String!) {
              dog {
                ...dogFragment @defer
              }
              pets @stream(initialCount: 0) @stream(label: $label) {
                name
              }
            }
            fragment dogFragment on Dog {
              name
            }
            "#,
            &[(
                "Argument \"@stream(label:)\" must be a static string.",
                &[(6, 45)],
            )],
        );
    }

    #[test]
    fn defer_and_stream_with_the_same_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog {
                ...dogFragment @defer(label: "MyLabel")
              }
              pets @stream(initialCount: 0) @stream(label: "MyLabel") {
                name
              }
            }
            fragment dogFragment on Dog {
              name
            }
            "#,
            &[
                (
                    "Value for arguments \"defer(label:)\" and \"stream(label:)\" must be unique across all Defer/Stream directive usages.",
                    &[(4, 32), (6, 45)],
                ),
            ],
        );
    }

    #[test]
    fn defer_and_stream_with_different_labels() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            query {
              dog {
                ...dogFragment @defer(label: "MyLabel")
              }
              pets @stream(initialCount: 0) @stream(label: "MyOtherLabel") {
                name
              }
            }
            fragment dogFragment on Dog {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_defer_or_stream_directive_with_label_and_no_label() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            {
              dog @skip(if: false) {
                ...dogFragment @include(if: true)
              }
            }
            fragment dogFragment on Dog {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn labels_are_unique_across_operations_and_null_or_block_labels() {
        expect_errors(
            RULE,
            &schema(),
            r#"
            query A {
              dog {
                ...dogFragment @defer(label: null)
                ...dogFragment @defer(label: null)
              }
            }
            query B {
              dog {
                ...dogFragment @defer(label: """L""")
              }
            }
            query C {
              dog {
                ...dogFragment @defer(label: "L")
                ...dogFragment @defer(label: 1)
              }
            }
            fragment dogFragment on Dog {
              name
            }
            "#,
            &[
                (
                    "Value for arguments \"defer(label:)\" and \"stream(label:)\" must be unique across all Defer/Stream directive usages.",
                    &[(10, 32), (15, 32)],
                ),
                (
                    "Argument \"@defer(label:)\" must be a static string.",
                    &[(16, 32)],
                ),
            ],
        );
    }
}
