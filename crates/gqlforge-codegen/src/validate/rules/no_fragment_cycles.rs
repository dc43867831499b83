//! NoFragmentCyclesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct NoFragmentCyclesRule;

impl<'a> Rule<'a> for NoFragmentCyclesRule {}
