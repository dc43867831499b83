//! ProvidedRequiredArgumentsRule (spec 5.4.2.1 Required Arguments): a field or directive
//! is given every argument that is non-null and has no default value.
//!
//! graphql-js also learns directives from directive definitions in the document itself;
//! our syntax tree keeps none (such a document is rejected by ExecutableDefinitionsRule).

use crate::document::{Argument, Directive, Field};
use crate::schema::InputValueDef;
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "ProvidedRequiredArgumentsRule";

#[derive(Default)]
pub(crate) struct ProvidedRequiredArgumentsRule;

/// The required argument definitions that `given` does not name, in definition order.
fn missing<'d>(
    definitions: &'d [InputValueDef],
    given: &'d [Argument],
) -> impl Iterator<Item = &'d InputValueDef> {
    let given: Vec<&str> = given.iter().map(|a| a.name.value.as_str()).collect();
    definitions
        .iter()
        .filter(move |d| d.is_required() && !given.contains(&d.name.as_str()))
}

impl<'a> Rule<'a> for ProvidedRequiredArgumentsRule {
    fn leave_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) {
        let (Some(def), Some(coordinate)) = (cx.field_def(), cx.field_coordinate()) else {
            return;
        };
        for argument in missing(&def.arguments, &field.arguments) {
            let message = format!(
                "Argument \"{coordinate}({}:)\" of type \"{}\" is required, but it was not provided.",
                argument.name,
                cx.schema.display(&argument.ty)
            );
            cx.report(RULE, message, vec![field.span]);
        }
    }

    fn leave_directive(&mut self, cx: &mut ValidationContext<'a>, directive: &'a Directive) {
        let Some(def) = cx.directive() else {
            return;
        };
        for argument in missing(&def.arguments, &directive.arguments) {
            let message = format!(
                "Argument \"@{}({}:)\" of type \"{}\" is required, but it was not provided.",
                directive.name.value,
                argument.name,
                cx.schema.display(&argument.ty)
            );
            cx.report(RULE, message, vec![directive.span]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};
}
