//! KnownArgumentNamesRule (spec 5.4.1 Argument Names): every argument given to a field or
//! directive is one it defines; unknown names come with suggestions.
//!
//! As in graphql-js, directive definitions in the document (an ExecutableDefinitionsRule
//! error) also define directives, replacing the schema's.

use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, suggestion_list};
use crate::document::{Argument, DeclaredDirective, Directive, Document};
use crate::schema::DirectiveLocation;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownArgumentNamesRule";

#[derive(Default)]
pub(crate) struct KnownArgumentNamesRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
}

impl<'a> Rule<'a> for KnownArgumentNamesRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

    /// A directive's arguments are checked here, all at once; its argument nodes are then
    /// skipped, so that `enter_argument` only sees the arguments of fields.
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        let known: Vec<&str> = match (
            self.declared.get(directive.name.value.as_str()),
            cx.directive(),
        ) {
            (Some(declared), _) => declared
                .arguments
                .iter()
                .map(|a| a.name.value.as_str())
                .collect(),
            (None, Some(def)) => def.arguments.iter().map(|a| a.name.as_str()).collect(),
            (None, None) => return Flow::SkipChildren,
        };
        for argument in &directive.arguments {
            let name = argument.name.value.as_str();
            if known.contains(&name) {
                continue;
            }
            let suggestions = suggestion_list(name, known.iter().copied());
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
