//! VariablesAreInputTypesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct VariablesAreInputTypesRule;

impl<'a> Rule<'a> for VariablesAreInputTypesRule {}
