//! gqlforge used as a new user would: a crate of their own, in a temporary directory outside
//! this workspace, depending on the crates by path (as if they were published), through each
//! route — `gql!`, `build.rs`, and `cargo gqlforge` (found by cargo on `PATH`).
//!
//! The crates build into one target directory of their own beside the workspace's builds
//! (`<target>/tests/gqlforge-user`), with the workspace's `Cargo.lock`, offline: their
//! dependencies are compiled once, whatever the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gqlforge_tests::servers::GraphqlServer;
use gqlforge_tests::temp::copy_dir;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
        .join("tests/gqlforge-user")
}

/// A crate of the user's: a directory of its own under the system's temp directory.
struct UserCrate {
    dir: PathBuf,
}

impl UserCrate {
    fn new(name: &str) -> UserCrate {
        let dir = std::env::temp_dir().join(format!("gqlforge-user-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the crate's directory");
        let dir = dir.canonicalize().expect("the crate's directory");
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lockfile");
        // The countries schema this repository ships, as the user's own schema.
        std::fs::copy(
            workspace().join("schema/countries/schema.graphql"),
            dir.join("schema.graphql"),
        )
        .expect("schema");
        UserCrate { dir }
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("directory");
        std::fs::write(path, text).expect("file");
    }

    /// A manifest with `extra` (tables) after `[package]` and the given dependencies.
    fn manifest(&self, name: &str, extra: &str, dependencies: &str) {
        self.write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
                 publish = false\n\n{extra}\n{dependencies}\n[workspace]\n"
            ),
        );
    }

    fn cargo(&self, args: &[&str]) -> Output {
        run_cargo(&self.dir, args)
    }
}

