//! Type-system definitions inside an executable document (spec 5.1.1 Executable
//! Definitions rejects them): graphql-js runs its other rules over their contents all the
//! same, so named types, directives and default values in them are validated too.
//! Expected errors are graphql-js 17's, in its order.

use crate::validate::testing::{errors, Found};

const SCHEMA: &str = r#"
type Query {
  country(code: ID!): Country
  countries(filter: Filter): [Country!]!
}
type Country {
  code: ID!
  name: String!
  state: State
}
type State {
  name: String!
}
input Filter {
  code: String
}
"#;

/// One error: (rule, message, [(line, column)]).
type Expected<'a> = (&'a str, &'a str, &'a [(usize, usize)]);

/// Checks every error of `document`, in order.
#[track_caller]
fn expect(document: &str, expected: &[Expected<'_>]) {
    let expected: Found = expected
        .iter()
        .map(|(rule, message, locations)| {
            (rule.to_string(), message.to_string(), locations.to_vec())
        })
        .collect();
    assert_eq!(errors(SCHEMA, document), expected, "on:\n{document}");
}

#[test]
fn object_type_definition() {
    expect(
        r#"type T implements Nope & Node @skip(if: true) {
  f(a: Strin = {x: 1, x: 2} @deprecated @deprecated): Stirng @skip(if: 1)
  g: __Type
  h: [Flaot!]
}
query Q($v: T) {
  __typename
}
"#,
        &[
            (
                "ExecutableDefinitionsRule",
                "The \"T\" definition is not executable.",
                &[(1, 1)],
            ),
            ("KnownTypeNamesRule", "Unknown type \"Nope\".", &[(1, 19)]),
            ("KnownTypeNamesRule", "Unknown type \"Node\".", &[(1, 26)]),
            (
                "KnownDirectivesRule",
                "Directive \"@skip\" may not be used on OBJECT.",
                &[(1, 31)],
            ),
            (
                "UniqueDirectivesPerLocationRule",
                "The directive \"@deprecated\" can only be used once at this location.",
                &[(2, 29), (2, 41)],
            ),
            (
                "KnownTypeNamesRule",
                "Unknown type \"Strin\". Did you mean \"String\" or \"State\"?",
                &[(2, 8)],
            ),
            (
                "UniqueInputFieldNamesRule",
                "There can be only one input field named \"x\".",
                &[(2, 17), (2, 23)],
            ),
            (
                "KnownTypeNamesRule",
                "Unknown type \"Stirng\". Did you mean \"String\"?",
                &[(2, 55)],
            ),
            (
                "KnownDirectivesRule",
                "Directive \"@skip\" may not be used on FIELD_DEFINITION.",
                &[(2, 62)],
            ),
            (
                "ValuesOfCorrectTypeRule",
                "Boolean cannot represent a non boolean value: 1",
                &[(2, 72)],
            ),
            (
                "KnownTypeNamesRule",
                "Unknown type \"Flaot\". Did you mean \"Float\"?",
                &[(4, 7)],
            ),
            (
                "NoUnusedVariablesRule",
                "Variable \"$v\" is never used in operation \"Q\".",
                &[(6, 9)],
            ),
        ],
    );
}

