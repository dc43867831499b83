//! The fragments of a module's files as one set: spreads across files, errors located in the
//! file of each node, names defined twice, fragments no operation uses.

use crate::schema::load_sdl;
use crate::{generate_module, CodegenError, Generated, Options, SourceFile};

const SCHEMA: &str = "
    type Query { viewer: User! node(id: ID!): Node user(id: ID!): User }
    interface Node { id: ID! }
    type User implements Node { id: ID! name: String! friends(first: Int): [User!]! }
";

fn generate(files: &[(&str, &str)]) -> Result<Generated, Vec<CodegenError>> {
    let (schema, _) = load_sdl("schema.graphql", SCHEMA).expect("loads");
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect();
    generate_module(&schema, &files, &Options::default())
}

/// Every error rendered, one after the other.
fn errors(files: &[(&str, &str)]) -> String {
    match generate(files) {
        Ok(_) => panic!("expected errors"),
        Err(errors) => errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The `QUERY` constant of the operation module `module` in generated code.
fn query_of<'a>(code: &'a str, module: &str) -> &'a str {
    let start = code
        .find(&format!("pub mod {module} {{"))
        .expect("the module is generated");
    let query = &code[start..];
    let from = query.find("pub const QUERY: &str = ").expect("QUERY") + 24;
    let end = query[from..].find(";\n").expect("QUERY ends");
    &query[from..from + end]
}

#[test]
fn an_operation_spreads_a_fragment_of_another_file_and_sends_it() {
    let generated = generate(&[
        (
            "fragments.graphql",
            "fragment Who on User { id name }\nfragment Unrelated on User { id }\n",
        ),
        ("viewer.graphql", "query Viewer { viewer { ...Who } }"),
        (
            "org.graphql",
            "query Org { user(id: 1) { ...Who friends { ...Unrelated } } }",
        ),
    ])
    .unwrap_or_else(|e| panic!("{}", e[0]));
    let code = &generated.code;
    // One type for the module, used by both operations.
    assert_eq!(code.matches("pub struct Who {").count(), 1, "{code}");
    assert!(code.contains("pub viewer: super::Who,"), "{code}");
    assert!(
        code.contains("pub user: Option<super::Who>,") || code.contains("pub who: super::Who,"),
        "{code}"
    );
    // Each QUERY holds exactly the fragments it uses.
    let viewer = query_of(code, "viewer");
    assert!(viewer.contains("fragment Who on User"), "{viewer}");
    assert!(!viewer.contains("Unrelated"), "{viewer}");
    let org = query_of(code, "org");
    assert!(
        org.contains("fragment Who on User") && org.contains("fragment Unrelated on User"),
        "{org}"
    );
}

#[test]
fn a_fragment_spread_in_another_file_through_a_fragment_is_found() {
    let generated = generate(&[
        ("a.graphql", "fragment Outer on User { name ...Inner }\n"),
        (
            "b.graphql",
            "query Q { viewer { ...Outer } }\nfragment Inner on User { id }\n",
        ),
    ])
    .unwrap_or_else(|e| panic!("{}", e[0]));
    let query = query_of(&generated.code, "q");
    assert!(
        query.contains("fragment Outer on User") && query.contains("fragment Inner on User"),
        "{query}"
    );
    assert!(
        generated.code.contains("pub inner: Inner,"),
        "{}",
        generated.code
    );
}

#[test]
fn an_error_in_a_fragment_of_another_file_is_located_in_that_file() {
    let text = errors(&[
        (
            "fragments.graphql",
            "fragment Who on User {\n  id\n  nmae\n}\n",
        ),
        ("viewer.graphql", "query Viewer { viewer { ...Who } }"),
    ]);
    assert_eq!(
        text,
        "error[FieldsOnCorrectTypeRule]: Cannot query field \"nmae\" on type \"User\". Did you mean \"name\"?\n  --> fragments.graphql:3:3\n  |\n3 |   nmae\n  |   ^^^^"
    );
}

