//! The generated types against data: random responses valid for each corpus operation's
//! selection round-trip through them, and a real GraphQL server's answers to the generated
//! `QUERY` (with variables passed through the generated `Variables`) deserialize.

use std::collections::HashMap;

use gqlforge_codegen::document::{Document, OperationDefinition};
use gqlforge_codegen::{parse_document, SchemaIndex};
use gqlforge_corpus_codegen::{Case, OPERATIONS};
use gqlforge_tests::corpus::{load_schema, require};
use gqlforge_tests::responses::{random_data, ResponseOptions};
use gqlforge_tests::servers::GraphqlServer;
use gqlforge_tests::variables::variables_for;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::Value;

const APIS: &[&str] = &["countries", "github", "swapi"];

fn document(case: &Case) -> Document {
    let text = std::fs::read_to_string(case.file).unwrap_or_else(|e| panic!("{}: {e}", case.file));
    parse_document(&text).unwrap_or_else(|e| panic!("{}: {}", case.file, e.message))
}

fn operation<'d>(case: &Case, document: &'d Document) -> &'d OperationDefinition {
    document
        .operations()
        .find(|op| op.name.as_ref().map(|n| n.value.as_str()) == case.operation_name)
        .unwrap_or_else(|| {
            panic!(
                "{}: operation {:?} not found",
                case.file, case.operation_name
            )
        })
}

fn schemas() -> HashMap<&'static str, SchemaIndex> {
    let mut schemas: HashMap<&'static str, SchemaIndex> =
        APIS.iter().map(|api| (*api, load_schema(api))).collect();
    let constructs = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/gqlforge-codegen/tests/constructs/schema.graphql");
    let (schema, _) = gqlforge_codegen::schema::load_schema_file(&constructs).expect("loads");
    schemas.insert("constructs", schema);
    schemas
}

#[test]
fn every_corpus_operation_is_generated() {
    let Some(corpus) = require("every_corpus_operation_is_generated") else {
        return;
    };
    for api in APIS {
        let files = std::fs::read_dir(corpus.join(api).join("operations"))
            .expect("corpus operations")
            .count();
        let generated = OPERATIONS.iter().filter(|c| c.api == *api).count();
        assert_eq!(generated, files, "{api}: one operation per corpus file");
    }
}

#[test]
fn random_responses_round_trip_through_the_generated_types() {
    if require("random_responses_round_trip_through_the_generated_types").is_none() {
        return;
    }
    let schemas = schemas();
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in OPERATIONS {
        let schema = &schemas[case.api];
        // The responses answer the query actually sent, which selects `__typename` where
        // the generated types need it.
        let document = parse_document(case.query)
            .unwrap_or_else(|e| panic!("{}: the generated QUERY: {}", case.file, e.message));
        let op = operation(case, &document);
        for seed in 0..24u64 {
            let options = if seed % 2 == 0 {
                ResponseOptions::default()
            } else {
                ResponseOptions::with_unknowns()
            };
            let mut rng = StdRng::seed_from_u64(seed);
            let data = random_data(schema, &document, op, &mut rng, &options);
            checked += 1;
            match (case.round_trip)(&data) {
                Ok(back) if back == data => {}
                Ok(back) => failures.push(format!(
                    "{} (seed {seed}): changed in the round trip\n  sent: {data}\n  back: {back}",
                    case.file
                )),
                Err(e) => {
                    failures.push(format!("{} (seed {seed}): {e}\n  data: {data}", case.file))
                }
            }
        }
    }
    eprintln!(
        "{checked} responses round-tripped, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_real_server_answers_the_generated_queries() {
    let Some(corpus) = require("a_real_server_answers_the_generated_queries") else {
        return;
    };
    let schemas = schemas();
    let mut failures = Vec::new();
    for api in APIS {
        let schema = &schemas[api];
        let server = GraphqlServer::start(&corpus.join(api).join("schema.graphql"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut rng = StdRng::seed_from_u64(7);
        let mut executed = 0;
        for case in OPERATIONS.iter().filter(|c| c.api == *api) {
            let document = document(case);
            let op = operation(case, &document);
            let raw = variables_for(schema, op, &mut rng);
            let variables = match (case.variables)(&raw) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{}: variables {raw} do not fit: {e}", case.file));
                    continue;
                }
            };
            let response = server
                .execute(case.query, case.operation_name, &variables)
                .unwrap_or_else(|e| panic!("{}: {e}", case.file));
            executed += 1;
            if let Some(errors) = response.get("errors") {
                failures.push(format!("{}: {errors}\n{}", case.file, case.query));
                continue;
            }
            let data = response.get("data").cloned().unwrap_or(Value::Null);
            match (case.round_trip)(&data) {
                Ok(back) if back == data => {}
                Ok(back) => failures.push(format!(
                    "{}: changed\n  sent: {data}\n  back: {back}",
                    case.file
                )),
                Err(e) => failures.push(format!("{}: {e}\n  data: {data}", case.file)),
            }
        }
        eprintln!("{api}: {executed} generated queries executed");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A fragment's type is the module's, whichever file defines it and whichever operation
/// answers it: one function takes the author of a post and a user looked up by id.
#[test]
fn a_shared_fragment_is_one_type_for_every_operation() {
    use gqlforge_corpus_codegen::constructs::{shared_people, shared_posts, Author, Role};

    fn describe(author: &Author) -> String {
        format!("{} ({:?})", author.name, author.badge.role)
    }

    let people: shared_people::Data = serde_json::from_value(serde_json::json!({
        "user": {
            "id": "1", "name": "Ada", "role": "ADMIN", "createdAt": "2024-01-01",
            "friends": [{ "id": "2", "role": "READER", "createdAt": "2024-02-01" }]
        },
        "named": [{ "__typename": "Organization", "name": "Engines", "members": [{ "id": "1" }] }]
    }))
    .expect("SharedPeople's data reads");
    let posts: shared_posts::Data = serde_json::from_value(serde_json::json!({
        "feed": [{
            "id": "10", "title": "Notes",
            "author": { "id": "1", "name": "Ada", "role": "EDITOR", "createdAt": "2024-01-01" }
        }],
        "named": [{ "__typename": "Bot", "name": "helper" }]
    }))
    .expect("SharedPosts's data reads");
    let user = people.user.expect("a user");
    assert_eq!(describe(&user.author), "Ada (Admin)");
    assert_eq!(describe(&posts.feed[0].author), "Ada (Editor)");
    // `Badge`, spread by `Author` and by `SharedPeople` directly, is one type too.
    assert_eq!(user.friends[0].badge.role, Role::Reader);
    // `Label`, on an interface, is the element type of `named` in both operations.
    let labels: Vec<&constructs_label::Label> = people.named.iter().chain(&posts.named).collect();
    assert_eq!(labels[0].name, "Engines");
    assert!(matches!(labels[1].on, constructs_label::label::LabelOn::Other(ref t) if t == "Bot"));
}

use gqlforge_corpus_codegen::constructs as constructs_label;
