//! DeferStreamDirectiveLabelRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveLabelRule;

impl<'a> Rule<'a> for DeferStreamDirectiveLabelRule {}
