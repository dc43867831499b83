//! LoneAnonymousOperationRule (spec 5.2.2.1 Lone Anonymous Operation): an operation
//! without a name must be the only operation in the document.

use crate::document::{Document, OperationDefinition};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "LoneAnonymousOperationRule";

#[derive(Default)]
pub(crate) struct LoneAnonymousOperationRule {
    operation_count: usize,
}

impl<'a> Rule<'a> for LoneAnonymousOperationRule {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.operation_count = doc.operations().count();
    }

    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if op.name.is_none() && self.operation_count > 1 {
            cx.report(
                RULE,
                "This anonymous operation must be the only defined operation.",
                vec![op.span],
            );
        }
        Flow::SkipChildren
    }
}
