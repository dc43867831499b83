//! KnownTypeNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct KnownTypeNamesRule;

impl<'a> Rule<'a> for KnownTypeNamesRule {}
