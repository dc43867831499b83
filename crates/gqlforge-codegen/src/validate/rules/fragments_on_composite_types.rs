//! FragmentsOnCompositeTypesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct FragmentsOnCompositeTypesRule;

impl<'a> Rule<'a> for FragmentsOnCompositeTypesRule {}
