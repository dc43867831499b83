//! `cargo xtask`: the project's commands. Thin: parses flags and calls `gqlforge-codegen`.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand, ValueEnum};

mod bench;
mod codegen;
mod config;
mod demo;
mod fetch_schema;
mod loadtest;
mod validate;

/// Generating a large module allocates a lot: glibc's malloc and free took ~40% of the
/// instructions (callgrind, GitHub corpus), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "gqlforge's project commands")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Validate operation documents against a schema (every graphql-js validation rule).
    ///
    /// Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.
    Validate {
        /// Schema: SDL (`.graphql`) or introspection JSON (`.json`).
        #[arg(long)]
        schema: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Operation documents.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Generate typed Rust modules: every API in `schema/gqlforge.toml`, or one schema given
    /// with `--schema S --operations FILE_OR_DIR... --out FILE`.
    ///
    /// Exit status: 0 ok, 1 invalid operations or schema (or, with `--check`, a stale output),
    /// 2 usage, config or I/O error.
    Codegen(codegen::CodegenArgs),
    /// Fetch a server's schema by introspection (through gqlforge's client: same auth,
    /// limits and retries; older servers get an older query) and write it as SDL.
    ///
    /// Exit status: 0 ok, 1 fetch or server failure, 2 usage, config or I/O error.
    FetchSchema(fetch_schema::FetchSchemaArgs),
    /// Benchmarks that need whole builds (the `gql!` macro against the xtask's output),
    /// printed as ratios against a baseline measured in the same run.
    Bench(bench::BenchArgs),
    /// Issue 6's load test for 20 s (64 tasks against an in-process server through a client
    /// limited to 150/s and 4 in flight): prints a per-second table of what the server saw
    /// (sent, most in flight, 429s) and a one-line verdict (PASS/FAIL) on the checks.
    Loadtest {
        /// How long to run, in seconds.
        #[arg(long, default_value_t = 20)]
        secs: u64,
    },
    /// The Cleverbridge SDK end to end against local servers (an OpenID provider and the
    /// stand-in API): token, queries, a mutation, a burst that meets the rate limit.
    Demo,
    /// Run every test, installing the npm packages the tests need when missing.
    Test {
        /// Extra arguments passed to `cargo test`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Cmd::Validate {
            schema,
            format,
            files,
        } => validate::run(&schema, format, &files),
        Cmd::Codegen(args) => codegen::run(args),
        Cmd::FetchSchema(args) => fetch_schema::run(args),
        Cmd::Bench(args) => bench::run(args),
        Cmd::Test { args } => test(&args),
        Cmd::Loadtest { secs } => loadtest::run(secs),
        Cmd::Demo => demo::run(),
    }
}

/// The workspace root (xtask's manifest is one level below it).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Installs the graphql-js oracle (a copy of `../shared/corpus/oracle`) into
/// `target/oracle` and the test GraphQL server's packages into `tests/servers/node_modules`
/// unless they are there, then runs `cargo test --workspace`.
fn test(args: &[String]) -> ExitCode {
    let root = workspace_root();
    if let Err(e) = install_oracle(&root).and_then(|()| install_test_servers(&root)) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let status = cargo()
        .env("GQLFORGE_ORACLE_DIR", root.join("target/oracle"))
        // The Redis backend's tests need its feature (and a redis-server, which `.ci/run`
        // installs; without one and without `CI` they are skipped with a message).
        .args(["test", "--workspace", "--features", "gqlforge/redis"])
        .args(args)
        .status();
    exit_code(status)
}

/// The cargo running this xtask (`$CARGO`), in the workspace root.
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

/// A cargo run's status as the xtask's: 0 when it succeeded, 1 when it failed, 2 when it
/// could not run.
pub(crate) fn exit_code(status: std::io::Result<std::process::ExitStatus>) -> ExitCode {
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::from(2)
        }
    }
}

fn install_oracle(root: &Path) -> Result<(), String> {
    let source = root.join("../shared/corpus/oracle");
    let dest = root.join("target/oracle");
    if dest.join("node_modules/graphql/package.json").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    for file in ["validate.mjs", "package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dest.join(file)).map_err(|e| {
            format!(
                "cannot copy the graphql-js oracle from {}: {e}\n  hint: the corpus is expected at ../shared/corpus beside the repository",
                source.display()
            )
        })?;
    }
    eprintln!(
        "installing the graphql-js oracle into {} (npm ci)",
        dest.display()
    );
    npm_ci(&dest)
}

/// Installs the npm packages of the test GraphQL server (`tests/servers`, see
/// `tests/src/servers.rs`) unless its `node_modules` is there.
pub(crate) fn install_test_servers(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/servers");
    if dir.join("node_modules").is_dir() {
        return Ok(());
    }
    eprintln!(
        "installing the test GraphQL server's packages in {} (npm ci)",
        dir.display()
    );
    npm_ci(&dir)
}

/// `npm ci` in `dir`: installs exactly what its package-lock.json pins.
fn npm_ci(dir: &Path) -> Result<(), String> {
    let status = Command::new("npm")
        .current_dir(dir)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .status()
        .map_err(|e| format!("cannot run npm: {e}\n  hint: install Node.js 20 and npm"))?;
    if !status.success() {
        return Err(format!("npm ci failed in {}", dir.display()));
    }
    Ok(())
}
