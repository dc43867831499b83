//! PossibleFragmentSpreadsRule (spec 5.5.2.3 Fragment Spread Is Possible): a fragment is
//! only spread where some object could be of both the fragment's type and the enclosing
//! selection's type.

use crate::document::{FragmentSpread, InlineFragment};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "PossibleFragmentSpreadsRule";

#[derive(Default)]
pub(crate) struct PossibleFragmentSpreadsRule;

impl<'a> Rule<'a> for PossibleFragmentSpreadsRule {
    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        let schema = cx.schema;
        let fragment_type = cx.output_type().map(|t| t.named());
        if let (Some(fragment_type), Some(parent)) = (fragment_type, cx.parent_type()) {
            if schema.is_composite(fragment_type) && !schema.types_overlap(fragment_type, parent) {
                cx.report(
                    RULE,
                    format!(
                        "Fragment cannot be spread here as objects of type \"{}\" can never be of type \"{}\".",
                        schema.type_name(parent),
                        schema.type_name(fragment_type)
                    ),
                    vec![fragment.span],
                );
            }
        }
        Flow::Continue
    }

    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
        let schema = cx.schema;
        let fragment_type = cx
            .fragment(&spread.name.value)
            .and_then(|f| schema.type_by_name(&f.type_condition.value))
            .filter(|&t| schema.is_composite(t));
        if let (Some(fragment_type), Some(parent)) = (fragment_type, cx.parent_type()) {
            if !schema.types_overlap(fragment_type, parent) {
                cx.report(
                    RULE,
                    format!(
                        "Fragment \"{}\" cannot be spread here as objects of type \"{}\" can never be of type \"{}\".",
                        spread.name.value,
                        schema.type_name(parent),
                        schema.type_name(fragment_type)
                    ),
                    vec![spread.span],
                );
            }
        }
    }
}
