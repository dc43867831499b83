//! `codegen`: writes the typed Rust module of every API in `gqlforge.toml` (or of one schema
//! named on the command line), through `gqlforge_build`'s driver.
//!
//! Writes are atomic, unchanged outputs are not touched, and `--check` writes nothing but
//! prints a unified diff for each stale output. Headers name paths relative to the config
//! file's directory (or, without a config, the output's), so the output is byte-identical
//! wherever the project lives.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use gqlforge_build::driver::{
    find_config, operation_files, relative_path, shell_word, shown, CONFIG_FILE_NAME,
};
use gqlforge_build::{check, config, write_if_changed, Error, ErrorKind, Job, Options, Outcome};

use crate::Tool;

/// The flags of `codegen`.
#[derive(Args)]
pub struct CodegenArgs {
    /// The config listing the APIs to generate [default: the nearest `gqlforge.toml` in the
    /// current directory or its parents].
    #[arg(long, conflicts_with = "schema")]
    config: Option<PathBuf>,
    /// Write nothing; exit 1 with a diff when an output is missing or stale.
    #[arg(long)]
    check: bool,
    /// Generate from this schema instead of the config: SDL (`.graphql`) or introspection
    /// JSON (`.json`).
    #[arg(long, requires_all = ["operations", "out"])]
    schema: Option<PathBuf>,
    /// Operation documents; a directory means every `*.graphql` in it, recursively.
    #[arg(long, num_args = 1.., requires = "schema")]
    operations: Vec<PathBuf>,
    /// The Rust file to write.
    #[arg(long, requires = "schema")]
    out: Option<PathBuf>,
    /// Bind a custom scalar to a Rust type: `--scalar DateTime=String`.
    #[arg(long = "scalar", value_name = "NAME=TYPE", value_parser = parse_scalar, requires = "schema")]
    scalars: Vec<(String, String)>,
    /// An extra derive on every response type: `--derive Eq`.
    #[arg(long = "derive", value_name = "DERIVE", requires = "schema")]
    derives: Vec<String>,
}

fn parse_scalar(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, ty)) if !name.trim().is_empty() && !ty.trim().is_empty() => {
            Ok((name.trim().to_string(), ty.trim().to_string()))
        }
        _ => Err(format!(
            "`{arg}` is not NAME=TYPE (e.g. `--scalar DateTime=String`)"
        )),
    }
}

/// Runs `codegen`. Exit status: 0 ok, 1 invalid operations or schema (or, with `--check`, a
/// stale output), 2 usage, config or I/O error.
pub fn run(args: CodegenArgs, tool: &Tool) -> ExitCode {
    let jobs = match jobs(&args, tool) {
        Ok(jobs) => jobs,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(error.kind().exit_code());
        }
    };
    let mut status = 0u8;
    let mut stale = 0usize;
    for job in &jobs {
        let output = shown(&job.output);
        let label = job
            .name
            .as_ref()
            .map_or(String::new(), |api| format!("{api}: "));
        let outcome = job.generate().and_then(|generated| {
            for warning in &generated.warnings {
                eprintln!("{warning}");
            }
            if args.check {
                check(&job.output, &output, &generated.text)
            } else {
                write_if_changed(&job.output, &generated.text)
            }
        });
        match outcome {
            Ok(Outcome::Written) => println!("{label}written {output}"),
            Ok(Outcome::Unchanged) => println!("{label}unchanged {output}"),
            Ok(Outcome::Fresh) => println!("{label}up to date {output}"),
            Ok(Outcome::Stale(diff)) => {
                stale += 1;
                println!("{label}stale {output}");
                print!("{diff}");
                status = status.max(ErrorKind::Invalid.exit_code());
            }
            Err(error) => {
                eprintln!("{error}");
                eprintln!("{label}not generated: {output}");
                status = status.max(error.kind().exit_code());
            }
        }
    }
    if stale > 0 {
        eprintln!(
            "error: {stale} generated file(s) out of date\n  = hint: run `{}` and commit the result",
            jobs.first()
                .map_or(format!("{} codegen", tool.name), |job| job.regenerate.clone())
        );
    }
    ExitCode::from(status)
}

