//! Input types in the numbers and shapes real schemas have: a chain of 20,000
//! input objects, recursion through chains of them, a Hasura-like schema whose thousands of
//! `*_bool_exp` inputs all refer to each other. Nothing recurses per type (a thread with a
//! small stack generates them), and only the fields on a cycle of non-list references are
//! boxed.

use crate::schema::{load_introspection, load_sdl};

#[path = "../../benches/support/input_graphs.rs"]
mod input_graphs;
use crate::{generate_module, Options, SourceFile};
use input_graphs::hasura_like_schema;

/// A stack that a recursion per input type would overflow long before 20,000 types.
const SMALL_STACK: usize = 256 * 1024;

/// Runs `f` on a thread with [`SMALL_STACK`].
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("a thread starts")
        .join()
        .expect("generates without overflowing a small stack")
}

/// The module generated for `operation` over the SDL `schema`.
fn generate(schema: &str, operation: &str) -> String {
    let (schema, _) = load_sdl("schema.graphql", schema).expect("the schema loads");
    let doc = SourceFile::new("op.graphql", operation);
    generate_module(&schema, &[doc], &Options::default())
        .unwrap_or_else(|errors| panic!("{}", errors[0]))
        .code
}

/// The names of the structs and enums at the top of a generated module (input objects and
/// the operation's struct), and that it parses as Rust.
fn top_level_types(code: &str) -> Vec<String> {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("not Rust: {e}"));
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The lines of `code` that box a field, trimmed.
fn boxed_lines(code: &str) -> Vec<&str> {
    code.lines()
        .map(str::trim)
        .filter(|line| line.contains("Box<"))
        .collect()
}

#[test]
fn a_chain_of_20000_input_types_generates_on_a_small_stack() {
    const LENGTH: usize = 20_000;
    let mut schema = String::from("type Query { f(i: I0): Int }\n");
    for i in 0..LENGTH - 1 {
        schema.push_str(&format!("input I{i} {{ next: I{} }}\n", i + 1));
    }
    schema.push_str(&format!("input I{} {{ x: Int }}\n", LENGTH - 1));
    let code = on_small_stack(move || generate(&schema, "query Q($i: I0) { f(i: $i) }"));
    let types = top_level_types(&code);
    // Every input object of the chain (sorted by name: I0, I1, I10, I100, ...), then `Q`.
    assert_eq!(types.len(), LENGTH + 1);
    assert_eq!(types[..4], ["I0", "I1", "I10", "I100"]);
    assert_eq!(types[LENGTH], "Q");
    // A chain has no cycle: nothing is boxed.
    assert_eq!(boxed_lines(&code), Vec::<&str>::new());
    assert!(code.contains("pub next: ::gqlforge::Nullable<I1>,\n"));
    assert!(code.contains("pub struct I19999 {\n"));
}

#[test]
fn a_chain_of_20000_input_types_from_introspection_generates_on_a_small_stack() {
    const LENGTH: usize = 20_000;
    let named =
        |kind: &str, name: &str| serde_json::json!({ "kind": kind, "name": name, "ofType": null });
    let input = |name: String, field: &str, ty: serde_json::Value| {
        serde_json::json!({ "kind": "INPUT_OBJECT", "name": name, "description": null,
            "inputFields": [{ "name": field, "description": null, "defaultValue": null, "type": ty }] })
    };
    let mut types = vec![
        serde_json::json!({ "kind": "OBJECT", "name": "Query", "description": null, "interfaces": [],
            "fields": [{ "name": "f", "description": null, "isDeprecated": false,
                "deprecationReason": null, "type": named("SCALAR", "Int"),
                "args": [{ "name": "i", "description": null, "defaultValue": null,
                           "type": named("INPUT_OBJECT", "I0") }] }] }),
        serde_json::json!({ "kind": "SCALAR", "name": "Int", "description": null }),
    ];
    for i in 0..LENGTH - 1 {
        let next = named("INPUT_OBJECT", &format!("I{}", i + 1));
        types.push(input(format!("I{i}"), "next", next));
    }
    types.push(input(
        format!("I{}", LENGTH - 1),
        "x",
        named("SCALAR", "Int"),
    ));
    let json = serde_json::json!({ "data": { "__schema": {
        "queryType": { "name": "Query" }, "mutationType": null, "subscriptionType": null,
        "directives": [], "types": types } } })
    .to_string();
    let code = on_small_stack(move || {
        let (schema, _) = load_introspection("schema.json", &json).expect("the schema loads");
        let doc = SourceFile::new("op.graphql", "query Q($i: I0) { f(i: $i) }");
        generate_module(&schema, &[doc], &Options::default())
            .unwrap_or_else(|errors| panic!("{}", errors[0]))
            .code
    });
    assert_eq!(top_level_types(&code).len(), LENGTH + 1);
    assert!(code.contains("pub next: ::gqlforge::Nullable<I19999>,\n"));
}

