//! StreamDirectiveOnListFieldRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct StreamDirectiveOnListFieldRule;

impl<'a> Rule<'a> for StreamDirectiveOnListFieldRule {}
