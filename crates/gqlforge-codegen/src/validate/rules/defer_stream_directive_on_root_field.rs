//! DeferStreamDirectiveOnRootFieldRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveOnRootFieldRule;

impl<'a> Rule<'a> for DeferStreamDirectiveOnRootFieldRule {}
