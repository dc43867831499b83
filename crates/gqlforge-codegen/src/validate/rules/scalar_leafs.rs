//! ScalarLeafsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct ScalarLeafsRule;

impl<'a> Rule<'a> for ScalarLeafsRule {}
