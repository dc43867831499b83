//! The calling crate's defaults: `[package.metadata.gqlforge]` in its `Cargo.toml` or, when
//! that table is absent, `[workspace.metadata.gqlforge]` in its workspace's root manifest.
//!
//! ```toml
//! [package.metadata.gqlforge]            # or [workspace.metadata.gqlforge]
//! schema = "schema.graphql"              # relative to the directory of this Cargo.toml
//! derives = ["Eq"]                       # optional: extra derives on response types
//! [package.metadata.gqlforge.scalars]    # optional: custom scalar -> Rust type
//! DateTime = "String"
//! ```
//!
//! A package table, even an empty one, replaces the workspace's entirely (keys are not
//! merged): the crate's own manifest then says all of its defaults, and a crate can opt out
//! of the workspace's. The workspace root is found as cargo finds it: the package's own
//! manifest if it has `[workspace]`, the directory `package.workspace` points at, else the
//! nearest ancestor manifest with a `[workspace]` that does not exclude the package (or with
//! a `package.workspace` pointer), not walking out of `target/package` or `CARGO_HOME`.
//!
//! Every manifest read is returned with the defaults: the expansion depends on each (an
//! `include_bytes!`), so editing one makes cargo expand the crate's `gql!`s again.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gqlforge_codegen::diagnostics::{or_list, suggestion_list};
use serde::Deserialize;
use toml::{Spanned, Value};

/// The defaults of one crate, from one table.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Metadata {
    pub schema: Option<String>,
    pub scalars: BTreeMap<String, String>,
    pub derives: Vec<String>,
}

/// Which table the defaults are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    Package,
    Workspace,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Package => "[package.metadata.gqlforge]",
            Table::Workspace => "[workspace.metadata.gqlforge]",
        }
    }
}

/// Where the defaults in force are written.
#[derive(Debug)]
pub(crate) struct Origin {
    pub table: Table,
    /// The manifest holding the table; its paths are relative to its directory.
    pub manifest: PathBuf,
}

impl Origin {
    /// The directory the table's paths are relative to.
    pub(crate) fn base(&self) -> &Path {
        self.manifest.parent().unwrap_or(Path::new(""))
    }
}

/// The defaults in force for the calling crate.
#[derive(Debug)]
pub(crate) struct Defaults {
    pub metadata: Arc<Metadata>,
    /// `None` when neither table exists.
    pub origin: Option<Origin>,
    /// Every manifest read to find them (absolute paths), for the expansion to depend on.
    pub manifests: Vec<PathBuf>,
}

/// The directory paths are relative to: the calling crate's manifest directory, absolute.
/// `GQLFORGE_MANIFEST_DIR` overrides it, for tests whose crates are generated elsewhere
/// (trybuild builds its own copy of each test crate).
pub(crate) fn manifest_dir() -> Result<PathBuf, String> {
    let dir = std::env::var_os("GQLFORGE_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| {
            "CARGO_MANIFEST_DIR is not set: gql! reads its schema relative to the calling crate, so it runs under cargo".to_owned()
        })?;
    std::path::absolute(&dir).map_err(|e| format!("cannot make {} absolute: {e}", dir.display()))
}

/// The crate's defaults (see the module's documentation for which table applies). Each
/// manifest is parsed once per file version for the life of the compiler process.
pub(crate) fn defaults(manifest_dir: &Path) -> Result<Defaults, String> {
    let package_path = manifest_dir.join("Cargo.toml");
    let package = manifest(&package_path)?;
    let mut manifests = vec![package_path.clone()];
    if let Some(table) = &package.package_table {
        return Ok(Defaults {
            metadata: table.clone()?,
            origin: Some(Origin {
                table: Table::Package,
                manifest: package_path,
            }),
            manifests,
        });
    }
    let root = match workspace_root(&package_path, &package, &mut manifests)? {
        Some(root_path) if root_path == package_path => Some((root_path, package)),
        Some(root_path) => {
            let root = manifest(&root_path)?;
            if !manifests.contains(&root_path) {
                manifests.push(root_path.clone());
            }
            Some((root_path, root))
        }
        None => None,
    };
    match root {
        Some((root_path, root)) if root.workspace.is_some() => match &root.workspace_table {
            Some(table) => Ok(Defaults {
                metadata: table.clone()?,
                origin: Some(Origin {
                    table: Table::Workspace,
                    manifest: root_path,
                }),
                manifests,
            }),
            None => Ok(none(manifests)),
        },
        // No workspace, or a `package.workspace` pointing at a manifest without one
        // (cargo refuses to build that before any macro runs).
        _ => Ok(none(manifests)),
    }
}

