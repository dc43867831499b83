//! Editing a file a `gql!` expansion read makes cargo expand it again: the expansion makes
//! the schema and the manifests its defaults came from (`[package.metadata.gqlforge]`, or
//! `[workspace.metadata.gqlforge]` of the workspace root) files the crate depends on. Probe
//! crates are built, one file changed (the source untouched), and built again: each build's
//! outcome must be the one the new file says.

use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir() -> PathBuf {
    // Beside the workspace's own builds, so the probes' dependencies are built once.
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("tests/gqlforge-rebuild")
}

/// A directory of its own for one test's crate or workspace; cargo runs at its top.
struct Probe {
    dir: PathBuf,
}

impl Probe {
    fn new(name: &str) -> Probe {
        let dir = target_dir().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("probe dir");
        // The workspace's versions, so nothing is resolved afresh.
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock"),
            dir.join("Cargo.lock"),
        )
        .expect("lockfile");
        // Its absolute path as cargo hands it to the macro, for the messages naming files.
        let dir = dir.canonicalize().expect("probe dir");
        Probe { dir }
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("probe dir");
        std::fs::write(path, text).expect("probe file");
    }

    /// `cargo build`: Ok(stderr) when it succeeded, Err(stderr) when not.
    fn build(&self) -> Result<String, String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .current_dir(&self.dir)
            .env_remove("GQLFORGE_MANIFEST_DIR")
            .args(["build", "--offline", "--quiet", "--target-dir"])
            .arg(target_dir().join("target"))
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if output.status.success() {
            Ok(stderr)
        } else {
            Err(stderr)
        }
    }
}

