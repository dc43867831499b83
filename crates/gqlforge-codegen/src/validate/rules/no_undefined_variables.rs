//! NoUndefinedVariablesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct NoUndefinedVariablesRule;

impl<'a> Rule<'a> for NoUndefinedVariablesRule {}
