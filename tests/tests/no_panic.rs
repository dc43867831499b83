//! Bad input gets an error, never a panic: random and truncated documents, schemas and
//! introspection JSON go through the loaders and the validator, and what is valid through
//! code generation too.

use gqlforge_codegen::schema::{load_introspection, load_sdl};
use gqlforge_codegen::{
    generate_module, parse_document, validate, Options, SchemaIndex, SourceFile,
};
use gqlforge_tests::corpus::{graphql_files, load_schema, require};
use proptest::prelude::*;
use std::sync::OnceLock;

/// The corpus schemas with their operations, or `None` when the corpus is missing: then the
/// test `test` is skipped ([`require`]).
fn schemas(test: &str) -> Option<&'static [(SchemaIndex, Vec<String>)]> {
    static SCHEMAS: OnceLock<Vec<(SchemaIndex, Vec<String>)>> = OnceLock::new();
    let corpus = require(test)?;
    Some(SCHEMAS.get_or_init(|| {
        ["countries", "swapi", "github"]
            .into_iter()
            .map(|name| {
                let ops = graphql_files(&corpus.join(name).join("operations"))
                    .into_iter()
                    .map(|(_, text)| text)
                    .collect();
                (load_schema(name), ops)
            })
            .collect()
    }))
}

/// Parses and validates `text`; a valid document is generated too (an error is fine, a
/// panic is not).
fn check(schema: &SchemaIndex, text: &str) {
    if let Ok(doc) = parse_document(text) {
        if validate(schema, &doc).is_empty() {
            generate(schema, text);
        }
    }
}

fn generate(schema: &SchemaIndex, text: &str) {
    let _ = generate_module(
        schema,
        &[SourceFile::new("noise.graphql", text)],
        &Options::default(),
    );
}

/// A schema that loaded: an operation over its query root is generated.
fn generate_over(schema: &SchemaIndex) {
    generate(schema, "query Q { __typename }");
}

/// Cuts `text` at a char boundary near `at` (a fraction of its length).
fn cut(text: &str, at: f64) -> &str {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    &text[..i]
}

/// GraphQL-ish noise: punctuation, names, numbers, strings.
fn graphql_noise() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("...".to_string()),
            Just("$".to_string()),
            Just("@".to_string()),
            Just(":".to_string()),
            Just("!".to_string()),
            Just("=".to_string()),
            Just("\"\"\"".to_string()),
            Just("\"".to_string()),
            Just(" on ".to_string()),
            Just("query ".to_string()),
            Just("fragment ".to_string()),
            "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
            "-?[0-9]{1,12}(\\.[0-9]{0,3})?(e[0-9])?",
            "\\PC{0,3}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.join(" "))
}

// The properties over the corpus run inside a test that first asks for the corpus (and is
// skipped without it), in proptest's closure form.

fn cases(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

#[test]
fn random_documents_never_panic() {
    let Some(schemas) = schemas("random_documents_never_panic") else {
        return;
    };
    proptest!(cases(256), |(text in graphql_noise(), which in 0usize..3)| {
        check(&schemas[which].0, &text);
    });
}

#[test]
fn random_unicode_never_panics() {
    let Some(schemas) = schemas("random_unicode_never_panics") else {
        return;
    };
    proptest!(cases(256), |(text in "\\PC{0,200}", which in 0usize..3)| {
        check(&schemas[which].0, &text);
    });
}

#[test]
fn truncated_and_spliced_operations_never_panic() {
    let Some(schemas) = schemas("truncated_and_spliced_operations_never_panic") else {
        return;
    };
    proptest!(cases(256), |(
        which in 0usize..3, op in any::<prop::sample::Index>(), at in 0.0f64..1.0,
        noise in graphql_noise(),
    )| {
        let (schema, ops) = &schemas[which];
        let text = op.get(ops);
        check(schema, cut(text, at));
        check(schema, &format!("{}{noise}{}", cut(text, at), &text[cut(text, at).len()..]));
    });
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn random_schemas_never_panic(text in graphql_noise()) {
        for sdl in [format!("type Query {{ a: Int }}\n{text}"), text] {
            if let Ok((schema, _)) = load_sdl("noise.graphql", &sdl) {
                generate_over(&schema);
            }
        }
    }

    #[test]
    fn random_json_never_panics(text in "\\PC{0,100}") {
        for json in [text.clone(), format!("{{\"__schema\": {text}}}")] {
            if let Ok((schema, _)) = load_introspection("noise.json", &json) {
                generate_over(&schema);
            }
        }
    }
}

#[test]
fn truncated_schemas_never_panic() {
    let Some(corpus) = require("truncated_schemas_never_panic") else {
        return;
    };
    proptest!(cases(48), |(which in 0usize..2, at in 0.0f64..1.0)| {
        let name = ["countries", "swapi"][which];
        let sdl = std::fs::read_to_string(corpus.join(name).join("schema.graphql")).unwrap();
        if let Ok((schema, _)) = load_sdl("cut.graphql", cut(&sdl, at)) {
            generate_over(&schema);
        }
    });
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let Some(schemas) = schemas("deep_nesting_is_an_error_not_a_stack_overflow") else {
        return;
    };
    let schema = &schemas[0].0;
    for depth in [1_000, 100_000] {
        let deep_selection = format!("{}{}", "{ a ".repeat(depth), "}".repeat(depth));
        assert!(parse_document(&deep_selection).is_err() || depth < 1000);
        check(schema, &deep_selection);
        let deep_list = format!("{{ a(x: {}1{}) }}", "[".repeat(depth), "]".repeat(depth));
        check(schema, &deep_list);
        let deep_object = format!("{{ a(x: {}1{}) }}", "{a: ".repeat(depth), "}".repeat(depth));
        check(schema, &deep_object);
        let deep_type = format!(
            "type Query {{ a: {}Int{} }}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(load_sdl("deep.graphql", &deep_type).is_err());
    }
}