#[test]
fn a_cycle_of_20000_input_types_boxes_each_link_on_a_small_stack() {
    const LENGTH: usize = 20_000;
    let mut schema = String::from("type Query { f(i: I0): Int }\n");
    for i in 0..LENGTH {
        // Alternately nullable and non-null links; the last one closes the cycle.
        let bang = if i % 2 == 0 { "" } else { "!" };
        schema.push_str(&format!(
            "input I{i} {{ next: I{}{bang} all: [I{i}!] }}\n",
            (i + 1) % LENGTH
        ));
    }
    let code = on_small_stack(move || generate(&schema, "query Q($i: I0) { f(i: $i) }"));
    let boxed = boxed_lines(&code);
    assert_eq!(boxed.len(), LENGTH);
    assert!(boxed.contains(&"pub next: ::gqlforge::Nullable<Box<I1>>,"));
    assert!(boxed.contains(&"pub next: Box<I2>,"));
    assert!(boxed.contains(&"pub next: Box<I0>,"));
    // The list of its own type is not boxed.
    assert!(code.contains("pub all: ::gqlforge::Nullable<Vec<I0>>,\n"));
}

/// Cycles through chains of input objects, with and without lists in between, nullable and
/// non-null links, `@oneOf`, and types that only hang off a cycle.
const CYCLES: &str = r#"
type Query { f(a: A, l: L, o: O): Int }

"A -> B -> C -> A, non-null and nullable links; C -> D is not on a cycle."
input A { b: B!, me: A, many: [A!], off: Off }
input B { c: C, note: String }
input C { a: A!, d: D }
"D only leads back to C through a list."
input D { x: Int, cs: [C!]! }
"Refers into the cycle but is not reached back."
input Off { a: [A], x: Int }

"L -> M only through a list: nothing boxed."
input L { m: M }
input M { ls: [L!]! }

"A @oneOf on a cycle with N, and one of its fields a list of itself."
input O @oneOf { n: N, os: [O!], i: Int }
input N { o: O!, l: L }
"#;

#[test]
fn fields_on_a_cycle_of_non_list_references_are_boxed() {
    let code = generate(
        CYCLES,
        "query Q($a: A, $l: L, $o: O) { f(a: $a, l: $l, o: $o) }",
    );
    assert_eq!(
        top_level_types(&code),
        ["A", "B", "C", "D", "L", "M", "N", "O", "Off", "Q"]
    );
    assert_eq!(
        boxed_lines(&code),
        [
            // A
            "pub b: Box<B>,",
            "pub me: ::gqlforge::Nullable<Box<A>>,",
            // B
            "pub c: ::gqlforge::Nullable<Box<C>>,",
            // C
            "pub a: Box<A>,",
            // N
            "pub o: Box<O>,",
            // O
            "N(Box<N>),",
        ],
        "{code}"
    );
    assert!(
        code.contains("pub many: ::gqlforge::Nullable<Vec<A>>,\n"),
        "{code}"
    );
    assert!(code.contains("pub d: ::gqlforge::Nullable<D>,\n"), "{code}");
    assert!(
        code.contains("pub off: ::gqlforge::Nullable<Off>,\n"),
        "{code}"
    );
    assert!(code.contains("pub m: ::gqlforge::Nullable<M>,\n"), "{code}");
    assert!(code.contains("Os(Vec<O>),\n"), "{code}");
}

/// The operation over [`hasura_like_schema`]: table `t0` filtered by a `where` variable.
const HASURA_LIKE_QUERY: &str =
    "query Rows($where: t0_bool_exp, $limit: Int) { t0(where: $where, limit: $limit) { id name rel0 { id } } }";

#[test]
fn a_hasura_like_schema_of_1000_tables_generates_one_operation() {
    let schema = hasura_like_schema(1000, 5);
    let code = on_small_stack(move || generate(&schema, HASURA_LIKE_QUERY));
    let types = top_level_types(&code);
    // 1,000 `*_bool_exp`, three comparison inputs, the custom scalar and the operation.
    assert_eq!(types.len(), 1000 + 3 + 1 + 1, "{types:?}");
    assert!(types.iter().all(|t| !t.ends_with("OrderBy")), "{types:?}");
    // Sorted by GraphQL name: `Int_..`, `String_..`, `t0_bool_exp`, .., `timestamptz`, ...
    assert_eq!(
        types[..3],
        ["IntComparisonExp", "StringComparisonExp", "T0BoolExp"]
    );
    assert_eq!(
        types[types.len() - 3..],
        ["Timestamptz", "TimestamptzComparisonExp", "Rows"]
    );
    // Every table's `_not` and its five relations are on a cycle; lists and comparisons not.
    let boxed = boxed_lines(&code);
    assert_eq!(boxed.len(), 1000 * 6);
    assert!(code.contains("pub struct T0BoolExp {\n    #[serde(\n        rename = \"_and\",\n"));
    assert!(boxed.contains(&"pub rel0: ::gqlforge::Nullable<Box<T1BoolExp>>,"));
    assert!(boxed.contains(&"pub rel4: ::gqlforge::Nullable<Box<T149BoolExp>>,"));
    assert!(code.contains("pub id: ::gqlforge::Nullable<IntComparisonExp>,\n"));
}

