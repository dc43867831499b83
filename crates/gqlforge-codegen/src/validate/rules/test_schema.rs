//! graphql-js's validation test schema (`testSchema` in its `harness.ts`), as SDL, and
//! an assertion helper, shared by the rules' unit tests.

use crate::validate::testing::rule_errors;

/// Pets, a union, interfaces implementing interfaces, input objects (one `@oneOf`),
/// fields with every kind of argument, and a query root that is not named `Query`.
pub(crate) const TEST_SCHEMA: &str = include_str!("../../../tests/rules/test-schema.graphql");

/// Asserts that `rule` finds exactly `expected` in `document`: (message, [(line, column)]).
#[track_caller]
pub(crate) fn expect_errors(
    rule: &str,
    schema: &str,
    document: &str,
    expected: &[(&str, &[(usize, usize)])],
) {
    let found: Vec<(String, Vec<(usize, usize)>)> = rule_errors(rule, schema, document)
        .into_iter()
        .map(|(_, message, locations)| (message, locations))
        .collect();
    let expected: Vec<(String, Vec<(usize, usize)>)> = expected
        .iter()
        .map(|(message, locations)| (message.to_string(), locations.to_vec()))
        .collect();
    if let Ok(dir) = std::env::var("DUMP_CASES") {
        use std::io::Write;
        let name = std::thread::current().name().unwrap_or("?").to_string();
        let line = serde_json::json!({"test": name, "rule": rule, "schema": schema, "document": document, "expected": expected, "found": found});
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(format!("{dir}/cases.jsonl"))
            .unwrap();
        writeln!(f, "{line}").unwrap();
    }
    assert_eq!(found, expected, "{rule} on:\n{document}");
}

mod tests {
    use super::TEST_SCHEMA;
    use crate::validate::testing::errors;

    #[test]
    fn the_test_schema_loads_and_a_simple_query_is_valid() {
        assert_eq!(
            errors(
                TEST_SCHEMA,
                "{ dog { name barkVolume } catOrDog { __typename } }"
            ),
            vec![]
        );
    }
}
