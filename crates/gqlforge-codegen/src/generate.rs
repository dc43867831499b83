//! The public entry of code generation: operation documents + schema → Rust.
//!
//! Both front doors call this: `cargo xtask codegen` writes [`generate_file`]'s text to disk,
//! the `gql!` macro hands [`generate_module`]'s text to rustc's lexer. Same input, same code.

use std::collections::BTreeMap;
use std::fmt;

use proc_macro2::TokenStream;

use crate::diagnostics::Diagnostic;
use crate::schema::SchemaIndex;
use crate::source::SourceFile;

/// What a generated module is configured with (`schema/gqlforge.toml` for the xtask).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Custom scalar → Rust type path (`DateTime = "String"`, `"time::OffsetDateTime"`).
    /// Scalars without a binding become `String` newtypes.
    pub scalars: BTreeMap<String, String>,
    /// Extra derives on every generated response type, beyond `Debug` and `Clone` (every
    /// response type implements `Deserialize`): `"Serialize"` (response types then serialize
    /// back to the JSON they were read from), `"PartialEq"`, `"Eq"` (adds `PartialEq`),
    /// `"Hash"`, `"schemars::JsonSchema"`.
    pub derives: Vec<String>,
}

/// Why code could not be generated. Every variant names where, and says what to do.
#[derive(Clone, Debug)]
pub enum CodegenError {
    /// A document does not parse or is invalid against the schema.
    Invalid {
        file: SourceFile,
        diagnostics: Vec<Diagnostic>,
    },
    /// The options are wrong (a scalar binding that is not a Rust type, a binding for a
    /// scalar the schema does not have, a derive that is not a path).
    Options { message: String, hint: String },
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Invalid { file, diagnostics } => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    f.write_str(d.render(file).trim_end())?;
                }
                Ok(())
            }
            CodegenError::Options { message, hint } => {
                write!(f, "error: {message}\n  = hint: {hint}")
            }
        }
    }
}

impl std::error::Error for CodegenError {}

/// Generates one module's items for every operation in `documents`: for each operation a
/// `pub struct OpName;` implementing `gqlforge::Operation` and a `pub mod op_name` with its
/// `Variables`, `Data` and response types; the schema's enums, input objects and custom
/// scalars the operations use, once.
///
/// Each document is validated first; documents are processed in the given order, which
/// fixes the output (callers sort their file lists).
pub fn generate(
    schema: &SchemaIndex,
    documents: &[SourceFile],
    options: &Options,
) -> Result<TokenStream, Vec<CodegenError>> {
    let generated = generate_module(schema, documents, options)?;
    generated.code.parse().map_err(|e| {
        vec![CodegenError::Options {
            message: format!(
                "gqlforge generated code that does not lex ({e}): this is a bug in gqlforge"
            ),
            hint: "please report it with the operation".into(),
        }]
    })
}

/// A generated module and what it holds.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The module's items as Rust source, formatted (as prettyplease formats them).
    pub code: String,
    pub operations: Vec<GeneratedOperation>,
}

/// One operation of a generated module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedOperation {
    /// The document's name (as given in the `SourceFile`).
    pub file: String,
    /// The operation's name in the document; `None` when anonymous.
    pub operation_name: Option<String>,
    /// The `Operation` struct's name and the module holding its types.
    pub struct_name: String,
    pub module_name: String,
}

/// [`generate`], also listing the operations generated.
pub fn generate_module(
    schema: &SchemaIndex,
    documents: &[SourceFile],
    options: &Options,
) -> Result<Generated, Vec<CodegenError>> {
    let parsed = parse_and_validate(schema, documents)?;
    let inputs: Vec<(&crate::Document, String)> = parsed
        .iter()
        .zip(documents)
        .map(|(document, file)| (document, file_stem(file.name())))
        .collect();
    let mut module = crate::ir::build(schema, &inputs);
    let files: Vec<String> = parsed
        .iter()
        .zip(documents)
        .flat_map(|(document, file)| {
            let count = document
                .operations()
                .filter(|op| schema.root_type(op.kind).is_some())
                .count();
            std::iter::repeat_n(file.name().to_owned(), count)
        })
        .collect();
    let code = crate::emit::module(schema, &mut module, options).map_err(|e| vec![e])?;
    let operations = module
        .operations
        .iter()
        .zip(files)
        .map(|(op, file)| GeneratedOperation {
            file,
            operation_name: op.operation_name.map(str::to_owned),
            struct_name: op.struct_name.clone(),
            module_name: op.module_name.clone(),
        })
        .collect();
    Ok(Generated { code, operations })
}

/// Validates `documents` as one module, as [`generate_module`] does before generating: each
/// document with the fragments it spreads from the others (every rule graphql-js runs, so a
/// document that spreads only its own fragments gets what validating it alone gives), a
/// fragment name defined in two files and a fragment no operation uses reported once for the
/// module. Each finding is reported with the file its first location is in.
pub fn validate_module(
    schema: &SchemaIndex,
    documents: &[SourceFile],
) -> Result<(), Vec<CodegenError>> {
    parse_and_validate(schema, documents).map(|_| ())
}

/// Each document parsed, then the module validated (`module.rs`: each document with the
/// fragments it spreads from the others). A syntax error stops there: the other documents
/// may spread fragments of the one that does not parse.
fn parse_and_validate(
    schema: &SchemaIndex,
    documents: &[SourceFile],
) -> Result<Vec<crate::Document>, Vec<CodegenError>> {
    let results = crate::parallel::map(documents.len(), |i| {
        crate::parse_document(documents[i].text())
    });
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(documents.len());
    for (file, result) in documents.iter().zip(results) {
        match result {
            Ok(document) => parsed.push(document),
            Err(syntax) => errors.push(CodegenError::Invalid {
                file: file.clone(),
                diagnostics: vec![syntax],
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    crate::module::validate(schema, documents, &parsed)?;
    Ok(parsed)
}

/// `ops/viewer.graphql` → `viewer`: the name of an anonymous operation, which becomes Rust
/// names. A file name can be anything (`cart-create`, `my query`, `2fa`, `café`), so it is
/// made a GraphQL name first: ASCII letters, digits and `_` kept, any other character a word
/// break (`cart-create` → `cart_create` → `CartCreate`), a non-ASCII one also spelled as its
/// code point so that names differing only there stay apart (`café` → `caf_ue9`). A name
/// that starts with a digit gets `op_` before it: `_2fa` would name both the struct and the
/// module (`2fa` → `Op2fa`, `op_2fa`).
fn file_stem(name: &str) -> String {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::with_capacity(stem.len());
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_ascii() {
            out.push('_');
        } else {
            out.push_str(&format!("_u{:x}_", u32::from(c)));
        }
    }
    if !out.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return "operation".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "op_");
    }
    out
}

/// [`generate_module`]'s text after a `//` header (each line of `header` becomes a comment
/// line; say which inputs produced the file and that it is not to be edited).
pub fn generate_file(
    schema: &SchemaIndex,
    documents: &[SourceFile],
    options: &Options,
    header: &str,
) -> Result<String, Vec<CodegenError>> {
    let module = generate_module(schema, documents, options)?.code;
    let mut out = String::with_capacity(header.len() + module.len() + 16);
    for line in header.lines() {
        if line.is_empty() {
            out.push_str("//\n");
        } else {
            out.push_str("// ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&module);
    Ok(out)
}
