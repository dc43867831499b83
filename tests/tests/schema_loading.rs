//! The corpus schemas load, from SDL and from introspection JSON, into the same index.

use gqlforge_codegen::schema::load_sdl;
use gqlforge_tests::corpus::{corpus_dir, SCHEMAS};

fn read(path: &str) -> String {
    let path = corpus_dir().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_corpus_schema_loads_without_warnings() {
    for name in SCHEMAS {
        let path = format!("{name}/schema.graphql");
        let (schema, warnings) = load_sdl(&path, &read(&path)).unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let root = |id: Option<_>| id.map(|id| schema.type_name(id).to_string());
        let expected = match name {
            "github" => (Some("Query"), Some("Mutation")),
            "swapi" => (Some("Root"), None),
            _ => (Some("Query"), None),
        };
        assert_eq!(
            (root(schema.query_type()), root(schema.mutation_type())),
            (expected.0.map(String::from), expected.1.map(String::from)),
            "{name}"
        );
        assert_eq!(schema.subscription_type(), None, "{name}");
    }
}
