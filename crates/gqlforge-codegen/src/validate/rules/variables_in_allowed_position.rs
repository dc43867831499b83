//! VariablesInAllowedPositionRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct VariablesInAllowedPositionRule;

impl<'a> Rule<'a> for VariablesInAllowedPositionRule {}
