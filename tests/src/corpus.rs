//! The shared corpus (`../shared/corpus` beside the repository, or `GQLFORGE_CORPUS_DIR`;
//! found by the `gqlforge-corpus` crate): real schemas, real operations, and invalid variants
//! with graphql-js's verdicts. Read in place, never written.
//!
//! A test that reads it starts with [`require`], which skips the test (one line) when the
//! corpus is missing, or fails it under CI; the helpers here then find it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use gqlforge_corpus::require;

/// The corpus schemas.
pub const SCHEMAS: [&str; 3] = ["github", "swapi", "countries"];

/// The corpus directory ([`gqlforge_corpus::locate`]).
///
/// # Panics
/// When the corpus is missing: a test that reads it asks [`require`] first, which skips it.
pub fn corpus_dir() -> PathBuf {
    gqlforge_corpus::locate().unwrap_or_else(|missing| {
        panic!(
            "{missing}\n  hint: a test that reads the corpus starts with \
             `gqlforge_corpus::require`, which skips it when the corpus is missing"
        )
    })
}

/// `(file name, text)` of every `.graphql` file in `dir`, sorted by name.
pub fn graphql_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// One error as graphql-js reported it in `expected.json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct ExpectedError {
    pub rule: Option<String>,
    pub message: String,
    pub locations: Vec<Location>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// `invalid/expected.json` of one schema: file name → errors.
pub fn expected(schema: &str) -> BTreeMap<String, Vec<ExpectedError>> {
    let path = corpus_dir().join(schema).join("invalid/expected.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Loads a corpus schema's SDL into an index.
pub fn load_schema(schema: &str) -> gqlforge_codegen::SchemaIndex {
    let path = corpus_dir().join(schema).join("schema.graphql");
    gqlforge_codegen::schema::load_schema_file(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}
