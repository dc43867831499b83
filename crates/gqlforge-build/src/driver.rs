//! The job every front door runs: inputs → generated text → compared or written.
//!
//! A [`Job`] is one generated module: a schema, operation files, options and an output file.
//! [`Job::generate`] loads, validates and generates; [`write_if_changed`] writes atomically (a
//! temp file beside the output, then a rename) and leaves an unchanged output alone;
//! [`check`] writes nothing and returns a unified diff for a stale output. The header of
//! every output names its inputs relative to the job's `base` directory, never absolutely, so
//! the same inputs give byte-identical output wherever the project lives.

use std::fmt;
use std::io::ErrorKind as IoErrorKind;
use std::path::{Component, Path, PathBuf};

use gqlforge_codegen::schema::{load_introspection, load_sdl};
use gqlforge_codegen::{CodegenError, Options, SourceFile};

/// What kind of failure an [`Error`] is; the command-line front doors map it to an exit
/// status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The inputs are wrong: an invalid operation or schema, or (`--check`) a stale output.
    /// Exit status 1.
    Invalid,
    /// The job cannot run: a bad config or option, a file that cannot be read or written.
    /// Exit status 2.
    Usage,
}

impl ErrorKind {
    /// The exit status the command-line front doors use for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Invalid => 1,
            ErrorKind::Usage => 2,
        }
    }
}

/// Why a job failed, rendered for a human: what, where (`file:line:column` and a caret
/// snippet where there is a place to point at) and a hint.
///
/// `Debug` prints the same text as `Display`, so that a build script's `.unwrap()` or
/// `fn main() -> Result<..>` shows the rendered errors, not a struct.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind` whose text is `message` (already rendered).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, message)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The rendered text.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// One module to generate: its inputs, where it goes, and what its header says.
#[derive(Clone, Debug)]
pub struct Job {
    /// The config's API name, shown in the header and in messages; `None` for a module
    /// generated from command-line inputs or a build script.
    pub name: Option<String>,
    /// SDL (`.graphql`) or introspection JSON (`.json`).
    pub schema: PathBuf,
    /// The operation documents, in the order their operations are generated.
    pub operations: Vec<PathBuf>,
    /// The Rust file to write.
    pub output: PathBuf,
    /// Scalar bindings and extra derives.
    pub options: Options,
    /// The directory the header's paths are relative to (the config file's directory, or
    /// the output's).
    pub base: PathBuf,
    /// The tool named in the header's first line, e.g. `cargo gqlforge codegen`.
    pub generator: String,
    /// The command that regenerates the output, for the header.
    pub regenerate: String,
}

/// A job's generated text, and the schema's warnings (identical duplicate definitions and
/// the like) for the front door to show.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The whole file: header, then the formatted module.
    pub text: String,
    /// Rendered warnings about the schema; generation went on.
    pub warnings: Vec<String>,
}

impl Job {
    /// Loads the schema and the documents, validates every operation and generates the file's
    /// text (header included). Errors name files as [`shown`] does.
    pub fn generate(&self) -> Result<Generated, Error> {
        let schema_name = shown(&self.schema);
        let text = std::fs::read_to_string(&self.schema).map_err(|e| {
            Error::usage(format!(
                "error: cannot read the schema {schema_name}: {e}\n  = hint: pass the path of \
                 an SDL (.graphql) or introspection (.json) file"
            ))
        })?;
        let is_json = self
            .schema
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let loaded = if is_json {
            load_introspection(&schema_name, &text)
        } else {
            load_sdl(&schema_name, &text)
        };
        let (schema, warnings) =
            loaded.map_err(|e| Error::new(ErrorKind::Invalid, format!("error: {e}")))?;

        let mut documents = Vec::with_capacity(self.operations.len());
        for path in &self.operations {
            let name = shown(path);
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::usage(format!("error: cannot read the operations {name}: {e}"))
            })?;
            documents.push(SourceFile::new(name.as_str(), text));
        }

        let text =
            gqlforge_codegen::generate_file(&schema, &documents, &self.options, &self.header())
                .map_err(|errors| {
                    let kind = errors
                        .iter()
                        .map(|e| match e {
                            CodegenError::Options { .. } => ErrorKind::Usage,
                            _ => ErrorKind::Invalid,
                        })
                        .max()
                        .unwrap_or(ErrorKind::Invalid);
                    let message = errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n");
                    Error::new(kind, message)
                })?;
        Ok(Generated {
            text,
            warnings: warnings.iter().map(ToString::to_string).collect(),
        })
    }

    /// The header's lines: generator, API, inputs relative to `base`, how to regenerate.
    fn header(&self) -> String {
        let mut header = format!("@generated by `{}` — do not edit.\n", self.generator);
        if let Some(name) = &self.name {
            header.push_str(&format!("API: {name}\n"));
        }
        header.push_str(&format!(
            "Schema: {}\nOperations:\n",
            relative_path(&self.base, &self.schema)
        ));
        for op in &self.operations {
            header.push_str(&format!("  {}\n", relative_path(&self.base, op)));
        }
        header.push_str(&format!("Regenerate: {}\n", self.regenerate));
        header
    }
}

/// What happened to one output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The output was missing or different, and has been written.
    Written,
    /// The output already held exactly this text; it was not touched.
    Unchanged,
    /// `--check`: the output is up to date.
    Fresh,
    /// `--check`: the unified diff from the file on disk to what would be generated.
    Stale(String),
}

