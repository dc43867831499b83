//! FieldsOnCorrectTypeRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct FieldsOnCorrectTypeRule;

impl<'a> Rule<'a> for FieldsOnCorrectTypeRule {}
