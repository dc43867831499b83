//! Validation of executable documents: every rule graphql-js 17 runs (its
//! `specifiedRules`, which follow section 5 of the spec), driven by one traversal.
//!
//! - `context.rs`: what a rule can ask (schema, fragments, type information, variable usages);
//! - `visit.rs`: the traversal and the `Rule` trait;
//! - `rules/`: one module per rule.

mod context;
pub(crate) mod rules;
mod visit;

pub(crate) use context::{FragmentWorkSpent, ValidationContext, VariableUsage};
pub use rules::RULE_NAMES;
pub(crate) use visit::{Flow, Rule};

use crate::diagnostics::Diagnostic;
use crate::document::Document;
use crate::schema::SchemaIndex;

/// Validates a document against a schema. Errors come in document order, each named
/// by its rule as graphql-js names it.
pub fn validate(schema: &SchemaIndex, document: &Document) -> Vec<Diagnostic> {
    let cx = ValidationContext::new(schema, document);
    let mut walker = visit::Walker::new(cx, rules::specified_rules());
    walker.walk_document(document);
    walker.cx.into_errors()
}

/// Helpers for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::source::SourceFile;

    /// `(rule, message, [(line, column)])` for every error, in order.
    pub(crate) type Found = Vec<(String, String, Vec<(usize, usize)>)>;

    /// Validates `document` against the SDL `schema` with every rule.
    pub(crate) fn errors(schema: &str, document: &str) -> Found {
        let (schema, _) =
            crate::schema::load_sdl("schema.graphql", schema).expect("test schema loads");
        let file = SourceFile::new("test.graphql", document);
        let diagnostics = match crate::document::parse_document(document) {
            Ok(doc) => super::validate(&schema, &doc),
            Err(e) => vec![e],
        };
        diagnostics
            .into_iter()
            .map(|d| {
                let locations = d
                    .locations(&file)
                    .into_iter()
                    .map(|l| (l.line, l.column))
                    .collect();
                (d.rule.to_string(), d.message, locations)
            })
            .collect()
    }

    /// Like [`errors`], keeping only those of one rule.
    pub(crate) fn rule_errors(rule: &str, schema: &str, document: &str) -> Found {
        errors(schema, document)
            .into_iter()
            .filter(|e| e.0 == rule)
            .collect()
    }
}
