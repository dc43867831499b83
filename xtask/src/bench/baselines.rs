//! The crates of the same GitHub corpus operations written the ways of the baselines:
//! graphql_client 0.16's derive (one `#[derive(GraphQLQuery)]` per operation, reading the
//! schema and a query file of the operation's document), and cynic 3 (the schema registered
//! in a build script with `cynic_codegen::register_schema`, `#[cynic::schema("github")]`, and
//! the types `cynic-querygen` writes for each operation), as cynic documents it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use gqlforge_codegen::{parse_document, SourceFile};
use graphql_client_codegen::{
    generate_module_token_stream_from_string, CodegenMode, GraphQLClientCodegenOptions,
};

/// Whether graphql_client_codegen generates `text` (it panics on some documents: that is a
/// no).
pub(crate) fn graphql_client_takes(schema_path: &Path, text: &str) -> bool {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let taken = std::panic::catch_unwind(|| {
        generate_module_token_stream_from_string(
            text,
            schema_path,
            GraphQLClientCodegenOptions::new(CodegenMode::Cli),
        )
        .is_ok()
    })
    .unwrap_or(false);
    std::panic::set_hook(hook);
    taken
}

/// The names of the operations in `document`.
fn operation_names(document: &SourceFile) -> Result<Vec<String>, String> {
    let parsed = parse_document(document.text())
        .map_err(|e| format!("{}: {}", document.name(), e.message))?;
    Ok(parsed
        .operations()
        .filter_map(|op| op.name.as_ref().map(|n| n.value.clone()))
        .collect())
}

/// `with-graphql-client/src/lib.rs` and the query files it reads (`queries/NNN.graphql`,
/// relative to the crate), one module per corpus file, one derive per operation.
pub(crate) fn graphql_client_crate(
    schema_path: &Path,
    scalars: &[String],
    documents: &[SourceFile],
) -> Result<(String, Vec<(String, String)>), String> {
    let mut lib = String::from(
        "//! The operations through graphql_client's derive.\n#![allow(non_camel_case_types, dead_code, clippy::all)]\n\n/// The schema's custom scalars, as graphql_client expects them in scope.\nmod scalars {\n",
    );
    for scalar in scalars {
        lib.push_str(&format!("    pub type {scalar} = String;\n"));
    }
    lib.push_str("}\n");
    let mut queries = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let query = format!("queries/{i:03}.graphql");
        lib.push_str(&format!(
            "\npub mod op_{i:03} {{\n    #[allow(unused_imports)]\n    use super::scalars::*;\n    use graphql_client::GraphQLQuery;\n"
        ));
        for name in operation_names(document)? {
            lib.push_str(&format!(
                "\n    #[derive(GraphQLQuery)]\n    #[graphql(schema_path = {:?}, query_path = {query:?}, response_derives = \"Debug\")]\n    pub struct {name};\n",
                schema_path.display().to_string()
            ));
        }
        lib.push_str("}\n");
        queries.push((query, document.text().to_string()));
    }
    Ok((lib, queries))
}

/// `with-cynic/src/lib.rs`: one module per document, of the types cynic-querygen writes.
pub(crate) fn cynic_crate(
    generator: &cynic_querygen::Generator,
    documents: &[SourceFile],
) -> Result<String, String> {
    let mut lib = String::from(
        "//! The operations through cynic: the types cynic-querygen writes for each.\n#![allow(non_camel_case_types, dead_code, clippy::all)]\n\n#[cynic::schema(\"github\")]\nmod schema {}\n",
    );
    for (i, document) in documents.iter().enumerate() {
        let code = generator
            .generate(document.text())
            .map_err(|e| format!("cynic-querygen: {}: {e}", document.name()))?;
        lib.push_str(&format!(
            "\npub mod op_{i:03} {{\n    use super::schema;\n\n{code}}}\n"
        ));
    }
    Ok(lib)
}

