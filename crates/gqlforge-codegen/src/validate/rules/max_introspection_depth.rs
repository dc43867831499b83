//! MaxIntrospectionDepthRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct MaxIntrospectionDepthRule;

impl<'a> Rule<'a> for MaxIntrospectionDepthRule {}
