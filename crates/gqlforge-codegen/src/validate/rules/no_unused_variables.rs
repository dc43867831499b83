//! NoUnusedVariablesRule (spec 5.8.4 All Variables Used): every variable an operation
//! defines is used, directly or in the fragments it spreads.

use crate::fast_hash::FastSet;

use crate::document::OperationDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoUnusedVariablesRule";

#[derive(Default)]
pub(crate) struct NoUnusedVariablesRule;

impl<'a> Rule<'a> for NoUnusedVariablesRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        let Ok(variables) = cx.recursive_variables(op) else {
            cx.abort(RULE);
            return Flow::SkipChildren;
        };
        let used: FastSet<&str> = variables.iter().map(|&(name, _)| name).collect();
        for def in &op.variable_definitions {
            let name = &def.variable.value;
            if used.contains(name.as_str()) {
                continue;
            }
            let message = match &op.name {
                Some(op_name) => format!(
                    "Variable \"${name}\" is never used in operation \"{}\".",
                    op_name.value
                ),
                None => format!("Variable \"${name}\" is never used."),
            };
            cx.report(RULE, message, vec![def.span]);
        }
        Flow::SkipChildren
    }
}
