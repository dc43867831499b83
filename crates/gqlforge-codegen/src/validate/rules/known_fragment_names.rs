//! KnownFragmentNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct KnownFragmentNamesRule;

impl<'a> Rule<'a> for KnownFragmentNamesRule {}
