//! KnownFragmentNamesRule (spec 5.5.2.1 Fragment Spread Target Defined): every fragment
//! spread names a fragment defined in the document.

use crate::document::FragmentSpread;
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "KnownFragmentNamesRule";

#[derive(Default)]
pub(crate) struct KnownFragmentNamesRule;

impl<'a> Rule<'a> for KnownFragmentNamesRule {
    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
        if cx.fragment(&spread.name.value).is_none() {
            cx.report(
                RULE,
                format!("Unknown fragment \"{}\".", spread.name.value),
                vec![spread.name.span],
            );
        }
    }
}
