//! OverlappingFieldsCanBeMergedRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct OverlappingFieldsCanBeMergedRule;

impl<'a> Rule<'a> for OverlappingFieldsCanBeMergedRule {}
