//! `cargo xtask codegen`: writes the typed Rust module of every API in `schema/gqlforge.toml`
//! (or of one schema named on the command line) with `gqlforge_codegen::generate_file`.
//!
//! Writes are atomic (a temp file beside the output, then a rename), unchanged outputs are not
//! touched, and `--check` writes nothing but prints a unified diff for each stale output.
//! Every path the generated header names is relative to the workspace root with forward
//! slashes, so the output is byte-identical on every machine.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use gqlforge_codegen::schema::{load_introspection, load_sdl};
use gqlforge_codegen::{CodegenError, Options, SourceFile};

use crate::config;

/// Exit status: operations or schema invalid, or (`--check`) an output is stale.
const INVALID: u8 = 1;
/// Exit status: usage, config or I/O error.
const USAGE: u8 = 2;

#[derive(Args)]
pub(crate) struct CodegenArgs {
    /// The config listing the APIs to generate [default: <workspace>/schema/gqlforge.toml].
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

/// One module to generate: its inputs, where it goes, and how to regenerate it.
struct Job {
    /// The config's API name; `None` for a module generated from command-line inputs.
    api: Option<String>,
    schema: PathBuf,
    operations: Vec<PathBuf>,
    output: PathBuf,
    options: Options,
    /// The command that regenerates the output, for its header.
    regenerate: String,
}

/// Why a job (or the whole command) failed: the rendered errors and the exit status.
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl Failure {
    fn usage(message: String) -> Failure {
        Failure {
            code: USAGE,
            message,
        }
    }
}

pub(crate) fn run(args: CodegenArgs) -> ExitCode {
    let root = crate::workspace_root();
    let jobs = match jobs(&args, &root) {
        Ok(jobs) => jobs,
        Err(failure) => {
            eprintln!("{}", failure.message);
            return ExitCode::from(failure.code);
        }
    };
    let mut status = 0u8;
    let mut stale = 0usize;
    for job in &jobs {
        let output = display(&root, &job.output);
        let label = job
            .api
            .as_ref()
            .map_or(String::new(), |api| format!("{api}: "));
        let outcome = generate(&root, job).and_then(|text| {
            if args.check {
                check(&job.output, &output, &text)
            } else {
                write(&root, &job.output, &text)
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
                status = status.max(INVALID);
            }
            Err(failure) => {
                eprintln!("{}", failure.message);
                eprintln!("{label}not generated: {output}");
                status = status.max(failure.code);
            }
        }
    }
    if stale > 0 {
        eprintln!(
            "error: {stale} generated file(s) out of date\n  = hint: run `{}` and commit the result",
            jobs.first().map_or("cargo xtask codegen", |job| job.regenerate.as_str())
        );
    }
    ExitCode::from(status)
}

/// What happened to one output.
pub(crate) enum Outcome {
    Written,
    Unchanged,
    Fresh,
    /// `--check`: the unified diff from the file on disk to what would be generated.
    Stale(String),
}

/// The jobs the arguments ask for: one from `--schema ...`, or one per API of the config.
fn jobs(args: &CodegenArgs, root: &Path) -> Result<Vec<Job>, Failure> {
    if let (Some(schema), Some(out)) = (&args.schema, &args.out) {
        let mut operations = Vec::new();
        for input in &args.operations {
            operations.extend(operation_files(input)?);
        }
        operations.sort();
        operations.dedup();
        let mut regenerate = format!(
            "cargo xtask codegen --schema {}",
            shell_word(&display(root, schema))
        );
        regenerate.push_str(" --operations");
        for input in &args.operations {
            regenerate.push(' ');
            regenerate.push_str(&shell_word(&display(root, input)));
        }
        regenerate.push_str(&format!(" --out {}", shell_word(&display(root, out))));
        for (name, ty) in &args.scalars {
            regenerate.push_str(&format!(
                " --scalar {}",
                shell_word(&format!("{name}={ty}"))
            ));
        }
        for derive in &args.derives {
            regenerate.push_str(&format!(" --derive {}", shell_word(derive)));
        }
        return Ok(vec![Job {
            api: None,
            schema: schema.clone(),
            operations,
            output: out.clone(),
            options: Options {
                scalars: args.scalars.iter().cloned().collect(),
                derives: args.derives.clone(),
            },
            regenerate,
        }]);
    }
    let config_path = config_path(args, root);
    let apis = config::load(&config_path, &display(root, &config_path))
        .map_err(|e| Failure::usage(e.0))?;
    let regenerate = regenerate_all(args, root);
    Ok(apis
        .into_iter()
        .map(|api| Job {
            api: Some(api.name),
            schema: api.schema,
            operations: api.operations,
            output: api.output,
            options: api.options,
            regenerate: regenerate.clone(),
        })
        .collect())
}

fn config_path(args: &CodegenArgs, root: &Path) -> PathBuf {
    args.config
        .clone()
        .unwrap_or_else(|| root.join("schema/gqlforge.toml"))
}

/// The command that regenerates every output of the config in use (or the one given).
fn regenerate_all(args: &CodegenArgs, root: &Path) -> String {
    match &args.config {
        Some(path) if normalize(path) != normalize(&root.join("schema/gqlforge.toml")) => {
            format!(
                "cargo xtask codegen --config {}",
                shell_word(&display(root, path))
            )
        }
        _ => "cargo xtask codegen".to_string(),
    }
}

/// A file stands for itself; a directory for every `*.graphql` below it, sorted.
fn operation_files(input: &Path) -> Result<Vec<PathBuf>, Failure> {
    let metadata = std::fs::metadata(input).map_err(|e| {
        Failure::usage(format!(
            "error: cannot read the operations {}: {e}\n  = hint: pass operation files or \
             directories holding `*.graphql` files",
            input.display()
        ))
    })?;
    if !metadata.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_graphql(input, &mut files)?;
    if files.is_empty() {
        return Err(Failure::usage(format!(
            "error: no `*.graphql` file in the directory {}\n  = hint: operation documents \
             must end in `.graphql`",
            input.display()
        )));
    }
    files.sort();
    Ok(files)
}

fn collect_graphql(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let cannot =
        |e: std::io::Error| Failure::usage(format!("error: cannot read {}: {e}", dir.display()));
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        if path.is_dir() {
            collect_graphql(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "graphql") {
            files.push(path);
        }
    }
    Ok(())
}

/// The generated file's text: schema and documents loaded, validated and generated.
fn generate(root: &Path, job: &Job) -> Result<String, Failure> {
    let schema_name = display(root, &job.schema);
    let text = std::fs::read_to_string(&job.schema).map_err(|e| {
        Failure::usage(format!(
            "error: cannot read the schema {schema_name}: {e}\n  = hint: pass the path of an \
             SDL (.graphql) or introspection (.json) file"
        ))
    })?;
    let is_json = job
        .schema
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let loaded = if is_json {
        load_introspection(&schema_name, &text).map(|schema| (schema, Vec::new()))
    } else {
        load_sdl(&schema_name, &text)
    };
    let (schema, warnings) = loaded.map_err(|e| Failure {
        code: INVALID,
        message: format!("error: {e}"),
    })?;
    for warning in &warnings {
        eprintln!("{warning}");
    }

    let mut documents = Vec::with_capacity(job.operations.len());
    let mut names = Vec::with_capacity(job.operations.len());
    for path in &job.operations {
        let name = display(root, path);
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(format!("error: cannot read the operations {name}: {e}"))
        })?;
        documents.push(SourceFile::new(name.as_str(), text));
        names.push(name);
    }

