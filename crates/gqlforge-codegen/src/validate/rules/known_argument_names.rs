//! KnownArgumentNamesRule (spec 5.4.1 Argument Names): every argument given to a field or
//! directive is one it defines; unknown names come with suggestions.
//!
//! graphql-js also learns directives from directive definitions in the document itself;
//! our syntax tree keeps none (such a document is rejected by ExecutableDefinitionsRule).

use crate::diagnostics::{did_you_mean, suggestion_list};
use crate::document::{Argument, Directive};
use crate::schema::DirectiveLocation;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownArgumentNamesRule";

#[derive(Default)]
pub(crate) struct KnownArgumentNamesRule;

impl<'a> Rule<'a> for KnownArgumentNamesRule {
    /// A directive's arguments are checked here, all at once; its argument nodes are then
    /// skipped, so that `enter_argument` only sees the arguments of fields.
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        let Some(def) = cx.directive() else {
            return Flow::SkipChildren;
        };
        for argument in &directive.arguments {
            let name = argument.name.value.as_str();
            if def.argument(name).is_some() {
                continue;
            }
            let suggestions = suggestion_list(name, def.arguments.iter().map(|a| a.name.as_str()));
            cx.report(
                RULE,
                format!(
                    "Unknown argument \"{name}\" on directive \"@{}\".{}",
                    directive.name.value,
                    did_you_mean(None, &suggestions)
                ),
                vec![argument.span],
            );
        }
        Flow::SkipChildren
    }

    fn enter_argument(&mut self, cx: &mut ValidationContext<'a>, argument: &'a Argument) -> Flow {
        if cx.argument().is_some() {
            return Flow::Continue;
        }
        let (Some(field), Some(coordinate)) = (cx.field_def(), cx.field_coordinate()) else {
            return Flow::Continue;
        };
        let name = argument.name.value.as_str();
        let suggestions = suggestion_list(name, field.arguments.iter().map(|a| a.name.as_str()));
        cx.report(
            RULE,
            format!(
                "Unknown argument \"{name}\" on field \"{coordinate}\".{}",
                did_you_mean(None, &suggestions)
            ),
            vec![argument.span],
        );
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};
}
