//! ProvidedRequiredArgumentsRule (spec 5.4.2.1 Required Arguments): a field or directive
//! is given every argument that is non-null and has no default value.
//!
//! As in graphql-js, directive definitions in the document (an ExecutableDefinitionsRule
//! error) also define directives, replacing the schema's.

use std::collections::HashMap;

use crate::document::{Argument, DeclaredDirective, Directive, Document, Field};
use crate::schema::InputValueDef;
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "ProvidedRequiredArgumentsRule";

#[derive(Default)]
pub(crate) struct ProvidedRequiredArgumentsRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
}

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

impl<'a> Rule<'a> for ProvidedRequiredArgumentsRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

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
        let name = directive.name.value.as_str();
        // (argument, its type) for each required argument not given.
        let missing: Vec<(&str, String)> = match (self.declared.get(name), cx.directive()) {
            (Some(declared), _) => declared
                .arguments
                .iter()
                .filter(|d| {
                    d.is_required()
                        && !directive
                            .arguments
                            .iter()
                            .any(|a| a.name.value == d.name.value)
                })
                .map(|d| (d.name.value.as_str(), d.ty.to_string()))
                .collect(),
            (None, Some(def)) => missing(&def.arguments, &directive.arguments)
                .map(|d| (d.name.as_str(), cx.schema.display(&d.ty).to_string()))
                .collect(),
            (None, None) => return,
        };
        for (argument, ty) in missing {
            let message = format!(
                "Argument \"@{name}({argument}:)\" of type \"{ty}\" is required, but it was not provided."
            );
            cx.report(RULE, message, vec![directive.span]);
        }
    }
}
