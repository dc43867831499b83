//! NoUndefinedVariablesRule (spec 5.8.3 All Variable Uses Defined): every variable an
//! operation uses, directly or in the fragments it spreads, is defined by the operation.

use crate::fast_hash::FastSet;

use crate::document::OperationDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoUndefinedVariablesRule";

#[derive(Default)]
pub(crate) struct NoUndefinedVariablesRule;

impl<'a> Rule<'a> for NoUndefinedVariablesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        let defined: FastSet<&str> = op
            .variable_definitions
            .iter()
            .map(|d| d.variable.value.as_str())
            .collect();
        let Ok(used) = cx.recursive_variables(op) else {
            cx.abort(RULE);
            return Flow::SkipChildren;
        };
        for &(name, span) in used.iter() {
            if defined.contains(name) {
                continue;
            }
            let message = match &op.name {
                Some(op_name) => format!(
                    "Variable \"${name}\" is not defined by operation \"{}\".",
                    op_name.value
                ),
                None => format!("Variable \"${name}\" is not defined."),
            };
            cx.report(RULE, message, vec![span, op.span]);
        }
        Flow::SkipChildren
    }
}
