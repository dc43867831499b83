//! Loading a schema (SDL or introspection JSON) into a [`SchemaIndex`], printing one as SDL,
//! comparing two, and the introspection query that fetches one from a server.

pub(crate) mod builtins;
mod compare;
mod index;
mod introspection;
mod introspection_query;
mod print;
mod sdl;
mod validate;

pub use compare::schema_differences;
pub use index::*;
pub use introspection::load_introspection;
pub use introspection_query::{
    needs_older_query, IntrospectionQuery, INTROSPECTION_OPERATION_NAME, INTROSPECTION_QUERIES,
};
pub use print::print_schema;
pub use sdl::load_sdl;

use crate::diagnostics::{SchemaError, SchemaWarning};

/// Loads a schema file: introspection JSON when the name ends in `.json`, SDL otherwise.
pub fn load_schema_file(
    path: &std::path::Path,
) -> Result<(SchemaIndex, Vec<SchemaWarning>), SchemaError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        SchemaError::new(format!("cannot read the schema: {e}"))
            .in_file(name.clone())
            .with_hint("pass the path of an SDL (.graphql) or introspection (.json) file")
    })?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        load_introspection(&name, &text)
    } else {
        load_sdl(&name, &text)
    }
}