#[test]
fn schema_definitions_extensions_and_scalars() {
    expect(
        r#"extend schema @fuzz @specifiedBy(url: "x") @specifiedBy(url: "y")
schema @specifiedBy(url: "z") {
  query: Qery
}
scalar S @specifiedBy(foo: 1)
extend scalar S @specifiedBy(url: "a")
"#,
        &[
            ("ExecutableDefinitionsRule", "The schema definition is not executable.", &[(1, 1)]),
            ("ExecutableDefinitionsRule", "The schema definition is not executable.", &[(2, 1)]),
            ("ExecutableDefinitionsRule", "The \"S\" definition is not executable.", &[(5, 1)]),
            ("ExecutableDefinitionsRule", "The \"S\" definition is not executable.", &[(6, 1)]),
            ("UniqueDirectivesPerLocationRule", "The directive \"@specifiedBy\" can only be used once at this location.", &[(1, 21), (1, 44)]),
            ("KnownDirectivesRule", "Unknown directive \"@fuzz\".", &[(1, 15)]),
            ("KnownDirectivesRule", "Directive \"@specifiedBy\" may not be used on SCHEMA.", &[(1, 21)]),
            ("KnownDirectivesRule", "Directive \"@specifiedBy\" may not be used on SCHEMA.", &[(1, 44)]),
            ("UniqueDirectivesPerLocationRule", "The directive \"@specifiedBy\" can only be used once at this location.", &[(1, 21), (2, 8)]),
            ("KnownDirectivesRule", "Directive \"@specifiedBy\" may not be used on SCHEMA.", &[(2, 8)]),
            ("KnownTypeNamesRule", "Unknown type \"Qery\". Did you mean \"Query\"?", &[(3, 10)]),
            ("KnownArgumentNamesRule", "Unknown argument \"foo\" on directive \"@specifiedBy\".", &[(5, 23)]),
            ("ProvidedRequiredArgumentsRule", "Argument \"@specifiedBy(url:)\" of type \"String!\" is required, but it was not provided.", &[(5, 10)]),
            ("UniqueDirectivesPerLocationRule", "The directive \"@specifiedBy\" can only be used once at this location.", &[(5, 10), (6, 17)]),
        ],
    );
}

#[test]
fn enums_unions_inputs_extensions_and_directive_definitions() {
    expect(
        r#"enum E {
  A @deprecated(reason: 1)
  B @deprecated @deprecated
}
union Un @include = A | Countr
input I {
  a: Int = 1 @deprecated(reason: "x", reason: "y")
  b: Filter = {code: 1, code: 2}
}
extend type Country @skip(if: true) @skip(if: false)
directive @d(a: Int @deprecated) @skip(if: true) on FIELD
interface Node @deprecated {
  id: ID
}
"#,
        &[
            ("ExecutableDefinitionsRule", "The \"E\" definition is not executable.", &[(1, 1)]),
            ("ExecutableDefinitionsRule", "The \"Un\" definition is not executable.", &[(5, 1)]),
            ("ExecutableDefinitionsRule", "The \"I\" definition is not executable.", &[(6, 1)]),
            ("ExecutableDefinitionsRule", "The \"Country\" definition is not executable.", &[(10, 1)]),
            ("ExecutableDefinitionsRule", "The \"d\" definition is not executable.", &[(11, 1)]),
            ("ExecutableDefinitionsRule", "The \"Node\" definition is not executable.", &[(12, 1)]),
            ("ValuesOfCorrectTypeRule", "String cannot represent a non string value: 1", &[(2, 25)]),
            ("UniqueDirectivesPerLocationRule", "The directive \"@deprecated\" can only be used once at this location.", &[(3, 5), (3, 17)]),
            ("KnownDirectivesRule", "Directive \"@include\" may not be used on UNION.", &[(5, 10)]),
            ("ProvidedRequiredArgumentsRule", "Argument \"@include(if:)\" of type \"Boolean!\" is required, but it was not provided.", &[(5, 10)]),
            ("KnownTypeNamesRule", "Unknown type \"A\". Did you mean \"E\" or \"I\"?", &[(5, 21)]),
            ("KnownTypeNamesRule", "Unknown type \"Countr\". Did you mean \"Country\"?", &[(5, 25)]),
            ("UniqueArgumentNamesRule", "There can be only one argument named \"reason\".", &[(7, 26), (7, 39)]),
            ("UniqueInputFieldNamesRule", "There can be only one input field named \"code\".", &[(8, 16), (8, 25)]),
            ("UniqueDirectivesPerLocationRule", "The directive \"@skip\" can only be used once at this location.", &[(10, 21), (10, 37)]),
            ("KnownDirectivesRule", "Directive \"@skip\" may not be used on OBJECT.", &[(10, 21)]),
            ("KnownDirectivesRule", "Directive \"@skip\" may not be used on OBJECT.", &[(10, 37)]),
            ("KnownDirectivesRule", "Directive \"@skip\" may not be used on DIRECTIVE_DEFINITION.", &[(11, 34)]),
            ("KnownDirectivesRule", "Directive \"@deprecated\" may not be used on INTERFACE.", &[(12, 16)]),
        ],
    );
}

