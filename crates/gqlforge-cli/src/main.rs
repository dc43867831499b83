//! The `cargo-gqlforge` binary: `cargo gqlforge codegen | validate | fetch-schema`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use gqlforge_cli::{Command, Tool};

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
    command: Command,
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
    cli.command.run(&Tool::cargo_gqlforge())
}
