//! Text from a schema or a file name never becomes code: a server's introspection result, a
//! description or a file name that tries to close a comment, a string or an item is still
//! data in the generated module (issue 17's reproductions, and their class).

use crate::schema::{load_introspection, load_sdl};
use crate::{generate_module, Options, SourceFile};

/// An introspection result with one query field `items(filter: Filter): Int` and the input
/// `Filter { note: String = <default> }`; `type_name` names the query root.
fn introspection(type_name: &str, default: &str) -> String {
    serde_json::json!({ "data": { "__schema": {
        "queryType": { "name": type_name },
        "mutationType": null,
        "subscriptionType": null,
        "directives": [],
        "types": [
            { "kind": "OBJECT", "name": type_name, "description": null, "interfaces": [],
              "fields": [{
                "name": "items", "description": null, "isDeprecated": false,
                "deprecationReason": null,
                "args": [{ "name": "filter", "description": null, "defaultValue": null,
                           "type": { "kind": "INPUT_OBJECT", "name": "Filter", "ofType": null } }],
                "type": { "kind": "SCALAR", "name": "Int", "ofType": null } }] },
            { "kind": "INPUT_OBJECT", "name": "Filter", "description": "Line one.\r\n}\rpub fn from_description() {}",
              "inputFields": [{ "name": "note", "description": null, "defaultValue": default,
                                "type": { "kind": "SCALAR", "name": "String", "ofType": null } }] },
            { "kind": "SCALAR", "name": "Int", "description": null },
            { "kind": "SCALAR", "name": "String", "description": null }
        ]
    } } })
    .to_string()
}

/// The generated module parsed as Rust: every top-level item's name, and every function
/// anywhere.
fn items(code: &str) -> (Vec<String>, usize) {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"));
    let mut names = Vec::new();
    let mut functions = 0;
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => names.push(s.ident.to_string()),
            syn::Item::Enum(e) => names.push(e.ident.to_string()),
            syn::Item::Mod(m) => names.push(m.ident.to_string()),
            syn::Item::Fn(f) => {
                functions += 1;
                names.push(f.sig.ident.to_string());
            }
            _ => {}
        }
    }
    (names, functions)
}

#[test]
fn a_default_value_that_is_not_one_value_is_a_schema_error() {
    // The reviewer's injection: text after a value, to end the doc comment and add an item.
    for hostile in [
        "1`.\n}\n\npub fn injected() -> u8 { 7 }\n",
        "1) g(b: 2",
        "1, b: 2",
        "$var",
        "[1, $var]",
        "",
    ] {
        let error = load_introspection("server.json", &introspection("Query", hostile))
            .expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains("The default value of \"Filter.note\" is not one GraphQL value"),
            "{hostile:?}: {message}"
        );
    }
}

#[test]
fn a_default_value_with_a_comment_is_one_value_as_graphql_js_reads_it() {
    let schema = load_introspection("server.json", &introspection("Query", "\"x\" # ) }"))
        .expect("one value, then a comment");
    let doc = SourceFile::new("q.graphql", "query Q($f: Filter) { items(filter: $f) }");
    let code = generate_module(&schema, &[doc], &Options::default())
        .expect("generates")
        .code;
    assert_eq!(items(&code).1, 0, "{code}");
}

#[test]
fn a_default_value_with_line_breaks_stays_in_its_doc_comment() {
    // One value (a block string) whose text runs over lines that read as code.
    let hostile = "\"\"\"\n}\n\npub fn injected() -> u8 { 7 }\r\n/// x\rpub fn also() {}\n\"\"\"";
    let schema = load_introspection("server.json", &introspection("Query", hostile))
        .expect("the schema loads");
    let doc = SourceFile::new("q.graphql", "query Q($f: Filter) { items(filter: $f) }");
    let code = generate_module(&schema, &[doc], &Options::default())
        .expect("generates")
        .code;
    let (names, functions) = items(&code);
    assert_eq!(functions, 0, "{code}");
    assert_eq!(names, ["Filter", "Q", "q"], "{code}");
    assert!(!code.contains('\r'), "{code}");
    // Every line of the hostile text is a doc line of its own.
    assert!(
        code.contains("    /// pub fn injected() -> u8 { 7 }\n"),
        "{code}"
    );
    assert!(
        code.contains("/// pub fn from_description() {}\n"),
        "{code}"
    );
}

#[test]
fn names_that_are_not_graphql_names_are_schema_errors() {
    let error = load_introspection("server.json", &introspection("A } pub fn evil() {}", "1"))
        .expect_err("the name is refused");
    let message = error.to_string();
    assert!(
        message.contains(
            "Names must only contain [_a-zA-Z0-9] but \"A } pub fn evil() {}\" does not. (the name of a type)"
        ),
        "{message}"
    );
    let digit = load_introspection("server.json", &introspection("1Query", "1"))
        .expect_err("the name is refused");
    assert!(
        digit
            .to_string()
            .contains("Names must start with [_a-zA-Z] but \"1Query\" does not."),
        "{digit}"
    );
}

#[test]
fn anonymous_operations_in_files_with_any_name_are_rust_names() {
    let (schema, _) = load_sdl("s.graphql", "type Query { a: Int }").expect("the schema loads");
    let files = [
        "ops/cart-create.graphql",
        "ops/my query.graphql",
        "ops/2fa.graphql",
        "ops/café.graphql",
        "ops/cafè.graphql",
        "ops/self.graphql",
        "ops/type.graphql",
        "ops/-.graphql",
        "ops/.graphql",
    ];
    let docs: Vec<SourceFile> = files
        .iter()
        .map(|name| SourceFile::new(*name, "{ a }"))
        .collect();
    let generated = generate_module(&schema, &docs, &Options::default()).expect("generates");
    let (names, _) = items(&generated.code);
    let structs: Vec<&str> = generated
        .operations
        .iter()
        .map(|op| op.struct_name.as_str())
        .collect();
    assert_eq!(
        structs,
        [
            "CartCreate",
            "MyQuery",
            "Op2fa",
            "CafUe9",
            "CafUe8",
            "SelfQuery",
            "Type",
            "Operation",
            "Graphql"
        ],
        "{names:?}"
    );
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        names.len(),
        "no two items share a name: {names:?}"
    );
}

#[test]
fn file_names_that_make_the_same_rust_name_are_told_apart_or_refused() {
    let (schema, _) = load_sdl("s.graphql", "type Query { a: Int }").expect("the schema loads");
    let docs = [
        SourceFile::new("ops/a-b.graphql", "{ a }"),
        SourceFile::new("ops/a_b.graphql", "{ a }"),
    ];
    match generate_module(&schema, &docs, &Options::default()) {
        Ok(generated) => {
            let (names, _) = items(&generated.code);
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{names:?}");
        }
        Err(errors) => panic!("{}", errors[0]),
    }
}
