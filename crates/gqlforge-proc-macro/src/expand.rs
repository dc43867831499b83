//! One `gql!` invocation: options + document → the code `cargo xtask codegen` would emit for
//! it, or `compile_error!`s at the spans the problems are at.

use std::path::Path;
use std::sync::Arc;

use gqlforge_codegen::diagnostics::Diagnostic;
use gqlforge_codegen::schema::{load_introspection, load_sdl};
use gqlforge_codegen::{CodegenError, Options, SchemaIndex, SourceFile};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::input::{self, Form, InvocationOptions, Locate, Query};

/// The name the document has in messages.
const QUERY_NAME: &str = "query";

/// What an invocation expands to.
pub(crate) enum Expansion {
    /// The generated items as Rust source text, for the compiler's own lexer: built token by
    /// token through the proc-macro bridge, or through proc-macro2's `parse` (which first
    /// lexes the whole text again with its own, unoptimized, lexer to validate it), the
    /// tokens cost more than generating them.
    Code(String),
    /// `compile_error!`s at the spans the problems are at.
    Errors(TokenStream),
}

/// Expands an invocation; every problem becomes a `compile_error!` at its span.
pub(crate) fn expand(input: TokenStream, locate: Locate<'_>) -> Expansion {
    match try_expand(input, locate) {
        Ok(code) => Expansion::Code(code),
        Err(errors) => Expansion::Errors(
            errors
                .into_iter()
                .map(|error| compile_error(error.start, error.end, &error.message))
                .collect(),
        ),
    }
}

/// An error to report, underlining the tokens from `start` to `end`.
#[derive(Debug)]
struct Error {
    start: Span,
    end: Span,
    message: String,
}

type Errors = Vec<Error>;

fn at(span: Span, message: impl Into<String>) -> Errors {
    vec![Error {
        start: span,
        end: span,
        message: message.into(),
    }]
}