/// Directive definitions in the document define directives for all rules but the type
/// information: `@skip(if:)` keeps its schema type, `@skip(unless:)` gets none.
#[test]
fn directive_definitions_define_directives() {
    expect(
        r#"directive @d(a: Int!, b: String, c: [ID!]! = []) on FIELD | QUERY
directive @r repeatable on FIELD
directive @skip(unless: Boolean) on FIELD | FRAGMENT_SPREAD | QUERY
query Q @d(a: 1) @d(a: 2) @skip {
  country(code: "x") @d(x: 1) @r @r @skip(if: true) @skip(unless: false) {
    name @d(a: 1) @include(if: true) @include(if: false)
  }
  ...F @d(a: 1)
}
fragment F on Query @r {
  __typename
}
"#,
        &[
            (
                "ExecutableDefinitionsRule",
                "The \"d\" definition is not executable.",
                &[(1, 1)],
            ),
            (
                "ExecutableDefinitionsRule",
                "The \"r\" definition is not executable.",
                &[(2, 1)],
            ),
            (
                "ExecutableDefinitionsRule",
                "The \"skip\" definition is not executable.",
                &[(3, 1)],
            ),
            (
                "UniqueDirectivesPerLocationRule",
                "The directive \"@d\" can only be used once at this location.",
                &[(4, 9), (4, 18)],
            ),
            (
                "UniqueDirectivesPerLocationRule",
                "The directive \"@skip\" can only be used once at this location.",
                &[(5, 37), (5, 53)],
            ),
            (
                "KnownArgumentNamesRule",
                "Unknown argument \"x\" on directive \"@d\". Did you mean \"a\", \"b\", or \"c\"?",
                &[(5, 25)],
            ),
            (
                "ProvidedRequiredArgumentsRule",
                "Argument \"@d(a:)\" of type \"Int!\" is required, but it was not provided.",
                &[(5, 22)],
            ),
            (
                "KnownArgumentNamesRule",
                "Unknown argument \"if\" on directive \"@skip\".",
                &[(5, 43)],
            ),
            (
                "UniqueDirectivesPerLocationRule",
                "The directive \"@include\" can only be used once at this location.",
                &[(6, 19), (6, 38)],
            ),
            (
                "KnownDirectivesRule",
                "Directive \"@d\" may not be used on FRAGMENT_SPREAD.",
                &[(8, 8)],
            ),
            (
                "KnownDirectivesRule",
                "Directive \"@r\" may not be used on FRAGMENT_DEFINITION.",
                &[(10, 21)],
            ),
        ],
    );
}

/// The spec's scalars and the introspection types are known in type-system definitions,
/// even when the schema lacks them (as this one lacks `Float`); elsewhere only if it has
/// them. Suggestions follow suit.
#[test]
fn standard_type_names_are_known_in_type_system_definitions() {
    expect(
        r#"type T { f: Float g: __Type h: Flot }
query Q($a: Float, $b: __Type, $c: Flot) { __typename }
"#,
        &[
            (
                "ExecutableDefinitionsRule",
                "The \"T\" definition is not executable.",
                &[(1, 1)],
            ),
            (
                "KnownTypeNamesRule",
                "Unknown type \"Flot\". Did you mean \"Float\"?",
                &[(1, 32)],
            ),
            (
                "NoUnusedVariablesRule",
                "Variable \"$a\" is never used in operation \"Q\".",
                &[(2, 9)],
            ),
            (
                "NoUnusedVariablesRule",
                "Variable \"$b\" is never used in operation \"Q\".",
                &[(2, 20)],
            ),
            (
                "NoUnusedVariablesRule",
                "Variable \"$c\" is never used in operation \"Q\".",
                &[(2, 32)],
            ),
            ("KnownTypeNamesRule", "Unknown type \"Float\".", &[(2, 13)]),
            (
                "VariablesAreInputTypesRule",
                "Variable \"$b\" cannot be non-input type \"__Type\".",
                &[(2, 24)],
            ),
            ("KnownTypeNamesRule", "Unknown type \"Flot\".", &[(2, 36)]),
        ],
    );
}
