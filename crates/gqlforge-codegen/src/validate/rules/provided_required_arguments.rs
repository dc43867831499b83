//! ProvidedRequiredArgumentsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct ProvidedRequiredArgumentsRule;

impl<'a> Rule<'a> for ProvidedRequiredArgumentsRule {}
