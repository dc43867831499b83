//! DeferStreamDirectiveLabelRule (incremental delivery RFC; not yet in the spec): the
//! `label` of `@defer` and `@stream` is a static string, unique across the document.
//!
//! As in graphql-js, the directives are recognised by name, whether or not the schema
//! defines them.

use crate::fast_hash::FastMap;

use crate::document::{Directive, ValueKind};
use crate::schema::DirectiveLocation;
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "DeferStreamDirectiveLabelRule";

#[derive(Default)]
pub(crate) struct DeferStreamDirectiveLabelRule<'a> {
    /// Each label seen, with the directive that used it first.
    known_labels: FastMap<&'a str, Span>,
}

impl<'a> Rule<'a> for DeferStreamDirectiveLabelRule<'a> {
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        let name = directive.name.value.as_str();
        if name != "defer" && name != "stream" {
            return Flow::Continue;
        }
        let label = directive
            .arguments
            .iter()
            .find(|a| a.name.value == "label")
            .map(|a| &a.value.kind);
        match label {
            None | Some(ValueKind::Null) => {}
            Some(ValueKind::String { value, .. }) => match self.known_labels.get(value.as_str()) {
                Some(&first) => cx.report(
                    RULE,
                    "Value for arguments \"defer(label:)\" and \"stream(label:)\" must be unique \
                     across all Defer/Stream directive usages.",
                    vec![first, directive.span],
                ),
                None => {
                    self.known_labels.insert(value, directive.span);
                }
            },
            Some(_) => cx.report(
                RULE,
                format!("Argument \"@{name}(label:)\" must be a static string."),
                vec![directive.span],
            ),
        }
        Flow::Continue
    }
}
