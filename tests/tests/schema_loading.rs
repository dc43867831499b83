//! The corpus schemas load, from SDL and from introspection JSON, into the same index, and
//! print back to SDL that loads into the same index again.

use gqlforge_codegen::schema::{
    load_sdl, print_schema, schema_differences, DirectiveDef, FieldDef, ObjectLike, SchemaIndex,
    TypeDef, TypeId, TypeKind,
};
use gqlforge_codegen::SchemaWarning;
use gqlforge_tests::corpus::{corpus_dir, require, SCHEMAS};

fn read(path: &str) -> String {
    let path = corpus_dir().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The warnings but those for graphql-js 17's rule that an implementation field may be
/// deprecated only if its interface field is, which the GitHub schema breaks (12 times).
fn other_warnings(warnings: &[SchemaWarning]) -> Vec<String> {
    warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| {
            !(w.contains("warning: Interface field ") && w.contains("must not be deprecated"))
        })
        .collect()
}

#[test]
fn every_corpus_schema_loads_without_warnings() {
    if require("every_corpus_schema_loads_without_warnings").is_none() {
        return;
    }
    for name in SCHEMAS {
        let path = format!("{name}/schema.graphql");
        let (schema, warnings) = load_sdl(&path, &read(&path)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(other_warnings(&warnings), Vec::<String>::new(), "{name}");
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

/// The schema with source locations taken out: two loads of schemas that differ only in
/// where things are written compare equal.
fn without_locations(
    schema: &SchemaIndex,
) -> (Vec<TypeDef>, Vec<DirectiveDef>, [Option<TypeId>; 3]) {
    let types = schema
        .types()
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.location = None;
            if let TypeKind::Object(o) | TypeKind::Interface(o) = &mut t.kind {
                let fields = o
                    .fields
                    .iter()
                    .map(|f| FieldDef {
                        location: None,
                        ..f.clone()
                    })
                    .collect();
                *o = ObjectLike::new(fields, o.interfaces.clone());
            }
            t
        })
        .collect();
    let roots = [
        schema.query_type(),
        schema.mutation_type(),
        schema.subscription_type(),
    ];
    (types, schema.directives().to_vec(), roots)
}

#[test]
fn github_as_published_loads_with_warnings_for_its_duplicate_fields() {
    if require("github_as_published_loads_with_warnings_for_its_duplicate_fields").is_none() {
        return;
    }
    let path = "github/schema.as-published.graphql";
    let (published, warnings) = load_sdl(path, &read(path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        other_warnings(&warnings),
        [
            "github/schema.as-published.graphql:15153:3: warning: Field \"EnterpriseOwnerInfo.repositoryDeployKeySetting\" is defined twice; the definition at line 15003 is used.",
            "github/schema.as-published.graphql:15158:3: warning: Field \"EnterpriseOwnerInfo.repositoryDeployKeySettingOrganizations\" is defined twice; the definition at line 15008 is used.",
        ]
    );
    let path = "github/schema.graphql";
    let (fixed, _) = load_sdl(path, &read(path)).unwrap_or_else(|e| panic!("{e}"));
    assert!(without_locations(&published) == without_locations(&fixed));
}

/// Every corpus schema, printed by `print_schema`, loads again into an index that describes
/// the same schema (`schema_differences`: every type, field, argument, description, default
/// value and deprecation, compared by name), and printing that index gives the same text.
#[test]
fn every_corpus_schema_prints_to_sdl_that_loads_into_the_same_index() {
    if require("every_corpus_schema_prints_to_sdl_that_loads_into_the_same_index").is_none() {
        return;
    }
    for name in SCHEMAS {
        let path = format!("{name}/schema.graphql");
        let (original, _) = load_sdl(&path, &read(&path)).unwrap_or_else(|e| panic!("{e}"));
        let printed = print_schema(&original);
        let (reloaded, warnings) =
            load_sdl("printed.graphql", &printed).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(other_warnings(&warnings), Vec::<String>::new(), "{name}");
        assert_eq!(
            schema_differences(&original, &reloaded),
            Vec::<String>::new(),
            "{name}"
        );
        assert_eq!(print_schema(&reloaded), printed, "{name}");
        let user_types = original.types().iter().filter(|t| !t.builtin).count();
        let printed_types = printed
            .lines()
            .filter(|l| {
                [
                    "type ",
                    "interface ",
                    "union ",
                    "enum ",
                    "input ",
                    "scalar ",
                ]
                .iter()
                .any(|k| l.starts_with(k))
            })
            .count();
        assert_eq!(printed_types, user_types, "{name}");
    }
}
