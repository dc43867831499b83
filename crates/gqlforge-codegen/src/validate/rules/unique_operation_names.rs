//! UniqueOperationNamesRule (spec 5.2.1.1 Operation Name Uniqueness): every named
//! operation's name is unique in the document.

use crate::fast_hash::FastMap;

use crate::document::OperationDefinition;
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

#[derive(Default)]
pub(crate) struct UniqueOperationNamesRule<'a> {
    known: FastMap<&'a str, Span>,
}

impl<'a> Rule<'a> for UniqueOperationNamesRule<'a> {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if let Some(name) = &op.name {
            match self.known.get(name.value.as_str()) {
                Some(first) => cx.report(
                    "UniqueOperationNamesRule",
                    format!("There can be only one operation named \"{}\".", name.value),
                    vec![*first, name.span],
                ),
                None => {
                    self.known.insert(&name.value, name.span);
                }
            }
        }
        Flow::SkipChildren
    }
}
