//! The calling crate's defaults: `[package.metadata.gqlforge]` in its `Cargo.toml`.
//!
//! ```toml
//! [package.metadata.gqlforge]
//! schema = "schema.graphql"              # relative to the crate's manifest directory
//! derives = ["Eq"]                       # optional: extra derives on response types
//! [package.metadata.gqlforge.scalars]    # optional: custom scalar -> Rust type
//! DateTime = "String"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

/// The defaults of one crate.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Metadata {
    pub schema: Option<String>,
    #[serde(default)]
    pub scalars: BTreeMap<String, String>,
    #[serde(default)]
    pub derives: Vec<String>,
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<Package>,
}

#[derive(Deserialize)]
struct Package {
    metadata: Option<PackageMetadata>,
}

#[derive(Deserialize)]
struct PackageMetadata {
    gqlforge: Option<Metadata>,
}

/// The directory paths are relative to: the calling crate's manifest directory.
/// `GQLFORGE_MANIFEST_DIR` overrides it, for tests whose crates are generated elsewhere
/// (trybuild builds its own copy of each test crate).
pub(crate) fn manifest_dir() -> Result<PathBuf, String> {
    std::env::var_os("GQLFORGE_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| {
            "CARGO_MANIFEST_DIR is not set: gql! reads its schema relative to the calling crate, so it runs under cargo".to_owned()
        })
}

/// The crate's `[package.metadata.gqlforge]` (empty when it has none), cached per file
/// version for the life of the compiler process.
pub(crate) fn metadata(manifest_dir: &Path) -> Result<Arc<Metadata>, String> {
    static CACHE: crate::cache::Cache<Metadata> = crate::cache::Cache::new();
    let path = manifest_dir.join("Cargo.toml");
    CACHE.get_or_load(&path, |text| {
        parse(text).map_err(|e| format!("{}: {e}", path.display()))
    })
}

fn parse(text: &str) -> Result<Metadata, String> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_owned();
        match e.span() {
            Some(span) => {
                let line = text[..span.start].matches('\n').count() + 1;
                format!("line {line}: {message} (in [package.metadata.gqlforge], which takes `schema`, `scalars` and `derives`)")
            }
            None => message,
        }
    })?;
    Ok(manifest
        .package
        .and_then(|p| p.metadata)
        .and_then(|m| m.gqlforge)
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_metadata() {
        let m = parse(
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
    fn no_metadata_is_empty() {
        let m = parse("[package]\nname = \"x\"\n").expect("parses");
        assert!(m.schema.is_none() && m.scalars.is_empty() && m.derives.is_empty());
    }

    #[test]
    fn a_misspelt_key_is_an_error_with_its_line() {
        let e = parse("[package]\nname = \"x\"\n[package.metadata.gqlforge]\nshema = \"s\"\n")
            .expect_err("unknown key");
        assert!(e.starts_with("line 4: unknown field `shema`"), "{e}");
    }
}
