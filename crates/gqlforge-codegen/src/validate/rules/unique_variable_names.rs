//! UniqueVariableNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct UniqueVariableNamesRule;

impl<'a> Rule<'a> for UniqueVariableNamesRule {}
