//! KnownDirectivesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct KnownDirectivesRule;

impl<'a> Rule<'a> for KnownDirectivesRule {}
