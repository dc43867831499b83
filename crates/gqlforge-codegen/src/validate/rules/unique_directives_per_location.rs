//! UniqueDirectivesPerLocationRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct UniqueDirectivesPerLocationRule;

impl<'a> Rule<'a> for UniqueDirectivesPerLocationRule {}
