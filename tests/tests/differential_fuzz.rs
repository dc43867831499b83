//! Differential fuzzing against graphql-js: mutants of the corpus operations (see
//! `gqlforge_tests::mutate`) are validated by gqlforge and by graphql-js 17
//! (`validate.mjs --batch`), and must get the same verdict and the same set of rule names.
//! Messages and locations are compared too, and counted, but do not fail the test.
//!
//! `GQLFORGE_FUZZ_SEED` (decimal or `0x` hex) explores other mutants; `GQLFORGE_FUZZ_CASES`
//! sets how many per schema (default 1000); `GQLFORGE_FUZZ_DUMP=FILE` writes every mismatch
//! there, not only the first few, and then the cases whose messages or locations differ;
//! `GQLFORGE_FUZZ_SHRINK=1` cuts the examples a failure shows down. The oracle comes from
//! `cargo xtask test`; without the corpus (nor, then, the oracle) the tests are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gqlforge_codegen::document::ValueKind;
use gqlforge_codegen::schema::load_sdl;
use gqlforge_codegen::validate::RULE_NAMES;
use gqlforge_codegen::{parse_document, validate, Diagnostic, SchemaIndex, SourceFile, Span};
use gqlforge_tests::corpus::{corpus_dir, graphql_files, load_schema, require, SCHEMAS};
use gqlforge_tests::mutate::{describe, reductions, Mutant, MutationKind, Mutator};
use gqlforge_tests::oracle::{Location, Oracle, OracleError};

// --- The tests -------------------------------------------------------------------------

