//! Where the shared corpus is: the one place the workspace's tests, `cargo bench` benchmarks
//! and build scripts find it.
//!
//! The corpus (`shared/corpus`: real schemas, real operations, invalid variants with
//! graphql-js's verdicts, and the package of the graphql-js oracle) is read in place, never
//! written. It is looked for at:
//!
//! 1. `GQLFORGE_CORPUS_DIR` ([`ENV`]) when it is set and not empty; a relative path is taken
//!    from the repository root. A directory named there that does not exist is an error,
//!    never a skip: whoever set it meant the tests to run.
//! 2. Otherwise `<repository root>/../shared/corpus`, where every developer and CI run has it.
//!
//! A clone without the corpus beside it still builds and passes its tests: a test that needs
//! the corpus asks [`require`] for it first, which prints one line
//! (`skipped <test>: the corpus is not at <path>; set GQLFORGE_CORPUS_DIR to shared/corpus
//! to run it`) and returns `None`, and the test returns. Under CI ([`on_ci`]: `CI` set to
//! anything but empty, `0` or `false`) a missing corpus fails the test instead, with that
//! message, so that CI never passes by skipping.
//!
//! ```no_run
//! #[test]
//! fn every_corpus_schema_loads() {
//!     let Some(corpus) = gqlforge_corpus::require("every_corpus_schema_loads") else {
//!         return;
//!     };
//!     let sdl = std::fs::read_to_string(corpus.join("github/schema.graphql")).unwrap();
//!     // ...
//! }
//! ```
//!
//! What reports a missing corpus its own way (a build script that then generates nothing, a
//! command that exits with an error) takes [`locate`], whose error says where the corpus was
//! looked for and whether that place was named explicitly; a build script also prints
//! `cargo:rerun-if-env-changed=GQLFORGE_CORPUS_DIR` ([`ENV`]). [`corpus_dir`] is `locate`
//! as an `Option` for tests that skip without [`require`]'s line, and [`skip`] prints a skip
//! line (or fails under CI) for another missing prerequisite that comes from the corpus.
//!
//! The corpus's operation files come from unrelated projects, and several define a fragment of
//! the same name; in a generated module, whose fragments are one set, that name would be
//! defined twice. [`modules`] splits a corpus's files into as few modules as keep every
//! fragment name once per module.
#![forbid(unsafe_code)]

use std::ffi::OsString;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The environment variable naming the corpus directory.
pub const ENV: &str = "GQLFORGE_CORPUS_DIR";

/// The corpus is not where it was looked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// Where it was looked for.
    pub path: PathBuf,
    /// Named by `GQLFORGE_CORPUS_DIR` (an error everywhere) rather than the default place
    /// beside the repository (a skip outside CI).
    pub explicit: bool,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.explicit {
            write!(
                f,
                "{ENV} names {}, which is not a directory; set it to shared/corpus",
                self.path.display()
            )
        } else {
            write!(
                f,
                "the corpus is not at {}; set {ENV} to shared/corpus to run it",
                self.path.display()
            )
        }
    }
}

impl std::error::Error for Missing {}

/// The corpus directory: `GQLFORGE_CORPUS_DIR` when it is set, else
/// `<repository root>/../shared/corpus`; an error when that is not a directory.
pub fn locate() -> Result<PathBuf, Missing> {
    resolve(std::env::var_os(ENV), &repository_root())
}

/// The corpus directory, or `None` when it is not beside the repository.
///
/// # Panics
/// When `GQLFORGE_CORPUS_DIR` names a directory that does not exist.
pub fn corpus_dir() -> Option<PathBuf> {
    match locate() {
        Ok(dir) => Some(dir),
        Err(missing) if missing.explicit => panic!("{missing}"),
        Err(_) => None,
    }
}

/// The corpus directory for the test `test`, or `None` when the test must be skipped: then
/// one line, `skipped <test>: the corpus is not at <path>; ...`, has been printed to stderr
/// (past the test harness's capture, so that a skip is seen), and the test returns.
///
/// # Panics
/// Under CI ([`on_ci`]), when the corpus is missing, with that message; and when
/// `GQLFORGE_CORPUS_DIR` names a directory that does not exist.
pub fn require(test: &str) -> Option<PathBuf> {
    match locate() {
        Ok(dir) => Some(dir),
        Err(missing) if missing.explicit => panic!("{test}: {missing}"),
        Err(missing) => {
            skip(test, &missing);
            None
        }
    }
}

