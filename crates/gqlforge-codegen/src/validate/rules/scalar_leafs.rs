//! ScalarLeafsRule (spec 5.3.3 Leaf Field Selections): a field of scalar or enum type has
//! no selection set; a field of object, interface or union type has one.

use crate::document::Field;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "ScalarLeafsRule";

#[derive(Default)]
pub(crate) struct ScalarLeafsRule;

impl<'a> Rule<'a> for ScalarLeafsRule {
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        let Some(ty) = cx.output_type() else {
            return Flow::Continue;
        };
        let name = &field.name.value;
        let type_str = cx.schema.display(ty);
        match &field.selection_set {
            Some(set) if cx.schema.is_leaf(ty.named()) => cx.report(
                RULE,
                format!(
                    "Field \"{name}\" must not have a selection since type \"{type_str}\" has no subfields."
                ),
                vec![set.span],
            ),
            None if !cx.schema.is_leaf(ty.named()) => cx.report(
                RULE,
                format!(
                    "Field \"{name}\" of type \"{type_str}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?"
                ),
                vec![field.span],
            ),
            _ => {}
        }
        Flow::Continue
    }
}
