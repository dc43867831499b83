//! `cargo gqlforge validate`: exit codes and output formats.

use std::path::PathBuf;
use std::process::{Command, Output};

fn corpus() -> PathBuf {
    gqlforge_tests::corpus::corpus_dir()
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-gqlforge"))
        .arg("validate")
        .args(args)
        .output()
        .expect("cargo-gqlforge runs")
}

fn path(p: &str) -> String {
    corpus().join(p).display().to_string()
}

#[test]
fn valid_operations_exit_zero() {
    if gqlforge_corpus::require("validate_cli::valid_operations_exit_zero").is_none() {
        return;
    }
    let out = cli(&[
        "--schema",
        &path("countries/schema.graphql"),
        &path("countries/operations"),
    ]);
    // A directory is not a document: usage/I-O error.
    assert_eq!(out.status.code(), Some(2));

    let files: Vec<String> = std::fs::read_dir(corpus().join("countries/operations"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["--schema".to_string(), path("countries/schema.graphql")];
    args.extend(files);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = cli(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("valid, 0 invalid"), "{stderr}");
}

#[test]
fn invalid_operations_exit_one_with_json_errors() {
    if gqlforge_corpus::require("validate_cli::invalid_operations_exit_one_with_json_errors")
        .is_none()
    {
        return;
    }
    let file = path("github/invalid/01-misspelled-field-1.graphql");
    let out = cli(&[
        "--schema",
        &path("github/schema.graphql"),
        "--format",
        "json",
        &file,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(
        json,
        serde_json::json!([{
            "file": file,
            "rule": "FieldsOnCorrectTypeRule",
            "message": "Cannot query field \"repoistory\" on type \"Query\". Did you mean \"repository\"?",
            "locations": [{"line": 3, "column": 3}],
        }])
    );
}

#[test]
fn human_output_has_location_snippet_and_suggestion() {
    if gqlforge_corpus::require("validate_cli::human_output_has_location_snippet_and_suggestion")
        .is_none()
    {
        return;
    }
    let file = path("github/invalid/01-misspelled-field-1.graphql");
    let out = cli(&["--schema", &path("github/schema.graphql"), &file]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[FieldsOnCorrectTypeRule]"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {file}:3:3")), "{stderr}");
    assert!(stderr.contains("^^^^^^^^^^"), "{stderr}");
    assert!(stderr.contains("Did you mean \"repository\"?"), "{stderr}");
}

#[test]
fn usage_and_io_errors_exit_two() {
    if gqlforge_corpus::require("validate_cli::usage_and_io_errors_exit_two").is_none() {
        return;
    }
    assert_eq!(cli(&[]).status.code(), Some(2));
    let missing_schema = cli(&["--schema", "/nonexistent/schema.graphql", "x.graphql"]);
    assert_eq!(missing_schema.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing_schema.stderr).contains("/nonexistent/schema.graphql"));
    let missing_file = cli(&[
        "--schema",
        &path("countries/schema.graphql"),
        "/nonexistent/op.graphql",
    ]);
    assert_eq!(missing_file.status.code(), Some(2));
    let bad_format = cli(&[
        "--schema",
        &path("countries/schema.graphql"),
        "--format",
        "xml",
        "x",
    ]);
    assert_eq!(bad_format.status.code(), Some(2));
}

/// The files are one module: an operation spreads a fragment of another file (the SDK's
/// `Fragments.graphql`), which alone it cannot.
#[test]
fn files_share_their_fragments() {
    let api = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/redflagalert");
    let schema = api.join("schema.graphql").display().to_string();
    let operation = api.join("operations/SignIn.graphql").display().to_string();
    let fragments = api
        .join("operations/Fragments.graphql")
        .display()
        .to_string();

    let out = cli(&["--schema", &schema, &operation]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[KnownFragmentNamesRule]: Unknown fragment \"SignInTokens\"."),
        "{stderr}"
    );

    let out = cli(&["--schema", &schema, &operation, &fragments]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // `AuditorPage` is used by no operation given.
    assert!(
        stderr.contains("error[NoUnusedFragmentsRule]: Fragment \"AuditorPage\" is never used."),
        "{stderr}"
    );
    assert!(!stderr.contains("SignInTokens"), "{stderr}");
    assert!(
        stderr.contains("2 file(s) checked, 1 valid, 1 invalid"),
        "{stderr}"
    );
}
