//! MaxIntrospectionDepthRule (graphql-js's own guard, not a spec rule): an introspection
//! query (`__schema`, `__type`) nests the list fields `fields`, `interfaces`,
//! `possibleTypes` and `inputFields` fewer than three deep, fragments included.
//!
//! graphql-js's depth-first search, with its memo of fragments checked or known to
//! exceed the limit at some depth; it keeps its own stack, so a long chain of fragments
//! cannot overflow ours.

use crate::fast_hash::FastMap;

use crate::document::{Field, Selection};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "MaxIntrospectionDepthRule";

const MAX_LISTS_DEPTH: usize = 3;
const LIST_FIELDS: [&str; 4] = ["fields", "interfaces", "possibleTypes", "inputFields"];

#[derive(Default)]
pub(crate) struct MaxIntrospectionDepthRule<'a> {
    /// Fragments known to stay within the limit when spread at this depth (or less).
    checked: FastMap<&'a str, usize>,
    /// Fragments known to exceed the limit when spread at this depth (or more).
    exceeded: FastMap<&'a str, usize>,
}

impl<'a> Rule<'a> for MaxIntrospectionDepthRule<'a> {
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        let name = field.name.value.as_str();
        if (name == "__schema" || name == "__type") && self.exceeds_depth(cx, field) {
            cx.report(
                RULE,
                "Maximum introspection depth exceeded",
                vec![field.span],
            );
            return Flow::SkipChildren;
        }
        Flow::Continue
    }
}

/// A selection set being searched: where the search is in it, the depth of list fields
/// around it, and the fragment it belongs to when it is a fragment's own selection set.
struct Frame<'a> {
    selections: std::slice::Iter<'a, Selection>,
    depth: usize,
    fragment: Option<&'a str>,
}

impl<'a> MaxIntrospectionDepthRule<'a> {
    fn exceeds_depth(&mut self, cx: &ValidationContext<'a>, field: &'a Field) -> bool {
        let Some(set) = &field.selection_set else {
            return false;
        };
        // Fragments entered in this search, with the depth they were entered at.
        let mut visited: FastMap<&'a str, usize> = FastMap::default();
        let mut stack = vec![Frame {
            selections: set.selections.iter(),
            depth: 0,
            fragment: None,
        }];
        let exceeded = loop {
            let Some(frame) = stack.last_mut() else {
                break false;
            };
            let depth = frame.depth;
            let Some(selection) = frame.selections.next() else {
                if let Some(name) = frame.fragment {
                    self.checked.insert(name, depth);
                }
                stack.pop();
                continue;
            };
            match selection {
                Selection::Field(field) => {
                    let mut depth = depth;
                    if LIST_FIELDS.contains(&field.name.value.as_str()) {
                        depth += 1;
                        if depth >= MAX_LISTS_DEPTH {
                            break true;
                        }
                    }
                    if let Some(set) = &field.selection_set {
                        stack.push(Frame {
                            selections: set.selections.iter(),
                            depth,
                            fragment: None,
                        });
                    }
                }
                Selection::InlineFragment(fragment) => stack.push(Frame {
                    selections: fragment.selection_set.selections.iter(),
                    depth,
                    fragment: None,
                }),
                Selection::FragmentSpread(spread) => {
                    let name = spread.name.value.as_str();
                    if self.exceeded.get(name).is_some_and(|&d| d <= depth) {
                        break true;
                    }
                    let seen_at_least_as_deep =
                        |memo: &FastMap<&str, usize>| memo.get(name).is_some_and(|&d| d >= depth);
                    if seen_at_least_as_deep(&visited) || seen_at_least_as_deep(&self.checked) {
                        continue;
                    }
                    let Some(fragment) = cx.fragment(name) else {
                        continue;
                    };
                    visited.insert(name, depth);
                    stack.push(Frame {
                        selections: fragment.selection_set.selections.iter(),
                        depth,
                        fragment: Some(name),
                    });
                }
            }
        };
        if exceeded {
            // Every fragment the search is inside exceeds the limit from where it was spread.
            for frame in &stack {
                if let Some(name) = frame.fragment {
                    self.exceeded.insert(name, frame.depth);
                }
            }
        }
        exceeded
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn a_long_chain_of_fragments_does_not_overflow_the_stack() {
        let mut doc = String::from("{ __schema { types { ...F0 } } }\n");
        for i in 0..20_000 {
            doc.push_str(&format!(
                "fragment F{i} on __Type {{ ofType {{ ...F{} }} }}\n",
                i + 1
            ));
        }
        doc.push_str("fragment F20000 on __Type { fields { type { fields { type { fields { name } } } } } }\n");
        let found = crate::validate::testing::rule_errors(RULE, TEST_SCHEMA, &doc);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn the_full_introspection_query_is_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query IntrospectionQuery {
              __schema {
                description
                queryType { name kind }
                mutationType { name kind }
                subscriptionType { name kind }
                types {
                  ...FullType
                }
                directives {
                  name
                  description
                  isRepeatable


                  locations
                  args(includeDeprecated: true) {
                    ...InputValue
                  }
                }
              }
            }

            fragment FullType on __Type {
              kind
              name
              description
              specifiedByURL
              isOneOf
              fields(includeDeprecated: true) {
                name
                description
                args(includeDeprecated: true) {
                  ...InputValue
                }
                type {
                  ...TypeRef
                }
                isDeprecated
                deprecationReason
              }
              inputFields(includeDeprecated: true) {
                ...InputValue
              }
              interfaces {
                ...TypeRef
              }
              enumValues(includeDeprecated: true) {
                name
                description
                isDeprecated
                deprecationReason
              }
              possibleTypes {
                ...TypeRef
              }
            }

            fragment InputValue on __InputValue {
              name
              description
              type { ...TypeRef }
              defaultValue
              isDeprecated
              deprecationReason
            }

            fragment TypeRef on __Type {
              kind
              name
              ofType {
                name
                kind
                ofType {
                  name
                  kind
                  ofType {
                    name
                    kind
                    ofType {
                      name
                      kind
                      ofType {
                        name
                        kind
                        ofType {
                          name
                          kind
                          ofType {
                            name
                            kind
                            ofType {
                              name
                              kind
                              ofType {
                                name
                                kind
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            "#,
            &[],
        );
    }
}
