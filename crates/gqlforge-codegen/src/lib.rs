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

pub use diagnostics::{Diagnostic, SchemaError, SchemaWarning};
pub use document::{parse_document, Document};
pub use generate::{
    generate, generate_file, generate_module, CodegenError, Generated, GeneratedOperation, Options,
};
pub use schema::SchemaIndex;
pub use source::{LineColumn, SourceFile, Span};
pub use validate::validate;
