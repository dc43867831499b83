//! The `build.rs` front door: [`configure`] → [`Builder`] → [`Builder::compile`].

use std::path::{Path, PathBuf};

use gqlforge_codegen::Options;

use crate::config::{glob_files, glob_root, GlobProblem, GLOB_HINT};
use crate::driver::{operation_files, shown, write_if_changed, Error, Job};

/// The file name [`Builder::compile`] writes in `OUT_DIR` unless [`Builder::file_name`] says
/// otherwise.
pub const DEFAULT_FILE_NAME: &str = "gqlforge.rs";

/// Starts configuring code generation for a build script.
///
/// ```no_run
/// // build.rs
/// fn main() {
///     gqlforge_build::configure()
///         .schema("schema.graphql")
///         .operations("src/graphql/**/*.graphql")
///         .scalar("DateTime", "String")
///         .compile()
///         .unwrap(); // an invalid operation fails the build with file:line:column and a snippet
/// }
/// ```
///
/// and in the crate, `include!(concat!(env!("OUT_DIR"), "/gqlforge.rs"));`.
pub fn configure() -> Builder {
    Builder::default()
}

/// What a build script generates; see [`configure`].
///
/// Relative paths are relative to the package's directory (`CARGO_MANIFEST_DIR`).
#[derive(Clone, Debug)]
pub struct Builder {
    schema: Option<PathBuf>,
    operations: Vec<String>,
    options: Options,
    out_dir: Option<PathBuf>,
    file_name: String,
    rerun_if_changed: bool,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            schema: None,
            operations: Vec::new(),
            options: Options::default(),
            out_dir: None,
            file_name: DEFAULT_FILE_NAME.to_string(),
            rerun_if_changed: true,
        }
    }
}

impl Builder {
    /// The schema: SDL (`.graphql`) or an introspection result (`.json`). Required.
    pub fn schema(mut self, path: impl AsRef<Path>) -> Builder {
        self.schema = Some(path.as_ref().to_path_buf());
        self
    }

    /// Operation documents: a glob (`src/graphql/**/*.graphql`), a file, or a directory
    /// (every `*.graphql` below it). Repeatable; each must match at least one file. Files are
    /// generated in path order, each once.
    pub fn operations(mut self, pattern: impl Into<String>) -> Builder {
        self.operations.push(pattern.into());
        self
    }

    /// Binds the custom scalar `name` to a Rust type (`"String"`, `"time::OffsetDateTime"`);
    /// unbound scalars become `String` newtypes.
    pub fn scalar(mut self, name: impl Into<String>, rust_type: impl Into<String>) -> Builder {
        self.options.scalars.insert(name.into(), rust_type.into());
        self
    }

    /// An extra derive on every response type (`"Eq"`, `"Hash"`, `"serde::Serialize"`).
    pub fn derive(mut self, path: impl Into<String>) -> Builder {
        self.options.derives.push(path.into());
        self
    }

    /// Where the file goes; default: the `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The generated file's name in the output directory; default [`DEFAULT_FILE_NAME`].
    pub fn file_name(mut self, name: impl Into<String>) -> Builder {
        self.file_name = name.into();
        self
    }

    /// Whether [`compile`](Builder::compile) prints `cargo:rerun-if-changed` lines (default:
    /// yes): for the schema, every operation file, and the directory each glob searches, so
    /// that a new file there regenerates too.
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Builder {
        self.rerun_if_changed = yes;
        self
    }

    /// Validates every operation, generates the module and writes it (left alone when
    /// unchanged). Returns the path written.
    ///
    /// Schema warnings are printed as `cargo:warning=` lines. An invalid operation, schema or
    /// option is an [`Error`] whose text names `file:line:column` with a caret snippet; its
    /// `Debug` is that text too, so `.unwrap()` shows it as it is.
    pub fn compile(self) -> Result<PathBuf, Error> {
        let manifest_dir = match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => std::env::current_dir().map_err(|e| {
                Error::usage(format!("error: cannot read the current directory: {e}"))
            })?,
        };
        let out_dir = match &self.out_dir {
            Some(dir) => manifest_dir.join(dir),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::usage(
                    "error: OUT_DIR is not set\n  = hint: call `gqlforge_build::configure()` from \
                     a build script (build.rs), or give the directory with `.out_dir(..)`",
                )
                })?,
        };
        let Some(schema) = &self.schema else {
            return Err(Error::usage(
                "error: no schema given\n  = hint: add `.schema(\"schema.graphql\")` (SDL or \
                 introspection JSON, relative to the package's directory)",
            ));
        };
        let schema = manifest_dir.join(schema);
        if self.operations.is_empty() {
            return Err(Error::usage(
                "error: no operations given\n  = hint: add `.operations(\"src/graphql/**/*.graphql\")`",
            ));
        }
        let mut watched = vec![schema.clone()];
        let mut operations = Vec::new();
        for pattern in &self.operations {
            let path = manifest_dir.join(pattern);
            if path.is_dir() {
                operations.extend(operation_files(&path)?);
                watched.push(path);
                continue;
            }
            let files = glob_files(&manifest_dir, pattern)
                .map_err(|problem| glob_error(&manifest_dir, pattern, problem))?;
            let root = glob_root(&manifest_dir, pattern);
            // The package's own directory holds `target/` for a crate outside a workspace:
            // watching it would rerun the script on every build. Its files are watched instead.
            if root != manifest_dir {
                watched.push(root);
            }
            operations.extend(files);
        }
        operations.sort();
        operations.dedup();
        watched.extend(operations.iter().cloned());
        if self.rerun_if_changed {
            watched.sort();
            watched.dedup();
            for path in &watched {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }

        let output = out_dir.join(&self.file_name);
        let job = Job {
            name: None,
            schema,
            operations,
            output: output.clone(),
            options: self.options,
            base: manifest_dir,
            generator: "gqlforge-build".to_string(),
            regenerate: "cargo build (the package's build.rs calls gqlforge_build)".to_string(),
        };
        let generated = job.generate()?;
        for warning in &generated.warnings {
            for line in warning.lines() {
                println!("cargo:warning={line}");
            }
        }
        write_if_changed(&output, &generated.text)?;
        Ok(output)
    }
}

fn glob_error(dir: &Path, pattern: &str, problem: GlobProblem) -> Error {
    match problem {
        GlobProblem::DirNotUtf8 => Error::usage(format!(
            "error: the package directory is not valid UTF-8: {}\n  = hint: move the package to \
             a path without non-UTF-8 characters",
            dir.display()
        )),
        GlobProblem::Invalid(msg) => Error::usage(format!(
            "error: `{pattern}` is not a valid glob: {msg}\n  = hint: {GLOB_HINT}"
        )),
        GlobProblem::Unreadable(path, e) => Error::usage(format!(
            "error: cannot read {} while expanding `{pattern}`: {e}",
            shown(&path)
        )),
        GlobProblem::NoMatch => Error::usage(format!(
            "error: `{pattern}` matches no file\n  = hint: operation patterns are relative to \
             the package's directory ({}); fix the pattern or remove it",
            dir.display()
        )),
    }
}
