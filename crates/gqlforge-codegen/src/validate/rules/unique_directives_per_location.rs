//! UniqueDirectivesPerLocationRule (spec 5.7.3 Directives Are Unique Per Location): a
//! directive that is not `repeatable` appears at most once on each node.
//!
//! Unknown directives are left to KnownDirectivesRule. graphql-js also learns directives
//! from directive definitions in the document; our syntax tree keeps none (such a document
//! is rejected by ExecutableDefinitionsRule anyway).

use std::collections::HashMap;

use crate::document::{
    Directive, Field, FragmentDefinition, FragmentSpread, InlineFragment, OperationDefinition,
    VariableDefinition,
};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueDirectivesPerLocationRule";

#[derive(Default)]
pub(crate) struct UniqueDirectivesPerLocationRule;

impl UniqueDirectivesPerLocationRule {
    /// Reports every repeated use of a non-repeatable directive in one node's list,
    /// with the first use of the name.
    fn check(cx: &mut ValidationContext<'_>, directives: &[Directive]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for directive in directives {
            let name = directive.name.value.as_str();
            let unique = cx.schema.directive(name).is_some_and(|d| !d.repeatable);
            if !unique {
                continue;
            }
            match seen.get(name) {
                Some(&first) => cx.report(
                    RULE,
                    format!("The directive \"@{name}\" can only be used once at this location."),
                    vec![first, directive.span],
                ),
                None => {
                    seen.insert(name, directive.span);
                }
            }
        }
    }
}

impl<'a> Rule<'a> for UniqueDirectivesPerLocationRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        Self::check(cx, &op.directives);
        Flow::Continue
    }

    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        Self::check(cx, &fragment.directives);
        Flow::Continue
    }

    fn enter_variable_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a VariableDefinition,
    ) -> Flow {
        Self::check(cx, &def.directives);
        Flow::Continue
    }

    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        Self::check(cx, &field.directives);
        Flow::Continue
    }

    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
        Self::check(cx, &spread.directives);
    }

    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        Self::check(cx, &fragment.directives);
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};
}
