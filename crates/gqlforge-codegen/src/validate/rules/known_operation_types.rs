//! KnownOperationTypesRule (spec draft 5.2.1.1 Operation Type Existence): the schema has a root
//! type for the kind of every operation (`mutation` needs a mutation type, ...).

use crate::document::OperationDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownOperationTypesRule";

#[derive(Default)]
pub(crate) struct KnownOperationTypesRule;

impl<'a> Rule<'a> for KnownOperationTypesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if cx.schema.root_type(op.kind).is_none() {
            cx.report(
                RULE,
                format!(
                    "The {} operation is not supported by the schema.",
                    op.kind.as_str()
                ),
                vec![op.span],
            );
        }
        Flow::SkipChildren
    }
}
