//! The corpus against graphql-js's verdicts: every real operation is valid; every invalid
//! case is rejected by the same set of rules graphql-js names in `expected.json`.

use std::collections::BTreeSet;

use gqlforge_codegen::{parse_document, validate, Diagnostic, SourceFile};
use gqlforge_tests::corpus::{expected, graphql_files, load_schema, require, Location, SCHEMAS};

fn check(schema: &gqlforge_codegen::SchemaIndex, text: &str) -> Vec<Diagnostic> {
    match parse_document(text) {
        Ok(doc) => validate(schema, &doc),
        Err(e) => vec![e],
    }
}

#[test]
fn every_corpus_operation_is_valid() {
    let Some(corpus) = require("every_corpus_operation_is_valid") else {
        return;
    };
    let mut failures = Vec::new();
    let mut count = 0;
    for name in SCHEMAS {
        let schema = load_schema(name);
        for (file, text) in graphql_files(&corpus.join(name).join("operations")) {
            count += 1;
            let source = SourceFile::new(format!("{name}/operations/{file}"), text.as_str());
            for d in check(&schema, &text) {
                failures.push(d.render(&source));
            }
        }
    }
    assert!(
        count >= 227,
        "expected the 227 corpus operations, found {count}"
    );
    assert!(
        failures.is_empty(),
        "{} error(s) on valid corpus operations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_invalid_corpus_case_is_rejected_by_the_rules_graphql_js_names() {
    let Some(corpus) =
        require("every_invalid_corpus_case_is_rejected_by_the_rules_graphql_js_names")
    else {
        return;
    };
    let mut mismatches = Vec::new();
    let (mut cases, mut exact) = (0, 0);
    for name in SCHEMAS {
        let schema = load_schema(name);
        let expected = expected(name);
        let files = graphql_files(&corpus.join(name).join("invalid"));
        assert_eq!(
            files.len(),
            expected.len(),
            "{name}: every invalid file has an expected entry"
        );
        for (file, text) in files {
            cases += 1;
            let want = &expected[&file];
            let source = SourceFile::new(file.as_str(), text.as_str());
            let got = check(&schema, &text);
            let want_rules: BTreeSet<&str> =
                want.iter().filter_map(|e| e.rule.as_deref()).collect();
            let got_rules: BTreeSet<&str> = got.iter().map(|d| d.rule).collect();
            if want_rules != got_rules {
                mismatches.push(format!(
                    "{name}/invalid/{file}\n  graphql-js: {want_rules:?}\n  gqlforge:   {got_rules:?}\n{}",
                    got.iter().map(|d| d.render(&source)).collect::<Vec<_>>().join("")
                ));
                continue;
            }
            // Beyond the rule names: the same messages at the same places, as a figure.
            let mut want_full: Vec<(String, Vec<Location>)> = want
                .iter()
                .map(|e| (e.message.clone(), e.locations.clone()))
                .collect();
            let mut got_full: Vec<(String, Vec<Location>)> = got
                .iter()
                .map(|d| {
                    let locations = d
                        .locations(&source)
                        .into_iter()
                        .map(|l| Location {
                            line: l.line,
                            column: l.column,
                        })
                        .collect();
                    (d.message.clone(), locations)
                })
                .collect();
            want_full.sort();
            got_full.sort();
            if want_full == got_full {
                exact += 1;
            } else {
                eprintln!("{name}/invalid/{file}: same rules, other wording or locations\n  graphql-js: {want_full:?}\n  gqlforge:   {got_full:?}");
            }
        }
    }
    eprintln!("invalid corpus cases: {cases}; same rule names: {}; also same messages and locations: {exact}", cases - mismatches.len());
    assert!(
        mismatches.is_empty(),
        "{} of {cases} invalid cases differ from graphql-js in their rule names:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
