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
    // For `cargo xtask bench`: how long each expansion takes, a line each.
    let timing = std::env::var_os("GQLFORGE_EXPANSION_TIMES")
        .map(|path| (path, std::time::Instant::now(), on_cpu()));
    let expanded = expand::expand(input.into(), &locate);
    if let Some((path, start, cpu_start)) = timing {
        record_time(&path, start, cpu_start);
    }
    expanded.into()
}

/// Appends `WALL_MICROS CPU_MICROS` (CPU time only where the system tells) to `path`.
fn record_time(path: &std::ffi::OsStr, start: std::time::Instant, cpu_start: Option<u64>) {
    use std::io::Write as _;
    let wall = start.elapsed().as_micros();
    let cpu = cpu_start.zip(on_cpu()).map_or_else(String::new, |(a, b)| {
        format!(" {}", b.saturating_sub(a) / 1000)
    });
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(file, "{wall}{cpu}");
    }
}

/// Nanoseconds this thread has run on a CPU (Linux): a figure that other work on the
/// machine does not inflate, unlike the wall clock.
fn on_cpu() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
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