#[test]
fn mutants_get_the_verdicts_and_rule_names_graphql_js_gives() {
    let Some(corpus) = require("mutants_get_the_verdicts_and_rule_names_graphql_js_gives") else {
        return;
    };
    let oracle = Oracle::locate();
    let (seed, count) = (seed(), cases());
    eprintln!(
        "differential fuzz: seed {seed:#x} (GQLFORGE_FUZZ_SEED), {count} mutants per schema \
         (GQLFORGE_FUZZ_CASES), half as many on GitHub's schema with @defer, @stream, @oneOf \
         and a subscription root"
    );
    let mut targets: Vec<Target> = SCHEMAS.into_iter().map(Target::corpus).collect();
    targets.push(with_additions("github", &[ADDITIONS, GITHUB_SUBSCRIPTION]));
    // The corpus whose operations are mutated, and how many mutants, for each target.
    let mut runs: Vec<(&str, usize)> = SCHEMAS.into_iter().map(|name| (name, count)).collect();
    runs.push(("github", count / 2));
    let mut figures = Figures::default();
    let mut mismatches = Vec::new();
    for (index, (name, count)) in runs.into_iter().enumerate() {
        let target = &targets[index];
        let ops = graphql_files(&corpus.join(name).join("operations"));
        let run_seed = seed ^ (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let cases: Vec<Case> = mutants(&target.schema, &ops, run_seed, count)
            .into_iter()
            .map(|(file, m)| Case {
                origin: format!("mutant of {file}"),
                kinds: m.kinds,
                text: m.text,
            })
            .collect();
        mismatches.extend(compare(&oracle, &targets, index, &cases, &mut figures));
    }
    let what = format!("mutants (seed {seed:#x})");
    conclude(&oracle, &targets, &figures, &mismatches, &what);
}

/// Corners the mutations reach rarely or not at all, on the countries schema with
/// [`ADDITIONS`]: syntax at the edges, meta-fields, empty and comment-only documents,
/// fragments without operations, type-system definitions, `@oneOf`, `@defer` and `@stream`,
/// variables with defaults.
const EDGE_CASES: &[&str] = &[
    "",
    "# only a comment",
    "{ }",
    "{ __typename }",
    "query Q() { __typename }",
    "query ($v: Int = $w) { __typename }",
    "query { __typename } query { __typename }",
    "query Q { __typename } { __typename }",
    "fragment F on Query { __typename }",
    "{ ...F } fragment F on Query { ...F }",
    "{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }",
    "{ __typename(x: 1) }",
    "{ __typename { name } }",
    "{ __schema }",
    "{ __type(name: 1) { name } }",
    "{ __type { name } }",
    "{ __type(name: \"Query\") { name } }",
    "{ __type(name: \"\\u{1F600}\") { name } }",
    "{ __type(name: \"\\uD83D\\uDE00\") { name } }",
    "{ __type(name: \"\\uD83D\") { name } }",
    "{ __type(name: \"\"\"block\"\"\") { name } }",
    "{ a: __typename a: __schema { queryType { name } } }",
    "{ f: __typename ... { f: __typename } }",
    "{ ... on Query { __typename } ... @skip(if: false) { __typename } }",
    "query @skip(if: true) { __typename }",
    "query Q($v: Boolean = true) { __typename @skip(if: $v) }",
    "query Q($v: Boolean!) { __typename @skip(if: $v) @include(if: $v) }",
    "query Q($a: [ID!]! = [1, null]) { __typename }",
    "query Q($a: ID! = null) { __typename }",
    "query Q($a: ID = 1.5) { __typename }",
    "query Q($a: CountryFilterInput = {code: {eq: 1}}) { countries(filter: $a) { code } }",
    "query Q($a: CountryFilterInput) { countries(filter: {code: $a}) { code } }",
    "{ countries(filter: {code: {in: \"US\"}}) { code } }",
    "{ countries(filter: {code: {in: [\"US\", 1]}}) { code } }",
    "{ countries(filter: null) { code } }",
    "{ country(code: null) { code } }",
    "{ country { code } }",
    "{ country(code: 0x1) { code } }",
    "{ country(code: 1.e5) { code } }",
    "{ country(code: 00) { code } }",
    "{ country(code: -0) { code } }",
    "{ country(code: \"é\") { code } }",
    "{ country(code: \"a\" code: \"b\") { code } }",
    "subscription { __typename }",
    "mutation { __typename }",
    "extend type Query { x: Int }",
    "type T { f: Nope } { __typename }",
    "type T { f: Int } { __typename }",
    "schema { query: Nope } { __typename }",
    "union U = Nope | Country { __typename }",
    "input I { a: Nope = 1 } { __typename }",
    "directive @d(a: Nope) on FIELD { __typename }",
    "type T implements Nope { f: ID } { __typename }",
    "type T { f: Nope } type Nope { a: ID } { __typename }",
    "query Q($a: Int, $b: Float, $c: Boolean, $d: ID, $e: String) { __typename }",
    "extend schema @nope { __typename }",
    "type T @skip(if: true) { f: ID } { __typename }",
    "scalar S @specifiedBy(url: \"x\") { __typename }",
    "scalar S @specifiedBy(foo: 1) { __typename }",
    "scalar S @specifiedBy { __typename }",
    "enum E { A @deprecated(reason: 1) } { __typename }",
    "input I { a: ID = {x: 1} } { __typename }",
    "type T { f(a: ID = 1 @deprecated @deprecated): ID } { __typename }",
    "directive @d(a: Int = \"x\") on FIELD { __typename }",
    "{ fuzzOneOf(by: {id: \"1\"}) }",
    "{ fuzzOneOf(by: {id: \"1\", name: \"x\"}) }",
    "{ fuzzOneOf(by: {}) }",
    "{ fuzzOneOf(by: {id: null}) }",
    "{ fuzzOneOf(by: {nested: {nested: {name: \"x\"}}}) }",
    "{ fuzzOneOf(by: {nested: {}}) }",
    "{ fuzzOneOf(by: {id: \"1\"}, list: [{id: \"1\"}, {name: \"x\", id: \"2\"}]) }",
    "{ fuzzOneOf(by: {id: \"1\"}, list: {name: \"x\"}) }",
    "query Q($v: ID!) { fuzzOneOf(by: {id: $v}) }",
    "query Q($v: ID) { fuzzOneOf(by: {id: $v}) }",
    "query Q($v: ID = \"1\") { fuzzOneOf(by: {id: $v}) }",
    "query Q($v: FuzzOneOf) { fuzzOneOf(by: $v) }",
    "query Q($v: FuzzOneOf = {id: \"1\"}) { fuzzOneOf(by: $v) }",
    "query Q($v: FuzzOneOf = {id: \"1\", name: \"x\"}) { fuzzOneOf(by: $v) }",
    "{ continents @stream(initialCount: 1) { code } }",
    "{ continents @stream(initialCount: \"x\") { code } }",
    "{ continents @stream(initialCount: -1, label: \"s\") { code } }",
    "{ country(code: \"A\") @stream { code } }",
    "{ continents @stream @stream { code } }",
    "{ ... @defer { __typename } }",
    "{ ... @defer(if: \"no\") { __typename } }",
    "{ ... @defer(label: \"a\") { __typename } ... @defer(label: \"a\") { __typename } }",
    "{ ... @defer(label: \"a\") { __typename } continents @stream(label: \"a\") { code } }",
    "query Q($l: String) { ... @defer(label: $l) { __typename } }",
    "query Q($b: Boolean) { ... @defer(if: $b) { __typename } }",
    "subscription { ... @defer { __typename } }",
    "subscription { ... @defer(if: false) { __typename } }",
    "{ country(code: \"A\") { ... @defer { code } } }",
    "query Q($c: ID = \"A\") { country(code: $c) { code } }",
    "query Q($c: ID = null) { country(code: $c) { code } }",
    "query Q($c: String) { countries(filter: {code: {in: [$c]}}) { code } }",
    "query Q($c: [String]) { countries(filter: {code: {in: $c}}) { code } }",
    "query Q($c: [String!]!) { countries(filter: {code: {in: $c}}) { code } }",
    "query Q($c: String!) { countries(filter: {code: {in: $c}}) { code } }",
    "query Q($f: CountryFilterInput = {code: {in: \"US\"}}) { countries(filter: $f) { code } }",
    "query Q($f: CountryFilterInput = {code: {in: [null]}}) { countries(filter: $f) { code } }",
    "query Q($n: String) { country(code: \"A\") { name(lang: $n) } }",
    "query Q($n: Boolean) { country(code: \"A\") { name(lang: $n) } }",
    "{ continents(filter: {}) { code } }",
    "{ continents(filter: {code: {eq: 1}}) { code } }",
    "{ continents(filter: {code: {eq: ENUM}}) { code } }",
    "{ continents(filter: {code: {eq: \"\"\"x\"\"\"}}) { code } }",
    "type Query { x: Int } { __typename }",
    "{ continents { countries { continent { countries { name } } } } }",
    "{ c: country(code: \"A\") { code } c: country(code: \"B\") { code } }",
    "{ c: country(code: \"A\") { code } c: country(code: \"A\") { name } }",
    "{ c: country(code: \"A\") { x: code } c: country(code: \"A\") { x: name } }",
    "{ country(code: \"A\") { ... on Country { code } ... on Continent { code } } }",
    "query Q($c: ID!) { ...F } fragment F on Query { country(code: $c) { code } }",
    "query Q { ...F } fragment F on Query { country(code: $c) { code } }",
    "fragment F on Country { code } { country(code: \"A\") { ...F ...F } }",
    "fragment F on Continent { code } { country(code: \"A\") { ...F } }",
    "fragment F on Int { code } { __typename }",
    "fragment F on Nope { code } { __typename }",
    "{ country(code: \"A\") { ... on Nope { code } } }",
    "{ country(code: \"A\") { code @defer } }",
    "{ continents @stream { code } }",
    "{ ...F @defer(label: \"a\") ...G @defer(label: \"a\") } fragment F on Query { __typename } fragment G on Query { __typename }",
];

#[test]
fn edge_cases_get_the_verdicts_and_rule_names_graphql_js_gives() {
    if require("edge_cases_get_the_verdicts_and_rule_names_graphql_js_gives").is_none() {
        return;
    }
    let oracle = Oracle::locate();
    let cases: Vec<Case> = EDGE_CASES
        .iter()
        .map(|text| Case {
            origin: "hand-written".into(),
            kinds: Vec::new(),
            text: (*text).to_string(),
        })
        .collect();
    let mut figures = Figures::default();
    let targets = [with_additions("countries", &[ADDITIONS])];
    let mismatches = compare(&oracle, &targets, 0, &cases, &mut figures);
    conclude(&oracle, &targets, &figures, &mismatches, "edge cases");
}

/// The schema of the spec's OneOf examples (section 5.8.5), with a nullable position too.
const PETS: &str = r#"
type Query { pet: Pet }
type Mutation {
  addPet(pet: PetInput!): Pet
  addPets(pets: [PetInput!]!): [Pet]
  maybeAddPet(pet: PetInput): Pet
}
input PetInput @oneOf { cat: CatInput, dog: DogInput }
input CatInput { name: String! }
input DogInput { name: String! }
type Pet { name: String }
"#;

/// graphql-js 17.1 deviates from the spec, section 5.8.5 "All Variable Usages Are Allowed":
/// there `IsNonNullPosition` makes every field of a OneOf Input Object a non-null position,
/// so a nullable variable may be used there only with a non-null default value. The spec's
/// own counter-example is `mutation addNullableCat($cat: CatInput) { addPet(pet: { cat:
/// $cat }) { name } }`. graphql-js checks the OneOf parent only when the object value's
/// position is nullable (in a non-null position its parent input type is still wrapped in
/// non-null, so `isInputObjectType` is false), and then ignores the variable's default.
/// gqlforge follows the spec; the differential test sets these errors aside
/// ([`set_aside_deviations`]).
#[test]
fn graphql_js_deviates_from_the_spec_on_variables_in_one_of_fields() {
    let Some(oracle) =
        Oracle::require("graphql_js_deviates_from_the_spec_on_variables_in_one_of_fields")
    else {
        return;
    };
    const VARIABLES: &str = "VariablesInAllowedPositionRule";
    // (document, graphql-js's rules, the spec's rules)
    let cases: [(&str, &[&str], &[&str]); 7] = [
        (
            "mutation addNullableCat($cat: CatInput) { addPet(pet: { cat: $cat }) { name } }",
            &[],
            &[VARIABLES],
        ),
        (
            "mutation addNullableCats($cat: CatInput) { addPets(pets: [{ cat: $cat }]) { name } }",
            &[],
            &[VARIABLES],
        ),
        (
            "mutation addCatWithDefault($cat: CatInput = { name: \"Brontie\" }) \
             { maybeAddPet(pet: { cat: $cat }) { name } }",
            &[VARIABLES],
            &[],
        ),
        // Where graphql-js and the spec agree.
        (
            "mutation addCat($cat: CatInput!) { addPet(pet: { cat: $cat }) { name } }",
            &[],
            &[],
        ),
        (
            "mutation addCatWithDefault($cat: CatInput = { name: \"Brontie\" }) \
             { addPet(pet: { cat: $cat }) { name } }",
            &[],
            &[],
        ),
        (
            "mutation addNullableCat($cat: CatInput) { maybeAddPet(pet: { cat: $cat }) { name } }",
            &[VARIABLES],
            &[VARIABLES],
        ),
        (
            "mutation addNullableCat($cat: CatInput = null) { maybeAddPet(pet: { cat: $cat }) { name } }",
            &[VARIABLES],
            &[VARIABLES],
        ),
    ];
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pets.graphql");
    std::fs::write(&path, PETS).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    let (schema, _) = load_sdl("pets.graphql", PETS).unwrap_or_else(|e| panic!("{e}"));
    let theirs = oracle
        .validate_batch(&path, cases.iter().map(|c| c.0.to_string()).collect())
        .unwrap_or_else(|e| panic!("{e}"));
    for ((document, graphql_js, spec), theirs) in cases.iter().zip(&theirs) {
        let theirs: Vec<String> = theirs.iter().map(rule_name).collect();
        assert_eq!(theirs, *graphql_js, "graphql-js on {document}");
        let ours: Vec<&str> = check(&schema, document).iter().map(|d| d.rule).collect();
        assert_eq!(ours, *spec, "gqlforge on {document}");
    }
}

#[test]
fn the_same_seed_gives_the_same_mutants() {
    let Some(corpus) = require("the_same_seed_gives_the_same_mutants") else {
        return;
    };
    let schema = load_schema("countries");
    let ops = graphql_files(&corpus.join("countries").join("operations"));
    let texts = |seed| -> Vec<String> {
        mutants(&schema, &ops, seed, 50)
            .into_iter()
            .map(|(_, m)| m.text)
            .collect()
    };
    assert_eq!(texts(7), texts(7));
    assert_ne!(texts(7), texts(8));
}

#[test]
fn mutations_of_every_kind_are_made() {
    let Some(corpus) = require("mutations_of_every_kind_are_made") else {
        return;
    };
    let schema = load_schema("github");
    let ops = graphql_files(&corpus.join("github").join("operations"));
    let made: BTreeSet<MutationKind> = mutants(&schema, &ops, DEFAULT_SEED, 1000)
        .into_iter()
        .flat_map(|(_, m)| m.kinds)
        .collect();
    let missing: Vec<&MutationKind> = MutationKind::ALL
        .iter()
        .filter(|k| !made.contains(k))
        .collect();
    assert!(missing.is_empty(), "never made: {missing:?}");
}

#[test]
fn only_the_one_of_deviation_is_set_aside() {
    let message = |var: &str| {
        format!(
            "Variable \"${var}\" is of type \"CatInput\" but must be non-nullable to be used \
             for OneOf Input Object \"PetInput\"."
        )
    };
    let text = "mutation M($a: CatInput, $b: CatInput = {name: \"x\"}, $c: CatInput) \
                { a: addPet(pet: {cat: $a}) { name } b: maybeAddPet(pet: {cat: $b}) { name } \
                c: maybeAddPet(pet: {cat: $c}) { name } }";
    let at = |needle: &str| {
        let start = text.find(needle).expect("in the text");
        Span::new(start, start + needle.len())
    };
    let column = |needle: &str| Location {
        line: 1,
        column: text.find(needle).expect("in the text") + 1,
    };
    let ours = vec![
        // Only ours, as the spec asks: set aside.
        Diagnostic::new(
            "VariablesInAllowedPositionRule",
            message("a"),
            vec![at("$a: "), at("$a}")],
        ),
        // Only ours, another rule: kept.
        Diagnostic::new("NoUnusedVariablesRule", "x", vec![at("$a: ")]),
    ];
    let theirs = vec![
        // Only graphql-js's, on a variable with a non-null default: set aside.
        OracleError {
            rule: Some("VariablesInAllowedPositionRule".into()),
            message: message("b"),
            locations: vec![column("$b: "), column("$b}")],
        },
        // Only graphql-js's, on a variable without a default: kept.
        OracleError {
            rule: Some("VariablesInAllowedPositionRule".into()),
            message: message("c"),
            locations: vec![column("$c: "), column("$c}")],
        },
    ];
    let (ours, theirs, left_out) = set_aside_deviations(text, ours, theirs);
    assert_eq!(left_out, 2);
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0].rule, "NoUnusedVariablesRule");
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].message, message("c"));
}

