//! `cargo gqlforge`: typed Rust from GraphQL operations in any project.
//!
//! ```sh
//! cargo install gqlforge-cli
//! cargo gqlforge codegen            # every [[api]] of the nearest gqlforge.toml
//! cargo gqlforge codegen --check    # CI: exit 1 with a diff when an output is stale
//! cargo gqlforge validate --schema schema.graphql src/graphql/*.graphql
//! cargo gqlforge fetch-schema --endpoint https://api.example.com/graphql --out schema.graphql
//! ```
//!
//! The commands are this library's, so that other front doors (gqlforge's own `cargo xtask`)
//! run exactly the same code under their own name ([`Tool`]). Code generation itself is
//! [gqlforge-build](https://docs.rs/gqlforge-build)'s driver; the engine is
//! [gqlforge-codegen](https://docs.rs/gqlforge-codegen); generated code depends on
//! [gqlforge](https://docs.rs/gqlforge).
//!
//! Feature `fetch` (default): `fetch-schema`, which needs the HTTP client (reqwest, tokio).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::PathBuf;
use std::process::ExitCode;

pub mod codegen;
#[cfg(feature = "fetch")]
pub mod fetch_schema;
pub mod validate;

/// Which front door runs the commands: how it is invoked, and its default config.
#[derive(Clone, Debug)]
pub struct Tool {
    /// How the command is invoked, as headers and hints name it (`cargo gqlforge`).
    pub name: &'static str,
    /// The config `codegen` reads when `--config` is not given; `None`: the nearest
    /// `gqlforge.toml` in the current directory or its parents.
    pub default_config: Option<PathBuf>,
}

impl Tool {
    /// The installed CLI: `cargo gqlforge`, config found from the current directory up.
    pub fn cargo_gqlforge() -> Tool {
        Tool {
            name: "cargo gqlforge",
            default_config: None,
        }
    }
}

/// The commands, for a front door's clap parser (`#[command(subcommand)]`, or
/// `#[command(flatten)]` inside an enum of its own).
#[derive(clap::Subcommand)]
pub enum Command {
    /// Generate typed Rust modules: every API in the config (`--config PATH`, else the default:
    /// for `cargo gqlforge`, the nearest `gqlforge.toml` up from the current directory), or one
    /// schema given with `--schema S --operations FILE_OR_DIR... --out FILE`.
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
    FetchSchema(fetch_schema::FetchSchemaArgs),
}

impl Command {
    /// Runs the command as `tool`; the exit status is the command's.
    pub fn run(self, tool: &Tool) -> ExitCode {
        match self {
            Command::Codegen(args) => codegen::run(args, tool),
            Command::Validate(args) => validate::run_args(args),
            #[cfg(feature = "fetch")]
            Command::FetchSchema(args) => fetch_schema::run(args, tool),
        }
    }
}

/// How `validate` prints its errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with a caret snippet, on stderr.
    Human,
    /// One JSON array of `{"file", "rule", "message", "locations"}` on stdout.
    Json,
}