/// The `documents` whose modules in `package` (written by `write`, one `pub mod op_NNN` per
/// document) compile: builds it, leaves out the documents whose modules the errors point
/// into, and again, until it builds. Also builds the crate's dependencies.
pub(crate) fn settle(
    dir: &Path,
    cargo: &str,
    package: &str,
    mut documents: Vec<SourceFile>,
    write: impl Fn(&[SourceFile]) -> Result<(), String>,
) -> Result<Vec<SourceFile>, String> {
    loop {
        if documents.is_empty() {
            return Err(format!("{package}: no operation compiles"));
        }
        write(&documents)?;
        let output = Command::new(cargo)
            .current_dir(dir)
            .env("CARGO_INCREMENTAL", "0")
            .args([
                "build",
                "--quiet",
                "--message-format",
                "short",
                "-p",
                package,
            ])
            .arg("--target-dir")
            .arg(dir.join("target").join(package))
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if output.status.success() {
            return Ok(documents);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lib_path = dir.join(package).join("src/lib.rs");
        let lib = std::fs::read_to_string(&lib_path)
            .map_err(|e| format!("{}: {e}", lib_path.display()))?;
        let failing = failing_modules(&lib, &format!("{package}/src/lib.rs:"), &stderr);
        if failing.is_empty() {
            return Err(format!("building {package} failed:\n{stderr}"));
        }
        eprintln!(
            "bench: {package}: {} operation file(s) do not compile, left out",
            failing.len()
        );
        documents = documents
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !failing.contains(i))
            .map(|(_, d)| d)
            .collect();
    }
}

/// The indices `NNN` of the `pub mod op_NNN` modules of `lib` that the errors in `stderr`
/// (cargo's short format: `PREFIX LINE:COLUMN: error...`) point into.
fn failing_modules(lib: &str, prefix: &str, stderr: &str) -> BTreeSet<usize> {
    // The module each line is in, by line number (1-based).
    let mut module_of_line = vec![None];
    let mut current = None;
    for line in lib.lines() {
        if let Some(rest) = line.strip_prefix("pub mod op_") {
            current = rest.trim_end_matches(" {").parse::<usize>().ok();
        }
        module_of_line.push(current);
    }
    stderr
        .lines()
        .filter(|l| l.contains(": error"))
        .filter_map(|l| l.split_once(prefix))
        .filter_map(|(_, rest)| rest.split(':').next()?.parse::<usize>().ok())
        .filter_map(|line| module_of_line.get(line).copied().flatten())
        .collect()
}

/// `with-cynic/build.rs`: registers the schema, as cynic's documentation says.
pub(crate) fn cynic_build_script(schema_path: &Path) -> String {
    format!(
        "fn main() {{\n    cynic_codegen::register_schema(\"github\")\n        .from_sdl_file({:?})\n        .expect(\"the GitHub corpus schema\")\n        .as_default()\n        .expect(\"registering the schema\");\n}}\n",
        schema_path.display().to_string()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_traced_to_the_modules_they_point_into() {
        let lib = "//! x\n#[cynic::schema(\"github\")]\nmod schema {}\n\npub mod op_000 {\n    a\n}\n\npub mod op_007 {\n    b\n}\n";
        let stderr = "with-cynic/src/lib.rs:6:5: error[E0308]: mismatched types\n\
                      with-cynic/src/lib.rs:10:1: warning: unused\n\
                      with-cynic/src/lib.rs:10:5: error[E0124]: field already declared\n\
                      with-cynic/src/lib.rs:2:1: error: in the schema module\n";
        let failing = failing_modules(lib, "with-cynic/src/lib.rs:", stderr);
        assert_eq!(failing.into_iter().collect::<Vec<_>>(), vec![0, 7]);
    }

    #[test]
    fn each_operation_of_a_file_gets_a_derive_reading_the_file_s_copy() {
        let document = SourceFile::new(
            "Two.graphql",
            "query First { viewer { login } }\nquery Second { viewer { name } }\n",
        );
        let scalars = ["DateTime".to_string()];
        let (lib, queries) = graphql_client_crate(
            Path::new("/schemas/github.graphql"),
            &scalars,
            std::slice::from_ref(&document),
        )
        .unwrap();
        assert!(lib.contains("    pub type DateTime = String;\n"), "{lib}");
        assert!(lib.contains("pub mod op_000 {"), "{lib}");
        for name in ["First", "Second"] {
            assert!(
                lib.contains(&format!(
                    "#[graphql(schema_path = \"/schemas/github.graphql\", query_path = \"queries/000.graphql\", response_derives = \"Debug\")]\n    pub struct {name};"
                )),
                "{lib}"
            );
        }
        assert_eq!(
            queries,
            vec![(
                "queries/000.graphql".to_string(),
                document.text().to_string()
            )]
        );
    }
}
