//! PossibleFragmentSpreadsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct PossibleFragmentSpreadsRule;

impl<'a> Rule<'a> for PossibleFragmentSpreadsRule {}