/// The boxing rule as a search per field (what the engine did before it found the cycles
/// once per module): a field is boxed when, without a list, it leads back to its object.
fn leads_back(
    graph: &[Vec<(usize, bool, bool)>],
    owner: usize,
    field: (usize, bool, bool),
) -> bool {
    let (target, list, _) = field;
    if list {
        return false;
    }
    let mut seen = vec![false; graph.len()];
    let mut stack = vec![target];
    while let Some(node) = stack.pop() {
        if node == owner {
            return true;
        }
        if !std::mem::replace(&mut seen[node], true) {
            stack.extend(graph[node].iter().filter(|f| !f.1).map(|f| f.0));
        }
    }
    false
}

/// Does some object reach itself through fields that are non-null and not lists?
fn has_non_null_cycle(graph: &[Vec<(usize, bool, bool)>]) -> bool {
    let strict = |node: usize| {
        graph[node]
            .iter()
            .filter(|&&(_, list, non_null)| !list && non_null)
            .map(|&(target, _, _)| target)
            .collect::<Vec<_>>()
    };
    (0..graph.len()).any(|start| {
        let mut seen = vec![false; graph.len()];
        let mut stack = strict(start);
        while let Some(node) = stack.pop() {
            if node == start {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(strict(node));
            }
        }
        false
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// On any graph of input objects (fields: target, through a list, non-null), the boxed
    /// fields are exactly those that lead back to their object without a list.
    #[test]
    fn boxed_fields_are_those_that_lead_back_without_a_list(
        graph in proptest::collection::vec(
            proptest::collection::vec((0usize..12, proptest::bool::ANY, proptest::bool::ANY), 0..4),
            1..12,
        ),
    ) {
        let graph: Vec<Vec<(usize, bool, bool)>> = graph
            .iter()
            .map(|fields| fields.iter().map(|&(t, list, non_null)| (t % graph.len(), list, non_null)).collect())
            .collect();
        let mut sdl = String::from("type Query { f(");
        let mut operation = String::from("query Q(");
        let mut arguments = String::new();
        for t in 0..graph.len() {
            sdl.push_str(&format!("a{t}: T{t} "));
            operation.push_str(&format!("$a{t}: T{t} "));
            arguments.push_str(&format!("a{t}: $a{t} "));
        }
        sdl.push_str("): Int }\n");
        operation.push_str(&format!(") {{ f({arguments}) }}"));
        for (t, fields) in graph.iter().enumerate() {
            sdl.push_str(&format!("input T{t} {{ x: Int"));
            for (f, &(target, list, non_null)) in fields.iter().enumerate() {
                let bang = if non_null { "!" } else { "" };
                if list {
                    sdl.push_str(&format!(" f{f}: [T{target}!]{bang}"));
                } else {
                    sdl.push_str(&format!(" f{f}: T{target}{bang}"));
                }
            }
            sdl.push_str(" }\n");
        }
        // A cycle of non-null, non-list fields makes a schema graphql-js refuses: no value
        // of those types could be written. The loader must refuse exactly those.
        let (schema, _) = match load_sdl("schema.graphql", &sdl) {
            Ok(loaded) => loaded,
            Err(e) => {
                proptest::prop_assert!(
                    e.to_string().contains("cannot be provided a finite value because it references itself through fields"),
                    "{}", e
                );
                proptest::prop_assert!(has_non_null_cycle(&graph), "refused without a cycle:\n{}", sdl);
                return Ok(());
            }
        };
        proptest::prop_assert!(!has_non_null_cycle(&graph), "a cycle accepted:\n{}", sdl);
        let doc = SourceFile::new("op.graphql", operation.as_str());
        let code = generate_module(&schema, &[doc], &Options::default())
            .unwrap_or_else(|errors| panic!("{}", errors[0]))
            .code;
        let file = syn::parse_file(&code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"));
        let mut checked = 0;
        for item in &file.items {
            let syn::Item::Struct(s) = item else { continue };
            let Some(t) = s.ident.to_string().strip_prefix('T').and_then(|n| n.parse::<usize>().ok()) else {
                continue;
            };
            for field in &s.fields {
                let name = field.ident.as_ref().expect("named fields").to_string();
                let Some(f) = name.strip_prefix('f').and_then(|n| n.parse::<usize>().ok()) else {
                    continue;
                };
                let boxed = quote::ToTokens::to_token_stream(&field.ty).to_string().contains("Box");
                proptest::prop_assert_eq!(boxed, leads_back(&graph, t, graph[t][f]), "T{}.f{} in\n{}\n{}", t, f, sdl, code);
                checked += 1;
            }
        }
        proptest::prop_assert_eq!(checked, graph.iter().map(Vec::len).sum::<usize>());
    }
}
