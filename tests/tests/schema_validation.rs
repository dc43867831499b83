//! Schema validation measured against graphql-js 17.1.0: gqlforge must reject exactly the
//! schemas graphql-js rejects (its `buildSchema` / `buildClientSchema` and `validateSchema`),
//! with one of graphql-js's messages, except for a few documented deviations.
//!
//! - `tests/schemas/*.graphql|json`: small schemas, each aimed at one rule (named after it;
//!   `valid-*` are valid but tricky), and `tests/schemas/expected.json`: graphql-js's errors
//!   for each, as `tests/oracle/check-schemas.mjs` reports them. Checked without Node.
//!   After adding or changing a case, write expected.json again with
//!   `GQLFORGE_BLESS=1 cargo test -p gqlforge-tests --test schema_validation`
//!   (needs the oracle, which `cargo xtask test` installs into target/oracle).
//! - With the oracle: expected.json is what graphql-js says now; a few hundred random small
//!   schemas (`gqlforge_tests::random_schema`, SDL and introspection JSON; seed
//!   `GQLFORGE_FUZZ_SEED`, count `GQLFORGE_SCHEMA_FUZZ_CASES`) get the same verdicts from
//!   both; every real schema (the corpus's, this repository's `schema/`) loads, and
//!   graphql-js's verdict on it is printed.
//!
//! A disagreement is reported with the case, graphql-js's errors and gqlforge's outcome,
//! all of them grouped by the kind of graphql-js's first error before the test fails.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use gqlforge_codegen::schema::{load_introspection, load_sdl};
use gqlforge_codegen::{SchemaError, SchemaWarning};
use gqlforge_tests::random_schema::random_schemas;
use gqlforge_tests::schema_oracle::{SchemaCase, SchemaOracle, SchemaOracleError};

const BLESS: &str = "GQLFORGE_BLESS=1 cargo test -p gqlforge-tests --test schema_validation";

// --- What is compared --------------------------------------------------------------------

/// graphql-js rules that gqlforge deliberately makes warnings: real published schemas break
/// them harmlessly. A schema whose every graphql-js error is one of these must load, with a
/// warning.
struct Deviation {
    /// The error's kind (`SchemaOracleError::rule`).
    rule: &'static str,
    /// Only when both definitions are the same, descriptions aside (`identical`); two
    /// different definitions under one name stay an error.
    only_identical: bool,
    /// Only in SDL, where the loader keeps one of the two with a warning; an introspection
    /// result is rejected as graphql-js rejects it.
    sdl_only: bool,
    why: &'static str,
}

const DEVIATIONS: &[Deviation] = &[
    Deviation {
        rule: "UniqueFieldDefinitionNamesRule",
        only_identical: true,
        sdl_only: true,
        why: "a field or input field defined twice, identically (GitHub's schema as published)",
    },
    Deviation {
        rule: "UniqueEnumValueNamesRule",
        only_identical: true,
        sdl_only: true,
        why: "an enum value defined twice, identically",
    },
    Deviation {
        rule: "Schema.UnionMemberTwice",
        only_identical: false,
        sdl_only: true,
        why: "a union member listed twice",
    },
    Deviation {
        rule: "Schema.ImplementsTwice",
        only_identical: false,
        sdl_only: true,
        why: "an interface implemented twice",
    },
    Deviation {
        rule: "Schema.DeprecatedImplementationField",
        only_identical: false,
        sdl_only: false,
        why: "graphql-js 17's rule that an implementation field may be deprecated only if \
              the interface field is (the GitHub and Shopify schemas break it)",
    },
];

/// Kinds whose messages say nothing gqlforge should repeat: only the verdict is compared.
/// `JSON`: V8's `JSON.parse`; `buildASTSchema`: graphql-js failing inside its builder on an
/// invalid schema (a default value given to a field of an output type:
/// "Expected T to be a GraphQL leaf type."); `buildClientSchema`: its own checks of an
/// introspection result's shape, worded with JavaScript's `inspect` of the JSON (gqlforge
/// names the place in the file instead).
const VERDICT_ONLY: &[&str] = &["JSON", "buildASTSchema", "buildClientSchema"];

/// The kind of graphql-js's answer when its `validateSchema` threw after SDL errors.
const INCOMPLETE: &str = "Schema.incomplete";

