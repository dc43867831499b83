//! UniqueFragmentNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct UniqueFragmentNamesRule;

impl<'a> Rule<'a> for UniqueFragmentNamesRule {}
