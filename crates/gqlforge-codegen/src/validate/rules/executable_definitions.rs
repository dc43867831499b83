//! ExecutableDefinitionsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct ExecutableDefinitionsRule;

impl<'a> Rule<'a> for ExecutableDefinitionsRule {}
