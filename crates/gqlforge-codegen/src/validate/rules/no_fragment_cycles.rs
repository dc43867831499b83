//! NoFragmentCyclesRule (spec 5.5.2.2 Fragment Spreads Must Not Form Cycles): no fragment
//! spreads itself, directly or through other fragments.
//!
//! graphql-js's depth-first search from each fragment, with its explicit path of spreads;
//! the search keeps its own stack, so a long chain of fragments cannot overflow ours.

use crate::fast_hash::{FastMap, FastSet};

use crate::document::{FragmentDefinition, FragmentSpread, OperationDefinition};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoFragmentCyclesRule";

#[derive(Default)]
pub(crate) struct NoFragmentCyclesRule<'a> {
    /// Fragments whose cycles have been looked for already.
    visited: FastSet<&'a str>,
}

impl<'a> Rule<'a> for NoFragmentCyclesRule<'a> {
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
        self.detect_cycles(cx, fragment);
        Flow::SkipChildren
    }
}

/// A fragment being searched: its name and the spreads in it still to follow.
struct Frame<'a> {
    name: &'a str,
    spreads: std::vec::IntoIter<&'a FragmentSpread>,
}

impl<'a> NoFragmentCyclesRule<'a> {
    fn detect_cycles(&mut self, cx: &mut ValidationContext<'a>, fragment: &'a FragmentDefinition) {
        // The spreads followed from `fragment` to where the search is.
        let mut spread_path: Vec<&'a FragmentSpread> = Vec::new();
        // For each fragment on the path: where its spreads start in `spread_path`.
        let mut path_index_of: FastMap<&'a str, usize> = FastMap::default();
        let mut stack: Vec<Frame<'a>> = Vec::new();
        if let Some(frame) = self.enter(cx, fragment, &spread_path, &mut path_index_of) {
            stack.push(frame);
        }
        while let Some(frame) = stack.last_mut() {
            let Some(spread) = frame.spreads.next() else {
                path_index_of.remove(frame.name);
                stack.pop();
                // Back in the fragment that spread this one: done with that spread.
                if !stack.is_empty() {
                    spread_path.pop();
                }
                continue;
            };
            let name = spread.name.value.as_str();
            spread_path.push(spread);
            match path_index_of.get(name) {
                None => {
                    if let Some(target) = cx.fragment(name) {
                        if let Some(frame) =
                            self.enter(cx, target, &spread_path, &mut path_index_of)
                        {
                            // The spread stays on the path while the target is searched.
                            stack.push(frame);
                            continue;
                        }
                    }
                }
                Some(&start) => {
                    let cycle = &spread_path[start..];
                    let via: Vec<String> = cycle[..cycle.len() - 1]
                        .iter()
                        .map(|s| format!("\"{}\"", s.name.value))
                        .collect();
                    let message = if via.is_empty() {
                        format!("Cannot spread fragment \"{name}\" within itself.")
                    } else {
                        format!(
                            "Cannot spread fragment \"{name}\" within itself via {}.",
                            via.join(", ")
                        )
                    };
                    cx.report(RULE, message, cycle.iter().map(|s| s.span).collect());
                }
            }
            spread_path.pop();
        }
    }

