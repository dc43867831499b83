//! NoUnusedVariablesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct NoUnusedVariablesRule;

impl<'a> Rule<'a> for NoUnusedVariablesRule {}
