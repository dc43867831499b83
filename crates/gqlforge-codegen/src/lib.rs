//! gqlforge's engine: GraphQL schemas and operations in, typed Rust out.
//!
//! One pipeline — schema → index → validate → IR → Rust — behind every front door of
//! gqlforge: the `gql!` macro, `build.rs` generation, the `cargo gqlforge` command. They
//! only read their input and call the functions here, so the same operation gives the same
//! code whichever way it is generated. The code it writes depends on the runtime crate
//! [`gqlforge`](https://docs.rs/gqlforge) alone.
//!
//! - [`schema`]: a schema from SDL ([`schema::load_sdl`]) or introspection JSON
//!   ([`schema::load_introspection`]) into a [`SchemaIndex`]; printing one back as SDL, and
//!   the introspection query that fetches one from a server.
//! - [`document`]: executable documents parsed into a syntax tree with byte spans
//!   ([`parse_document`]), printed back as graphql-js prints them.
//! - [`validate()`]: every validation rule graphql-js 17 runs, with its rule names and
//!   messages ("Did you mean ...?" included). Each finding is a [`Diagnostic`]; with the
//!   document's [`SourceFile`] it renders as `file:line:column` and a caret snippet.
//! - [`ir`]: resolved operations — variables, the query text sent, one shape per response type.
//! - [`generate`](mod@generate): the Rust source of a module holding the operations
//!   ([`generate_module`], [`generate_file`]), configured by [`Options`] (custom scalar
//!   bindings, extra derives). Documents are always validated first.
//!
//! This crate is a dependency of every build that uses the macro, so it stays small: no
//! proc-macro, async or network dependency, and no file access beyond
//! [`schema::load_schema_file`].
//!
//! # Example
//!
//! ```
//! use gqlforge_codegen::schema::load_sdl;
//! use gqlforge_codegen::{generate_module, parse_document, validate, Options, SourceFile};
//!
//! let sdl = "
//!     type Query { country(code: ID!): Country }
//!     type Country { name: String! capital: String }
//! ";
//! let (schema, warnings) = load_sdl("schema.graphql", sdl).unwrap();
//! assert!(warnings.is_empty());
//!
//! // Validation: graphql-js's rules, messages and locations.
//! let typo = SourceFile::new("typo.graphql", r#"{ country(code: "BR") { nmae } }"#);
//! let document = parse_document(typo.text()).unwrap();
//! let diagnostics = validate(&schema, &document);
//! assert_eq!(diagnostics[0].rule, "FieldsOnCorrectTypeRule");
//! assert_eq!(
//!     diagnostics[0].message,
//!     r#"Cannot query field "nmae" on type "Country". Did you mean "name"?"#
//! );
//! assert!(diagnostics[0].render(&typo).contains("--> typo.graphql:1:25"));
//!
//! // Generation: a unit struct implementing `gqlforge::Operation` per operation, and a
//! // module with its `Variables`, `Data` and response types.
//! let operation = SourceFile::new(
//!     "Country.graphql",
//!     "query Country($code: ID!) { country(code: $code) { name capital } }",
//! );
//! let generated = generate_module(&schema, &[operation], &Options::default()).unwrap();
//! assert_eq!(generated.operations[0].struct_name, "Country");
//! assert_eq!(generated.operations[0].module_name, "country");
//! assert!(generated.code.contains("impl ::gqlforge::Operation for Country {"));
//! assert!(generated.code.contains("pub mod country {"));
//! ```
//!
//! # The other crates
//!
//! - [`gqlforge`](https://docs.rs/gqlforge): the runtime the generated code depends on
//!   (`Operation`, requests and responses) and its client (tokens, rate limits, retries);
//!   it re-exports `gql!`.
//! - [`gqlforge-proc-macro`](https://docs.rs/gqlforge-proc-macro): the `gql!` macro.
//! - [`gqlforge-build`](https://docs.rs/gqlforge-build): generation from `build.rs`, and the
//!   `gqlforge.toml` driver the file generators share.
//! - [`gqlforge-cli`](https://docs.rs/gqlforge-cli): `cargo gqlforge` — generate files to
//!   commit, validate operations, fetch a schema by introspection.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod document;
mod emit;
mod fast_hash;
pub mod generate;
pub mod ir;
mod module;
#[cfg(test)]
mod module_tests;
mod parallel;
pub mod schema;
pub mod source;
pub mod validate;

pub use diagnostics::{Diagnostic, SchemaError, SchemaWarning};
pub use document::{parse_document, Document};
pub use generate::{
    generate, generate_file, generate_module, validate_module, CodegenError, Generated,
    GeneratedOperation, Options,
};
pub use schema::SchemaIndex;
pub use source::{LineColumn, SourceFile, Span};
pub use validate::validate;
