//! The `cargo-gqlforge` binary: `cargo gqlforge codegen | validate | fetch-schema`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gqlforge_cli::{codegen, validate, Tool};

/// Generating a large module allocates a lot: glibc's malloc and free took ~40% of the
/// instructions (callgrind, GitHub corpus), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo gqlforge",
    bin_name = "cargo gqlforge",
    version,
    about = "Typed Rust from GraphQL operations: generate, check, validate, fetch a schema"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Generate typed Rust modules: every API in the nearest `gqlforge.toml`, or one schema
    /// given with `--schema S --operations FILE_OR_DIR... --out FILE`.
    ///
    /// Exit status: 0 ok, 1 invalid operations or schema (or, with `--check`, a stale output),
    /// 2 usage, config or I/O error.
    Codegen(codegen::CodegenArgs),
    /// Validate operation documents against a schema (every graphql-js validation rule).
    ///
    /// Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.
    Validate(validate::ValidateArgs),
    /// Fetch a server's schema by introspection (through gqlforge's client: bearer token or
    /// OAuth2 client credentials, retries; older servers get an older query) and write it as
    /// SDL.
    ///
    /// Exit status: 0 ok, 1 fetch or server failure, 2 usage, config or I/O error.
    #[cfg(feature = "fetch")]
    FetchSchema(gqlforge_cli::fetch_schema::FetchSchemaArgs),
}

fn main() -> ExitCode {
    // `cargo gqlforge ARGS` runs `cargo-gqlforge gqlforge ARGS`; run directly, there is no
    // `gqlforge` word to drop.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "gqlforge") {
        args.remove(1);
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let tool = Tool::cargo_gqlforge();
    match cli.command {
        Cmd::Codegen(args) => codegen::run(args, &tool),
        Cmd::Validate(args) => validate::run_args(args),
        #[cfg(feature = "fetch")]
        Cmd::FetchSchema(args) => gqlforge_cli::fetch_schema::run(args, &tool),
    }
}
