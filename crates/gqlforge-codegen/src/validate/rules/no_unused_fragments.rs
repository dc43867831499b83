//! NoUnusedFragmentsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct NoUnusedFragmentsRule;

impl<'a> Rule<'a> for NoUnusedFragmentsRule {}