#[test]
fn an_oracle_that_stops_early_is_reported_with_the_case() {
    let Some(oracle) = Oracle::require("an_oracle_that_stops_early_is_reported_with_the_case")
    else {
        return;
    };
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-schema.graphql");
    let failure = oracle
        .validate_batch(&missing, vec!["{ __typename }".into()])
        .expect_err("the oracle cannot load a schema that does not exist");
    let message = failure.to_string();
    assert!(
        message.contains("before answering case 0") && message.contains("cannot load schema"),
        "{message}"
    );
}

#[test]
fn an_oracle_session_answers_batch_after_batch() {
    let Some(corpus) = require("an_oracle_session_answers_batch_after_batch") else {
        return;
    };
    let oracle = Oracle::locate();
    let schema = corpus.join("countries").join("schema.graphql");
    let mut session = oracle.session(&schema).unwrap_or_else(|e| panic!("{e}"));
    let first = session
        .validate(&["{ __typename }".into(), "{ nope }".into()])
        .unwrap_or_else(|e| panic!("{e}"));
    let second = session
        .validate(&["{ continents { code } }".into()])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(first[0].is_empty() && second[0].is_empty());
    let rules: Vec<Option<&str>> = first[1].iter().map(|e| e.rule.as_deref()).collect();
    assert_eq!(rules, [Some("FieldsOnCorrectTypeRule")]);
}

