//! Text from a schema or a file name never becomes code: a server's introspection result, a
//! description or a file name that tries to close a comment, a string or an item is still
//! data in the generated module (the reproductions of a review, and their class).

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
            message.contains("Syntax Error: ")
                && message.contains("it is the default value of \"Filter.note\""),
            "{hostile:?}: {message}"
        );
    }
}

#[test]
fn a_default_value_with_a_comment_is_one_value_as_graphql_js_reads_it() {
    let (schema, _) = load_introspection("server.json", &introspection("Query", "\"x\" # ) }"))
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
    let (schema, _) = load_introspection("server.json", &introspection("Query", hostile))
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
            "Names must only contain [_a-zA-Z0-9] but \"A } pub fn evil() {}\" does not.\n  \
             hint: it is the name of a type;"
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

/// The names of the items of `file`, at every depth (`mod m { struct S }` → `m`, `m::S`),
/// impls by their self type and trait, in order.
fn item_tree(code: &str) -> Vec<String> {
    fn walk(items: &[syn::Item], prefix: &str, out: &mut Vec<String>) {
        for item in items {
            let name = match item {
                syn::Item::Struct(s) => format!("struct {}", s.ident),
                syn::Item::Enum(e) => format!("enum {}", e.ident),
                syn::Item::Fn(f) => format!("fn {}", f.sig.ident),
                syn::Item::Const(c) => format!("const {}", c.ident),
                syn::Item::Use(_) => "use".to_string(),
                syn::Item::Type(t) => format!("type {}", t.ident),
                syn::Item::Impl(i) => {
                    let ty = &i.self_ty;
                    let tr = i
                        .trait_
                        .as_ref()
                        .map(|(_, p, _)| quote::quote!(#p).to_string());
                    format!("impl {:?} for {}", tr, quote::quote!(#ty))
                }
                syn::Item::Mod(m) => {
                    let name = format!("{prefix}{}::", m.ident);
                    out.push(format!("mod {}", m.ident));
                    if let Some((_, inner)) = &m.content {
                        walk(inner, &name, out);
                    }
                    continue;
                }
                other => format!("other {}", quote::quote!(#other)),
            };
            out.push(format!("{prefix}{name}"));
        }
    }
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"));
    let mut out = Vec::new();
    walk(&file.items, "", &mut out);
    out
}

/// A schema whose every text (descriptions, deprecation reasons, a default value) is `text`,
/// as a GraphQL string literal (JSON's escapes are GraphQL's), and an operation using it all.
fn schema_with_texts(text: &str) -> String {
    let s = serde_json::to_string(text).expect("a JSON string");
    format!(
        "{s} type Query {{ {s} a(f: In, e: E = A): Out @deprecated(reason: {s}) }}\n\
         {s} type Out {{ {s} x: Int {s} y: Int @deprecated(reason: {s}) }}\n\
         {s} enum E {{ {s} A {s} B @deprecated(reason: {s}) }}\n\
         {s} input In {{ {s} note: String = {s} {s} list: [String!] = [{s}, {s}] {s} e: E = B }}\n\
         {s} scalar Time\n"
    )
}

const OPERATION: &str = "query Q($f: In, $e: E) { a(f: $f, e: $e) { x y } }";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]

    /// Hostile text anywhere a schema has text leaves the module's items exactly those of the
    /// same schema with a plain text: nothing closes a comment, a string or an item.
    #[test]
    fn hostile_texts_never_change_the_items(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "\n", "\r", "\r\n", "*/", "/*", "\"#", "#\"", "\"", "#", "}", "{", "]", "[", ")",
            "\\", "\\n", "\u{2028}", "\u{2029}", "\u{feff}", "\u{0}", "\u{85}", "`", "///",
            "//!", "#![allow()]", "pub fn injected() {}", "r#\"", "\"\"\"", "é", " ", "a",
        ]), 0..16)
    ) {
        let text: String = pieces.concat();
        let build = |text: &str| {
            let (schema, _) = load_sdl("s.graphql", &schema_with_texts(text))
                .unwrap_or_else(|e| panic!("the schema loads: {e}"));
            generate_module(&schema, &[SourceFile::new("q.graphql", OPERATION)], &Options::default())
                .unwrap_or_else(|e| panic!("generates: {}", e[0]))
                .code
        };
        let hostile = build(&text);
        let plain = build("plain");
        proptest::prop_assert_eq!(item_tree(&hostile), item_tree(&plain), "{}", hostile);
    }

    /// Any file names: the module parses, and no two items share a name.
    #[test]
    fn any_file_names_give_distinct_rust_names(
        names in proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(vec![
                "a", "B", "_", "-", " ", ".", "1", "é", "è", "self", "Self", "type", "crate",
                "super", "r#", "__", "Ω", "💥", "op", "Op",
            ]), 1..5),
            1..6,
        )
    ) {
        let (schema, _) = load_sdl("s.graphql", "type Query { a: Int }").expect("loads");
        let docs: Vec<SourceFile> = names
            .iter()
            .map(|parts| SourceFile::new(format!("ops/{}.graphql", parts.concat()), "{ a }"))
            .collect();
        let generated = generate_module(&schema, &docs, &Options::default())
            .unwrap_or_else(|e| panic!("generates: {}", e[0]));
        let tree = item_tree(&generated.code);
        let top: Vec<&String> = tree
            .iter()
            .filter(|n| n.starts_with("struct ") || n.starts_with("mod "))
            .collect();
        let idents: Vec<&str> = top.iter().map(|n| n.split(' ').nth(1).unwrap_or_default()).collect();
        let mut unique = idents.clone();
        unique.sort();
        unique.dedup();
        proptest::prop_assert_eq!(unique.len(), idents.len(), "{:?}", idents);
        proptest::prop_assert_eq!(idents.len(), 2 * names.len());
    }
}

#[test]
fn enum_values_named_like_literals_are_schema_errors() {
    for literal in ["true", "false", "null"] {
        let json = introspection("Query", "\"x\"").replace(
            r#"{"description":null,"kind":"SCALAR","name":"Int"}"#,
            &format!(
                r#"{{"description":null,"kind":"ENUM","name":"E","enumValues":[{{"name":"{literal}","description":null,"isDeprecated":false,"deprecationReason":null}}]}},{{"description":null,"kind":"SCALAR","name":"Int"}}"#
            ),
        );
        assert!(json.contains("\"ENUM\""), "the enum is in: {json}");
        let error = load_introspection("server.json", &json).expect_err("refused");
        assert!(
            error.to_string().contains(&format!(
                "Enum values cannot be named: {literal}\n  hint: it is a value of \"E\""
            )),
            "{error}"
        );
    }
}
