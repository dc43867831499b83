//! `gql!`: GraphQL operations written inline in Rust, validated completely against the
//! schema and typed at compile time. Re-exported by the `gqlforge` crate (feature `macros`);
//! see its documentation.
//!
//! This crate is a thin front door: it reads the invocation and the calling crate's
//! `[package.metadata.gqlforge]`, calls `gqlforge-codegen` (the engine `cargo xtask codegen`
//! uses too), and maps the engine's errors to spans.
#![forbid(unsafe_code)]

mod cache;
mod config;
mod expand;
mod input;

/// Typed GraphQL operations from inline GraphQL; see the `gqlforge` crate's documentation.
#[proc_macro]
pub fn gql(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let start = std::time::Instant::now();
    let expanded = expand::expand(input.into(), &locate);
    // For `cargo xtask bench`: how long each expansion took, one line of microseconds each.
    if let Some(path) = std::env::var_os("GQLFORGE_EXPANSION_TIMES") {
        use std::io::Write as _;
        let micros = start.elapsed().as_micros();
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{micros}");
        }
    }
    match expanded {
        // The compiler's lexer, directly (see `Expansion::Code`).
        expand::Expansion::Code(code) => code.parse().unwrap_or_else(|e| {
            let span = proc_macro2::Span::call_site();
            let message = format!(
                "gqlforge generated code that does not lex ({e}): this is a bug in gqlforge, please report it with the operation"
            );
            expand::compile_error(span, span, &message).into()
        }),
        expand::Expansion::Errors(errors) => errors.into(),
    }
}

/// Where a token is in its source file, as the compiler says (line 1-based, column in
/// characters).
fn locate(span: proc_macro2::Span) -> Option<((usize, usize), (usize, usize))> {
    if !proc_macro::is_available() {
        return None;
    }
    let span = span.unwrap();
    let (start, end) = (span.start(), span.end());
    Some(((start.line(), start.column()), (end.line(), end.column())))
}
