//! The crates of the same GitHub corpus operations written the ways of the baselines:
//! graphql_client 0.16's derive (one `#[derive(GraphQLQuery)]` per operation, reading the
//! schema and a query file of the operation's document), and cynic 3 (the schema registered
//! in a build script with `cynic_codegen::register_schema`, `#[cynic::schema("github")]`, and
//! the types `cynic-querygen` writes for each operation), as cynic documents it.

use std::path::Path;

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
            "\npub mod op_{i:03} {{\n    use super::scalars::*;\n    use graphql_client::GraphQLQuery;\n"
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

/// `with-cynic/src/lib.rs` for the `documents` cynic-querygen generates, one module per
/// corpus file; and how many of `documents` that is.
pub(crate) fn cynic_crate(sdl: &str, documents: &[SourceFile]) -> Result<(String, usize), String> {
    let generator = cynic_querygen::Generator::new(sdl)
        .map_err(|e| format!("cynic-querygen cannot read the schema: {e}"))?;
    let mut lib = String::from(
        "//! The operations through cynic: the types cynic-querygen writes for each.\n#![allow(non_camel_case_types, dead_code, clippy::all)]\n\n#[cynic::schema(\"github\")]\nmod schema {}\n",
    );
    let mut taken = 0;
    for (i, document) in documents.iter().enumerate() {
        let Ok(code) = generator.generate(document.text()) else {
            continue;
        };
        taken += 1;
        lib.push_str(&format!(
            "\npub mod op_{i:03} {{\n    use super::schema;\n\n{code}}}\n"
        ));
    }
    Ok((lib, taken))
}

/// `with-cynic/build.rs`: registers the schema, as cynic's documentation says.
pub(crate) fn cynic_build_script(schema_path: &Path) -> String {
    format!(
        "fn main() {{\n    cynic_codegen::register_schema(\"github\")\n        .from_sdl_file({:?})\n        .expect(\"the GitHub corpus schema\")\n        .as_default()\n        .expect(\"registering the schema\");\n}}\n",
        schema_path.display().to_string()
    )
}
