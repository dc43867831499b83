//! FragmentsOnCompositeTypesRule (spec 5.5.1.3 Fragments On Composite Types): a fragment's
//! type condition, when the schema knows it, is an object, interface or union type.

use crate::document::{FragmentDefinition, InlineFragment};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "FragmentsOnCompositeTypesRule";

#[derive(Default)]
pub(crate) struct FragmentsOnCompositeTypesRule;

impl<'a> Rule<'a> for FragmentsOnCompositeTypesRule {
    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        let condition = &fragment.type_condition;
        if is_known_and_not_composite(cx, &condition.value) {
            cx.report(
                RULE,
                format!(
                    "Fragment \"{}\" cannot condition on non composite type \"{}\".",
                    fragment.name.value, condition.value
                ),
                vec![condition.span],
            );
        }
        Flow::Continue
    }

    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        if let Some(condition) = &fragment.type_condition {
            if is_known_and_not_composite(cx, &condition.value) {
                cx.report(
                    RULE,
                    format!(
                        "Fragment cannot condition on non composite type \"{}\".",
                        condition.value
                    ),
                    vec![condition.span],
                );
            }
        }
        Flow::Continue
    }
}

fn is_known_and_not_composite(cx: &ValidationContext<'_>, type_name: &str) -> bool {
    cx.schema
        .type_by_name(type_name)
        .is_some_and(|id| !cx.schema.is_composite(id))
}
