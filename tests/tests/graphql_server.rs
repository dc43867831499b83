//! Every corpus operation, sent as written with generated variables to a real GraphQL server
//! (graphql-http over a mocked schema, see `tests/servers`), executes without errors.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use std::path::Path;

use gqlforge_codegen::document::{Definition, OperationDefinition};
use gqlforge_codegen::{parse_document, SchemaIndex};
use gqlforge_tests::corpus::{corpus_dir, graphql_files, load_schema, require};
use gqlforge_tests::servers::GraphqlServer;
use gqlforge_tests::variables::variables_for;
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

/// Starts a server for corpus schema `api`.
fn start(api: &str) -> GraphqlServer {
    let schema = corpus_dir().join(api).join("schema.graphql");
    GraphqlServer::start(&schema).unwrap_or_else(|e| panic!("{e}"))
}

/// The operation of a corpus file (each holds one, plus the fragments it uses).
fn operation_of(file: &str, text: &str) -> OperationDefinition {
    let document = parse_document(text).unwrap_or_else(|e| panic!("{file}: {}", e.message));
    let mut operations = document.definitions.into_iter().filter_map(|d| match d {
        Definition::Operation(op) => Some(op),
        Definition::Fragment(_) | Definition::TypeSystem(_) => None,
    });
    let op = operations
        .next()
        .unwrap_or_else(|| panic!("{file}: no operation"));
    assert!(operations.next().is_none(), "{file}: several operations");
    op
}

/// Why `response` is not a successful result, or `None` when it has `data` and no `errors`.
fn failure(response: &Value) -> Option<String> {
    if let Some(errors) = response.get("errors") {
        return Some(format!("errors: {errors:#}"));
    }
    match response.get("data") {
        Some(Value::Object(_)) => None,
        _ => Some(format!("no data object in the response: {response:#}")),
    }
}

