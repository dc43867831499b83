//! ValuesOfCorrectTypeRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct ValuesOfCorrectTypeRule;

impl<'a> Rule<'a> for ValuesOfCorrectTypeRule {}
