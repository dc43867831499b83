//! VariablesAreInputTypesRule (spec 5.8.2 Variables Are Input Types): a variable's type,
//! when the schema knows it, is a scalar, enum or input object type (possibly wrapped).

use crate::document::VariableDefinition;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "VariablesAreInputTypesRule";

#[derive(Default)]
pub(crate) struct VariablesAreInputTypesRule;

impl<'a> Rule<'a> for VariablesAreInputTypesRule {
    fn enter_variable_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a VariableDefinition,
    ) -> Flow {
        if let Some(ty) = cx.type_from_ref(&def.ty) {
            if !cx.schema.is_input_type(&ty) {
                cx.report(
                    RULE,
                    format!(
                        "Variable \"${}\" cannot be non-input type \"{}\".",
                        def.variable.value, def.ty
                    ),
                    vec![def.ty.span()],
                );
            }
        }
        Flow::Continue
    }
}
