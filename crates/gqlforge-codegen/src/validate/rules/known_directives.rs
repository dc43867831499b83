//! KnownDirectivesRule (spec 5.7.1 Directives Are Defined, 5.7.2 Directives Are In Valid
//! Locations): every directive used is defined by the schema, at a location it allows.
//!
//! As in graphql-js, directive definitions in the document itself (an
//! ExecutableDefinitionsRule error) also define directives, replacing the schema's.

use std::collections::HashMap;

use crate::document::{DeclaredDirective, Directive, Document};
use crate::schema::DirectiveLocation;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownDirectivesRule";

#[derive(Default)]
pub(crate) struct KnownDirectivesRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
}

impl<'a> Rule<'a> for KnownDirectivesRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        location: DirectiveLocation,
    ) -> Flow {
        let name = &directive.name.value;
        let allowed = match (self.declared.get(name.as_str()), cx.directive()) {
            (Some(declared), _) => Some(
                declared
                    .locations
                    .iter()
                    .any(|l| l.value == location.as_str()),
            ),
            (None, Some(def)) => Some(def.locations.contains(&location)),
            (None, None) => None,
        };
        match allowed {
            None => cx.report(
                RULE,
                format!("Unknown directive \"@{name}\"."),
                vec![directive.span],
            ),
            Some(false) => cx.report(
                RULE,
                format!(
                    "Directive \"@{name}\" may not be used on {}.",
                    location.as_str()
                ),
                vec![directive.span],
            ),
            Some(true) => {}
        }
        Flow::Continue
    }
}
