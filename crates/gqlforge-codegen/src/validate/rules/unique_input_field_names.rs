//! UniqueInputFieldNamesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct UniqueInputFieldNamesRule;

impl<'a> Rule<'a> for UniqueInputFieldNamesRule {}
