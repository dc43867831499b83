//! KnownOperationTypesRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct KnownOperationTypesRule;

impl<'a> Rule<'a> for KnownOperationTypesRule {}
