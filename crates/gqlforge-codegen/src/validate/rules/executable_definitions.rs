//! ExecutableDefinitionsRule (spec 5.1.1 Executable Definitions): a document sent for
//! execution holds only operations and fragments, no type-system definitions.

use crate::document::{Definition, Document};
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "ExecutableDefinitionsRule";

#[derive(Default)]
pub(crate) struct ExecutableDefinitionsRule;

impl<'a> Rule<'a> for ExecutableDefinitionsRule {
    fn enter_document(&mut self, cx: &mut ValidationContext<'a>, doc: &'a Document) {
        for definition in &doc.definitions {
            if let Definition::TypeSystem(def) = definition {
                let name = match &def.name {
                    Some(name) => format!("\"{}\"", name.value),
                    None => "schema".to_string(),
                };
                cx.report(
                    RULE,
                    format!("The {name} definition is not executable."),
                    vec![def.span],
                );
            }
        }
    }
}