// --- Knobs, cases and schemas ----------------------------------------------------------

const DEFAULT_SEED: u64 = 0x6771_6c66_6f72_6765;
const DEFAULT_CASES: usize = 1000;
/// How many mismatches the failure message shows in full.
const SHOWN: usize = 10;

fn seed() -> u64 {
    let Ok(text) = std::env::var("GQLFORGE_FUZZ_SEED") else {
        return DEFAULT_SEED;
    };
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.unwrap_or_else(|e| panic!("GQLFORGE_FUZZ_SEED={text:?} is not a number: {e}"))
}

fn cases() -> usize {
    match std::env::var("GQLFORGE_FUZZ_CASES") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|e| panic!("GQLFORGE_FUZZ_CASES={text:?} is not a number: {e}")),
        Err(_) => DEFAULT_CASES,
    }
}

/// A document to validate both ways, and where it came from.
#[derive(Clone)]
struct Case {
    /// `mutant of FILE` or `hand-written`.
    origin: String,
    kinds: Vec<MutationKind>,
    text: String,
}

/// `count` mutants of the operations `ops` (file name, text), with the file each came from.
fn mutants(
    schema: &SchemaIndex,
    ops: &[(String, String)],
    seed: u64,
    count: usize,
) -> Vec<(String, Mutant)> {
    let mut mutator = Mutator::new(schema, seed);
    let mut out = Vec::with_capacity(count);
    let mut attempts = 0;
    while out.len() < count {
        let (file, text) = &ops[attempts % ops.len()];
        attempts += 1;
        if let Some(mutant) = mutator.mutate(text) {
            out.push((file.clone(), mutant));
        }
        assert!(
            attempts < 4 * count + ops.len(),
            "only {} mutants from {attempts} attempts: do the corpus operations parse?",
            out.len()
        );
    }
    out
}

