//! gqlforge's engine: schema → index → validate → IR → Rust.
//!
//! One pipeline, two front doors: `cargo xtask codegen` and the `gql!` macro call the same
//! functions here. This crate never depends on a proc-macro or async runtime crate.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod document;
mod emit;
mod fast_hash;
pub mod generate;
pub mod ir;
mod parallel;
pub mod schema;
pub mod source;
pub mod validate;

/// The shared corpus the tests read in place: `GQLFORGE_CORPUS_DIR`, or `shared/corpus`
/// beside the repository.
#[cfg(test)]
pub(crate) fn corpus_dir() -> std::path::PathBuf {
    match std::env::var_os("GQLFORGE_CORPUS_DIR") {
        Some(dir) => dir.into(),
        None => concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus").into(),
    }
}

pub use diagnostics::{Diagnostic, SchemaError, SchemaWarning};
pub use document::{parse_document, Document};
pub use generate::{
    generate, generate_file, generate_module, CodegenError, Generated, GeneratedOperation, Options,
};
pub use schema::SchemaIndex;
pub use source::{LineColumn, SourceFile, Span};
pub use validate::validate;