fn deviation(e: &SchemaOracleError, json: bool) -> Option<&'static Deviation> {
    DEVIATIONS.iter().find(|d| {
        d.rule == e.rule
            && (!d.only_identical || e.identical == Some(true))
            && !(d.sdl_only && json)
    })
}

/// Every kind of error the committed cases must show at least once: every message of
/// graphql-js 17.1.0's SDL rules and `type/validate.js` that an SDL or introspection
/// schema can produce (the kinds are named in `check-schemas.mjs`), and the builders'.
/// Left out, since nothing `buildSchema` reads reaches them: the SDL rules' messages about
/// extending an existing schema ("already exists in the schema", "Cannot define a new
/// schema within a schema extension").
const KINDS: &[&str] = &[
    "SyntaxError",
    "JSON",
    "buildClientSchema",
    "LoneSchemaDefinitionRule",
    "UniqueOperationTypesRule",
    "UniqueTypeNamesRule",
    "UniqueEnumValueNamesRule",
    "UniqueFieldDefinitionNamesRule",
    "UniqueArgumentDefinitionNamesRule",
    "UniqueDirectiveNamesRule",
    "KnownTypeNamesRule",
    "KnownDirectivesRule",
    "UniqueDirectivesPerLocationRule",
    "PossibleTypeExtensionsRule",
    "KnownArgumentNamesOnDirectivesRule",
    "UniqueArgumentNamesRule",
    "UniqueInputFieldNamesRule",
    "ProvidedRequiredArgumentsOnDirectivesRule",
    "Schema.QueryRootMissing",
    "Schema.RootNotObject",
    "Schema.RootTypesNotDistinct",
    "Schema.ReservedName",
    "Schema.DirectiveWithoutLocations",
    "Schema.ArgumentNotInputType",
    "Schema.RequiredArgumentDeprecated",
    "Schema.InvalidDefaultValue.NonNull",
    "Schema.InvalidDefaultValue.NotObject",
    "Schema.InvalidDefaultValue.RequiredField",
    "Schema.InvalidDefaultValue.UnknownField",
    "Schema.InvalidDefaultValue.OneOf",
    "Schema.InvalidDefaultValue.Enum",
    "Schema.InvalidDefaultValue.Scalar",
    "Schema.NoFields",
    "Schema.FieldNotOutputType",
    "Schema.ImplementsNonInterface",
    "Schema.ImplementsItself",
    "Schema.ImplementsTwice",
    "Schema.InterfaceArgumentMissing",
    "Schema.InterfaceArgumentType",
    "Schema.InterfaceFieldMissing",
    "Schema.InterfaceFieldType",
    "Schema.ExtraArgumentRequired",
    "Schema.DeprecatedImplementationField",
    "Schema.ImplementsCycle",
    "Schema.TransitiveInterfaceMissing",
    "Schema.UnionNoMembers",
    "Schema.UnionMemberTwice",
    "Schema.UnionMemberNotObject",
    "Schema.EnumNoValues",
    "Schema.InputObjectNoFields",
    "Schema.InputFieldNotInputType",
    "Schema.RequiredInputFieldDeprecated",
    "Schema.OneOfFieldNonNull",
    "Schema.OneOfFieldDefault",
    "Schema.InputObjectNotFinite",
    "Schema.DefaultValueCycle",
    INCOMPLETE,
];

/// What gqlforge did with a schema.
enum Outcome {
    Loaded(Vec<SchemaWarning>),
    Rejected(SchemaError),
    Panicked(String),
}