/// A schema both sides validate against: loaded by gqlforge, and a file for graphql-js.
struct Target {
    name: String,
    schema: SchemaIndex,
    path: PathBuf,
}

impl Target {
    fn corpus(name: &str) -> Target {
        Target {
            name: name.to_string(),
            schema: load_schema(name),
            path: corpus_dir().join(name).join("schema.graphql"),
        }
    }
}

/// Declarations appended to a corpus schema for the runs that need them: graphql-js 17's
/// `@defer` and `@stream` (not among its specified directives), a `@oneOf` input object and a
/// field taking it, so that the rules about them see schema types, not only names.
const ADDITIONS: &str = r#"
directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @stream(if: Boolean! = true, label: String, initialCount: Int = 0) on FIELD
input FuzzOneOf @oneOf { id: ID, name: String, nested: FuzzOneOf }
extend type Query { fuzzOneOf(by: FuzzOneOf!, list: [FuzzOneOf!]): ID }
"#;

/// A subscription root for GitHub's schema, which has none.
const GITHUB_SUBSCRIPTION: &str = r#"
type Subscription {
  viewer: User!
  repository(owner: String!, name: String!): Repository
  issues(first: Int): [Issue!]
}
"#;

/// The corpus schema `name` with `additions`, written to cargo's temporary directory for
/// graphql-js.
fn with_additions(name: &str, additions: &[&str]) -> Target {
    let path = corpus_dir().join(name).join("schema.graphql");
    let mut text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    for more in additions {
        text.push_str(more);
    }
    let file = format!("{name}-with-additions.graphql");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(&file);
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    let (schema, _) = load_sdl(&file, &text).unwrap_or_else(|e| panic!("{file}: {e}"));
    Target {
        name: format!("{name}+additions"),
        schema,
        path,
    }
}

// --- Comparison ------------------------------------------------------------------------

fn check(schema: &SchemaIndex, text: &str) -> Vec<Diagnostic> {
    match parse_document(text) {
        Ok(document) => validate(schema, &document),
        Err(e) => vec![e],
    }
}

/// Validates `cases` with gqlforge and graphql-js against `targets[index]`, adding to the figures;
/// returns the mismatches.
fn compare(
    oracle: &Oracle,
    targets: &[Target],
    index: usize,
    cases: &[Case],
    figures: &mut Figures,
) -> Vec<Mismatch> {
    let target = &targets[index];
    let name = target.name.as_str();
    let pending = oracle
        .spawn_batch(&target.path, cases.iter().map(|c| c.text.clone()).collect())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let ours: Vec<Vec<Diagnostic>> = cases
        .iter()
        .map(|c| check(&target.schema, &c.text))
        .collect();
    let theirs = pending.wait().unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut mismatches = Vec::new();
    for ((case, ours), theirs) in cases.iter().zip(ours).zip(theirs) {
        let (ours, theirs, set_aside) = set_aside_deviations(&case.text, ours, theirs);
        figures.set_aside += set_aside;
        let (ours, theirs) = (ours.as_slice(), theirs.as_slice());
        figures.mutants += 1;
        figures.valid += usize::from(theirs.is_empty());
        let their_rules: BTreeSet<String> = theirs.iter().map(rule_name).collect();
        let syntax_error = their_rules.contains("SyntaxError");
        figures.syntax_errors += usize::from(syntax_error);
        for rule in &their_rules {
            *figures.rules.entry(rule.clone()).or_default() += 1;
        }
        let pattern = mismatch_pattern(ours, theirs);
        let agree = pattern.is_none();
        for kind in &case.kinds {
            let entry = figures.kinds.entry(*kind).or_default();
            entry.mutants += 1;
            entry.valid += usize::from(theirs.is_empty());
            entry.syntax_errors += usize::from(syntax_error);
            entry.mismatches += usize::from(!agree);
        }
        if let Some(pattern) = pattern {
            *figures.patterns.entry(pattern.clone()).or_default() += 1;
            for rule in &pattern.0 {
                figures.rule_differences.entry(rule.clone()).or_default().0 += 1;
            }
            for rule in &pattern.1 {
                figures.rule_differences.entry(rule.clone()).or_default().1 += 1;
            }
            mismatches.push(Mismatch {
                pattern,
                target: index,
                case: case.clone(),
                rendered: render_case(name, case, ours, theirs),
            });
            continue;
        }
        figures.same_rules += 1;
        let source = SourceFile::new("mutant.graphql", case.text.as_str());
        let (ours_raw, theirs_raw) = (ours, theirs);
        let (ours, theirs) = (ours_in_full(&source, ours), theirs_in_full(theirs));
        let messages = |all: &[(String, Vec<Location>)]| -> Vec<String> {
            let mut m: Vec<String> = all.iter().map(|(m, _)| m.clone()).collect();
            m.sort();
            m
        };
        let same_messages = messages(&ours) == messages(&theirs);
        figures.same_messages += usize::from(same_messages);
        figures.same_locations += usize::from(same_messages && ours == theirs);
        if ours != theirs {
            figures
                .wording
                .push(render_case(name, case, ours_raw, theirs_raw));
        }
    }
    mismatches
}

