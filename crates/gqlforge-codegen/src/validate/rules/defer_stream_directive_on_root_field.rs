//! DeferStreamDirectiveOnRootFieldRule (incremental delivery RFC; not yet in the spec):
//! `@stream` is not used on a root field of a mutation or subscription, nor `@defer` on a
//! fragment selected directly on such a root type.
//!
//! As in graphql-js, the directives are recognised by name, whether or not the schema
//! defines them (KnownDirectivesRule reports them when it does not).

use crate::fast_hash::FastSet;

use crate::document::{Directive, OperationDefinition, OperationKind, Selection};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "DeferStreamDirectiveOnRootFieldRule";

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveOnRootFieldRule<'a> {
    /// Fragments already searched, in an operation where nothing was found.
    checked_fragments: FastSet<&'a str>,
}

impl<'a> Rule<'a> for DeferStreamDirectiveOnRootFieldRule<'a> {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if op.kind == OperationKind::Query {
            return Flow::SkipChildren;
        }
        let Some(root) = cx.schema.root_type(op.kind) else {
            return Flow::SkipChildren;
        };
        let kind = op.kind.as_str();
        let root = cx.schema.type_name(root);
        let mut valid = true;
        let mut report = |cx: &mut ValidationContext<'a>, what: &str, directive: &Directive| {
            valid = false;
            cx.report(
                RULE,
                format!("{what} directive cannot be used on root {kind} type \"{root}\"."),
                vec![directive.span],
            );
        };

        // The root selections, through fragments, depth first in document order (an
        // explicit stack, so that a long chain of fragments cannot overflow the stack).
        let mut visited_fragments: FastSet<&'a str> = FastSet::default();
        let mut stack = vec![op.selection_set.selections.iter()];
        while let Some(selections) = stack.last_mut() {
            let Some(selection) = selections.next() else {
                stack.pop();
                continue;
            };
            match selection {
                Selection::Field(field) => {
                    if let Some(stream) = find(&field.directives, "stream") {
                        report(cx, "Stream", stream);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.name.value.as_str();
                    if !visited_fragments.insert(name) {
                        continue;
                    }
                    let Some(fragment) = cx.fragment(name) else {
                        continue;
                    };
                    if let Some(defer) = find(&spread.directives, "defer") {
                        report(cx, "Defer", defer);
                    }
                    if !self.checked_fragments.contains(name) {
                        stack.push(fragment.selection_set.selections.iter());
                    }
                }
                Selection::InlineFragment(inline) => {
                    if let Some(defer) = find(&inline.directives, "defer") {
                        report(cx, "Defer", defer);
                    }
                    stack.push(inline.selection_set.selections.iter());
                }
            }
        }
        if valid {
            self.checked_fragments.extend(visited_fragments);
        }
        Flow::SkipChildren
    }
}

/// The first directive of this name.
fn find<'d>(directives: &'d [Directive], name: &str) -> Option<&'d Directive> {
    directives.iter().find(|d| d.name.value == name)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::expect_errors;

    /// graphql-js's schema for the defer/stream rules.
    const SCHEMA: &str = r#"
type Message {
  body: String
  sender: String
}

type SubscriptionRoot {
  subscriptionField: Message
  subscriptionListField: [Message]
}

type MutationRoot {
  mutationField: Message
  mutationListField: [Message]
}

type QueryRoot {
  message: Message
  messages: [Message]
}

schema {
  query: QueryRoot
  mutation: MutationRoot
  subscription: SubscriptionRoot
}

directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @stream(if: Boolean! = true, label: String, initialCount: Int = 0) on FIELD
"#;

    /// The same without `@defer` and `@stream`.
    fn no_defer_stream_schema() -> String {
        SCHEMA
            .lines()
            .filter(|l| !l.starts_with("directive"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn defer_fragment_spread_on_root_query_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            {
              ...rootQueryFragment @defer
            }
            fragment rootQueryFragment on QueryRoot {
              message {
                body
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn defer_inline_fragment_spread_on_root_query_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            {
              ... @defer {
                message {
                  body
                }
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn defer_fragment_spread_on_root_mutation_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            mutation {
              ...rootFragment @defer
            }
            fragment rootFragment on MutationRoot {
              mutationField {
                body
              }
            }
            "#,
            &[(
                "Defer directive cannot be used on root mutation type \"MutationRoot\".",
                &[(3, 31)],
            )],
        );
    }

    #[test]
    fn defer_inline_fragment_spread_on_root_mutation_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            mutation {
              ... @defer {
                mutationField {
                  body
                }
              }
            }
            "#,
            &[(
                "Defer directive cannot be used on root mutation type \"MutationRoot\".",
                &[(3, 19)],
            )],
        );
    }

    #[test]
    fn defer_fragment_spread_on_nested_mutation_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            mutation {
              mutationField {
                ... @defer {
                  body
                }
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn defer_fragment_spread_on_root_subscription_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            subscription {
              ...rootFragment @defer
            }
            fragment rootFragment on SubscriptionRoot {
              subscriptionField {
                body
              }
            }
            "#,
            &[(
                "Defer directive cannot be used on root subscription type \"SubscriptionRoot\".",
                &[(3, 31)],
            )],
        );
    }

    #[test]
    fn defer_inline_fragment_spread_on_root_subscription_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            subscription {
              ... @defer {
                subscriptionField {
                  body
                }
              }
            }
            "#,
            &[(
                "Defer directive cannot be used on root subscription type \"SubscriptionRoot\".",
                &[(3, 19)],
            )],
        );
    }

    #[test]
    fn defer_fragment_spread_on_nested_subscription_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            subscription {
              subscriptionField {
                ...nestedFragment @defer
              }
            }
            fragment nestedFragment on Message {
              body
            }
            "#,
            &[],
        );
    }

    #[test]
    fn stream_field_on_root_query_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            {
              messages @stream {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn stream_field_on_fragment_on_root_query_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            {
              ...rootFragment
            }
            fragment rootFragment on QueryType {
              messages @stream {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn stream_field_on_root_mutation_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            mutation {
              mutationListField @stream {
                name
              }
            }
            "#,
            &[(
                "Stream directive cannot be used on root mutation type \"MutationRoot\".",
                &[(3, 33)],
            )],
        );
    }

    #[test]
    fn stream_field_on_fragment_on_root_mutation_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            mutation {
              ...rootFragment
            }
            fragment rootFragment on MutationRoot {
              mutationListField @stream {
                name
              }
            }
            "#,
            &[(
                "Stream directive cannot be used on root mutation type \"MutationRoot\".",
                &[(6, 33)],
            )],
        );
    }

    #[test]
    fn stream_field_on_root_subscription_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            subscription {
              subscriptionListField @stream {
                name
              }
            }
            "#,
            &[(
                "Stream directive cannot be used on root subscription type \"SubscriptionRoot\".",
                &[(3, 37)],
            )],
        );
    }

    #[test]
    fn stream_field_on_fragment_on_root_subscription_field() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            subscription {
              ...rootFragment
            }
            fragment rootFragment on SubscriptionRoot {
              subscriptionListField @stream {
                name
              }
            }
            "#,
            &[(
                "Stream directive cannot be used on root subscription type \"SubscriptionRoot\".",
                &[(6, 37)],
            )],
        );
    }

    #[test]
    fn fragments_are_searched_once_per_operation_and_again_after_an_error() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            mutation A {
              ...rootFragment
              ...rootFragment @defer
              ... {
                ...rootFragment
              }
            }
            mutation B {
              ...rootFragment
            }
            fragment rootFragment on MutationRoot {
              mutationListField @stream {
                body
              }
              ... @defer {
                ...inner @defer
              }
            }
            fragment inner on MutationRoot {
              mutationField {
                body
              }
            }
            "#,
            &[
                (
                    "Stream directive cannot be used on root mutation type \"MutationRoot\".",
                    &[(13, 33)],
                ),
                (
                    "Defer directive cannot be used on root mutation type \"MutationRoot\".",
                    &[(16, 19)],
                ),
                (
                    "Defer directive cannot be used on root mutation type \"MutationRoot\".",
                    &[(17, 26)],
                ),
                (
                    "Stream directive cannot be used on root mutation type \"MutationRoot\".",
                    &[(13, 33)],
                ),
                (
                    "Defer directive cannot be used on root mutation type \"MutationRoot\".",
                    &[(16, 19)],
                ),
                (
                    "Defer directive cannot be used on root mutation type \"MutationRoot\".",
                    &[(17, 26)],
                ),
            ],
        );
    }

    #[test]
    fn a_fragment_found_clean_is_not_searched_again() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            subscription A {
              ...clean
            }
            subscription B {
              ...clean @defer
            }
            fragment clean on SubscriptionRoot {
              subscriptionField {
                body
              }
            }
            "#,
            &[(
                "Defer directive cannot be used on root subscription type \"SubscriptionRoot\".",
                &[(6, 24)],
            )],
        );
    }

    #[test]
    fn directives_are_recognised_by_name_without_the_schema_defining_them() {
        expect_errors(
            RULE,
            &no_defer_stream_schema(),
            r#"
            mutation {
              mutationListField @stream {
                body
              }
            }
            "#,
            &[(
                "Stream directive cannot be used on root mutation type \"MutationRoot\".",
                &[(3, 33)],
            )],
        );
    }
}
