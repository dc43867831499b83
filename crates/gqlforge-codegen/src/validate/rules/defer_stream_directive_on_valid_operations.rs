//! DeferStreamDirectiveOnValidOperationsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveOnValidOperationsRule;

impl<'a> Rule<'a> for DeferStreamDirectiveOnValidOperationsRule {}
