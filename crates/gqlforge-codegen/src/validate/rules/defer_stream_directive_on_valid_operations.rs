//! DeferStreamDirectiveOnValidOperationsRule (incremental delivery RFC; not yet in the
//! spec): a subscription does not use `@defer` or `@stream` unless its `if` argument can be
//! `false` (a `false` literal or a variable). Selections that `@skip` or `@include` may
//! leave out are not searched.
//!
//! As in graphql-js, the directives are recognised by name, whether or not the schema
//! defines them.

use crate::fast_hash::FastSet;

use crate::document::{Directive, OperationDefinition, OperationKind, Selection, ValueKind};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "DeferStreamDirectiveOnValidOperationsRule";

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveOnValidOperationsRule<'a> {
    /// Fragments already searched, in an operation where nothing was found.
    checked_fragments: FastSet<&'a str>,
}

/// One selection set being searched; `via_spread` when it is a fragment's, entered
/// through a spread that the errors found inside also point at.
struct Frame<'a> {
    selections: std::slice::Iter<'a, Selection>,
    via_spread: bool,
}

impl<'a> Rule<'a> for DeferStreamDirectiveOnValidOperationsRule<'a> {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if op.kind != OperationKind::Subscription {
            return Flow::SkipChildren;
        }
        let mut valid = true;
        let mut visited_fragments: FastSet<&'a str> = FastSet::default();
        // The spreads leading to the selection set being searched, outermost first.
        let mut spreads: Vec<Span> = Vec::new();
        // Depth first in document order, with an explicit stack so that deep documents
        // and long chains of fragments cannot overflow the stack.
        let mut stack = vec![Frame {
            selections: op.selection_set.selections.iter(),
            via_spread: false,
        }];
        while let Some(frame) = stack.last_mut() {
            let Some(selection) = frame.selections.next() else {
                if frame.via_spread {
                    spreads.pop();
                }
                stack.pop();
                continue;
            };
            let directives = selection.directives();
            if find(directives, "skip").is_some_and(can_be_skipped_via_skip)
                || find(directives, "include").is_some_and(can_be_skipped_via_include)
            {
                continue;
            }
            for directive in directives {
                let what = match directive.name.value.as_str() {
                    "defer" => "Defer",
                    "stream" => "Stream",
                    _ => continue,
                };
                if !if_argument_can_be_false(directive) {
                    valid = false;
                    let name = &directive.name.value;
                    let mut nodes = vec![directive.span];
                    nodes.extend(spreads.iter().rev());
                    cx.report(
                        RULE,
                        format!(
                            "{what} directive not supported on subscription operations. \
                             Disable `@{name}` by setting the `if` argument to `false`."
                        ),
                        nodes,
                    );
                }
            }
            match selection {
                Selection::FragmentSpread(spread) => {
                    let name = spread.name.value.as_str();
                    if self.checked_fragments.contains(name) || !visited_fragments.insert(name) {
                        continue;
                    }
                    if let Some(fragment) = cx.fragment(name) {
                        spreads.push(spread.span);
                        stack.push(Frame {
                            selections: fragment.selection_set.selections.iter(),
                            via_spread: true,
                        });
                    }
                }
                Selection::Field(field) => {
                    if let Some(set) = &field.selection_set {
                        stack.push(Frame {
                            selections: set.selections.iter(),
                            via_spread: false,
                        });
                    }
                }
                Selection::InlineFragment(inline) => stack.push(Frame {
                    selections: inline.selection_set.selections.iter(),
                    via_spread: false,
                }),
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

/// The literal value of the `if` argument: `Some(Some(b))` for a Boolean literal,
/// `Some(None)` for any other value, `None` without the argument.
fn if_argument(directive: &Directive) -> Option<Option<bool>> {
    let argument = directive.arguments.iter().find(|a| a.name.value == "if")?;
    Some(match argument.value.kind {
        ValueKind::Boolean(b) => Some(b),
        _ => None,
    })
}

/// `@defer` / `@stream` can be disabled: `if` is `false` or a variable.
fn if_argument_can_be_false(directive: &Directive) -> bool {
    let Some(argument) = directive.arguments.iter().find(|a| a.name.value == "if") else {
        return false;
    };
    matches!(
        argument.value.kind,
        ValueKind::Boolean(false) | ValueKind::Variable(_)
    )
}

/// `@skip` may skip unless its `if` is the literal `false`.
fn can_be_skipped_via_skip(skip: &Directive) -> bool {
    if_argument(skip) != Some(Some(false))
}

/// `@include` may skip when it has an `if` that is not the literal `true`.
fn can_be_skipped_via_include(include: &Directive) -> bool {
    matches!(if_argument(include), Some(value) if value != Some(true))
}
