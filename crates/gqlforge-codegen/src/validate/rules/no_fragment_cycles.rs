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
    use crate::validate::rules::test_schema::TEST_SCHEMA;

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
}
