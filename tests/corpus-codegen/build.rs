//! Generates one module per corpus schema (`../shared/corpus/<api>/`, found by
//! `gqlforge_corpus::locate`) into `OUT_DIR`, plus a registry of the generated operations for
//! the tests. A corpus operation that does not generate, or generates code that does not
//! compile, fails the build of this test crate. Without the corpus the corpus schemas' modules
//! are empty (a warning says so) and the tests that need them are skipped; the constructs are
//! generated either way.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const APIS: &[&str] = &["countries", "github", "swapi", "constructs"];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-env-changed={}", gqlforge_corpus::ENV);
    let corpus = match gqlforge_corpus::locate() {
        Ok(dir) => Some(dir),
        Err(missing) if missing.explicit => panic!("{missing}"),
        Err(missing) => {
            println!(
                "cargo:warning={missing}; the corpus modules are left empty and the tests that need them are skipped"
            );
            // A path that does not exist runs this script again at every build, so that the
            // corpus is generated once it is there.
            println!("cargo:rerun-if-changed={}", missing.path.display());
            None
        }
    };
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let mut registry = String::from("pub static OPERATIONS: &[Case] = &[\n");
    for api in APIS {
        // `constructs`: the code generator's snapshot inputs, one file per construct.
        let dir = if *api == "constructs" {
            manifest.join("../../crates/gqlforge-codegen/tests/constructs")
        } else if let Some(corpus) = &corpus {
            corpus.join(api)
        } else {
            std::fs::write(out.join(format!("{api}.rs")), "").expect("OUT_DIR is writable");
            continue;
        };
        println!("cargo:rerun-if-changed={}", dir.display());
        let schema_path = dir.join("schema.graphql");
        let (schema, _) = gqlforge_codegen::schema::load_schema_file(&schema_path)
            .unwrap_or_else(|e| panic!("{e}"));
        let files = operation_files(&dir.join("operations"));
        // `Serialize` for the round trips, `PartialEq` to compare.
        let mut options = gqlforge_codegen::Options {
            derives: vec!["Serialize".into(), "PartialEq".into()],
            ..Default::default()
        };
        if *api == "constructs" {
            // As in the snapshot tests (crates/gqlforge-codegen/src/emit/tests.rs).
            options.scalars.insert("DateTime".into(), "String".into());
        }
        // The corpus's files come from unrelated projects, several defining a fragment of
        // one name: each module holds every fragment name once (`gqlforge_corpus::modules`).
        // The first is the API's module, the others modules inside it (`github::part_2`).
        let mut code = String::new();
        for (index, files) in gqlforge_corpus::modules(files, fragment_names)
            .into_iter()
            .enumerate()
        {
            let generated = gqlforge_codegen::generate_module(&schema, &files, &options)
                .unwrap_or_else(|errors| {
                    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                    panic!("{}", text.join("\n"))
                });
            let path = if index == 0 {
                code.push_str(&generated.code);
                api.to_string()
            } else {
                let part = format!("part_{}", index + 1);
                writeln!(code, "pub mod {part} {{\n{}}}", generated.code)
                    .expect("writing to a String");
                format!("{api}::{part}")
            };
            for op in &generated.operations {
                let operation_name = match &op.operation_name {
                    Some(n) => format!("Some({n:?})"),
                    None => "None".into(),
                };
                writeln!(
                    registry,
                    "    Case {{ api: {api:?}, file: {:?}, operation_name: {operation_name}, query: <{path}::{} as ::gqlforge::Operation>::QUERY, round_trip: round_trip::<{path}::{}>, variables: variables::<{path}::{}> }},",
                    op.file, op.struct_name, op.struct_name, op.struct_name
                )
                .expect("writing to a String");
            }
        }
        std::fs::write(out.join(format!("{api}.rs")), &code).expect("OUT_DIR is writable");
    }
    registry.push_str("];\n");
    std::fs::write(out.join("registry.rs"), registry).expect("OUT_DIR is writable");
}

/// The fragments a document defines.
fn fragment_names(file: &gqlforge_codegen::SourceFile) -> Vec<String> {
    gqlforge_codegen::parse_document(file.text())
        .map(|d| d.fragments().map(|f| f.name.value.clone()).collect())
        .unwrap_or_default()
}

fn operation_files(dir: &Path) -> Vec<gqlforge_codegen::SourceFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("corpus file is readable");
            gqlforge_codegen::SourceFile::new(p.display().to_string(), text)
        })
        .collect()
}