/// `::core::compile_error!("...");` whose path has the span of `start` and whose
/// parenthesized message has the span of `end`: rustc underlines everything in between.
pub(crate) fn compile_error(start: Span, end: Span, message: &str) -> TokenStream {
    let path = quote_spanned!(start=> ::core::compile_error!);
    let mut arguments = proc_macro2::Group::new(
        proc_macro2::Delimiter::Parenthesis,
        quote_spanned!(end=> #message),
    );
    arguments.set_span(end);
    let semi = quote_spanned!(end=> ;);
    quote!(#path #arguments #semi)
}

fn try_expand(input: TokenStream, locate: Locate<'_>) -> Result<String, Errors> {
    let (invocation, query) = input::parse(input, locate).map_err(|e| at(e.span, e.message))?;
    let manifest_dir = crate::config::manifest_dir().map_err(|e| at(Span::call_site(), e))?;
    let metadata = crate::config::metadata(&manifest_dir).map_err(|e| {
        at(
            Span::call_site(),
            format!("cannot read the gql! defaults of this crate: {e}"),
        )
    })?;
    let (schema_path, schema_span, options) = options(&invocation, &metadata)?;
    let schema_file = manifest_dir.join(&schema_path);
    let schema = schema(&schema_file, &schema_path).map_err(|e| at(schema_span, e))?;

    let file = SourceFile::new(QUERY_NAME, query.text.as_str());
    let generated = gqlforge_codegen::generate_module(&schema, &[file], &options)
        .map_err(|errors| codegen_errors(errors, &query, &invocation))?;
    if generated
        .operations
        .iter()
        .any(|op| op.operation_name.is_none())
    {
        return Err(at(
            query.first_span(),
            "gql! needs every operation named, to name its Rust types: write `query Name { ... }`",
        ));
    }
    let Some(first) = generated.operations.first() else {
        return Err(at(
            query.first_span(),
            "the document has no operation: gql! generates types for operations (`query Name { ... }`)",
        ));
    };
    let hidden = format_ident!("__gqlforge_{}", first.module_name.trim_start_matches("r#"));
    // The schema becomes a file this crate depends on: editing it makes cargo expand again.
    let tracked = schema_file
        .canonicalize()
        .unwrap_or(schema_file)
        .display()
        .to_string();
    let tracked = proc_macro2::Literal::string(&tracked);
    let code = generated.code;
    Ok(format!(
        "#[doc(hidden)] pub mod {hidden} {{ const _: &[u8] = ::core::include_bytes!({tracked}); {code} }} \
         #[allow(unused_imports, ambiguous_glob_reexports)] pub use {hidden}::*;"
    ))
}

/// The schema path (as written) and where to report it, and the codegen options: the
/// invocation's over the crate's defaults, which apply only to the default schema.
fn options(
    invocation: &InvocationOptions,
    metadata: &crate::config::Metadata,
) -> Result<(String, Span, Options), Errors> {
    let mut options = Options::default();
    let (path, span, defaults_apply) = match (&invocation.schema, &metadata.schema) {
        (Some((path, span)), default) => (path.clone(), *span, default.as_ref() == Some(path)),
        (None, Some(default)) => (default.clone(), Span::call_site(), true),
        (None, None) => {
            return Err(at(
                Span::call_site(),
                "gql! does not know the schema: set a default in Cargo.toml\n\n    [package.metadata.gqlforge]\n    schema = \"schema.graphql\"\n\nor name one in the invocation: `gql!(schema = \"schema.graphql\", ...)`",
            ))
        }
    };
    if defaults_apply {
        options.scalars = metadata.scalars.clone();
        options.derives = metadata.derives.clone();
    }
    for (scalar, rust, _) in &invocation.scalars {
        options.scalars.insert(scalar.clone(), rust.clone());
    }
    for (derive, _) in &invocation.derives {
        if !options.derives.contains(derive) {
            options.derives.push(derive.clone());
        }
    }
    Ok((path, span, options))
}

/// The schema index, loaded once per file version for the life of the compiler process.
fn schema(file: &Path, written: &str) -> Result<Arc<SchemaIndex>, String> {
    static CACHE: crate::cache::Cache<SchemaIndex> = crate::cache::Cache::new();
    let json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    CACHE
        .get_or_load(file, |text| {
            let loaded = if json {
                load_introspection(written, text)
            } else {
                load_sdl(written, text).map(|(schema, _warnings)| schema)
            };
            loaded.map_err(|e| format!("the schema does not load: {e}"))
        })
        .map_err(|e| {
            if e.starts_with("cannot read") {
                format!(
                    "cannot read the schema `{written}`: {}\n  hint: the path is relative to the crate's directory (where its Cargo.toml is)",
                    e.rsplit(": ").next().unwrap_or(&e)
                )
            } else {
                e
            }
        })
}

fn codegen_errors(
    errors: Vec<CodegenError>,
    query: &Query,
    invocation: &InvocationOptions,
) -> Errors {
    let mut out = Vec::new();
    for error in errors {
        match error {
            CodegenError::Invalid { file, diagnostics } => {
                for d in &diagnostics {
                    let (start, end) = match d.spans.first() {
                        Some(span) => {
                            let caret = file.caret_span(*span);
                            let last = (caret.end as usize).max(caret.start as usize + 1) - 1;
                            (query.span_at(caret.start as usize), query.span_at(last))
                        }
                        None => (query.first_span(), query.first_span()),
                    };
                    out.push(Error {
                        start,
                        end,
                        message: message(d, &file, query),
                    });
                }
            }
            CodegenError::Options { message, hint } => {
                // Point at the binding the message names when the invocation wrote it.
                let span = invocation
                    .scalars
                    .iter()
                    .find(|(scalar, rust, _)| {
                        message.contains(&format!("`{scalar}`"))
                            || message.contains(&format!("`{scalar} = \"{rust}\"`"))
                    })
                    .map(|(_, _, span)| *span)
                    .or_else(|| {
                        invocation
                            .derives
                            .iter()
                            .find(|(d, _)| message.contains(&format!("`{d}`")))
                            .map(|(_, span)| *span)
                    });
                let text = match span {
                    Some(_) => format!("{message}\n  = hint: {hint}"),
                    None => format!(
                        "{message} (in [package.metadata.gqlforge] of Cargo.toml)\n  = hint: {hint}"
                    ),
                };
                out.extend(at(span.unwrap_or_else(Span::call_site), text));
            }
        }
    }
    out
}

/// `Rule: message`, then where in the query each location is. A string literal gets a caret
/// snippet per location (rustc can only underline the whole literal); tokens are underlined
/// by rustc itself, so only the locations after the first get one.
fn message(d: &Diagnostic, file: &SourceFile, query: &Query) -> String {
    let mut out = format!("{}: {}", d.rule, d.message);
    for (i, span) in d.spans.iter().enumerate() {
        let at = file.line_column(span.start);
        out.push_str(&format!(
            "\n  --> {}:{}:{}",
            file.name(),
            at.line,
            at.column
        ));
        if i > 0 || matches!(query.form, Form::Literal(_)) {
            out.push('\n');
            out.push_str(&file.snippet(*span));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Metadata;

    fn metadata(schema: Option<&str>) -> Metadata {
        Metadata {
            schema: schema.map(str::to_owned),
            scalars: [("DateTime".to_owned(), "String".to_owned())].into(),
            derives: vec!["Eq".to_owned()],
        }
    }

    fn invocation(schema: Option<&str>) -> InvocationOptions {
        InvocationOptions {
            schema: schema.map(|s| (s.to_owned(), Span::call_site())),
            scalars: vec![("URI".into(), "url::Url".into(), Span::call_site())],
            derives: vec![("Hash".into(), Span::call_site())],
        }
    }

    #[test]
    fn the_crates_defaults_apply_to_its_schema() {
        let (path, _, defaults) =
            options(&invocation(None), &metadata(Some("s.graphql"))).expect("options");
        assert_eq!(path, "s.graphql");
        assert_eq!(
            defaults.scalars.keys().collect::<Vec<_>>(),
            ["DateTime", "URI"]
        );
        assert_eq!(defaults.derives, ["Eq", "Hash"]);
        // Naming the default schema again changes nothing.
        let (_, _, same) =
            options(&invocation(Some("s.graphql")), &metadata(Some("s.graphql"))).expect("options");
        assert_eq!(same, defaults);
    }

    #[test]
    fn another_schema_takes_only_the_invocations_options() {
        let (path, _, options) = options(
            &invocation(Some("other.graphql")),
            &metadata(Some("s.graphql")),
        )
        .expect("options");
        assert_eq!(path, "other.graphql");
        assert_eq!(options.scalars.keys().collect::<Vec<_>>(), ["URI"]);
        assert_eq!(options.derives, ["Hash"]);
    }

    #[test]
    fn no_schema_anywhere_is_an_error_saying_where_to_set_one() {
        let errors = options(&invocation(None), &metadata(None)).expect_err("an error");
        assert!(errors[0].message.contains("[package.metadata.gqlforge]"));
        assert!(errors[0].message.contains("gql!(schema = "));
    }
}
