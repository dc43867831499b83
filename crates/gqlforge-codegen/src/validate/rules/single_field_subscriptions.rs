//! SingleFieldSubscriptionsRule: not written yet.

use crate::validate::Rule;

#[derive(Default)]
pub(crate) struct SingleFieldSubscriptionsRule;

impl<'a> Rule<'a> for SingleFieldSubscriptionsRule {}