/// A package manifest with `metadata` (TOML tables) between `[package]` and its dependency
/// on the runtime; `workspace` is appended (`"[workspace]\n"` makes it a workspace of its own).
fn package_manifest(name: &str, metadata: &str, workspace: &str) -> String {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/gqlforge");
    let runtime = runtime.canonicalize().expect("the runtime crate");
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         {metadata}\n\
         [dependencies]\ngqlforge = {{ path = {:?}, default-features = false, features = [\"macros\"] }}\n\n{workspace}",
        runtime.display().to_string()
    )
}

/// Asserts that `stderr` holds each of `expected`.
fn assert_says(stderr: &str, expected: &[&str]) {
    for text in expected {
        assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
    }
}

const LIB: &str = "gqlforge::gql! {\n    query Names {\n        name\n    }\n}\n";

#[test]
fn editing_the_schema_expands_again() {
    let probe = Probe::new("probe");
    probe.write(
        "Cargo.toml",
        &package_manifest(
            "gqlforge-rebuild-probe",
            "[package.metadata.gqlforge]\nschema = \"schema.graphql\"\n",
            "[workspace]\n",
        ),
    );
    probe.write("schema.graphql", "type Query {\n  name: String\n}\n");
    probe.write("src/lib.rs", LIB);
    probe.build().expect("the first build succeeds");

    // The schema alone changes: `name` is gone. The crate must be expanded again, and fail.
    probe.write("schema.graphql", "type Query {\n  nickname: String\n}\n");
    let stderr = probe
        .build()
        .expect_err("the build sees the new schema, which lacks the queried field");
    assert_says(
        &stderr,
        &[r#"FieldsOnCorrectTypeRule: Cannot query field "name" on type "Query"."#],
    );

    // Add a field, query it, build again.
    probe.write(
        "schema.graphql",
        "type Query {\n  nickname: String\n  age: Int\n}\n",
    );
    probe.write(
        "src/lib.rs",
        "gqlforge::gql! {\n    query Names {\n        nickname\n        age\n    }\n}\n\npub fn age(data: &names::Data) -> Option<i32> {\n    data.age\n}\n",
    );
    probe.build().expect("the query of the new field builds");
}

/// `day` of the schemas below, read as a `u32`: compiles only when `Date` is bound to `u32`.
const TODAY: &str = "gqlforge::gql! {\n    query Today {\n        day\n    }\n}\n\n\
                     pub fn day(data: &today::Data) -> Option<u32> {\n    data.day\n}\n";

const DATE_SCHEMA: &str = "scalar Date\n\ntype Query {\n  day: Date\n}\n";

#[test]
fn editing_the_package_metadata_expands_again() {
    let probe = Probe::new("package-metadata");
    let manifest =
        |metadata: &str| package_manifest("gqlforge-rebuild-metadata", metadata, "[workspace]\n");
    probe.write(
        "Cargo.toml",
        &manifest(
            "[package.metadata.gqlforge]\nschema = \"schema.graphql\"\n\n\
             [package.metadata.gqlforge.scalars]\nDate = \"u32\"\n",
        ),
    );
    probe.write("schema.graphql", DATE_SCHEMA);
    probe.write(
        "other.graphql",
        "scalar Date\n\ntype Query {\n  date: Date\n}\n",
    );
    probe.write("src/lib.rs", TODAY);
    probe
        .build()
        .expect("the first build succeeds: `Date` is a u32");

    // Only the binding changes: `day` becomes a String, which `day()` does not return.
    probe.write(
        "Cargo.toml",
        &manifest(
            "[package.metadata.gqlforge]\nschema = \"schema.graphql\"\n\n\
             [package.metadata.gqlforge.scalars]\nDate = \"String\"\n",
        ),
    );
    let stderr = probe.build().expect_err("the build sees the new binding");
    assert_says(
        &stderr,
        &[
            "error[E0308]: mismatched types",
            "expected `Option<u32>`, found `Option<String>`",
        ],
    );

    // Only the schema path changes: the other schema has no `day`.
    probe.write(
        "Cargo.toml",
        &manifest(
            "[package.metadata.gqlforge]\nschema = \"other.graphql\"\n\n\
             [package.metadata.gqlforge.scalars]\nDate = \"u32\"\n",
        ),
    );
    let stderr = probe.build().expect_err("the build sees the other schema");
    assert_says(
        &stderr,
        &[
            r#"FieldsOnCorrectTypeRule: Cannot query field "day" on type "Query". Did you mean "date"?"#,
        ],
    );

    // Back to the first table: it builds again.
    probe.write(
        "Cargo.toml",
        &manifest(
            "[package.metadata.gqlforge]\nschema = \"schema.graphql\"\n\n\
             [package.metadata.gqlforge.scalars]\nDate = \"u32\"\n",
        ),
    );
    probe.build().expect("the first table builds again");

    // The table is removed: no default schema any more.
    probe.write("Cargo.toml", &manifest(""));
    let stderr = probe.build().expect_err("no schema");
    assert_says(&stderr, &["gql! does not know the schema"]);
}

#[test]
fn a_member_without_a_table_takes_the_workspace_table() {
    let probe = Probe::new("workspace");
    let root =
        |table: &str| format!("[workspace]\nmembers = [\"member\"]\nresolver = \"2\"\n\n{table}");
    let bound = |date: &str| {
        root(&format!(
            "[workspace.metadata.gqlforge]\nschema = \"schemas/api.graphql\"\n\n\
             [workspace.metadata.gqlforge.scalars]\nDate = \"{date}\"\n"
        ))
    };
    probe.write("Cargo.toml", &bound("u32"));
    probe.write("schemas/api.graphql", DATE_SCHEMA);
    probe.write(
        "member/Cargo.toml",
        &package_manifest("gqlforge-rebuild-member", "", ""),
    );
    // The same path relative to the member: a schema where `day` is an Int (an i32).
    probe.write(
        "member/schemas/api.graphql",
        "type Query {\n  day: Int\n}\n",
    );
    probe.write("member/src/lib.rs", TODAY);
    probe
        .build()
        .expect("the member builds against the workspace root's schema, `Date` a u32");

    // Only the workspace's binding changes.
    probe.write("Cargo.toml", &bound("String"));
    let stderr = probe
        .build()
        .expect_err("the build sees the workspace's new binding");
    assert_says(
        &stderr,
        &[
            "error[E0308]: mismatched types",
            "expected `Option<u32>`, found `Option<String>`",
        ],
    );

    // A misspelt key in the workspace's table: an error at it, in the root manifest.
    probe.write(
        "Cargo.toml",
        &root("[workspace.metadata.gqlforge]\nshema = \"schemas/api.graphql\"\n"),
    );
    let stderr = probe.build().expect_err("the key is unknown");
    let root_manifest = probe.dir.join("Cargo.toml").display().to_string();
    assert_says(
        &stderr,
        &[
            "error: unknown key `shema` in [workspace.metadata.gqlforge]: did you mean `schema`? (the table takes `schema`, `scalars` and `derives`)",
            &format!("--> {root_manifest}:6:1"),
        ],
    );

    // A schema path that names no file: the error says whose key it is and what it is
    // relative to.
    probe.write(
        "Cargo.toml",
        &root("[workspace.metadata.gqlforge]\nschema = \"schemas/missing.graphql\"\n"),
    );
    let stderr = probe.build().expect_err("the schema is missing");
    assert_says(
        &stderr,
        &[
            &format!("error: cannot read the schema `schemas/missing.graphql` (`schema` in [workspace.metadata.gqlforge] of {root_manifest}): No such file or directory"),
            "hint: the path is relative to the workspace root, where that Cargo.toml is",
        ],
    );

    // The member gets a table of its own: it wins entirely (the workspace's broken one is
    // not even read), and its path is relative to the member: `day` is an Int there.
    probe.write(
        "member/Cargo.toml",
        &package_manifest(
            "gqlforge-rebuild-member",
            "[package.metadata.gqlforge]\nschema = \"schemas/api.graphql\"\n",
            "",
        ),
    );
    let stderr = probe
        .build()
        .expect_err("the member's schema has `day: Int`");
    assert_says(
        &stderr,
        &[
            "error[E0308]: mismatched types",
            "expected `Option<u32>`, found `Option<i32>`",
        ],
    );
    probe.write("member/src/lib.rs", &TODAY.replace("u32", "i32"));
    probe
        .build()
        .expect("the member builds against its own schema");
}
