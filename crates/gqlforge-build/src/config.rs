//! `gqlforge.toml`: the modules the command-line front doors generate, read and resolved.
//!
//! ```toml
//! [[api]]
//! name = "countries"                                # unique; names the API in messages and headers
//! schema = "countries/schema.graphql"               # SDL (.graphql) or introspection JSON (.json)
//! operations = ["countries/operations/*.graphql"]   # globs; each must match a file
//! output = "src/countries.rs"                       # the generated Rust file
//! derives = ["Eq"]                                  # optional: extra derives on response types
//! [api.scalars]                                     # optional: custom scalar -> Rust type
//! DateTime = "String"
//! ```
//!
//! Every path in the file is relative to the file's own directory; operation globs are
//! expanded here (files sorted by path, a glob matching nothing is an error), so the rest of
//! the driver sees only concrete files.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use gqlforge_codegen::diagnostics::suggestion_list;
use gqlforge_codegen::{Options, SourceFile, Span};

use crate::driver::Error;
use serde::Deserialize;
use toml::Spanned;

/// The keys of one `[[api]]` table, for "did you mean" hints.
const API_KEYS: [&str; 6] = [
    "name",
    "schema",
    "operations",
    "output",
    "derives",
    "scalars",
];

/// What the file says, before paths are resolved.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    api: Vec<RawApi>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApi {
    name: Spanned<String>,
    schema: String,
    operations: Vec<Spanned<String>>,
    output: Spanned<String>,
    #[serde(default)]
    derives: Vec<String>,
    #[serde(default)]
    scalars: BTreeMap<String, String>,
}

/// One API of the config, with every path resolved against the config's directory.
#[derive(Clone, Debug)]
pub struct Api {
    /// The API's name (unique in the file).
    pub name: String,
    /// The schema file.
    pub schema: PathBuf,
    /// Every file the operation globs match, sorted by path, each once.
    pub operations: Vec<PathBuf>,
    /// The generated Rust file.
    pub output: PathBuf,
    /// Scalar bindings and extra derives.
    pub options: Options,
}

/// Reads and resolves the config at `path`; `display_name` is how errors name the file.
/// Every error is [`ErrorKind::Usage`](crate::driver::ErrorKind::Usage), rendered with the
/// place in the file and a hint.
pub fn load(path: &Path, display_name: &str) -> Result<Vec<Api>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!(
            "error: cannot read the codegen config {display_name}: {e}\n  = hint: pass its path \
             with `--config`, or generate without one: `codegen --schema S \
             --operations FILE_OR_DIR... --out FILE`"
        ))
    })?;
    let file = SourceFile::new(display_name, text.as_str());
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let hint = hint_for(e.message());
        Error::usage(render(&file, e.message(), e.span(), &hint))
    })?;
    if raw.api.is_empty() {
        return Err(Error::usage(format!(
            "error: {display_name} lists no API\n  = hint: add an `[[api]]` table with `name`, \
             `schema`, `operations` and `output`"
        )));
    }
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();

    let mut apis = Vec::with_capacity(raw.api.len());
    let mut names = BTreeSet::new();
    let mut outputs = BTreeSet::new();
    for api in raw.api {
        if !names.insert(api.name.get_ref().clone()) {
            return Err(Error::usage(render(
                &file,
                &format!("API `{}` is listed twice", api.name.get_ref()),
                Some(api.name.span()),
                "give every `[[api]]` its own `name`",
            )));
        }
        let output = dir.join(api.output.get_ref());
        if !outputs.insert(output.clone()) {
            return Err(Error::usage(render(
                &file,
                &format!("two APIs write `{}`", api.output.get_ref()),
                Some(api.output.span()),
                "give every `[[api]]` its own `output` file",
            )));
        }
        let mut operations = BTreeSet::new();
        for pattern in &api.operations {
            operations.extend(expand_glob(&file, &dir, pattern)?);
        }
        apis.push(Api {
            name: api.name.into_inner(),
            schema: dir.join(&api.schema),
            operations: operations.into_iter().collect(),
            output,
            options: Options {
                scalars: api.scalars,
                derives: api.derives,
            },
        });
    }
    Ok(apis)
}

