//! UniqueArgumentNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct UniqueArgumentNamesRule;

impl<'a> Rule<'a> for UniqueArgumentNamesRule {}
