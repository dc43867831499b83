//! Every validation rule's cases (`tests/rules/<Rule>.toml`): each document validated with
//! every rule, against its schema, and the rule's errors compared with the expected ones.
//! All cases run; the failures are listed together.

mod cases;

use gqlforge_codegen::schema::load_sdl;
use gqlforge_codegen::validate::RULE_NAMES;
use gqlforge_codegen::{parse_document, validate, SourceFile};

use cases::ExpectedError;

/// The errors of `rule` gqlforge finds in `document`.
fn rule_errors(schema: &str, document: &str, rule: &str) -> Result<Vec<ExpectedError>, String> {
    let (schema, _) = load_sdl("schema.graphql", schema).map_err(|e| format!("{e:?}"))?;
    let file = SourceFile::new("case.graphql", document);
    let diagnostics = match parse_document(document) {
        Ok(parsed) => validate(&schema, &parsed),
        Err(syntax_error) => vec![syntax_error],
    };
    Ok(diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| ExpectedError {
            locations: d
                .locations(&file)
                .iter()
                .map(|l| [l.line, l.column])
                .collect(),
            message: d.message,
        })
        .collect())
}

#[test]
fn every_rule_case_finds_exactly_its_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let (files, default) = cases::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        assert!(
            RULE_NAMES.contains(&file.rule.as_str()),
            "{}: no rule is named {}",
            file.file,
            file.rule
        );
        for case in &file.cases {
            count += 1;
            if case.graphql_js.as_ref() == Some(&case.errors) {
                failures.push(format!(
                    "{}: {:?}: `graphql_js` equals `errors`: not a deviation, remove it",
                    file.file, case.name
                ));
            }
            let schema = file
                .schema_of(case, &default)
                .unwrap_or_else(|e| panic!("{e}"));
            match rule_errors(schema, &case.document, &file.rule) {
                Ok(found) if found == case.errors => {}
                Ok(found) => failures.push(format!(
                    "{}: {:?}\n  expected {:?}\n  found    {:?}",
                    file.file, case.name, case.errors, found
                )),
                Err(e) => failures.push(format!("{}: {:?}: schema: {e}", file.file, case.name)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(files.iter().all(|file| !file.cases.is_empty()) && count > 0);
}