    /// Starts searching a fragment not searched before that spreads other fragments.
    fn enter(
        &mut self,
        cx: &ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
        spread_path: &[&'a FragmentSpread],
        path_index_of: &mut FastMap<&'a str, usize>,
    ) -> Option<Frame<'a>> {
        let name = fragment.name.value.as_str();
        if !self.visited.insert(name) {
            return None;
        }
        let spreads = cx.fragment_spreads(&fragment.selection_set);
        if spreads.is_empty() {
            return None;
        }
        path_index_of.insert(name, spread_path.len());
        Some(Frame {
            name,
            spreads: spreads.into_iter(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn a_long_chain_of_fragments_does_not_overflow_the_stack() {
        let mut doc = String::from("{ dog { ...F0 } }\n");
        for i in 0..20_000 {
            doc.push_str(&format!("fragment F{i} on Dog {{ ...F{} }}\n", i + 1));
        }
        doc.push_str("fragment F20000 on Dog { ...F0 }\n");
        let found = crate::validate::testing::rule_errors(RULE, TEST_SCHEMA, &doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2.len(), 20_001);
    }

    #[test]
    fn single_reference_is_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB }
            fragment fragB on Dog { name }
            "#,
            &[],
        );
    }

    #[test]
    fn spreading_twice_is_not_circular() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB, ...fragB }
            fragment fragB on Dog { name }
            "#,
            &[],
        );
    }

    #[test]
    fn spreading_twice_indirectly_is_not_circular() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB, ...fragC }
            fragment fragB on Dog { ...fragC }
            fragment fragC on Dog { name }
            "#,
            &[],
        );
    }

    #[test]
    fn double_spread_within_abstract_types() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment nameFragment on Pet {
              ... on Dog { name }
              ... on Cat { name }
            }

            fragment spreadsInAnon on Pet {
              ... on Dog { ...nameFragment }
              ... on Cat { ...nameFragment }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn does_not_false_positive_on_unknown_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment nameFragment on Pet {
              ...UnknownFragment
            }
            "#,
            &[],
        );
    }

    #[test]
    fn spreading_recursively_within_field_fails() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Human { relatives { ...fragA } },
            "#,
            &[(
                "Cannot spread fragment \"fragA\" within itself.",
                &[(2, 51)],
            )],
        );
    }

    #[test]
    fn no_spreading_itself_directly() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragA }
            "#,
            &[(
                "Cannot spread fragment \"fragA\" within itself.",
                &[(2, 37)],
            )],
        );
    }

    #[test]
    fn no_spreading_itself_directly_within_inline_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Pet {
              ... on Dog {
                ...fragA
              }
            }
            "#,
            &[(
                "Cannot spread fragment \"fragA\" within itself.",
                &[(4, 17)],
            )],
        );
    }

    #[test]
    fn no_spreading_itself_indirectly() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB }
            fragment fragB on Dog { ...fragA }
            "#,
            &[(
                "Cannot spread fragment \"fragA\" within itself via \"fragB\".",
                &[(2, 37), (3, 37)],
            )],
        );
    }

    #[test]
    fn no_spreading_itself_indirectly_reports_opposite_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragB on Dog { ...fragA }
            fragment fragA on Dog { ...fragB }
            "#,
            &[(
                "Cannot spread fragment \"fragB\" within itself via \"fragA\".",
                &[(2, 37), (3, 37)],
            )],
        );
    }

    #[test]
    fn no_spreading_itself_indirectly_within_inline_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Pet {
              ... on Dog {
                ...fragB
              }
            }
            fragment fragB on Pet {
              ... on Dog {
                ...fragA
              }
            }
            "#,
            &[(
                "Cannot spread fragment \"fragA\" within itself via \"fragB\".",
                &[(4, 17), (9, 17)],
            )],
        );
    }

    #[test]
    fn no_spreading_itself_deeply() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB }
            fragment fragB on Dog { ...fragC }
            fragment fragC on Dog { ...fragO }
            fragment fragX on Dog { ...fragY }
            fragment fragY on Dog { ...fragZ }
            fragment fragZ on Dog { ...fragO }
            fragment fragO on Dog { ...fragP }
            fragment fragP on Dog { ...fragA, ...fragX }
            "#,
            &[("Cannot spread fragment \"fragA\" within itself via \"fragB\", \"fragC\", \"fragO\", \"fragP\".", &[(2, 37), (3, 37), (4, 37), (8, 37), (9, 37)]), ("Cannot spread fragment \"fragO\" within itself via \"fragP\", \"fragX\", \"fragY\", \"fragZ\".", &[(8, 37), (9, 47), (5, 37), (6, 37), (7, 37)])],
        );
    }

    #[test]
    fn no_spreading_itself_deeply_two_paths() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB, ...fragC }
            fragment fragB on Dog { ...fragA }
            fragment fragC on Dog { ...fragA }
            "#,
            &[
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragB\".",
                    &[(2, 37), (3, 37)],
                ),
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragC\".",
                    &[(2, 47), (4, 37)],
                ),
            ],
        );
    }

    #[test]
    fn no_spreading_itself_deeply_two_paths_alt_traverse_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragC }
            fragment fragB on Dog { ...fragC }
            fragment fragC on Dog { ...fragA, ...fragB }
            "#,
            &[
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragC\".",
                    &[(2, 37), (4, 37)],
                ),
                (
                    "Cannot spread fragment \"fragC\" within itself via \"fragB\".",
                    &[(4, 47), (3, 37)],
                ),
            ],
        );
    }

    #[test]
    fn no_spreading_itself_deeply_and_immediately() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Dog { ...fragB }
            fragment fragB on Dog { ...fragB, ...fragC }
            fragment fragC on Dog { ...fragA, ...fragB }
            "#,
            &[
                (
                    "Cannot spread fragment \"fragB\" within itself.",
                    &[(3, 37)],
                ),
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragB\", \"fragC\".",
                    &[(2, 37), (3, 47), (4, 37)],
                ),
                (
                    "Cannot spread fragment \"fragB\" within itself via \"fragC\".",
                    &[(3, 47), (4, 47)],
                ),
            ],
        );
    }

    #[test]
    fn spreads_are_followed_in_graphql_js_order_nested_first() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fragA on Human {
              ...fragB
              relatives { ...fragC }
              ...fragD
            }
            fragment fragB on Human { ...fragA }
            fragment fragC on Human { ...fragA }
            fragment fragD on Human { ...fragA }
            "#,
            &[
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragB\".",
                    &[(3, 15), (7, 39)],
                ),
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragD\".",
                    &[(5, 15), (9, 39)],
                ),
                (
                    "Cannot spread fragment \"fragA\" within itself via \"fragC\".",
                    &[(4, 27), (8, 39)],
                ),
            ],
        );
    }
}