fn gqlforge(case: &SchemaCase) -> Outcome {
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        if case.name.ends_with(".json") {
            load_introspection(&case.name, &case.text)
        } else {
            load_sdl(&case.name, &case.text)
        }
    }));
    match loaded {
        Ok(Ok((_, warnings))) => Outcome::Loaded(warnings),
        Ok(Err(error)) => Outcome::Rejected(error),
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

/// A case on which gqlforge and graphql-js disagree.
struct Disagreement {
    case: SchemaCase,
    /// The kind it is reported under: graphql-js's first error that is not a deviation.
    group: String,
    problem: String,
    graphql_js: Vec<SchemaOracleError>,
    gqlforge: Outcome,
}

fn compare(
    case: &SchemaCase,
    graphql_js: &[SchemaOracleError],
    gqlforge: Outcome,
) -> Option<Disagreement> {
    let json = case.name.ends_with(".json");
    // graphql-js could not run validateSchema after its SDL errors: whether it would have
    // found more is unknown, so a rejection for another reason stands.
    let incomplete = graphql_js.iter().any(|e| e.rule == INCOMPLETE);
    let strict = graphql_js
        .iter()
        .find(|e| e.rule != INCOMPLETE && deviation(e, json).is_none());
    let group = match (strict, graphql_js.first()) {
        (Some(e), _) | (None, Some(e)) => e.rule.clone(),
        (None, None) => "valid (graphql-js accepts it)".to_string(),
    };
    let problem = match (&gqlforge, strict) {
        (Outcome::Panicked(_), _) => "gqlforge panics".to_string(),
        (Outcome::Loaded(_), None) if graphql_js.is_empty() => return None,
        (Outcome::Rejected(_), None) if graphql_js.is_empty() => {
            "graphql-js accepts it, gqlforge rejects it".to_string()
        }
        (Outcome::Loaded(warnings), None) if !warnings.is_empty() => return None,
        (Outcome::Loaded(_), None) => {
            "gqlforge loads it, as it deliberately does, but without a warning".to_string()
        }
        (Outcome::Rejected(_), None) if incomplete => return None,
        (Outcome::Rejected(_), None) => format!(
            "gqlforge rejects it, but makes this a warning on purpose ({})",
            deviation(&graphql_js[0], json).map_or("", |d| d.why)
        ),
        (Outcome::Loaded(_), Some(_)) => "graphql-js rejects it, gqlforge loads it".to_string(),
        (Outcome::Rejected(error), Some(_)) => {
            let known = graphql_js
                .iter()
                .any(|e| e.message == error.message || VERDICT_ONLY.contains(&e.rule.as_str()));
            if known {
                return None;
            }
            "gqlforge's message is not one of graphql-js's".to_string()
        }
    };
    Some(Disagreement {
        case: case.clone(),
        group,
        problem,
        graphql_js: graphql_js.to_vec(),
        gqlforge,
    })
}

/// All disagreements, grouped by kind; with the schemas' texts when `with_text` (cases
/// that are not files).
fn report(disagreements: &[Disagreement], total: usize, with_text: bool) -> String {
    let mut groups: BTreeMap<&str, Vec<&Disagreement>> = BTreeMap::new();
    for d in disagreements {
        groups.entry(&d.group).or_default().push(d);
    }
    let mut out = format!(
        "{} of {total} schemas: gqlforge disagrees with graphql-js 17.1.0 (grouped by the kind \
         of graphql-js's first error that is not a deliberate deviation)\n",
        disagreements.len()
    );
    for (group, cases) in groups {
        let _ = writeln!(out, "\n== {group} ({})", cases.len());
        for d in cases {
            let _ = writeln!(out, "-- {}: {}", d.case.name, d.problem);
            for e in &d.graphql_js {
                let at: Vec<String> = e
                    .locations
                    .iter()
                    .map(|l| format!("{}:{}", l.line, l.column))
                    .collect();
                let _ = writeln!(
                    out,
                    "   graphql-js: {} [{}{}]{}",
                    e.message,
                    e.rule,
                    match e.identical {
                        Some(true) => ", identical",
                        Some(false) => ", different",
                        None => "",
                    },
                    if at.is_empty() {
                        String::new()
                    } else {
                        format!(" at {}", at.join(", "))
                    }
                );
            }
            let gqlforge = match &d.gqlforge {
                Outcome::Loaded(w) if w.is_empty() => "loads it, no warnings".to_string(),
                Outcome::Loaded(w) => {
                    let w: Vec<String> = w.iter().map(|w| w.message.clone()).collect();
                    format!("loads it, warnings: {}", w.join(" | "))
                }
                Outcome::Rejected(e) => match e.location {
                    Some(at) => format!("{} at {}:{}", e.message, at.line, at.column),
                    None => e.message.clone(),
                },
                Outcome::Panicked(message) => format!("PANIC: {message}"),
            };
            let _ = writeln!(out, "   gqlforge:   {gqlforge}");
            if with_text {
                for line in d.case.text.lines() {
                    let _ = writeln!(out, "   | {line}");
                }
            }
        }
    }
    out
}

// --- The committed cases -----------------------------------------------------------------

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

fn expected_path() -> PathBuf {
    cases_dir().join("expected.json")
}

/// The cases of `tests/schemas`, sorted by name.
fn committed_cases() -> Vec<SchemaCase> {
    let dir = cases_dir();
    let mut cases: Vec<SchemaCase> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.json"))
        .filter(|p| p.extension().is_some_and(|e| e == "graphql" || e == "json"))
        .map(|p| SchemaCase {
            name: p
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned(),
            text: std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

type Verdicts = BTreeMap<String, Vec<SchemaOracleError>>;

fn read_expected() -> Verdicts {
    let path = expected_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}\n  hint: {BLESS}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: {e}\n  hint: {BLESS}", path.display()))
}

/// Every committed case has graphql-js's verdict in expected.json, and nothing else does.
fn expected_for(cases: &[SchemaCase]) -> Verdicts {
    let expected = read_expected();
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    let recorded: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
    let unrecorded: Vec<&&str> = names.difference(&recorded).collect();
    let gone: Vec<&&str> = recorded.difference(&names).collect();
    assert!(
        unrecorded.is_empty() && gone.is_empty(),
        "expected.json does not match tests/schemas: no verdict for {unrecorded:?}; verdicts \
         for missing cases {gone:?}\n  hint: {BLESS}"
    );
    expected
}

#[test]
fn committed_cases_get_graphql_js_verdicts() {
    let cases = committed_cases();
    let expected = expected_for(&cases);
    let disagreements: Vec<Disagreement> = cases
        .iter()
        .filter_map(|case| compare(case, &expected[&case.name], gqlforge(case)))
        .collect();
    assert!(
        disagreements.is_empty(),
        "{}",
        report(&disagreements, cases.len(), false)
    );
}

#[test]
fn committed_cases_cover_every_kind_of_error() {
    let cases = committed_cases();
    let expected = expected_for(&cases);
    let seen: BTreeSet<&str> = expected
        .values()
        .flatten()
        .map(|e| e.rule.as_str())
        .collect();
    let missing: Vec<&&str> = KINDS.iter().filter(|k| !seen.contains(**k)).collect();
    assert!(
        missing.is_empty(),
        "no case in tests/schemas shows {missing:?}"
    );
    let unknown: Vec<&&str> = seen.iter().filter(|k| !KINDS.contains(k)).collect();
    assert!(
        unknown.is_empty(),
        "expected.json has kinds of error this test does not list: {unknown:?} (an \
         unclassified one means check-schemas.mjs lacks a message: add it there)"
    );
    for deviation in DEVIATIONS {
        assert!(
            seen.contains(deviation.rule),
            "no case shows {}",
            deviation.rule
        );
    }
}

// --- With the oracle ---------------------------------------------------------------------

fn check(oracle: &SchemaOracle, cases: &[SchemaCase]) -> Vec<Vec<SchemaOracleError>> {
    let answers = oracle.check(cases).unwrap_or_else(|e| panic!("{e}"));
    for (case, errors) in cases.iter().zip(&answers) {
        for e in errors {
            assert!(
                !e.rule.ends_with("unclassified") && e.rule != "threw",
                "check-schemas.mjs cannot classify graphql-js's answer to {}: [{}] {}\n{}",
                case.name,
                e.rule,
                e.message,
                case.text
            );
        }
    }
    answers
}

#[test]
fn expected_json_is_what_graphql_js_says() {
    let Some(oracle) = SchemaOracle::require("expected_json_is_what_graphql_js_says") else {
        return;
    };
    let cases = committed_cases();
    let answers = check(&oracle, &cases);
    let now: Verdicts = cases.iter().map(|c| c.name.clone()).zip(answers).collect();
    if std::env::var_os("GQLFORGE_BLESS").is_some_and(|v| v != "0" && !v.is_empty()) {
        let text = serde_json::to_string_pretty(&now).expect("JSON") + "\n";
        let path = expected_path();
        // Written whole, then renamed: a test reading it meanwhile sees one version.
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, text).expect("write expected.json");
        std::fs::rename(&temporary, &path).expect("rename expected.json");
        let _ = writeln!(std::io::stderr(), "wrote {}", path.display());
        return;
    }
    let recorded = read_expected();
    let stale: Vec<&String> = now
        .iter()
        .filter(|(name, errors)| recorded.get(*name) != Some(errors))
        .map(|(name, _)| name)
        .chain(recorded.keys().filter(|name| !now.contains_key(*name)))
        .collect();
    assert!(
        stale.is_empty(),
        "tests/schemas/expected.json is not what graphql-js says of {stale:?}\n  hint: {BLESS}"
    );
}

fn seed() -> u64 {
    match std::env::var("GQLFORGE_FUZZ_SEED") {
        Ok(text) => match text.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => text.parse(),
        }
        .unwrap_or_else(|e| panic!("GQLFORGE_FUZZ_SEED={text}: {e}")),
        Err(_) => 0x5c4e_3a01,
    }
}

fn fuzz_cases() -> usize {
    std::env::var("GQLFORGE_SCHEMA_FUZZ_CASES").map_or(400, |text| {
        text.parse()
            .unwrap_or_else(|e| panic!("GQLFORGE_SCHEMA_FUZZ_CASES={text}: {e}"))
    })
}

#[test]
fn random_schemas_get_graphql_js_verdicts() {
    let Some(oracle) = SchemaOracle::require("random_schemas_get_graphql_js_verdicts") else {
        return;
    };
    let (seed, count) = (seed(), fuzz_cases());
    let cases: Vec<SchemaCase> = random_schemas(seed, count)
        .into_iter()
        .map(|s| SchemaCase {
            name: s.name,
            text: s.text,
        })
        .collect();
    let pending = oracle.spawn_batch(&cases).unwrap_or_else(|e| panic!("{e}"));
    let outcomes: Vec<Outcome> = cases.iter().map(gqlforge).collect();
    let answers = pending.wait().unwrap_or_else(|e| panic!("{e}"));
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in answers.iter().flatten() {
        *kinds.entry(&e.rule).or_default() += 1;
    }
    let valid = answers.iter().filter(|a| a.is_empty()).count();
    let _ = writeln!(
        std::io::stderr(),
        "schema fuzz: seed {seed:#x} (GQLFORGE_FUZZ_SEED), {count} schemas \
         (GQLFORGE_SCHEMA_FUZZ_CASES), {valid} valid for graphql-js; its errors by kind: {kinds:?}"
    );
    let disagreements: Vec<Disagreement> = cases
        .iter()
        .zip(&answers)
        .zip(outcomes)
        .filter_map(|((case, errors), outcome)| compare(case, errors, outcome))
        .collect();
    assert!(
        disagreements.is_empty(),
        "seed {seed:#x}: {}",
        report(&disagreements, cases.len(), true)
    );
}

#[test]
fn real_schemas_load_and_graphql_js_verdicts_are_shown() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<(String, PathBuf)> = ["cleverbridge", "redflagalert", "countries"]
        .iter()
        .map(|api| {
            let path = repository.join("schema").join(api).join("schema.graphql");
            (format!("schema/{api}/schema.graphql"), path)
        })
        .collect();
    if let Some(corpus) = gqlforge_corpus::corpus_dir() {
        for (dir, file) in [
            ("github", "schema.graphql"),
            ("github", "schema.as-published.graphql"),
            ("swapi", "schema.graphql"),
            ("countries", "schema.graphql"),
        ] {
            files.push((format!("corpus/{dir}/{file}"), corpus.join(dir).join(file)));
        }
    }
    let cases: Vec<SchemaCase> = files
        .iter()
        .map(|(name, path)| SchemaCase {
            name: name.clone(),
            text: std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        })
        .collect();
    for case in &cases {
        match gqlforge(case) {
            Outcome::Loaded(_) => {}
            Outcome::Rejected(e) => panic!("{}: gqlforge rejects it: {e}", case.name),
            Outcome::Panicked(p) => panic!("{}: gqlforge panics: {p}", case.name),
        }
    }
    let Some(oracle) = SchemaOracle::require("real_schemas_load_and_graphql_js_verdicts_are_shown")
    else {
        return;
    };
    let mut shown = String::new();
    for (case, errors) in cases.iter().zip(check(&oracle, &cases)) {
        let _ = write!(shown, "graphql-js on {}: ", case.name);
        if errors.is_empty() {
            shown.push_str("valid\n");
            continue;
        }
        let _ = writeln!(shown, "{} errors", errors.len());
        for e in errors.iter().take(5) {
            let _ = writeln!(shown, "  [{}] {}", e.rule, e.message);
        }
        if errors.len() > 5 {
            let _ = writeln!(shown, "  ...");
        }
    }
    let _ = write!(std::io::stderr(), "{shown}");
}
