//! SDL → SchemaDraft, through graphql-parser.
use super::index::{SchemaDraft, SchemaIndex};
use crate::diagnostics::{SchemaError, SchemaWarning};

pub(crate) fn parse_sdl_draft(
    _name: &str,
    _text: &str,
) -> Result<(SchemaDraft, Vec<SchemaWarning>), SchemaError> {
    Ok((SchemaDraft::default(), vec![]))
}

/// Loads an SDL schema.
pub fn load_sdl(name: &str, text: &str) -> Result<(SchemaIndex, Vec<SchemaWarning>), SchemaError> {
    let (draft, warnings) = parse_sdl_draft(name, text)?;
    Ok((draft.build().map_err(|e| e.in_file(name))?, warnings))
}
