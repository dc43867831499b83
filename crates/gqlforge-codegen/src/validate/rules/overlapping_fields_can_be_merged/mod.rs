//! OverlappingFieldsCanBeMergedRule (spec 5.3.2 Field Selection Merging): fields that
//! share a response name in one selection set, fragments included, must be mergeable:
//! the same field with the same arguments, unless their parent types are distinct object
//! types, and in every case of types that do not conflict and with mergeable sub-selections.
//!
//! The search for conflicts is graphql-js 17's, in `finder.rs`: each selection set is
//! flattened once per parent type, fragments are compared pairwise at most once (twice if
//! first compared under mutually exclusive parents), and the total work is bounded by the
//! same complexity budget, past which the validation is aborted ("Validation aborted.").
//! How a conflict is worded and located is in `conflict.rs`.

mod conflict;
mod finder;
#[cfg(test)]
mod tests;

use finder::{Aborted, ConflictFinder};

use crate::document::{Document, InlineFragment, Selection, SelectionSet};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "OverlappingFieldsCanBeMergedRule";

#[derive(Default)]
pub(crate) struct OverlappingFieldsCanBeMergedRule<'a> {
    /// Caches shared by every selection set of the document (dropped on abort).
    finder: Option<ConflictFinder<'a>>,
    /// Set between an inline fragment and its selection set, which is checked as a part
    /// of the enclosing one.
    entering_inline_fragment: bool,
}

impl<'a> Rule<'a> for OverlappingFieldsCanBeMergedRule<'a> {
    fn enter_document(&mut self, cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.finder = Some(ConflictFinder::new(cx.schema, doc));
    }

    fn enter_inline_fragment(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        _fragment: &'a InlineFragment,
    ) -> Flow {
        self.entering_inline_fragment = true;
        Flow::Continue
    }

    fn enter_selection_set(
        &mut self,
        cx: &mut ValidationContext<'a>,
        set: &'a SelectionSet,
    ) -> Flow {
        if std::mem::take(&mut self.entering_inline_fragment) {
            return Flow::Continue;
        }
        // One field or one spread cannot conflict with itself (a fragment's own fields
        // are checked where the fragment is defined).
        if set.selections.len() <= 1
            && !matches!(set.selections.first(), Some(Selection::InlineFragment(_)))
        {
            return Flow::Continue;
        }
        let Some(finder) = &mut self.finder else {
            return Flow::Continue;
        };
        match finder.find_conflicts_within_selection_set(cx.parent_type(), set) {
            Ok(conflicts) => {
                for conflict in conflicts {
                    let message = conflict.message();
                    cx.report(RULE, message, conflict.into_locations());
                }
            }
            Err(Aborted) => {
                // As in graphql-js, the conflicts of this selection set are lost.
                cx.abort(RULE);
                self.finder = None;
            }
        }
        Flow::Continue
    }
}
