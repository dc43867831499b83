//! One `gql!` invocation: options + document → the code `cargo xtask codegen` would emit for
//! it, or `compile_error!`s at the spans the problems are at.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gqlforge_codegen::diagnostics::Diagnostic;
use gqlforge_codegen::schema::{load_introspection, load_sdl};
use gqlforge_codegen::{CodegenError, Options, SchemaIndex, SourceFile};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::config::{normalize, Defaults, Origin, Table};
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
    let defaults = crate::config::defaults(&manifest_dir).map_err(|e| at(Span::call_site(), e))?;
    let plan = plan(&invocation, &defaults, &manifest_dir)?;
    let schema = schema(&plan, &defaults).map_err(|e| at(plan.schema_span, e))?;

    let file = SourceFile::new(QUERY_NAME, query.text.as_str());
    let generated =
        gqlforge_codegen::generate_module(&schema, &[file], &plan.options).map_err(|errors| {
            let defaults = defaults.origin.as_ref().filter(|_| plan.defaults_apply);
            codegen_errors(errors, &query, &invocation, defaults)
        })?;
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
    // The schema and the manifests the defaults were read from become files this crate
    // depends on (cargo's dep-info lists what `include_bytes!` reads): editing one makes
    // cargo expand again. Cargo tracks no manifest's `metadata` tables by itself.
    let schema_file = plan.schema_file.canonicalize().unwrap_or(plan.schema_file);
    let mut tracked = String::new();
    for file in defaults.manifests.iter().chain([&schema_file]) {
        let path = proc_macro2::Literal::string(&file.display().to_string());
        tracked.push_str(&format!(
            "const _: &[u8] = ::core::include_bytes!({path}); "
        ));
    }
    let code = generated.code;
    Ok(format!(
        "#[doc(hidden)] pub mod {hidden} {{ {tracked}{code} }} \
         #[allow(unused_imports, ambiguous_glob_reexports)] pub use {hidden}::*;"
    ))
}

/// What an invocation generates from: the schema and the codegen options.
#[derive(Debug)]
struct Plan {
    /// The schema file, and its path as written (in the invocation or the defaults).
    schema_file: PathBuf,
    schema_written: String,
    /// Where to report a schema that does not load: the invocation's literal, or the call.
    schema_span: Span,
    /// The schema is the defaults' (the invocation names none).
    schema_from_defaults: bool,
    /// The schema is the defaults' file, so their bindings and derives are in `options`.
    defaults_apply: bool,
    options: Options,
}

/// The schema and the codegen options: the invocation's over the crate's defaults, which
/// apply only to the default schema (the same file, however the path is written: the
/// invocation's is relative to the crate, the defaults' to their manifest's directory).
fn plan(
    invocation: &InvocationOptions,
    defaults: &Defaults,
    manifest_dir: &Path,
) -> Result<Plan, Errors> {
    let default_file = match (&defaults.metadata.schema, &defaults.origin) {
        (Some(schema), Some(origin)) => Some(normalize(&origin.base().join(schema))),
        _ => None,
    };
    let mut options = Options::default();
    let (schema_file, schema_written, schema_span, schema_from_defaults) =
        match (&invocation.schema, &defaults.metadata.schema, &default_file) {
            (Some((path, span)), _, _) => (
                normalize(&manifest_dir.join(path)),
                path.clone(),
                *span,
                false,
            ),
            (None, Some(written), Some(file)) => {
                (file.clone(), written.clone(), Span::call_site(), true)
            }
            (None, _, _) => return Err(at(Span::call_site(), no_schema(defaults))),
        };
    let defaults_apply = default_file.as_ref() == Some(&schema_file);
    if defaults_apply {
        options.scalars = defaults.metadata.scalars.clone();
        options.derives = defaults.metadata.derives.clone();
    }
    for (scalar, rust, _) in &invocation.scalars {
        options.scalars.insert(scalar.clone(), rust.clone());
    }
    for (derive, _) in &invocation.derives {
        if !options.derives.contains(derive) {
            options.derives.push(derive.clone());
        }
    }
    Ok(Plan {
        schema_file,
        schema_written,
        schema_span,
        schema_from_defaults,
        defaults_apply,
        options,
    })
}

fn no_schema(defaults: &Defaults) -> String {
    let mut message = "gql! does not know the schema: set a default in Cargo.toml\n\n    [package.metadata.gqlforge]\n    schema = \"schema.graphql\"\n\n(or `[workspace.metadata.gqlforge]` in the workspace's, for every member without a table of its own), or name one in the invocation: `gql!(schema = \"schema.graphql\", ...)`".to_owned();
    if let Some(origin) = &defaults.origin {
        message.push_str(&format!(
            "\n  note: {} of {} names no `schema`",
            origin.table.name(),
            origin.manifest.display()
        ));
        if origin.table == Table::Package {
            message.push_str(" (a package's table replaces the workspace's entirely)");
        }
    }
    message
}

