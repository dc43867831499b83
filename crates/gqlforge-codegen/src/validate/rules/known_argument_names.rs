//! KnownArgumentNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct KnownArgumentNamesRule;

impl<'a> Rule<'a> for KnownArgumentNamesRule {}
