//! Snapshots of the generated code, one per construct of `../shared/design.md`'s table: each
//! file of `tests/constructs/operations/` is generated alone against
//! `tests/constructs/schema.graphql`. (`tests/corpus-codegen` compiles all of them together
//! and round-trips random responses through them.)

use std::path::Path;

use crate::{generate_file, schema::load_schema_file, Options, SourceFile};

fn constructs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs")
}

/// The options `tests/corpus-codegen` uses too: `DateTime` bound, the other scalars not.
pub fn options() -> Options {
    Options {
        scalars: [("DateTime".to_owned(), "String".to_owned())].into(),
        derives: Vec::new(),
    }
}

fn generated(file: &str) -> String {
    let (schema, warnings) = load_schema_file(&constructs().join("schema.graphql"))
        .expect("the constructs schema loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    let path = constructs().join("operations").join(file);
    let text = std::fs::read_to_string(&path).expect("the construct file exists");
    let source = SourceFile::new(format!("operations/{file}"), text);
    match generate_file(&schema, &[source], &options(), "snapshot") {
        Ok(text) => text,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// `files` of `tests/constructs/operations/` generated together, as one module.
pub fn generated_module(files: &[&str]) -> String {
    let (schema, _) = load_schema_file(&constructs().join("schema.graphql")).expect("loads");
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|file| {
            let path = constructs().join("operations").join(file);
            let text = std::fs::read_to_string(&path).expect("the construct file exists");
            SourceFile::new(format!("operations/{file}"), text)
        })
        .collect();
    generate_file(&schema, &sources, &options(), "snapshot").unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Fragments shared across files: one type each at the module level, whichever file defines
/// them and whichever operations spread them.
#[test]
fn shared_fragments() {
    insta::assert_snapshot!(generated_module(&[
        "shared_fragments.graphql",
        "shared_people.graphql",
        "shared_posts.graphql",
    ]));
}

macro_rules! snapshot {
    ($name:ident) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(generated(concat!(stringify!($name), ".graphql")));
        }
    };
}

snapshot!(nullability);
snapshot!(abstract_types);
snapshot!(enums);
snapshot!(inputs);
snapshot!(fragments);
snapshot!(directives);
snapshot!(aliases);
snapshot!(deprecations);
snapshot!(scalars);
snapshot!(keywords);
snapshot!(anonymous);
snapshot!(shorthand);
snapshot!(subscriptions);
snapshot!(long_names);

#[test]
fn output_is_deterministic() {
    assert_eq!(
        generated("fragments.graphql"),
        generated("fragments.graphql")
    );
}

#[test]
fn bad_options_are_errors_not_panics() {
    let (schema, _) = load_schema_file(&constructs().join("schema.graphql")).expect("loads");
    let file = SourceFile::new("q.graphql", "{ type }");
    let unknown = Options {
        scalars: [("Instant".to_owned(), "String".to_owned())].into(),
        derives: Vec::new(),
    };
    let errors = generate_file(&schema, std::slice::from_ref(&file), &unknown, "").unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "error: a binding names the scalar `Instant`, which the schema does not define\n  = hint: bind only the schema's custom scalars (check the spelling; names are case-sensitive)"
    );
    let not_a_type = Options {
        scalars: [("Money".to_owned(), "rust decimal".to_owned())].into(),
        derives: Vec::new(),
    };
    let errors = generate_file(&schema, std::slice::from_ref(&file), &not_a_type, "").unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .starts_with("error: the binding `Money = \"rust decimal\"` is not a Rust type"),
        "{}",
        errors[0]
    );
    let bad_derive = Options {
        scalars: Default::default(),
        derives: vec!["Eq +".to_owned()],
    };
    let errors = generate_file(&schema, std::slice::from_ref(&file), &bad_derive, "").unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .starts_with("error: the derive `Eq +` is not a path"),
        "{}",
        errors[0]
    );
}

#[test]
fn invalid_operations_are_reported_with_their_location() {
    let (schema, _) = load_schema_file(&constructs().join("schema.graphql")).expect("loads");
    let file = SourceFile::new("ops/bad.graphql", "query Bad {\n  viewer { nmae }\n}\n");
    let errors = generate_file(&schema, &[file], &Options::default(), "").unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "error[FieldsOnCorrectTypeRule]: Cannot query field \"nmae\" on type \"User\". Did you mean \"name\"?\n  --> ops/bad.graphql:2:12\n  |\n2 |   viewer { nmae }\n  |            ^^^^"
    );
}

/// Texts that take each path of the literal helpers: plain, escaped, non-ASCII, controls.
const TEXTS: &[&str] = &[
    "",
    "query Q {\n  a\n}",
    "say \"hi\" \\ there\ttab\r\n",
    "'single' quotes",
    "naïve café — 東京",
    "nul\0 and bell\u{7} and zero-width\u{200b}",
    "\x007",
];