/// The schema index, loaded once per file version for the life of the compiler process.
fn schema(plan: &Plan, defaults: &Defaults) -> Result<Arc<SchemaIndex>, String> {
    static CACHE: crate::cache::Cache<SchemaIndex> = crate::cache::Cache::new();
    let written = plan.schema_written.as_str();
    let json = plan
        .schema_file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    CACHE
        .get_or_load(&plan.schema_file, |text| {
            let loaded = if json {
                load_introspection(written, text)
            } else {
                load_sdl(written, text)
            };
            loaded
                .map(|(schema, _warnings)| schema)
                .map_err(|e| format!("the schema does not load: {e}"))
        })
        .map_err(|e| {
            if !e.starts_with("cannot read") {
                return e;
            }
            let cause = e.rsplit(": ").next().unwrap_or(&e);
            match defaults.origin.as_ref().filter(|_| plan.schema_from_defaults) {
                Some(origin) => format!(
                    "cannot read the schema `{written}` (`schema` in {} of {}): {cause}\n  hint: the path is relative to {}, where that Cargo.toml is",
                    origin.table.name(),
                    origin.manifest.display(),
                    match origin.table {
                        Table::Package => "the crate's directory",
                        Table::Workspace => "the workspace root",
                    },
                ),
                None => format!(
                    "cannot read the schema `{written}`: {cause}\n  hint: the path is relative to the crate's directory (where its Cargo.toml is)"
                ),
            }
        })
}

fn codegen_errors(
    errors: Vec<CodegenError>,
    query: &Query,
    invocation: &InvocationOptions,
    defaults: Option<&Origin>,
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
                let text = match (span, defaults) {
                    (None, Some(origin)) => format!(
                        "{message} (in {} of {})\n  = hint: {hint}",
                        origin.table.name(),
                        origin.manifest.display()
                    ),
                    _ => format!("{message}\n  = hint: {hint}"),
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
        let in_file = d.file_of(i, file);
        let at = in_file.line_column(span.start);
        out.push_str(&format!(
            "\n  --> {}:{}:{}",
            in_file.name(),
            at.line,
            at.column
        ));
        if i > 0 || matches!(query.form, Form::Literal(_)) {
            out.push('\n');
            out.push_str(&in_file.snippet(*span));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Metadata;

    /// Defaults with one `DateTime` binding and `Eq`, from `table` in `manifest`.
    fn defaults(schema: Option<&str>, table: Table, manifest: &str) -> Defaults {
        Defaults {
            metadata: Arc::new(Metadata {
                schema: schema.map(str::to_owned),
                scalars: [("DateTime".to_owned(), "String".to_owned())].into(),
                derives: vec!["Eq".to_owned()],
            }),
            origin: Some(Origin {
                table,
                manifest: manifest.into(),
            }),
            manifests: vec![manifest.into()],
        }
    }

    fn crate_defaults(schema: Option<&str>) -> Defaults {
        defaults(schema, Table::Package, "/c/Cargo.toml")
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
        let dir = Path::new("/c");
        let plan = plan(&invocation(None), &crate_defaults(Some("s.graphql")), dir).expect("plan");
        assert_eq!(plan.schema_file, Path::new("/c/s.graphql"));
        assert_eq!(plan.schema_written, "s.graphql");
        assert!(plan.schema_from_defaults);
        assert_eq!(
            plan.options.scalars.keys().collect::<Vec<_>>(),
            ["DateTime", "URI"]
        );
        assert_eq!(plan.options.derives, ["Eq", "Hash"]);
        // Naming the default schema again, however written, changes nothing.
        for written in ["s.graphql", "./s.graphql", "../c/s.graphql"] {
            let same = plan_of(
                &invocation(Some(written)),
                &crate_defaults(Some("s.graphql")),
                dir,
            );
            assert_eq!(same.options, plan.options, "{written}");
            assert!(!same.schema_from_defaults);
        }
    }

    fn plan_of(invocation: &InvocationOptions, defaults: &Defaults, dir: &Path) -> Plan {
        plan(invocation, defaults, dir).expect("plan")
    }

    #[test]
    fn another_schema_takes_only_the_invocations_options() {
        let plan = plan_of(
            &invocation(Some("other.graphql")),
            &crate_defaults(Some("s.graphql")),
            Path::new("/c"),
        );
        assert_eq!(plan.schema_file, Path::new("/c/other.graphql"));
        assert_eq!(plan.options.scalars.keys().collect::<Vec<_>>(), ["URI"]);
        assert_eq!(plan.options.derives, ["Hash"]);
    }

    #[test]
    fn the_workspace_defaults_are_relative_to_the_workspace_root() {
        let workspace = defaults(Some("api.graphql"), Table::Workspace, "/w/Cargo.toml");
        let member = Path::new("/w/crates/m");
        let plan = plan_of(&invocation(None), &workspace, member);
        assert_eq!(plan.schema_file, Path::new("/w/api.graphql"));
        assert_eq!(plan.options.derives, ["Eq", "Hash"]);
        // The same string in the invocation is relative to the crate: another file.
        let other = plan_of(&invocation(Some("api.graphql")), &workspace, member);
        assert_eq!(other.schema_file, Path::new("/w/crates/m/api.graphql"));
        assert_eq!(other.options.derives, ["Hash"]);
        let same = plan_of(&invocation(Some("../../api.graphql")), &workspace, member);
        assert_eq!(same.options.derives, ["Eq", "Hash"]);
    }

    #[test]
    fn no_schema_anywhere_is_an_error_saying_where_to_set_one() {
        let errors =
            plan(&invocation(None), &crate_defaults(None), Path::new("/c")).expect_err("an error");
        assert!(errors[0].message.contains("[package.metadata.gqlforge]"));
        assert!(errors[0].message.contains("[workspace.metadata.gqlforge]"));
        assert!(errors[0].message.contains("gql!(schema = "));
        assert!(errors[0]
            .message
            .ends_with("note: [package.metadata.gqlforge] of /c/Cargo.toml names no `schema` (a package's table replaces the workspace's entirely)"));
    }
}