    let header = header(job, &schema_name, &names);
    gqlforge_codegen::generate_file(&schema, &documents, &job.options, &header).map_err(|errors| {
        let code = errors
            .iter()
            .map(|e| match e {
                CodegenError::Options { .. } => USAGE,
                _ => INVALID,
            })
            .max()
            .unwrap_or(INVALID);
        let message = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        Failure { code, message }
    })
}

fn header(job: &Job, schema: &str, operations: &[String]) -> String {
    let mut header = String::from("@generated by `cargo xtask codegen` — do not edit.\n");
    if let Some(api) = &job.api {
        header.push_str(&format!("API: {api}\n"));
    }
    header.push_str(&format!("Schema: {schema}\nOperations:\n"));
    for op in operations {
        header.push_str(&format!("  {op}\n"));
    }
    header.push_str(&format!("Regenerate: {}\n", job.regenerate));
    header
}

/// Writes `text` to `path` unless it already holds it: a temp file in the same directory,
/// then a rename, so `path` is never half-written.
pub(crate) fn write(root: &Path, path: &Path, text: &str) -> Result<Outcome, Failure> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(Outcome::Unchanged);
    }
    let cannot = |what: &str, p: &Path, e: std::io::Error| {
        Failure::usage(format!(
            "error: cannot {what} {}: {e}\n  = hint: check that the output directory is writable",
            display(root, p)
        ))
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| cannot("create the directory", &dir, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            Failure::usage(format!(
                "error: the output {} is not a file path\n  = hint: name a file like `generated.rs`",
                display(root, path)
            ))
        })?;
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, text)
        .map_err(|e| cannot("write", &temp, e))
        .and_then(|()| std::fs::rename(&temp, path).map_err(|e| cannot("write", path, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map(|()| Outcome::Written)
}

/// Compares the file on disk with `text`; a missing file is stale against empty text.
fn check(path: &Path, shown: &str, text: &str) -> Result<Outcome, Failure> {
    let old = match std::fs::read_to_string(path) {
        Ok(old) => old,
        Err(e) if e.kind() == ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Failure::usage(format!("error: cannot read {shown}: {e}"))),
    };
    if old == text {
        return Ok(Outcome::Fresh);
    }
    let relative = shown.trim_start_matches('/');
    let diff = similar::TextDiff::from_lines(old.as_str(), text)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{relative}"), &format!("b/{relative}"))
        .to_string();
    Ok(Outcome::Stale(diff))
}

/// `path` relative to the workspace root with `/` separators when it is inside it; else the
/// absolute path, `/`-separated.
fn display(root: &Path, path: &Path) -> String {
    let absolute = normalize(path);
    match absolute.strip_prefix(normalize(root)) {
        Ok(relative) => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => absolute.to_string_lossy().replace('\\', "/"),
    }
}

/// The absolute form of `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `word`, single-quoted when a shell would split or expand it.
pub(crate) fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./=:,+@".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