/// Prints `skipped <test>: <reason>` to stderr, past the test harness's capture; under CI
/// ([`on_ci`]) panics with that reason instead. For a prerequisite that comes from the
/// corpus (the graphql-js oracle) missing because the corpus is.
pub fn skip(test: &str, reason: &dyn fmt::Display) {
    if on_ci() {
        panic!("{test}: {reason} (CI is set: what needs the corpus must run, not be skipped)");
    }
    let _ = writeln!(std::io::stderr(), "skipped {test}: {reason}");
}

/// Is this a CI run: `CI` set to anything but empty, `0` or `false` (CI services set
/// `CI=true`)?
pub fn on_ci() -> bool {
    is_ci(std::env::var_os("CI"))
}

/// The repository (workspace) root: this crate is `tests/corpus-dir` in it.
fn repository_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(Path::parent)
        .expect("the crate is two levels below the repository root")
        .to_path_buf()
}

fn resolve(env: Option<OsString>, root: &Path) -> Result<PathBuf, Missing> {
    let (path, explicit) = match env.filter(|v| !v.is_empty()) {
        Some(dir) => (root.join(dir), true),
        None => (root.join("../shared/corpus"), false),
    };
    if path.is_dir() {
        Ok(path)
    } else {
        Err(Missing { path, explicit })
    }
}

fn is_ci(value: Option<OsString>) -> bool {
    value.is_some_and(|v| {
        let v = v.to_string_lossy();
        let v = v.trim();
        !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false"))
    })
}

/// `files` in modules where no fragment name is defined twice: each file, in order, joins
/// the first module that does not define one of its fragments yet (`fragment_names` says
/// which a file defines). The first module holds every file it can, in order.
pub fn modules<T>(files: Vec<T>, fragment_names: impl Fn(&T) -> Vec<String>) -> Vec<Vec<T>> {
    let mut modules: Vec<(Vec<T>, std::collections::BTreeSet<String>)> = Vec::new();
    for file in files {
        let names = fragment_names(&file);
        let free = modules
            .iter()
            .position(|(_, taken)| names.iter().all(|n| !taken.contains(n)));
        let index = free.unwrap_or_else(|| {
            modules.push((Vec::new(), Default::default()));
            modules.len() - 1
        });
        modules[index].1.extend(names);
        modules[index].0.push(file);
    }
    modules.into_iter().map(|(files, _)| files).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_define_each_fragment_name_once() {
        let files = vec![("a", "X"), ("b", ""), ("c", "X Y"), ("d", "Y"), ("e", "X")];
        let names = |f: &(&str, &str)| f.1.split_whitespace().map(String::from).collect();
        let modules: Vec<Vec<&str>> = modules(files, names)
            .into_iter()
            .map(|m| m.into_iter().map(|f| f.0).collect())
            .collect();
        assert_eq!(modules, [vec!["a", "b", "d"], vec!["c"], vec!["e"]]);
    }

    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        for (value, ci) in [
            (None, false),
            (Some(""), false),
            (Some("0"), false),
            (Some("false"), false),
            (Some("FALSE"), false),
            (Some("true"), true),
            (Some("1"), true),
            (Some("yes"), true),
        ] {
            assert_eq!(is_ci(value.map(OsString::from)), ci, "CI={value:?}");
        }
    }

    #[test]
    fn the_variable_wins_and_relative_paths_start_at_the_root() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(resolve(Some("src".into()), root), Ok(root.join("src")));
        let absolute = root.join("src");
        assert_eq!(
            resolve(Some(absolute.clone().into()), Path::new("/nowhere")),
            Ok(absolute)
        );
    }

    #[test]
    fn an_explicit_directory_that_does_not_exist_is_an_error_not_a_skip() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let missing = resolve(Some("no-such-corpus".into()), root).unwrap_err();
        assert!(missing.explicit);
        assert_eq!(missing.path, root.join("no-such-corpus"));
        assert!(missing
            .to_string()
            .starts_with("GQLFORGE_CORPUS_DIR names "));
        // A file is not a corpus either.
        assert!(
            resolve(Some("Cargo.toml".into()), root)
                .unwrap_err()
                .explicit
        );
    }

    #[test]
    fn unset_or_empty_means_beside_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for env in [None, Some(OsString::new())] {
            let missing = resolve(env, &root).unwrap_err();
            assert_eq!(
                missing,
                Missing {
                    path: root.join("../shared/corpus"),
                    explicit: false
                }
            );
            assert_eq!(
                missing.to_string(),
                format!(
                    "the corpus is not at {}; set GQLFORGE_CORPUS_DIR to shared/corpus to run it",
                    root.join("../shared/corpus").display()
                )
            );
        }
    }
}