/// Rules only gqlforge reports, and rules only graphql-js reports.
type Pattern = (Vec<String>, Vec<String>);

/// The rules only gqlforge reports and those only graphql-js reports; `None` when both
/// name the same rules.
fn mismatch_pattern(ours: &[Diagnostic], theirs: &[OracleError]) -> Option<Pattern> {
    let their_rules: BTreeSet<String> = theirs.iter().map(rule_name).collect();
    let our_rules: BTreeSet<String> = ours.iter().map(|d| d.rule.to_string()).collect();
    if our_rules == their_rules {
        return None;
    }
    let only_ours = our_rules.difference(&their_rules).cloned().collect();
    let only_theirs = their_rules.difference(&our_rules).cloned().collect();
    Some((only_ours, only_theirs))
}

/// How graphql-js 17.1 words the error that the spec's section 5.8.5 asks for more often
/// (see [`graphql_js_deviates_from_the_spec_on_variables_in_one_of_fields`]).
const ONE_OF_VARIABLE: &str = "but must be non-nullable to be used for OneOf Input Object";

/// Leaves out the errors on which gqlforge and graphql-js differ only because graphql-js
/// deviates from the spec; returns what is left and how many were left out.
///
/// The one known deviation: spec 5.8.5 (All Variable Usages Are Allowed) makes every field
/// of a OneOf Input Object a non-null position. graphql-js misses a nullable variable there
/// when the object value itself is in a non-null position, and reports one with a non-null
/// default value. So: our such errors graphql-js does not report, and graphql-js's such
/// errors on a variable with a non-null default that we do not report.
fn set_aside_deviations(
    text: &str,
    mut ours: Vec<Diagnostic>,
    mut theirs: Vec<OracleError>,
) -> (Vec<Diagnostic>, Vec<OracleError>, usize) {
    let is_one_of_variable = |rule: &str, message: &str| {
        rule == "VariablesInAllowedPositionRule" && message.contains(ONE_OF_VARIABLE)
    };
    let source = SourceFile::new("case.graphql", text);
    let located = |d: &Diagnostic| -> Vec<Location> {
        d.locations(&source)
            .into_iter()
            .map(|l| Location {
                line: l.line,
                column: l.column,
            })
            .collect()
    };
    let before = ours.len() + theirs.len();
    if rejects_an_empty_selection_set(text, &ours) {
        return (Vec::new(), Vec::new(), before);
    }
    let ours_only: Vec<bool> = ours
        .iter()
        .map(|d| {
            is_one_of_variable(d.rule, &d.message)
                && !theirs
                    .iter()
                    .any(|e| e.message == d.message && e.locations == located(d))
        })
        .collect();
    let theirs_only: Vec<bool> = theirs
        .iter()
        .map(|e| {
            e.rule
                .as_deref()
                .is_some_and(|r| is_one_of_variable(r, &e.message))
                && !ours
                    .iter()
                    .any(|d| d.message == e.message && located(d) == e.locations)
                && e.locations
                    .first()
                    .is_some_and(|l| has_non_null_default(text, &source, *l))
        })
        .collect();
    let mut flags = ours_only.into_iter();
    ours.retain(|_| !flags.next().unwrap_or(false));
    let mut flags = theirs_only.into_iter();
    theirs.retain(|_| !flags.next().unwrap_or(false));
    let left_out = before - ours.len() - theirs.len();
    (ours, theirs, left_out)
}

/// graphql-js's other deviation ([`graphql_js_deviates_from_the_spec_on_empty_selection_sets`]):
/// is our only error the syntax error at the `}` of an empty selection set? Then the two
/// cannot be compared further: graphql-js goes on validating what we refuse to read.
fn rejects_an_empty_selection_set(text: &str, ours: &[Diagnostic]) -> bool {
    let [only] = ours else { return false };
    let Some(at) = only.spans.first().map(|s| s.start as usize) else {
        return false;
    };
    only.rule == "SyntaxError"
        && only.message == EMPTY_SELECTION_SET
        && text.get(..at).is_some_and(|before| {
            before
                .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '\u{feff}')
                .ends_with('{')
        })
}

/// Our syntax error at the `}` of `{ }`.
const EMPTY_SELECTION_SET: &str = "Syntax Error: Expected Name, found \"}\".";

