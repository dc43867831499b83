//! `schema/gqlforge.toml`: the APIs `cargo xtask codegen` generates, read and resolved.
//!
//! Every path in the file is relative to the file's own directory; operation globs are
//! expanded here (files sorted by path, a glob matching nothing is an error), so the rest of
//! the xtask sees only concrete files.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use gqlforge_codegen::diagnostics::suggestion_list;
use gqlforge_codegen::{Options, SourceFile, Span};
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
#[derive(Debug)]
pub(crate) struct Api {
    pub name: String,
    pub schema: PathBuf,
    /// Every file the operation globs match, sorted by path, each once.
    pub operations: Vec<PathBuf>,
    pub output: PathBuf,
    pub options: Options,
}

/// A config that cannot be used, already rendered (what, where, what to do).
#[derive(Debug)]
pub(crate) struct ConfigError(pub String);

/// Reads and resolves the config at `path`; `display_name` is how errors name the file.
pub(crate) fn load(path: &Path, display_name: &str) -> Result<Vec<Api>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError(format!(
            "error: cannot read the codegen config {display_name}: {e}\n  = hint: pass its path \
             with `--config`, or generate without one: `cargo xtask codegen --schema S \
             --operations FILE_OR_DIR... --out FILE`"
        ))
    })?;
    let file = SourceFile::new(display_name, text.as_str());
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let hint = hint_for(e.message());
        ConfigError(render(&file, e.message(), e.span(), &hint))
    })?;
    if raw.api.is_empty() {
        return Err(ConfigError(format!(
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
            return Err(ConfigError(render(
                &file,
                &format!("API `{}` is listed twice", api.name.get_ref()),
                Some(api.name.span()),
                "give every `[[api]]` its own `name`",
            )));
        }
        let output = dir.join(api.output.get_ref());
        if !outputs.insert(output.clone()) {
            return Err(ConfigError(render(
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
) -> Result<Vec<PathBuf>, ConfigError> {
    let Some(dir_text) = dir.to_str() else {
        return Err(ConfigError(format!(
            "error: the directory of {} is not valid UTF-8: {}\n  = hint: move the config to a \
             path without non-UTF-8 characters",
            file.name(),
            dir.display()
        )));
    };
    let full = Path::new(&glob::Pattern::escape(dir_text)).join(pattern.get_ref());
    let full = full.to_string_lossy();
    let paths = glob::glob(&full).map_err(|e| {
        ConfigError(render(
            file,
            &format!("`{}` is not a valid glob: {}", pattern.get_ref(), e.msg),
            Some(pattern.span()),
            "use `*` for any name part, `**` for any directories, `?` for one character",
        ))
    })?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| {
            ConfigError(format!(
                "error: cannot read {} while expanding `{}` ({}): {}",
                e.path().display(),
                pattern.get_ref(),
                file.name(),
                e.error()
            ))
        })?;
        if path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(ConfigError(render(
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
        )));
    }
    Ok(files)
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