impl Drop for UserCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo ARGS` in `dir`, offline, into the shared target directory, with the directory of
/// `cargo-gqlforge` first on `PATH` (as `cargo install` would put it).
fn run_cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_cargo-gqlforge"))
        .parent()
        .expect("the binary's directory")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    Command::new(cargo)
        .current_dir(dir)
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("GQLFORGE_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .args(args)
        .output()
        .expect("cargo runs")
}

fn path_of(krate: &str) -> String {
    format!(
        "{:?}",
        workspace().join("crates").join(krate).display().to_string()
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the command succeeded and that cargo reported no warning; returns stdout.
fn succeeded(what: &str, output: &Output) -> String {
    let stderr = text(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed:\n{stderr}\n{}",
        text(&output.stdout)
    );
    assert!(!stderr.contains("warning"), "{what} warned:\n{stderr}");
    text(&output.stdout)
}

#[test]
fn gql_macro_route_compiles_and_reads_typed_data_from_a_server() {
    let server = GraphqlServer::start(&workspace().join("schema/countries/schema.graphql"))
        .unwrap_or_else(|e| panic!("{e}"));
    let krate = UserCrate::new("gql");
    krate.manifest(
        "user-gql",
        "[package.metadata.gqlforge]\nschema = \"schema.graphql\"\n",
        &format!(
            "[dependencies]\ngqlforge = {{ path = {} }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
            path_of("gqlforge")
        ),
    );
    krate.write(
        "src/main.rs",
        r#"gqlforge::gql! {
    query Continents {
        continents { code name countries { code } }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the endpoint");
    let client = gqlforge::Client::builder(url)
        .bearer_token("user-token")
        .build()
        .expect("a client");
    let data: continents::Data = client
        .execute::<Continents>(continents::Variables {})
        .await
        .expect("the query");
    let countries: usize = data.continents.iter().map(|c| c.countries.len()).sum();
    println!("{} continents, {countries} countries", data.continents.len());
    for continent in &data.continents {
        let code: &gqlforge::Id = &continent.code;
        let name: &String = &continent.name;
        println!("{code:?} {name}");
    }
}
"#,
    );
    let output = krate.cargo(&["run", "--offline", "--quiet", "--", server.url()]);
    let stdout = succeeded("cargo run (gql!)", &output);
    let mut lines = stdout.lines();
    let summary = lines.next().expect("a summary line");
    let continents: usize = summary
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count first: {stdout}"));
    assert!(summary.ends_with(" countries"), "{stdout}");
    assert!(continents > 0, "the mock server answers lists: {stdout}");
    assert_eq!(
        lines.count(),
        continents,
        "one line per continent: {stdout}"
    );

    // A misspelled field is a compile error in the user's crate, with a hint.
    krate.write(
        "src/main.rs",
        "gqlforge::gql! {\n    query Continents {\n        continents { cod }\n    }\n}\n\nfn main() {}\n",
    );
    let failed = krate.cargo(&["build", "--offline", "--quiet"]);
    assert!(!failed.status.success());
    let stderr = text(&failed.stderr);
    assert!(
        stderr.contains(
            "FieldsOnCorrectTypeRule: Cannot query field \"cod\" on type \"Continent\". Did you mean \"code\"?"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("src/main.rs:3:22"), "{stderr}");
}

/// The crates as `cargo package` made them (`<target>/package/NAME-VERSION`, unpacked by its
/// verification), or `None` when they are not there: CI packages before it tests.
fn packaged_crates() -> Option<PathBuf> {
    let dir = target_dir().parent()?.parent()?.join("package");
    let runtime = dir.join(format!("gqlforge-{}", env!("CARGO_PKG_VERSION")));
    if runtime.join("Cargo.toml").is_file() {
        return Some(dir);
    }
    let reason = format!(
        "the packaged crates are not at {} (run `cargo package --workspace --exclude ...` as .ci/run does)",
        dir.display()
    );
    assert!(!gqlforge_corpus::on_ci(), "{reason}");
    eprintln!("skipped user_project::gql_macro_route_works_from_the_packaged_crates: {reason}");
    None
}

#[test]
fn gql_macro_route_works_from_the_packaged_crates() {
    let Some(packages) = packaged_crates() else {
        return;
    };
    let version = env!("CARGO_PKG_VERSION");
    let krate = UserCrate::new("packaged");
    let patch = |name: &str| {
        format!(
            "{name} = {{ path = {:?} }}\n",
            packages
                .join(format!("{name}-{version}"))
                .display()
                .to_string()
        )
    };
    // As published: a registry dependency, here patched to the packages' contents.
    krate.manifest(
        "user-packaged",
        "[package.metadata.gqlforge]\nschema = \"graphql/schema.graphql\"\n",
        &format!(
            "[dependencies]\ngqlforge = {{ version = \"{version}\", default-features = false, \
             features = [\"macros\"] }}\n\n[patch.crates-io]\n{}{}{}",
            patch("gqlforge"),
            patch("gqlforge-proc-macro"),
            patch("gqlforge-codegen")
        ),
    );
    std::fs::rename(krate.dir.join("schema.graphql"), {
        std::fs::create_dir_all(krate.dir.join("graphql")).expect("directory");
        krate.dir.join("graphql/schema.graphql")
    })
    .expect("schema");
    krate.write(
        "src/main.rs",
        "gqlforge::gql! {\n    query Continents { continents { code name } }\n}\n\n\
         fn main() {\n    use gqlforge::Operation;\n    println!(\"{}\", Continents::QUERY);\n}\n",
    );
    let stdout = succeeded(
        "cargo run (packaged crates)",
        &krate.cargo(&["run", "--offline", "--quiet"]),
    );
    assert_eq!(
        stdout,
        "query Continents {\n  continents {\n    code\n    name\n  }\n}\n"
    );
}

#[test]
fn build_script_route_generates_compiles_and_regenerates_on_edits() {
    let krate = UserCrate::new("build");
    krate.manifest(
        "user-build",
        "",
        &format!(
            "[dependencies]\ngqlforge = {{ path = {}, default-features = false }}\n\
             serde_json = \"1\"\n\n[build-dependencies]\ngqlforge-build = {{ path = {} }}\n",
            path_of("gqlforge"),
            path_of("gqlforge-build")
        ),
    );
    krate.write(
        "build.rs",
        r#"fn main() {
    gqlforge_build::configure()
        .schema("schema.graphql")
        .operations("src/graphql/**/*.graphql")
        .compile()
        .unwrap();
}
"#,
    );
    // Two operations; the program uses one of them (the other's types must not warn).
    krate.write(
        "src/graphql/continents.graphql",
        "query Continents { continents { code } }\n",
    );
    krate.write(
        "src/graphql/country/country.graphql",
        "query Country($code: ID!) { country(code: $code) { name capital } }\n",
    );
    krate.write(
        "src/main.rs",
        r##"include!(concat!(env!("OUT_DIR"), "/gqlforge.rs"));

use gqlforge::Operation;

fn main() {
    println!("{}", Continents::QUERY);
    let response: gqlforge::Response<continents::Data> =
        serde_json::from_str(r#"{"data": {"continents": [{"code": "EU", "name": "Europe"}]}}"#).expect("decodes");
    let data = response.data.expect("data");
    println!("first: {}", data.continents[0].code.as_str());
}
"##,
    );
    let stdout = succeeded(
        "cargo run (build.rs)",
        &krate.cargo(&["run", "--offline", "--quiet"]),
    );
    assert!(stdout.contains("continents {\n    code\n  }"), "{stdout}");
    assert!(stdout.ends_with("first: EU\n"), "{stdout}");

    // Editing an operation file regenerates: the query sent now selects `name` too.
    krate.write(
        "src/graphql/continents.graphql",
        "query Continents { continents { code name } }\n",
    );
    let stdout = succeeded(
        "rebuild after an edit",
        &krate.cargo(&["run", "--offline", "--quiet"]),
    );
    assert!(stdout.contains("    code\n    name\n"), "{stdout}");

    // A new file in a globbed directory regenerates too: its operation's type exists.
    krate.write(
        "src/graphql/country/languages.graphql",
        "query Languages { languages { code } }\n",
    );
    krate.write(
        "src/main.rs",
        r#"include!(concat!(env!("OUT_DIR"), "/gqlforge.rs"));

use gqlforge::Operation;

fn main() {
    println!("{}", Languages::QUERY);
}
"#,
    );
    let stdout = succeeded(
        "rebuild after a new file",
        &krate.cargo(&["run", "--offline", "--quiet"]),
    );
    assert!(stdout.starts_with("query Languages {"), "{stdout}");

    // An invalid operation fails the build with its place, a snippet and a hint.
    krate.write(
        "src/graphql/country/languages.graphql",
        "query Languages {\n  languages { cdoe }\n}\n",
    );
    let failed = krate.cargo(&["build", "--offline", "--quiet"]);
    assert!(!failed.status.success());
    let stderr = text(&failed.stderr);
    for expected in [
        "error[FieldsOnCorrectTypeRule]: Cannot query field \"cdoe\" on type \"Language\". Did you mean \"code\"?",
        "src/graphql/country/languages.graphql:2:15",
        "2 |   languages { cdoe }",
        "^^^^",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
}

#[test]
fn cli_route_generates_checks_and_stays_fresh_when_the_project_moves() {
    let krate = UserCrate::new("cli");
    krate.manifest(
        "user-cli",
        "",
        &format!(
            "[dependencies]\ngqlforge = {{ path = {}, default-features = false }}\n",
            path_of("gqlforge")
        ),
    );
    krate.write(
        "gqlforge.toml",
        "[[api]]\nname = \"countries\"\nschema = \"schema.graphql\"\n\
         operations = [\"graphql/*.graphql\"]\noutput = \"src/countries.rs\"\n",
    );
    krate.write(
        "graphql/continents.graphql",
        "query Continents { continents { code name } }\n",
    );
    krate.write(
        "graphql/country.graphql",
        "query Country($code: ID!) { country(code: $code) { name } }\n",
    );
    krate.write(
        "src/main.rs",
        "mod countries;\n\nuse gqlforge::Operation;\n\nfn main() {\n    \
         println!(\"{}\", countries::Continents::NAME);\n}\n",
    );

    // From a subdirectory, as cargo finds Cargo.toml.
    let generated = run_cargo(&krate.dir.join("graphql"), &["gqlforge", "codegen"]);
    let stdout = succeeded("cargo gqlforge codegen", &generated);
    assert_eq!(
        stdout,
        format!(
            "countries: written {}/src/countries.rs\n",
            krate.dir.display()
        )
    );
    let check = krate.cargo(&["gqlforge", "codegen", "--check"]);
    assert_eq!(
        succeeded("--check", &check),
        "countries: up to date src/countries.rs\n"
    );
    let stdout = succeeded(
        "cargo run (CLI)",
        &krate.cargo(&["run", "--offline", "--quiet"]),
    );
    assert_eq!(stdout, "Continents\n");

    // The whole crate moved elsewhere: still up to date (the header names no absolute path).
    let moved = std::env::temp_dir().join(format!("gqlforge-user-moved-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&moved);
    copy_dir(&krate.dir, &moved.join("a/b"));
    let check = run_cargo(&moved.join("a/b"), &["gqlforge", "codegen", "--check"]);
    let result = succeeded("--check after moving", &check);
    let _ = std::fs::remove_dir_all(&moved);
    assert_eq!(result, "countries: up to date src/countries.rs\n");

    // A stale output fails the check with a diff.
    krate.write(
        "graphql/continents.graphql",
        "query Continents { continents { code } }\n",
    );
    let stale = krate.cargo(&["gqlforge", "codegen", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let stdout = text(&stale.stdout);
    assert!(
        stdout.starts_with(
            "countries: stale src/countries.rs\n--- a/src/countries.rs\n+++ b/src/countries.rs\n"
        ),
        "{stdout}"
    );
}
