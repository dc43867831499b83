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
