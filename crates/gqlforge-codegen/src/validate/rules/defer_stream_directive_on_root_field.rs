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
