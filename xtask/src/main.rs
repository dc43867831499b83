//! `cargo xtask`: the project's commands. Thin: `codegen`, `validate` and `fetch-schema` are
//! `gqlforge-cli`'s (the code `cargo gqlforge` runs), under this repository's name and config.
//!
//! A plain `cargo xtask` build compiles only what code generation needs. The commands that
//! need more (the HTTP client, the test servers' harness, the benchmarks' baselines) are
//! built with the feature `full`: without it, the xtask runs itself again with it.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand};
use gqlforge_cli::Tool;

#[cfg(feature = "full")]
mod bench;
#[cfg(feature = "full")]
mod demo;
#[cfg(feature = "full")]
mod loadtest;

/// The subcommands built only with the feature `full`.
const FULL_COMMANDS: [&str; 4] = ["fetch-schema", "bench", "loadtest", "demo"];

/// Generating a large module allocates a lot: glibc's malloc and free took ~40% of the
/// instructions (callgrind, GitHub corpus), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "gqlforge's project commands",
    after_help = "fetch-schema, bench, loadtest and demo are built with the feature `full` on first use."
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// `codegen`, `validate`, `fetch-schema`: the commands of `cargo gqlforge`, with
    /// `schema/gqlforge.toml` as the default config.
    #[command(flatten)]
    Gqlforge(gqlforge_cli::Command),
    /// Benchmarks that need whole builds (the `gql!` macro against the xtask's output),
    /// printed as ratios against a baseline measured in the same run.
    #[cfg(feature = "full")]
    Bench(bench::BenchArgs),
    /// The limits' load test for 20 s (64 tasks against an in-process server through a client
    /// limited to 150/s and 4 in flight): prints a per-second table of what the server saw
    /// (sent, most in flight, 429s) and a one-line verdict (PASS/FAIL) on the checks.
    #[cfg(feature = "full")]
    Loadtest {
        /// How long to run, in seconds.
        #[arg(long, default_value_t = 20)]
        secs: u64,
    },
    /// The Cleverbridge SDK end to end against local servers (an OpenID provider and the
    /// stand-in API): token, queries, a mutation, a burst that meets the rate limit.
    #[cfg(feature = "full")]
    Demo,
    /// Run every test, installing the npm packages the tests need when missing.
    Test {
        /// Extra arguments passed to `cargo test`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    if !cfg!(feature = "full") {
        if let Some(command) = std::env::args().nth(1) {
            if FULL_COMMANDS.contains(&command.as_str()) {
                return run_with_full_feature();
            }
        }
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Cmd::Gqlforge(command) => command.run(&tool()),
        #[cfg(feature = "full")]
        Cmd::Bench(args) => bench::run(args),
        Cmd::Test { args } => test(&args),
        #[cfg(feature = "full")]
        Cmd::Loadtest { secs } => loadtest::run(secs),
        #[cfg(feature = "full")]
        Cmd::Demo => demo::run(),
    }
}

/// The CLI's commands as this repository runs them: `cargo xtask`, `schema/gqlforge.toml`.
fn tool() -> Tool {
    Tool {
        name: "cargo xtask",
        default_config: Some(workspace_root().join("schema/gqlforge.toml")),
    }
}

/// Runs this command again in an xtask built with the feature `full`.
fn run_with_full_feature() -> ExitCode {
    let status = cargo()
        .args([
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--features",
            "full",
            "--",
        ])
        .args(std::env::args_os().skip(1))
        .status();
    match status {
        Ok(s) => ExitCode::from(s.code().map_or(2, |c| u8::try_from(c).unwrap_or(2))),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::from(2)
        }
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
    let dest = root.join("target/oracle");
    if dest.join("node_modules/graphql/package.json").exists() {
        return Ok(());
    }
    let source = match gqlforge_corpus::locate() {
        Ok(corpus) => corpus.join("oracle"),
        Err(missing) if missing.explicit || gqlforge_corpus::on_ci() => {
            return Err(format!(
                "{missing}: the graphql-js oracle cannot be installed (under CI, or with \
                 {} set, a missing corpus is an error)",
                gqlforge_corpus::ENV
            ));
        }
        Err(missing) => {
            eprintln!(
                "note: {missing}: the graphql-js oracle is not installed, and the tests that \
                 need the corpus are skipped"
            );
            return Ok(());
        }
    };
    std::fs::create_dir_all(&dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    for file in ["validate.mjs", "package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dest.join(file)).map_err(|e| {
            format!(
                "cannot copy the graphql-js oracle from {}: {e}",
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