fn none(manifests: Vec<PathBuf>) -> Defaults {
    Defaults {
        metadata: Arc::default(),
        origin: None,
        manifests,
    }
}

/// The manifest of the package's workspace root, as cargo finds it; every ancestor manifest
/// read on the way is added to `read`.
fn workspace_root(
    package_path: &Path,
    package: &Manifest,
    read: &mut Vec<PathBuf>,
) -> Result<Option<PathBuf>, String> {
    if let Some(root) = package.root_for(package_path, package_path) {
        return Ok(Some(root));
    }
    let cargo_home = match std::env::var_os("CARGO_HOME") {
        Some(home) => Some(PathBuf::from(home)),
        None => std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
            .map(|home| PathBuf::from(home).join(".cargo")),
    };
    let mut previous: Option<&Path> = None;
    for dir in package_path.ancestors().skip(2) {
        // Cargo does not walk out of a package being verified, nor out of CARGO_HOME (so a
        // registry crate never joins a workspace around it).
        let left_cargo_home = previous.is_some_and(|p| Some(p) == cargo_home.as_deref());
        if dir.ends_with("target/package") || left_cargo_home {
            break;
        }
        previous = Some(dir);
        let candidate = dir.join("Cargo.toml");
        if !candidate.is_file() {
            continue;
        }
        let ancestor = manifest(&candidate)?;
        read.push(candidate.clone());
        if let Some(root) = ancestor.root_for(&candidate, package_path) {
            return Ok(Some(root));
        }
    }
    Ok(None)
}

/// What gql! needs of one `Cargo.toml`. The gqlforge tables are checked when the file is
/// loaded, but their errors are reported only when the table is the one in force.
#[derive(Debug)]
struct Manifest {
    package_table: Option<Result<Arc<Metadata>, String>>,
    workspace_table: Option<Result<Arc<Metadata>, String>>,
    /// `[workspace]`, if present.
    workspace: Option<WorkspaceMembers>,
    /// `package.workspace`: the path of the workspace root's directory.
    root_pointer: Option<String>,
}

#[derive(Debug)]
struct WorkspaceMembers {
    members: Option<Vec<String>>,
    exclude: Vec<String>,
}

impl Manifest {
    /// The workspace root this manifest (at `self_path`) names for the package whose
    /// manifest is `look_from` (cargo's `WorkspaceConfig::get_ws_root`).
    fn root_for(&self, self_path: &Path, look_from: &Path) -> Option<PathBuf> {
        let dir = self_path.parent()?;
        match (&self.workspace, &self.root_pointer) {
            (Some(workspace), _) => {
                let under =
                    |paths: &[String]| paths.iter().any(|p| look_from.starts_with(dir.join(p)));
                let excluded =
                    under(&workspace.exclude) && !workspace.members.as_deref().is_some_and(under);
                (!excluded).then(|| self_path.to_owned())
            }
            (None, Some(pointer)) => Some(normalize(&dir.join(pointer).join("Cargo.toml"))),
            (None, None) => None,
        }
    }
}

fn manifest(path: &Path) -> Result<Arc<Manifest>, String> {
    static CACHE: crate::cache::Cache<Manifest> = crate::cache::Cache::new();
    CACHE.get_or_load(path, |text| parse(path, text))
}

/// One gqlforge table as written: keys and values with their byte ranges in the file.
type RawTable = BTreeMap<Spanned<String>, Spanned<Value>>;

#[derive(Deserialize)]
struct RawManifest {
    package: Option<RawPackage>,
    workspace: Option<RawWorkspace>,
}

#[derive(Deserialize)]
struct RawPackage {
    workspace: Option<String>,
    metadata: Option<RawMetadata>,
}

#[derive(Deserialize)]
struct RawWorkspace {
    members: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    metadata: Option<RawMetadata>,
}

#[derive(Deserialize)]
struct RawMetadata {
    gqlforge: Option<RawTable>,
}