/// The files `pattern` (relative to `dir`) matches; an error when it matches none.
fn expand_glob(
    file: &SourceFile,
    dir: &Path,
    pattern: &Spanned<String>,
) -> Result<Vec<PathBuf>, Error> {
    glob_files(dir, pattern.get_ref()).map_err(|problem| match problem {
        GlobProblem::DirNotUtf8 => Error::usage(format!(
            "error: the directory of {} is not valid UTF-8: {}\n  = hint: move the config to a \
             path without non-UTF-8 characters",
            file.name(),
            dir.display()
        )),
        GlobProblem::Invalid(msg) => Error::usage(render(
            file,
            &format!("`{}` is not a valid glob: {msg}", pattern.get_ref()),
            Some(pattern.span()),
            GLOB_HINT,
        )),
        GlobProblem::Unreadable(path, e) => Error::usage(format!(
            "error: cannot read {} while expanding `{}` ({}): {e}",
            path.display(),
            pattern.get_ref(),
            file.name(),
        )),
        GlobProblem::NoMatch => Error::usage(render(
            file,
            &format!("`{}` matches no file", pattern.get_ref()),
            Some(pattern.span()),
            &format!(
                "operation globs are relative to the config file's directory ({}); fix the \
                 pattern or remove it",
                Path::new(file.name())
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or(".".to_string(), |p| p.to_string_lossy().into_owned())
            ),
        )),
    })
}

/// What the glob syntax is, for hints.
pub(crate) const GLOB_HINT: &str =
    "use `*` for any name part, `**` for any directories, `?` for one character";

/// Why a glob gave no files.
pub(crate) enum GlobProblem {
    /// The base directory cannot be written as a pattern.
    DirNotUtf8,
    /// The pattern is not a glob (the glob crate's message).
    Invalid(String),
    /// A directory on the way could not be read.
    Unreadable(PathBuf, std::io::Error),
    /// Nothing matched.
    NoMatch,
}

/// The files (not directories) `pattern`, relative to `dir`, matches, sorted by path.
pub(crate) fn glob_files(dir: &Path, pattern: &str) -> Result<Vec<PathBuf>, GlobProblem> {
    let dir_text = dir.to_str().ok_or(GlobProblem::DirNotUtf8)?;
    let full = Path::new(&glob::Pattern::escape(dir_text)).join(pattern);
    let paths =
        glob::glob(&full.to_string_lossy()).map_err(|e| GlobProblem::Invalid(e.msg.to_string()))?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| GlobProblem::Unreadable(e.path().to_path_buf(), e.into()))?;
        if path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(GlobProblem::NoMatch);
    }
    files.sort();
    Ok(files)
}

/// The directory a new file matching `pattern` (relative to `dir`) would appear in or
/// below: `dir` joined with the pattern's components before the first one holding a glob
/// character (`*`, `?`, `[`).
pub(crate) fn glob_root(dir: &Path, pattern: &str) -> PathBuf {
    let mut root = dir.to_path_buf();
    let components: Vec<&str> = pattern.split(['/', '\\']).collect();
    for (i, part) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        if last || part.contains(['*', '?', '[']) {
            break;
        }
        root.push(part);
    }
    root
}

/// A rustc-style error pointing into the config file.
fn render(file: &SourceFile, message: &str, span: Option<Range<usize>>, hint: &str) -> String {
    let mut out = format!("error: {}\n", message.trim_end());
    match span {
        Some(range) => {
            let span = Span::new(range.start, range.end);
            let lc = file.line_column(span.start);
            out.push_str(&format!(
                "  --> {}:{}:{}\n",
                file.name(),
                lc.line,
                lc.column
            ));
            out.push_str(&file.snippet(span));
            out.push('\n');
        }
        None => out.push_str(&format!("  --> {}\n", file.name())),
    }
    out.push_str(&format!("  = hint: {hint}"));
    out
}

/// What to do about a TOML or shape error, from toml's message.
fn hint_for(message: &str) -> String {
    const SHAPE: &str = "each `[[api]]` has `name`, `schema`, `operations` (a list of globs), \
                         `output`, and optionally `derives` (a list of strings) and an \
                         `[api.scalars]` table of `Name = \"rust::Type\"`";
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        if let Some(best) = suggestion_list(key, API_KEYS).first() {
            return format!("did you mean `{best}`? {SHAPE}");
        }
    }
    SHAPE.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_hint_suggests_the_closest_key() {
        assert!(hint_for("unknown field `outptu`, expected one of ...")
            .starts_with("did you mean `output`? each `[[api]]`"));
    }

    #[test]
    fn render_points_at_line_and_column() {
        let file = SourceFile::new("c.toml", "[[api]]\nnmae = \"x\"\n");
        let rendered = render(&file, "unknown field `nmae`", Some(8..12), "fix it");
        assert_eq!(
            rendered,
            "error: unknown field `nmae`\n  --> c.toml:2:1\n  |\n2 | nmae = \"x\"\n  | ^^^^\n  = hint: fix it"
        );
    }
}