/// `string_literal` writes exactly what `Literal::string` writes, faster or not.
#[test]
fn string_literals_are_those_proc_macro2_writes() {
    for text in TEXTS {
        assert_eq!(
            super::string_literal(text).to_string(),
            proc_macro2::Literal::string(text).to_string(),
            "{text:?}"
        );
    }
}

/// The text is what prettyplease prints for the same items: the layout `code.rs` writes by
/// hand is prettyplease's, including where long lines break.
fn assert_formatted_as_prettyplease(what: &str, text: &str) {
    let file: syn::File = syn::parse_str(text)
        .unwrap_or_else(|e| panic!("{what}: the generated text does not parse: {e}\n{text}"));
    let printed = prettyplease::unparse(&file);
    if printed != text {
        let line = printed
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let around = |t: &str| {
            t.lines()
                .skip(line.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: differs from prettyplease at line {}\nprettyplease:\n{}\ngenerated:\n{}",
            line + 1,
            around(&printed),
            around(text)
        );
    }
}

/// `long_names.graphql` breaks every line that can break (attribute lists, generic
/// arguments, tuple variants, `Some(..)`, match arms, method calls, turbofishes, arguments);
/// with many extra derives, the derive lists too.
#[test]
fn long_lines_break_where_prettyplease_breaks_them() {
    let (schema, _) = load_schema_file(&constructs().join("schema.graphql")).expect("loads");
    let path = constructs().join("operations/long_names.graphql");
    let file = SourceFile::new(
        "long_names.graphql",
        std::fs::read_to_string(path).expect("readable"),
    );
    let mut options = options();
    options.derives = [
        "Eq",
        "Hash",
        "schemars::JsonSchema",
        "another::VeryLongDeriveMacroPath",
    ]
    .map(String::from)
    .into();
    let generated = crate::generate_module(&schema, std::slice::from_ref(&file), &options)
        .unwrap_or_else(|e| panic!("{}", e[0]));
    assert!(generated.code.contains("#[derive(\n"), "{}", generated.code);
    assert_formatted_as_prettyplease("long names, many derives", &generated.code);
}

/// Every file directly in `dir` (operation documents), sorted by name.
fn source_files(dir: &Path) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            SourceFile::new(path.display().to_string(), text)
        })
        .collect();
    files.sort_by(|a, b| a.name().cmp(b.name()));
    files
}

/// The fragments a document defines, for [`gqlforge_corpus::modules`].
pub fn fragment_names(file: &SourceFile) -> Vec<String> {
    crate::parse_document(file.text())
        .map(|d| d.fragments().map(|f| f.name.value.clone()).collect())
        .unwrap_or_default()
}

/// Every construct and every operation of the shared corpus, in as few modules per schema as
/// keep each fragment name once in a module (`gqlforge_corpus::modules`).
#[test]
fn corpus_and_constructs_are_formatted_as_prettyplease() {
    let (schema, _) = load_schema_file(&constructs().join("schema.graphql")).expect("loads");
    let files = source_files(&constructs().join("operations"));
    let generated = crate::generate_module(&schema, &files, &options()).expect("generates");
    assert_formatted_as_prettyplease("constructs", &generated.code);

    let Some(corpus) =
        gqlforge_corpus::require("corpus_and_constructs_are_formatted_as_prettyplease")
    else {
        return;
    };
    for api in ["countries", "swapi", "github"] {
        let dir = corpus.join(api);
        let (schema, _) = load_schema_file(&dir.join("schema.graphql")).expect("loads");
        let files = source_files(&dir.join("operations"));
        for files in gqlforge_corpus::modules(files, fragment_names) {
            let generated =
                crate::generate_module(&schema, &files, &Options::default()).expect("generates");
            assert_formatted_as_prettyplease(api, &generated.code);
        }
    }
}

/// Scalar bindings and derive paths are printed as prettyplease prints them.
#[test]
fn bound_types_and_derive_paths_print_as_prettyplease() {
    for ty in [
        "String",
        "time::OffsetDateTime",
        "::std::collections::BTreeMap<String, Vec<u8>>",
        "Vec<Option<(i32, String)>>",
        "&'static str",
        "[u8; 32]",
        "Box<[u8]>",
        "(String,)",
    ] {
        let parsed: syn::Type = syn::parse_str(ty).expect("a type");
        let item = format!("type T = {};\n", super::type_text(&parsed));
        let file: syn::File = syn::parse_str(&item).expect("parses");
        assert_eq!(prettyplease::unparse(&file), item, "{ty}");
    }
    for path in ["Eq", "schemars::JsonSchema", "::serde::Serialize"] {
        let parsed: syn::Path = syn::parse_str(path).expect("a path");
        assert_eq!(super::path_text(&parsed), path);
    }
}