/// graphql-js 17.1 deviates from the spec's grammar, section 2.4 "Selection Sets":
/// `SelectionSet : { Selection+ }` needs at least one selection, but graphql-js parses `{ }`
/// (and validates the rest of the document). gqlforge follows the spec: `{ }` is a syntax
/// error at the `}`. The differential test sets such cases aside ([`set_aside_deviations`]).
#[test]
fn graphql_js_deviates_from_the_spec_on_empty_selection_sets() {
    let Some(corpus) = require("graphql_js_deviates_from_the_spec_on_empty_selection_sets") else {
        return;
    };
    let schema = load_schema("countries");
    let path = corpus.join("countries").join("schema.graphql");
    let cases = [
        "{ }",
        "query Q { continents { } }",
        "{ continents {\n  ,\n} }",
    ];
    let theirs = Oracle::locate()
        .validate_batch(&path, cases.iter().map(|c| c.to_string()).collect())
        .unwrap_or_else(|e| panic!("{e}"));
    for (document, theirs) in cases.iter().zip(&theirs) {
        assert!(
            theirs.iter().all(|e| rule_name(e) != "SyntaxError"),
            "graphql-js now refuses {document:?}: {theirs:?}; drop this deviation"
        );
        let ours = check(&schema, document);
        assert!(
            rejects_an_empty_selection_set(document, &ours),
            "gqlforge on {document:?}: {ours:?}"
        );
    }
    assert!(!rejects_an_empty_selection_set(
        "{ a }",
        &check(&schema, "{ a }")
    ));
}

/// Does the variable definition at `at` have a default value other than `null`?
fn has_non_null_default(text: &str, source: &SourceFile, at: Location) -> bool {
    let Ok(document) = parse_document(text) else {
        return false;
    };
    let found = document
        .operations()
        .flat_map(|op| &op.variable_definitions)
        .find(|v| {
            let lc = source.line_column(v.span.start);
            (lc.line, lc.column) == (at.line, at.column)
        })
        .and_then(|v| v.default_value.as_ref())
        .is_some_and(|d| !matches!(d.kind, ValueKind::Null));
    found
}

fn rule_name(e: &OracleError) -> String {
    e.rule.clone().unwrap_or_else(|| "<no rule>".into())
}

/// Messages with their locations, sorted: what the figures compare beyond rule names.
fn ours_in_full(source: &SourceFile, ours: &[Diagnostic]) -> Vec<(String, Vec<Location>)> {
    let mut all: Vec<(String, Vec<Location>)> = ours
        .iter()
        .map(|d| {
            let locations = d
                .locations(source)
                .into_iter()
                .map(|l| Location {
                    line: l.line,
                    column: l.column,
                })
                .collect();
            (d.message.clone(), locations)
        })
        .collect();
    all.sort();
    all
}

fn theirs_in_full(theirs: &[OracleError]) -> Vec<(String, Vec<Location>)> {
    let mut all: Vec<(String, Vec<Location>)> = theirs
        .iter()
        .map(|e| (e.message.clone(), e.locations.clone()))
        .collect();
    all.sort();
    all
}

// --- Figures and failure reports -------------------------------------------------------

#[derive(Default)]
struct Figures {
    /// Errors left out of the comparison as graphql-js's deviations from the spec.
    set_aside: usize,
    mutants: usize,
    valid: usize,
    syntax_errors: usize,
    same_rules: usize,
    same_messages: usize,
    same_locations: usize,
    /// graphql-js's rule → in how many mutants it reports it.
    rules: BTreeMap<String, usize>,
    /// Mutation kind → figures of the mutants it made.
    kinds: BTreeMap<MutationKind, KindFigures>,
    /// Mismatch pattern → how many cases show it.
    patterns: BTreeMap<Pattern, usize>,
    /// Rule → in how many cases only gqlforge reports it, and only graphql-js.
    rule_differences: BTreeMap<String, (usize, usize)>,
    /// Cases with the same rule names but other messages or locations, rendered.
    wording: Vec<String>,
}

#[derive(Default)]
struct KindFigures {
    mutants: usize,
    valid: usize,
    syntax_errors: usize,
    mismatches: usize,
}

/// A case on which gqlforge and graphql-js name different rules.
struct Mismatch {
    pattern: Pattern,
    /// Index of the schema in the run's targets.
    target: usize,
    case: Case,
    rendered: String,
}

fn report(f: &Figures) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "mutants: {}; valid per graphql-js: {}; invalid: {} (syntax errors: {})",
        f.mutants,
        f.valid,
        f.mutants - f.valid,
        f.syntax_errors
    );
    if f.set_aside > 0 {
        let _ = writeln!(
            out,
            "errors set aside as graphql-js's deviations from the spec: {}",
            f.set_aside
        );
    }
    let _ = writeln!(
        out,
        "same verdict and rule names: {}; also the same messages: {}; also the same locations: {}",
        f.same_rules, f.same_messages, f.same_locations
    );
    out.push_str("mutants in which graphql-js reports each rule:\n");
    for (rule, n) in &f.rules {
        let _ = writeln!(out, "  {n:6}  {rule}");
    }
    let never: Vec<&str> = RULE_NAMES
        .into_iter()
        .filter(|r| !f.rules.contains_key(*r))
        .collect();
    if !never.is_empty() {
        let _ = writeln!(out, "rules no mutant breaks: {never:?}");
    }
    out.push_str("mutation kinds: mutants, valid, syntax errors, rule-name mismatches\n");
    for (kind, k) in &f.kinds {
        let _ = writeln!(
            out,
            "  {:6} {:6} {:6} {:6}  {kind:?}",
            k.mutants, k.valid, k.syntax_errors, k.mismatches
        );
    }
    if !f.rule_differences.is_empty() {
        out.push_str("cases where only gqlforge / only graphql-js reports a rule:\n");
        for (rule, (ours, theirs)) in &f.rule_differences {
            let _ = writeln!(out, "  {ours:6} {theirs:6}  {rule}");
        }
    }
    if !f.patterns.is_empty() {
        out.push_str("mismatches (rules only gqlforge reports / only graphql-js reports):\n");
        for ((ours, theirs), n) in &f.patterns {
            let _ = writeln!(out, "  {n:6}  {ours:?} / {theirs:?}");
        }
    }
    eprint!("{out}");
}