/// Sends every operation of corpus schema `api` to one server; returns how many ran and
/// panics listing every operation that failed, with its text, variables and errors.
fn execute_corpus(api: &str) -> usize {
    let schema: SchemaIndex = load_schema(api);
    let server = start(api);
    let mut rng = StdRng::seed_from_u64(3);
    let mut failures = Vec::new();
    let files = graphql_files(&corpus_dir().join(api).join("operations"));
    for (file, text) in &files {
        let op = operation_of(file, text);
        let variables = variables_for(&schema, &op, &mut rng);
        let name = op.name.as_ref().map(|n| n.value.as_str());
        let response = server
            .execute(text, name, &variables)
            .unwrap_or_else(|e| panic!("{api}/{file}: {e}"));
        if let Some(why) = failure(&response) {
            failures.push(format!(
                "== {api}/operations/{file}\n{text}\nvariables: {variables:#}\n{why}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {api} operations failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
    eprintln!("{api}: {} operations executed", files.len());
    files.len()
}

#[test]
fn github_operations_execute() {
    if require("github_operations_execute").is_none() {
        return;
    }
    assert_eq!(execute_corpus("github"), 150);
}

#[test]
fn swapi_operations_execute() {
    if require("swapi_operations_execute").is_none() {
        return;
    }
    assert_eq!(execute_corpus("swapi"), 57);
}

#[test]
fn countries_operations_execute() {
    if require("countries_operations_execute").is_none() {
        return;
    }
    assert_eq!(execute_corpus("countries"), 20);
}

#[test]
fn same_request_gets_same_response() {
    if require("same_request_gets_same_response").is_none() {
        return;
    }
    let server = start("countries");
    let query = "query C($code: ID!) { country(code: $code) { code name languages { name } } }";
    let variables = json!({ "code": "NO" });
    let first = server.execute(query, Some("C"), &variables).unwrap();
    let second = server.execute(query, Some("C"), &variables).unwrap();
    assert_eq!(first, second);
    assert!(first["data"]["country"]["name"].is_string(), "{first:#}");
    assert!(
        first["data"]["country"]["languages"].is_array(),
        "{first:#}"
    );
}

#[test]
fn invalid_operation_gets_errors_without_data() {
    if require("invalid_operation_gets_errors_without_data").is_none() {
        return;
    }
    let server = start("countries");
    let response = server
        .execute("{ country(code: \"NO\") { nope } }", None, &json!({}))
        .unwrap();
    assert_eq!(response.get("data"), None, "{response:#}");
    assert_eq!(
        response["errors"][0]["message"],
        "Cannot query field \"nope\" on type \"Country\". Did you mean \"code\" or \"name\"?"
    );
}

#[test]
fn abstract_types_resolve_to_a_possible_type() {
    if require("abstract_types_resolve_to_a_possible_type").is_none() {
        return;
    }
    let server = start("github");
    let response = server
        .execute("{ node(id: \"x\") { __typename id } }", None, &json!({}))
        .unwrap();
    let typename = response["data"]["node"]["__typename"]
        .as_str()
        .unwrap_or_else(|| panic!("{response:#}"));
    let schema = load_schema("github");
    let node = schema.type_by_name("Node").unwrap();
    let object = schema.type_by_name(typename).unwrap();
    assert!(schema.is_sub_type(node, object), "{typename} is not a Node");
}

#[test]
fn unknown_path_is_404() {
    if require("unknown_path_is_404").is_none() {
        return;
    }
    let server = start("countries");
    let other = server.url().replace("/graphql", "/other");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let response = agent.get(&other).call().unwrap();
    assert_eq!(response.status(), 404);
}

#[test]
fn missing_schema_file_is_reported_with_the_server_stderr() {
    let Err(e) = GraphqlServer::start(Path::new("/nonexistent/schema.graphql")) else {
        panic!("a server started without a schema file");
    };
    assert!(e.contains("exited before listening"), "{e}");
    assert!(
        e.contains("cannot read the schema /nonexistent/schema.graphql"),
        "{e}"
    );
}

#[test]
fn missing_npm_packages_are_reported_with_a_hint() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("servers-without-node-modules");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("graphql-server.mjs"), "").unwrap();
    // Never read: the missing packages are found first.
    let schema = dir.join("schema.graphql");
    let Err(e) = GraphqlServer::start_in(&dir, &schema) else {
        panic!("a server started without its npm packages");
    };
    assert!(e.contains("npm packages are not installed"), "{e}");
    assert!(
        e.contains("hint: run `cargo xtask test`, or `npm ci` in"),
        "{e}"
    );
}

/// Input types the corpus lacks: `@oneOf`, nested and recursive inputs, lists of inputs,
/// enums and custom scalars in every position, a nullable variable where a non-null argument
/// with a default is expected.
const INPUTS_SDL: &str = r#"
scalar Date
enum Color { RED GREEN BLUE }
input Pick @oneOf { byId: ID, byName: String, byColor: Color, byRange: Range }
input Range { from: Int!, to: Int, step: Float }
input Filter {
  color: Color!
  colors: [Color!]
  since: Date
  and: [Filter!]
  not: Filter
  pick: Pick
  ranges: [Range!]!
  flag: Boolean = true
}
type Item { id: ID!, name: String }
type Query {
  items(filter: Filter!, picks: [Pick!], dates: [Date], first: Int = 10): [Item!]!
  pick(pick: Pick!): Item
  maybe(pick: Pick): Item
  count(n: Int! = 5): Int
}
"#;

const INPUTS_QUERY: &str = "query Items($filter: Filter!, $picks: [Pick!], $dates: [Date], \
    $first: Int = 3, $pick: Pick!, $maybe: Pick, $n: Int) { \
    items(filter: $filter, picks: $picks, dates: $dates, first: $first) { id name } \
    pick(pick: $pick) { id } maybe(pick: $maybe) { id } count(n: $n) }";

#[test]
fn generated_variables_are_accepted_by_graphql_js() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graphql-server-inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let sdl_path = dir.join("schema.graphql");
    std::fs::write(&sdl_path, INPUTS_SDL).unwrap();
    let (schema, _) = gqlforge_codegen::schema::load_sdl("inputs.graphql", INPUTS_SDL).unwrap();
    let op = operation_of("inputs query", INPUTS_QUERY);
    let server = GraphqlServer::start(&sdl_path).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..50 {
        let variables = variables_for(&schema, &op, &mut rng);
        assert!(variables["filter"]["ranges"].is_array(), "{variables:#}");
        assert_eq!(
            variables["pick"].as_object().map(|o| o.len()),
            Some(1),
            "{variables:#}"
        );
        let response = server
            .execute(INPUTS_QUERY, Some("Items"), &variables)
            .unwrap();
        assert_eq!(failure(&response), None, "variables: {variables:#}");
    }
}