#[test]
fn a_finding_about_nodes_in_two_files_shows_both() {
    let text = errors(&[
        (
            "fragments.graphql",
            "fragment Friends on User {\n  friends(first: $count) { id }\n}\n",
        ),
        (
            "viewer.graphql",
            "query Viewer {\n  viewer { ...Friends }\n}\n",
        ),
    ]);
    assert_eq!(
        text,
        "error[NoUndefinedVariablesRule]: Variable \"$count\" is not defined by operation \"Viewer\".\n  --> fragments.graphql:2:18\n  |\n2 |   friends(first: $count) { id }\n  |                  ^^^^^^\n  --> viewer.graphql:1:1\n  |\n1 | query Viewer {\n  | ^^^^^^^^^^^^"
    );
}

#[test]
fn a_fragment_defined_in_two_files_is_an_error_naming_both() {
    let text = errors(&[
        (
            "a.graphql",
            "query A { viewer { ...Who } }\nfragment Who on User { id }\n",
        ),
        (
            "b.graphql",
            "query B { viewer { ...Who } }\n\nfragment Who on User { name }\n",
        ),
    ]);
    assert_eq!(
        text,
        "error[UniqueFragmentNamesRule]: There can be only one fragment named \"Who\".\n  --> a.graphql:2:10\n  |\n2 | fragment Who on User { id }\n  |          ^^^\n  --> b.graphql:3:10\n  |\n3 | fragment Who on User { name }\n  |          ^^^"
    );
}

#[test]
fn only_a_fragment_no_operation_of_the_module_uses_is_unused() {
    // `Used` is used by another file's operation only; `Unused` by none.
    let text = errors(&[
        (
            "fragments.graphql",
            "fragment Used on User { id }\n\nfragment Unused on User { name }\n",
        ),
        ("viewer.graphql", "query Viewer { viewer { ...Used } }"),
    ]);
    assert_eq!(
        text,
        "error[NoUnusedFragmentsRule]: Fragment \"Unused\" is never used.\n  --> fragments.graphql:3:1\n  |\n3 | fragment Unused on User { name }\n  | ^^^^^^^^^^^^^^^^^^^^^^^"
    );
}

#[test]
fn a_spread_of_a_fragment_no_file_defines_is_unknown() {
    let text = errors(&[
        ("fragments.graphql", "fragment Who on User { id }\n"),
        (
            "viewer.graphql",
            "query Viewer { viewer { ...Who ...Whom } }",
        ),
    ]);
    assert!(
        text.starts_with(
            "error[KnownFragmentNamesRule]: Unknown fragment \"Whom\".\n  --> viewer.graphql:1:35"
        ),
        "{text}"
    );
}

/// A file whose fragments are its own is validated exactly as alone: every finding of
/// graphql-js's rules on the document, in order.
#[test]
fn a_file_with_its_own_fragments_gets_what_validating_it_alone_gives() {
    let text = "query A { viewer { ...F nmae } }\nquery A { viewer { id } }\nfragment F on User { id }\nfragment G on User { id }\n";
    let (schema, _) = load_sdl("schema.graphql", SCHEMA).expect("loads");
    let document = crate::parse_document(text).expect("parses");
    let alone = crate::validate(&schema, &document);
    assert!(alone.len() >= 3, "{alone:?}");
    let other = SourceFile::new("other.graphql", "query Other { viewer { id } }");
    let file = SourceFile::new("a.graphql", text);
    match generate_module(&schema, &[file, other], &Options::default()) {
        Err(errors) => {
            assert_eq!(errors.len(), 1);
            let CodegenError::Invalid { diagnostics, .. } = &errors[0] else {
                panic!("{}", errors[0]);
            };
            assert_eq!(diagnostics, &alone);
        }
        Ok(_) => panic!("expected errors"),
    }
}