fn parse(path: &Path, text: &str) -> Result<Manifest, String> {
    let raw: RawManifest = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end();
        match e.span() {
            Some(span) => format!("{message}\n  --> {}", location(path, text, span)),
            None => format!("{message}\n  --> {}", path.display()),
        }
    })?;
    let (package_table, root_pointer) = match raw.package {
        Some(package) => (package.metadata.and_then(|m| m.gqlforge), package.workspace),
        None => (None, None),
    };
    let (workspace_table, workspace) = match raw.workspace {
        Some(workspace) => (
            workspace.metadata.and_then(|m| m.gqlforge),
            Some(WorkspaceMembers {
                members: workspace.members,
                exclude: workspace.exclude,
            }),
        ),
        None => (None, None),
    };
    let check = |table: Table, raw: RawTable| check(table, raw, path, text).map(Arc::new);
    Ok(Manifest {
        package_table: package_table.map(|raw| check(Table::Package, raw)),
        workspace_table: workspace_table.map(|raw| check(Table::Workspace, raw)),
        workspace,
        root_pointer,
    })
}

const KEYS: [&str; 3] = ["schema", "scalars", "derives"];

/// A table's keys and values checked one by one, in file order: the first problem is an
/// error naming the key and where it is.
fn check(table: Table, raw: RawTable, path: &Path, text: &str) -> Result<Metadata, String> {
    let name = table.name();
    let mut entries: Vec<_> = raw.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut metadata = Metadata::default();
    for (key, value) in entries {
        let value_span = value.span();
        let error = |message: String, span: Range<usize>| {
            format!("{message}\n  --> {}", location(path, text, span))
        };
        let wrong = |key: &str, what: &str, found: &Value| {
            error(
                format!(
                    "`{key}` in {name} must be {what}, not {}",
                    a(found.type_str())
                ),
                value_span.clone(),
            )
        };
        match (key.get_ref().as_str(), value.into_inner()) {
            ("schema", Value::String(schema)) => metadata.schema = Some(schema),
            ("schema", other) => {
                return Err(wrong("schema", "a string (the schema file's path)", &other))
            }
            ("scalars", Value::Table(scalars)) => {
                for (scalar, rust) in scalars {
                    match rust {
                        Value::String(rust) => {
                            metadata.scalars.insert(scalar, rust);
                        }
                        other => {
                            return Err(wrong(
                                &format!("scalars.{scalar}"),
                                "a string (the Rust type of the scalar)",
                                &other,
                            ))
                        }
                    }
                }
            }
            ("scalars", other) => {
                return Err(wrong(
                    "scalars",
                    "a table (`ScalarName = \"rust::Type\"`)",
                    &other,
                ))
            }
            ("derives", Value::Array(derives)) => {
                for derive in derives {
                    match derive {
                        Value::String(derive) => metadata.derives.push(derive),
                        other => {
                            return Err(wrong(
                                "derives",
                                "an array of strings (derive macro paths)",
                                &other,
                            ))
                        }
                    }
                }
            }
            ("derives", other) => {
                return Err(wrong(
                    "derives",
                    "an array of strings (derive macro paths)",
                    &other,
                ))
            }
            (unknown, _) => {
                let suggestions = suggestion_list(unknown, KEYS);
                let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
                let hint = if quoted.is_empty() {
                    String::new()
                } else {
                    format!(": did you mean {}?", or_list(&quoted))
                };
                return Err(error(
                    format!("unknown key `{unknown}` in {name}{hint} (the table takes `schema`, `scalars` and `derives`)"),
                    key.span(),
                ));
            }
        }
    }
    Ok(metadata)
}