/// Writes `text` to `path` unless it already holds it: a temp file in the same directory,
/// then a rename, so `path` is never half-written. The directory is created when missing.
pub fn write_if_changed(path: &Path, text: &str) -> Result<Outcome, Error> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(Outcome::Unchanged);
    }
    let cannot = |what: &str, p: &Path, e: std::io::Error| {
        Error::usage(format!(
            "error: cannot {what} {}: {e}\n  = hint: check that the output directory is writable",
            shown(p)
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
            Error::usage(format!(
                "error: the output {} is not a file path\n  = hint: name a file like `generated.rs`",
                shown(path)
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

/// Compares the file at `path` with `text`: [`Outcome::Fresh`], or [`Outcome::Stale`] with a
/// unified diff (`--- a/NAME`, `+++ b/NAME`, `name` being how the output is shown). A missing
/// file is stale against empty text.
pub fn check(path: &Path, name: &str, text: &str) -> Result<Outcome, Error> {
    let old = match std::fs::read_to_string(path) {
        Ok(old) => old,
        Err(e) if e.kind() == IoErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::usage(format!("error: cannot read {name}: {e}"))),
    };
    if old == text {
        return Ok(Outcome::Fresh);
    }
    let relative = name.trim_start_matches('/');
    let diff = similar::TextDiff::from_lines(old.as_str(), text)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{relative}"), &format!("b/{relative}"))
        .to_string();
    Ok(Outcome::Stale(diff))
}

/// A file stands for itself; a directory for every `*.graphql` below it, sorted by path.
pub fn operation_files(input: &Path) -> Result<Vec<PathBuf>, Error> {
    let metadata = std::fs::metadata(input).map_err(|e| {
        Error::usage(format!(
            "error: cannot read the operations {}: {e}\n  = hint: pass operation files or \
             directories holding `*.graphql` files",
            shown(input)
        ))
    })?;
    if !metadata.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_graphql(input, &mut files)?;
    if files.is_empty() {
        return Err(Error::usage(format!(
            "error: no `*.graphql` file in the directory {}\n  = hint: operation documents \
             must end in `.graphql`",
            shown(input)
        )));
    }
    files.sort();
    Ok(files)
}

fn collect_graphql(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let cannot =
        |e: std::io::Error| Error::usage(format!("error: cannot read {}: {e}", shown(dir)));
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

/// The name of the config file the command-line front doors look for.
pub const CONFIG_FILE_NAME: &str = "gqlforge.toml";

/// The nearest `gqlforge.toml` in `start` or one of its ancestors, as cargo finds
/// `Cargo.toml`.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = normalize(start);
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// `path` relative to `base`, with `/` separators (`..` where it lies outside `base`), so that
/// what it names does not depend on where the project lives. Falls back to the absolute path
/// only when no relative one exists (another drive on Windows).
pub fn relative_path(base: &Path, path: &Path) -> String {
    let base = normalize(base);
    let path = normalize(path);
    let base_parts: Vec<Component> = base.components().collect();
    let path_parts: Vec<Component> = path.components().collect();
    let common = base_parts
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let rooted = |parts: &[Component]| {
        parts
            .iter()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    };
    if rooted(&base_parts[common..]) || rooted(&path_parts[common..]) {
        return path.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); base_parts.len() - common];
    parts.extend(
        path_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// How messages name a file: relative to the current directory when it is below it (as
/// editors and terminals resolve it), else as an absolute path; `/`-separated.
pub fn shown(path: &Path) -> String {
    let absolute = normalize(path);
    let relative = std::env::current_dir().ok().and_then(|cwd| {
        absolute
            .strip_prefix(normalize(&cwd))
            .ok()
            .map(Path::to_path_buf)
    });
    match relative {
        Some(relative) if !relative.as_os_str().is_empty() => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => absolute.to_string_lossy().replace('\\', "/"),
    }
}

/// The absolute form of `path` with `.` and `..` resolved lexically.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    gqlforge_codegen::source::normalize_path(&absolute)
}

/// `word`, single-quoted when a shell would split or expand it.
pub fn shell_word(word: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_base_with_dot_dots() {
        let base = Path::new("/p/schema");
        assert_eq!(
            relative_path(base, Path::new("/p/schema/a/s.graphql")),
            "a/s.graphql"
        );
        assert_eq!(
            relative_path(base, Path::new("/p/crates/x/src/generated.rs")),
            "../crates/x/src/generated.rs"
        );
        assert_eq!(
            relative_path(base, Path::new("/p/schema/./b/../c.graphql")),
            "c.graphql"
        );
        assert_eq!(relative_path(base, Path::new("/p/schema")), ".");
        assert_eq!(relative_path(Path::new("/"), Path::new("/x/y")), "x/y");
    }

    #[test]
    fn relative_paths_do_not_depend_on_where_the_project_lives() {
        let here = relative_path(
            Path::new("/home/a/proj"),
            Path::new("/home/a/proj/ops/q.graphql"),
        );
        let there = relative_path(
            Path::new("/srv/ci/x/proj"),
            Path::new("/srv/ci/x/proj/ops/q.graphql"),
        );
        assert_eq!(here, there);
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("schema/a.graphql"), "schema/a.graphql");
        assert_eq!(shell_word("my ops"), "'my ops'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn errors_debug_as_their_rendered_text() {
        let e = Error::new(ErrorKind::Invalid, "error: bad\n  --> a.graphql:1:1");
        assert_eq!(format!("{e:?}"), "error: bad\n  --> a.graphql:1:1");
        assert_eq!(e.kind().exit_code(), 1);
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
    }
}
