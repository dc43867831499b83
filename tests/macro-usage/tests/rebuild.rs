//! Editing the schema makes cargo expand `gql!` again: the expansion makes the schema a file
//! the crate depends on. A probe crate is built, its schema changed (source untouched), built
//! again — it must fail against the new schema —, then its query changed to match.

use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir() -> PathBuf {
    // Beside the workspace's own builds, so the probe's dependencies are built once.
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("tests/gqlforge-rebuild")
}

struct Probe {
    dir: PathBuf,
}

impl Probe {
    fn new() -> Probe {
        let dir = target_dir().join("probe");
        let _ = std::fs::remove_dir_all(dir.join("src"));
        std::fs::create_dir_all(dir.join("src")).expect("probe dir");
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/gqlforge");
        let runtime = runtime.canonicalize().expect("the runtime crate");
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"gqlforge-rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [package.metadata.gqlforge]\nschema = \"schema.graphql\"\n\n\
                 [dependencies]\ngqlforge = {{ path = {:?}, default-features = false, features = [\"macros\"] }}\n\n[workspace]\n",
                runtime.display().to_string()
            ),
        )
        .expect("probe manifest");
        // The workspace's versions, so nothing is resolved afresh.
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock"),
            dir.join("Cargo.lock"),
        )
        .expect("lockfile");
        Probe { dir }
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join(file), text).expect("probe file");
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

const LIB: &str = "gqlforge::gql! {\n    query Names {\n        name\n    }\n}\n";

#[test]
fn editing_the_schema_expands_again() {
    let probe = Probe::new();
    probe.write("schema.graphql", "type Query {\n  name: String\n}\n");
    probe.write("src/lib.rs", LIB);
    probe.build().expect("the first build succeeds");

    // The schema alone changes: `name` is gone. The crate must be expanded again, and fail.
    probe.write("schema.graphql", "type Query {\n  nickname: String\n}\n");
    let stderr = probe
        .build()
        .expect_err("the build sees the new schema, which lacks the queried field");
    assert!(
        stderr.contains(r#"FieldsOnCorrectTypeRule: Cannot query field "name" on type "Query"."#),
        "{stderr}"
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