/// `a string`, `an integer`, ...
fn a(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

/// `path:line:column` of a byte offset (column in characters, both 1-based).
fn location(path: &Path, text: &str, span: Range<usize>) -> String {
    let offset = span.start.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{}:{line}:{column}", path.display())
}

pub(crate) use gqlforge_codegen::source::normalize_path as normalize;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Manifest, String> {
        parse(Path::new("/p/Cargo.toml"), text)
    }

    fn package_table(text: &str) -> Result<Arc<Metadata>, String> {
        parse_str(text)?.package_table.expect("a package table")
    }

    #[test]
    fn reads_the_metadata() {
        let m = package_table(
            r#"
[package]
name = "x"
[package.metadata.gqlforge]
schema = "schema.graphql"
derives = ["Eq"]
[package.metadata.gqlforge.scalars]
DateTime = "String"
[package.metadata.other]
anything = 1
"#,
        )
        .expect("parses");
        assert_eq!(m.schema.as_deref(), Some("schema.graphql"));
        assert_eq!(m.derives, ["Eq"]);
        assert_eq!(
            m.scalars.get("DateTime").map(String::as_str),
            Some("String")
        );
    }

    #[test]
    fn no_metadata_is_no_table() {
        let m = parse_str("[package]\nname = \"x\"\n[package.metadata.other]\na = 1\n")
            .expect("parses");
        assert!(m.package_table.is_none() && m.workspace_table.is_none());
        assert!(m.workspace.is_none() && m.root_pointer.is_none());
    }

    #[test]
    fn a_misspelt_key_is_an_error_with_a_suggestion_and_its_place() {
        let e =
            package_table("[package]\nname = \"x\"\n[package.metadata.gqlforge]\nshema = \"s\"\n")
                .expect_err("unknown key");
        assert_eq!(
            e,
            "unknown key `shema` in [package.metadata.gqlforge]: did you mean `schema`? (the table takes `schema`, `scalars` and `derives`)\n  --> /p/Cargo.toml:4:1"
        );
        let e =
            parse_str("[workspace]\n[workspace.metadata.gqlforge]\nschema = \"s\"\n  colour = 1\n")
                .expect("parses")
                .workspace_table
                .expect("a workspace table")
                .expect_err("unknown key");
        assert_eq!(
            e,
            "unknown key `colour` in [workspace.metadata.gqlforge] (the table takes `schema`, `scalars` and `derives`)\n  --> /p/Cargo.toml:4:3"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_naming_its_key() {
        let e = package_table("[package.metadata.gqlforge]\nschema = \"s\"\nderives = \"Eq\"\n")
            .expect_err("a string for derives");
        assert_eq!(
            e,
            "`derives` in [package.metadata.gqlforge] must be an array of strings (derive macro paths), not a string\n  --> /p/Cargo.toml:3:11"
        );
        let e = package_table("[package.metadata.gqlforge]\nscalars = { Date = 5 }\n")
            .expect_err("an integer for a type");
        assert_eq!(
            e,
            "`scalars.Date` in [package.metadata.gqlforge] must be a string (the Rust type of the scalar), not an integer\n  --> /p/Cargo.toml:2:11"
        );
        // An entry of a `[...scalars]` table is placed at the table's header.
        let e = package_table("[package.metadata.gqlforge.scalars]\nDate = \"u32\"\nTime = 5\n")
            .expect_err("an integer for a type");
        assert!(e.starts_with("`scalars.Time` in "), "{e}");
        assert!(e.ends_with("\n  --> /p/Cargo.toml:1:1"), "{e}");
        let e = package_table("[package.metadata.gqlforge]\nschema = [\"a\"]\n")
            .expect_err("an array for the schema");
        assert!(
            e.starts_with("`schema` in [package.metadata.gqlforge] must be a string (the schema file's path), not an array\n"),
            "{e}"
        );
    }

    #[test]
    fn the_tables_are_checked_apart() {
        // A broken workspace table does not spoil the package table (it is reported only
        // where it is the one in force), and the other way round.
        let m = parse_str(
            "[package]\nname = \"x\"\n[package.metadata.gqlforge]\nschema = \"s\"\n\
             [workspace]\nexclude = [\"old\"]\n[workspace.metadata.gqlforge]\nschemas = \"s\"\n",
        )
        .expect("parses");
        assert_eq!(
            m.package_table
                .expect("package")
                .expect("valid")
                .schema
                .as_deref(),
            Some("s")
        );
        assert!(m.workspace_table.expect("workspace").is_err());
        assert_eq!(m.workspace.expect("[workspace]").exclude, ["old"]);
    }

    #[test]
    fn normalize_drops_dots() {
        assert_eq!(
            normalize(Path::new("/w/member/./../root/Cargo.toml")),
            Path::new("/w/root/Cargo.toml")
        );
    }

    /// A directory tree of manifests under the temporary directory, removed on drop.
    struct Tree(PathBuf);

    impl Tree {
        fn new(name: &str, files: &[(&str, &str)]) -> Tree {
            let root =
                std::env::temp_dir().join(format!("gqlforge-config-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for (path, text) in files {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
                std::fs::write(path, text).expect("write");
            }
            Tree(root)
        }

        fn defaults(&self, member: &str) -> Defaults {
            defaults(&self.0.join(member)).expect("defaults")
        }

        fn path(&self, path: &str) -> PathBuf {
            self.0.join(path)
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const MEMBER: &str = "[package]\nname = \"m\"\n";
    const ROOT: &str = "[workspace]\nmembers = [\"crates/*\"]\n[workspace.metadata.gqlforge]\nschema = \"schema.graphql\"\n";

    #[test]
    fn a_member_without_a_table_takes_the_workspace_table() {
        let tree = Tree::new(
            "member",
            &[
                ("Cargo.toml", ROOT),
                ("crates/Cargo.toml", "[package]\nname = \"between\"\n"),
                ("crates/m/Cargo.toml", MEMBER),
            ],
        );
        let d = tree.defaults("crates/m");
        assert_eq!(d.metadata.schema.as_deref(), Some("schema.graphql"));
        let origin = d.origin.expect("an origin");
        assert_eq!(origin.table, Table::Workspace);
        assert_eq!(origin.base(), tree.path(""));
        // Every manifest read is tracked: the package's, the one on the way, the root's.
        assert_eq!(
            d.manifests,
            [
                tree.path("crates/m/Cargo.toml"),
                tree.path("crates/Cargo.toml"),
                tree.path("Cargo.toml")
            ]
        );
    }

    #[test]
    fn a_package_table_wins_entirely() {
        let tree = Tree::new(
            "package",
            &[
                ("Cargo.toml", ROOT),
                (
                    "crates/m/Cargo.toml",
                    "[package]\nname = \"m\"\n[package.metadata.gqlforge]\nderives = [\"Eq\"]\n",
                ),
            ],
        );
        let d = tree.defaults("crates/m");
        assert_eq!(
            *d.metadata,
            Metadata {
                derives: vec!["Eq".into()],
                ..Metadata::default()
            }
        );
        assert_eq!(d.origin.expect("an origin").table, Table::Package);
        assert_eq!(d.manifests, [tree.path("crates/m/Cargo.toml")]);
    }

    #[test]
    fn a_package_that_is_its_own_workspace_root_reads_its_workspace_table() {
        let tree = Tree::new("own-root", &[("Cargo.toml", &format!("{MEMBER}{ROOT}"))]);
        let d = tree.defaults("");
        let origin = d.origin.expect("an origin");
        assert_eq!(
            (origin.table, origin.manifest),
            (Table::Workspace, tree.path("Cargo.toml"))
        );
        assert_eq!(d.manifests, [tree.path("Cargo.toml")]);
    }

    #[test]
    fn package_workspace_points_at_the_root() {
        let tree = Tree::new(
            "pointer",
            &[
                ("root/Cargo.toml", ROOT),
                (
                    "m/Cargo.toml",
                    "[package]\nname = \"m\"\nworkspace = \"../root\"\n",
                ),
            ],
        );
        let d = tree.defaults("m");
        assert_eq!(
            d.origin.expect("an origin").manifest,
            tree.path("root/Cargo.toml")
        );
        assert_eq!(
            d.manifests,
            [tree.path("m/Cargo.toml"), tree.path("root/Cargo.toml")]
        );
    }

    #[test]
    fn an_excluded_package_looks_further_up() {
        let tree = Tree::new(
            "excluded",
            &[
                ("Cargo.toml", ROOT),
                ("inner/Cargo.toml", "[workspace]\nexclude = [\"m\"]\n[workspace.metadata.gqlforge]\nschema = \"inner.graphql\"\n"),
                ("inner/m/Cargo.toml", MEMBER),
            ],
        );
        let d = tree.defaults("inner/m");
        assert_eq!(d.metadata.schema.as_deref(), Some("schema.graphql"));
        assert_eq!(
            d.origin.expect("an origin").manifest,
            tree.path("Cargo.toml")
        );
    }

    #[test]
    fn no_workspace_table_is_no_defaults() {
        let tree = Tree::new(
            "none",
            &[("Cargo.toml", "[workspace]\n"), ("m/Cargo.toml", MEMBER)],
        );
        let d = tree.defaults("m");
        assert!(d.origin.is_none());
        assert_eq!(*d.metadata, Metadata::default());
        assert_eq!(
            d.manifests,
            [tree.path("m/Cargo.toml"), tree.path("Cargo.toml")]
        );
    }
}