/// The jobs the arguments ask for: one from `--schema ...`, or one per API of the config.
fn jobs(args: &CodegenArgs, tool: &Tool) -> Result<Vec<Job>, Error> {
    let generator = format!("{} codegen", tool.name);
    if let (Some(schema), Some(out)) = (&args.schema, &args.out) {
        let mut operations = Vec::new();
        for input in &args.operations {
            operations.extend(operation_files(input)?);
        }
        operations.sort();
        operations.dedup();
        // Paths relative to the output's directory: the header reads the same wherever the
        // project lives, and the command runs from there.
        let base = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let word = |path: &Path| shell_word(&relative_path(&base, path));
        let mut regenerate = format!("{generator} --schema {}", word(schema));
        regenerate.push_str(" --operations");
        for input in &args.operations {
            regenerate.push(' ');
            regenerate.push_str(&word(input));
        }
        regenerate.push_str(&format!(" --out {}", word(out)));
        for (name, ty) in &args.scalars {
            regenerate.push_str(&format!(
                " --scalar {}",
                shell_word(&format!("{name}={ty}"))
            ));
        }
        for derive in &args.derives {
            regenerate.push_str(&format!(" --derive {}", shell_word(derive)));
        }
        regenerate.push_str(" (in this file's directory)");
        return Ok(vec![Job {
            name: None,
            schema: schema.clone(),
            operations,
            output: out.clone(),
            options: Options {
                scalars: args.scalars.iter().cloned().collect(),
                derives: args.derives.clone(),
            },
            base,
            generator,
            regenerate,
        }]);
    }
    let (config_path, regenerate) = config_path(args, tool)?;
    let apis = config::load(&config_path, &shown(&config_path))?;
    let base = config_path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok(apis
        .into_iter()
        .map(|api| Job {
            name: Some(api.name),
            schema: api.schema,
            operations: api.operations,
            output: api.output,
            options: api.options,
            base: base.clone(),
            generator: generator.clone(),
            regenerate: regenerate.clone(),
        })
        .collect())
}

/// The config to use and the command that regenerates its outputs: `--config`, else the
/// tool's default, else the nearest `gqlforge.toml` from the current directory up.
fn config_path(args: &CodegenArgs, tool: &Tool) -> Result<(PathBuf, String), Error> {
    let plain = format!("{} codegen", tool.name);
    if let Some(path) = &args.config {
        let is_default = tool
            .default_config
            .as_ref()
            .is_some_and(|default| same_file(default, path));
        let found_by_search = path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME)
            && tool.default_config.is_none();
        let regenerate = if is_default || found_by_search {
            plain
        } else {
            // Named relative to its own directory: the same wherever the project lives.
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            format!(
                "{plain} --config {} (in the config's directory)",
                shell_word(&name)
            )
        };
        return Ok((path.clone(), regenerate));
    }
    if let Some(default) = &tool.default_config {
        return Ok((default.clone(), plain));
    }
    let cwd = std::env::current_dir().map_err(|e| {
        Error::new(
            ErrorKind::Usage,
            format!("error: cannot read the current directory: {e}"),
        )
    })?;
    match find_config(&cwd) {
        Some(path) => Ok((path, plain)),
        None => Err(Error::new(
            ErrorKind::Usage,
            format!(
                "error: no {CONFIG_FILE_NAME} in {} or any parent directory\n  = hint: create \
                 one with an `[[api]]` table (name, schema, operations, output), pass \
                 `--config PATH`, or generate without one: `{plain} --schema S --operations \
                 FILE_OR_DIR... --out FILE`",
                cwd.display()
            ),
        )),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
