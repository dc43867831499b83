//! KnownDirectivesRule (spec 5.7.1 Directives Are Defined, 5.7.2 Directives Are In Valid
//! Locations): every directive used is defined by the schema, at a location it allows.
//!
//! As in graphql-js, directive definitions in the document itself (an
//! ExecutableDefinitionsRule error) also define directives, replacing the schema's.

use std::collections::HashMap;

use crate::document::{DeclaredDirective, Directive, Document};
use crate::schema::DirectiveLocation;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownDirectivesRule";

#[derive(Default)]
pub(crate) struct KnownDirectivesRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
}

impl<'a> Rule<'a> for KnownDirectivesRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        location: DirectiveLocation,
    ) -> Flow {
        let name = &directive.name.value;
        let allowed = match (self.declared.get(name.as_str()), cx.directive()) {
            (Some(declared), _) => Some(
                declared
                    .locations
                    .iter()
                    .any(|l| l.value == location.as_str()),
            ),
            (None, Some(def)) => Some(def.locations.contains(&location)),
            (None, None) => None,
        };
        match allowed {
            None => cx.report(
                RULE,
                format!("Unknown directive \"@{name}\"."),
                vec![directive.span],
            ),
            Some(false) => cx.report(
                RULE,
                format!(
                    "Directive \"@{name}\" may not be used on {}.",
                    location.as_str()
                ),
                vec![directive.span],
            ),
            Some(true) => {}
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    /// graphql-js's schema for this rule: a directive for each executable location.
    const SCHEMA_WITH_DIRECTIVES: &str = r#"
type Query {
  dummy: String
}

directive @onQuery on QUERY
directive @onMutation on MUTATION
directive @onSubscription on SUBSCRIPTION
directive @onField on FIELD
directive @onFragmentDefinition on FRAGMENT_DEFINITION
directive @onFragmentSpread on FRAGMENT_SPREAD
directive @onInlineFragment on INLINE_FRAGMENT
directive @onVariableDefinition on VARIABLE_DEFINITION
directive @repeatable repeatable on FIELD | QUERY
"#;

    #[test]
    fn with_no_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo {
              dog { name }
              ...Frag
            }

            fragment Frag on QueryRoot {
              human { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_standard_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human @skip(if: false) {
                name
                pets {
                  ... on Dog @include(if: true) {
                    name
                  }
                }
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_unknown_directive() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human @unknown(directive: "value") {
                name
              }
            }
            "#,
            &[("Unknown directive \"@unknown\".", &[(3, 21)])],
        );
    }

    #[test]
    fn with_many_unknown_directives() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              __typename @unknown
              human @unknown {
                name
                pets @unknown {
                  name
                }
              }
            }
            "#,
            &[
                ("Unknown directive \"@unknown\".", &[(3, 26)]),
                ("Unknown directive \"@unknown\".", &[(4, 21)]),
                ("Unknown directive \"@unknown\".", &[(6, 22)]),
            ],
        );
    }

    #[test]
    fn with_well_placed_directives() {
        expect_errors(
            RULE,
            SCHEMA_WITH_DIRECTIVES,
            r#"
            query ($var: Boolean @onVariableDefinition) @onQuery {
              human @onField {
                ...Frag @onFragmentSpread
                ... @onInlineFragment {
                  name @onField
                }
              }
            }

            mutation @onMutation {
              someField @onField
            }

            subscription @onSubscription {
              someField @onField
            }

            fragment Frag on Human @onFragmentDefinition {
              name @onField
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_misplaced_directives() {
        expect_errors(
            RULE,
            SCHEMA_WITH_DIRECTIVES,
            r#"
            query ($var: Boolean @onQuery) @onMutation {
              human @onQuery {
                ...Frag @onQuery
                ... @onQuery {
                  name @onQuery
                }
              }
            }

            mutation @onQuery {
              someField @onQuery
            }

            subscription @onQuery {
              someField @onQuery
            }

            fragment Frag on Human @onQuery {
              name @onQuery
            }
            "#,
            &[
                (
                    "Directive \"@onQuery\" may not be used on VARIABLE_DEFINITION.",
                    &[(2, 34)],
                ),
                (
                    "Directive \"@onMutation\" may not be used on QUERY.",
                    &[(2, 44)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FIELD.",
                    &[(3, 21)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FRAGMENT_SPREAD.",
                    &[(4, 25)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on INLINE_FRAGMENT.",
                    &[(5, 21)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FIELD.",
                    &[(6, 24)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on MUTATION.",
                    &[(11, 22)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FIELD.",
                    &[(12, 25)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on SUBSCRIPTION.",
                    &[(15, 26)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FIELD.",
                    &[(16, 25)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FRAGMENT_DEFINITION.",
                    &[(19, 36)],
                ),
                (
                    "Directive \"@onQuery\" may not be used on FIELD.",
                    &[(20, 20)],
                ),
            ],
        );
    }

    #[test]
    fn with_misplaced_variable_definition_directive() {
        expect_errors(
            RULE,
            SCHEMA_WITH_DIRECTIVES,
            r#"
            query Foo($var: Boolean @onField) {
              dummy
            }
            "#,
            &[(
                "Directive \"@onField\" may not be used on VARIABLE_DEFINITION.",
                &[(2, 37)],
            )],
        );
    }

    #[test]
    fn defer_and_stream_are_unknown_unless_the_schema_defines_them() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @stream {
                ... @defer {
                  name
                }
              }
            }
            "#,
            &[
                ("Unknown directive \"@stream\".", &[(3, 19)]),
                ("Unknown directive \"@defer\".", &[(4, 21)]),
            ],
        );
    }
}
