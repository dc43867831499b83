//! LoneAnonymousOperationRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct LoneAnonymousOperationRule;

impl<'a> Rule<'a> for LoneAnonymousOperationRule {}
