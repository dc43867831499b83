//! Recursive-descent parser for executable documents.
use super::ast::Document;
use crate::diagnostics::Diagnostic;

/// Parses an executable document; a syntax error is a `SyntaxError` diagnostic.
pub fn parse_document(_text: &str) -> Result<Document, Diagnostic> {
    Err(Diagnostic::new(
        "SyntaxError",
        "Syntax Error: parser not written yet.",
        vec![],
    ))
}
