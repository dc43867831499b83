//! KnownDirectivesRule (spec 5.7.1 Directives Are Defined, 5.7.2 Directives Are In Valid
//! Locations): every directive used is defined by the schema, at a location it allows.
//!
//! graphql-js also learns directives from directive definitions in the document itself;
//! such a document is rejected by ExecutableDefinitionsRule, and our syntax tree keeps no
//! directive definitions, so here only the schema's directives are known.

use crate::document::Directive;
use crate::schema::DirectiveLocation;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownDirectivesRule";

#[derive(Default)]
pub(crate) struct KnownDirectivesRule;

impl<'a> Rule<'a> for KnownDirectivesRule {
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        location: DirectiveLocation,
    ) -> Flow {
        let name = &directive.name.value;
        match cx.directive() {
            None => cx.report(
                RULE,
                format!("Unknown directive \"@{name}\"."),
                vec![directive.span],
            ),
            Some(def) if !def.locations.contains(&location) => cx.report(
                RULE,
                format!(
                    "Directive \"@{name}\" may not be used on {}.",
                    location.as_str()
                ),
                vec![directive.span],
            ),
            Some(_) => {}
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};
}