/// Prints the figures; fails showing the shortest example of each of the most frequent
/// mismatch patterns, shrunk when `GQLFORGE_FUZZ_SHRINK` is set (every mismatch goes to
/// `GQLFORGE_FUZZ_DUMP` when set).
fn conclude(
    oracle: &Oracle,
    targets: &[Target],
    figures: &Figures,
    mismatches: &[Mismatch],
    what: &str,
) {
    report(figures);
    if let Ok(path) = std::env::var("GQLFORGE_FUZZ_DUMP") {
        let mut all: Vec<&str> = mismatches.iter().map(|m| m.rendered.as_str()).collect();
        if !figures.wording.is_empty() {
            all.push("=== same rule names, other messages or locations ===");
            all.extend(figures.wording.iter().map(|s| s.as_str()));
        }
        std::fs::write(&path, all.join("\n"))
            .unwrap_or_else(|e| panic!("cannot write GQLFORGE_FUZZ_DUMP={path}: {e}"));
    }
    if mismatches.is_empty() {
        return;
    }
    let mut shortest: BTreeMap<&Pattern, &Mismatch> = BTreeMap::new();
    for m in mismatches {
        let entry = shortest.entry(&m.pattern).or_insert(m);
        if m.case.text.len() < entry.case.text.len() {
            *entry = m;
        }
    }
    let mut examples: Vec<&Mismatch> = shortest.into_values().collect();
    examples.sort_by_key(|m| std::cmp::Reverse(figures.patterns[&m.pattern]));
    let shrinking = std::env::var_os("GQLFORGE_FUZZ_SHRINK").is_some();
    let shown: Vec<String> = examples
        .iter()
        .take(SHOWN)
        .map(|m| {
            if !shrinking {
                return m.rendered.clone();
            }
            let target = &targets[m.target];
            let case = shrink(oracle, target, &m.case, &m.pattern);
            let ours = check(&target.schema, &case.text);
            let theirs = oracle
                .validate_batch(&target.path, vec![case.text.clone()])
                .unwrap_or_else(|e| panic!("{}: {e}", target.name))
                .remove(0);
            render_case(&target.name, &case, &ours, &theirs)
        })
        .collect();
    panic!(
        "{} of {} {what} get other rule names from gqlforge than from graphql-js; \
         the shortest example of the {} most frequent patterns{}:\n{}",
        mismatches.len(),
        figures.mutants,
        shown.len(),
        if shrinking {
            ", shrunk"
        } else {
            " (GQLFORGE_FUZZ_SHRINK=1 shrinks them)"
        },
        shown.join("\n")
    );
}

fn render_case(schema: &str, case: &Case, ours: &[Diagnostic], theirs: &[OracleError]) -> String {
    let source = SourceFile::new("mutant.graphql", case.text.as_str());
    let mut out = format!(
        "--- {schema}: {} ({})\n{}\n  gqlforge:\n",
        case.origin,
        describe(&case.kinds),
        case.text.trim_end()
    );
    for d in ours {
        let locations: Vec<String> = d
            .locations(&source)
            .iter()
            .map(|l| format!("{}:{}", l.line, l.column))
            .collect();
        let _ = writeln!(
            out,
            "    {}: {} @ {}",
            d.rule,
            d.message,
            locations.join(", ")
        );
    }
    out.push_str("  graphql-js:\n");
    for e in theirs {
        let locations: Vec<String> = e
            .locations
            .iter()
            .map(|l| format!("{}:{}", l.line, l.column))
            .collect();
        let _ = writeln!(
            out,
            "    {}: {} @ {}",
            rule_name(e),
            e.message,
            locations.join(", ")
        );
    }
    out
}

/// Cuts `case` down while gqlforge and graphql-js still differ on it in the same way.
fn shrink(oracle: &Oracle, target: &Target, case: &Case, pattern: &Pattern) -> Case {
    let name = target.name.as_str();
    let mut session = oracle
        .session(&target.path)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = case.text.clone();
    'smaller: loop {
        let candidates = reductions(&target.schema, &text);
        for chunk in candidates.chunks(16) {
            let theirs = session
                .validate(chunk)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            for (candidate, theirs) in chunk.iter().zip(theirs) {
                let ours = check(&target.schema, candidate);
                let (ours, theirs, _) = set_aside_deviations(candidate, ours, theirs);
                if mismatch_pattern(&ours, &theirs).as_ref() == Some(pattern) {
                    text = candidate.clone();
                    continue 'smaller;
                }
            }
        }
        break;
    }
    Case {
        origin: format!("{} (shrunk)", case.origin),
        kinds: case.kinds.clone(),
        text,
    }
}
