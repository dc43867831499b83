//! The validation rules' cases (`crates/gqlforge-codegen/tests/rules/<Rule>.toml`, run
//! against gqlforge by that crate's `rule_cases` test) checked against graphql-js: for each
//! case, the errors graphql-js 17 reports for the file's rule are exactly the case's (or its
//! `graphql_js` errors, where gqlforge follows the spec instead, as the case's comment says).
//! So the expected errors are graphql-js's, not what gqlforge happened to print when a case
//! was written. Skipped with a message where the oracle cannot be installed (no corpus), unless
//! `CI` is set.

#[path = "../../crates/gqlforge-codegen/tests/rule_cases/cases.rs"]
mod cases;

use std::collections::BTreeMap;

use gqlforge_tests::oracle::Oracle;
use gqlforge_tests::temp::TempDir;

use cases::ExpectedError;

#[test]
fn graphql_js_finds_exactly_the_errors_of_every_rule_case() {
    let Some(oracle) = Oracle::require("rule_cases") else {
        return;
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/gqlforge-codegen/tests/rules");
    let (files, default) = cases::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    // One oracle process per schema text: the default schema serves most cases.
    let mut by_schema: BTreeMap<&str, Vec<(&cases::RuleCases, &cases::Case)>> = BTreeMap::new();
    for file in &files {
        for case in &file.cases {
            let schema = file
                .schema_of(case, &default)
                .unwrap_or_else(|e| panic!("{e}"));
            by_schema.entry(schema).or_default().push((file, case));
        }
    }
    let temp = TempDir::new("rule_cases");
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, (schema, cases)) in by_schema.iter().enumerate() {
        let path = temp.write(&format!("schema-{i}.graphql"), schema);
        let documents = cases
            .iter()
            .map(|(_, case)| case.document.clone())
            .collect();
        let answers = oracle
            .validate_batch(&path, documents)
            .unwrap_or_else(|e| panic!("graphql-js on {}: {e}", path.display()));
        for ((file, case), answer) in cases.iter().zip(answers) {
            count += 1;
            let found: Vec<ExpectedError> = answer
                .into_iter()
                .filter(|e| e.rule.as_deref() == Some(file.rule.as_str()))
                .map(|e| ExpectedError {
                    message: e.message,
                    locations: e.locations.iter().map(|l| [l.line, l.column]).collect(),
                })
                .collect();
            let expected = case.graphql_js.as_ref().unwrap_or(&case.errors);
            if &found != expected {
                failures.push(format!(
                    "{}: {:?}\n  expected {:?}\n  graphql-js {:?}",
                    file.file, case.name, expected, found
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "graphql-js disagrees with {} of {count} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
