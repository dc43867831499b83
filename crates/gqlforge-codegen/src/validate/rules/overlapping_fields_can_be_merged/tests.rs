//! Tests of OverlappingFieldsCanBeMergedRule: graphql-js 17's suite for the rule, ported
//! (expected messages and locations are graphql-js's), and cases of our own for cycles,
//! the complexity budget and large documents.

use crate::validate::testing::{errors, rule_errors};

const RULE: &str = "OverlappingFieldsCanBeMergedRule";

/// graphql-js's validation test schema, the parts these tests use, and a field with
/// optional arguments of several kinds.
const HARNESS: &str = r#"
    interface Mammal {
      mother: Mammal
      father: Mammal
    }

    interface Pet {
      name(surname: Boolean): String
    }

    interface Canine implements Mammal {
      name(surname: Boolean): String
      mother: Canine
      father: Canine
    }

    enum DogCommand {
      SIT
      HEEL
      DOWN
    }

    type Dog implements Pet & Mammal & Canine {
      name(surname: Boolean): String
      nickname: String
      barkVolume: Int
      barks: Boolean
      doesKnowCommand(dogCommand: DogCommand): Boolean
      isHouseTrained(atOtherHomes: Boolean = true): Boolean
      isAtLocation(x: Int, y: Int): Boolean
      mother: Dog
      father: Dog
    }

    type Cat implements Pet {
      name(surname: Boolean): String
      nickname: String
      meows: Boolean
      meowsVolume: Int
      furColor: FurColor
    }

    union CatOrDog = Cat | Dog

    type Human {
      name(surname: Boolean): String
      pets: [Pet]
      relatives: [Human]!
    }

    enum FurColor {
      BROWN
      BLACK
      TAN
      SPOTTED
      NO_FUR
      UNKNOWN
    }

    type QueryRoot {
      human(id: ID): Human
      dog: Dog
      cat: Cat
      pet: Pet
      catOrDog: CatOrDog
      someField(a: String, b: String, arg: SomeInput): String
    }

    input SomeInput {
      a: String
      b: String
      c: [Int]
    }

    schema {
      query: QueryRoot
    }
"#;

/// The schema of graphql-js's "return types must be unambiguous" tests.
const BOX: &str = r#"
    interface SomeBox {
      deepBox: SomeBox
      unrelatedField: String
    }

    type StringBox implements SomeBox {
      scalar: String
      deepBox: StringBox
      unrelatedField: String
      listStringBox: [StringBox]
      stringBox: StringBox
      intBox: IntBox
    }

    type IntBox implements SomeBox {
      scalar: Int
      deepBox: IntBox
      unrelatedField: String
      listStringBox: [StringBox]
      stringBox: StringBox
      intBox: IntBox
    }

    interface NonNullStringBox1 {
      scalar: String!
    }

    type NonNullStringBox1Impl implements SomeBox & NonNullStringBox1 {
      scalar: String!
      unrelatedField: String
      deepBox: SomeBox
    }

    interface NonNullStringBox2 {
      scalar: String!
    }

    type NonNullStringBox2Impl implements SomeBox & NonNullStringBox2 {
      scalar: String!
      unrelatedField: String
      deepBox: SomeBox
    }

    type Connection {
      edges: [Edge]
    }

    type Edge {
      node: Node
    }

    type Node {
      id: ID
      name: String
    }

    type Query {
      someBox: SomeBox
      connection: Connection
    }
"#;

type Expected = (String, Vec<(usize, usize)>);

/// This rule's errors: message and locations.
fn check(schema: &str, document: &str) -> Vec<Expected> {
    rule_errors(RULE, schema, document)
        .into_iter()
        .map(|(_, message, locations)| (message, locations))
        .collect()
}

fn expect_valid(schema: &str, document: &str) {
    assert_eq!(check(schema, document), []);
}

fn expect_conflicts(schema: &str, document: &str, expected: &[Expected]) {
    assert_eq!(check(schema, document), expected);
}

/// The error for fields with one response name that conflict for `reason`.
fn conflict(response_name: &str, reason: &str, locations: &[(usize, usize)]) -> Expected {
    (
        format!(
            "Fields \"{response_name}\" conflict because {reason}. Use different aliases on the fields to fetch both if this was intentional."
        ),
        locations.to_vec(),
    )
}

#[test]
fn unique_fields() {
    let doc = r#"
        fragment uniqueFields on Dog {
          name
          nickname
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn identical_fields() {
    let doc = r#"
        fragment mergeIdenticalFields on Dog {
          name
          name
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn identical_fields_with_identical_args() {
    let doc = r#"
        fragment mergeIdenticalFieldsWithIdenticalArgs on Dog {
          doesKnowCommand(dogCommand: SIT)
          doesKnowCommand(dogCommand: SIT)
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn identical_fields_with_identical_directives() {
    let doc = r#"
        fragment mergeSameFieldsWithSameDirectives on Dog {
          name @include(if: true)
          name @include(if: true)
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn different_args_with_different_aliases() {
    let doc = r#"
        fragment differentArgsWithDifferentAliases on Dog {
          knowsSit: doesKnowCommand(dogCommand: SIT)
          knowsDown: doesKnowCommand(dogCommand: DOWN)
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn different_directives_with_different_aliases() {
    let doc = r#"
        fragment differentDirectivesWithDifferentAliases on Dog {
          nameIfTrue: name @include(if: true)
          nameIfFalse: name @include(if: false)
        }
    "#;
    expect_valid(HARNESS, doc);
}

/// Directives are not compared: they do not change the shape of the response.
#[test]
fn different_skip_or_include_directives_accepted() {
    let doc = r#"
        fragment differentDirectivesWithDifferentAliases on Dog {
          name @include(if: true)
          name @include(if: false)
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn same_stream_directives_conflict() {
    let doc = r#"
        fragment differentDirectivesWithDifferentAliases on Dog {
          name @stream(label: "streamLabel", initialCount: 1)
          name @stream(label: "streamLabel", initialCount: 1)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("name", "they have overlapping stream directives. See https://github.com/graphql/defer-stream-wg/discussions/100", &[(3, 11), (4, 11)]),
        ],
    );
}

#[test]
fn different_stream_directive_label() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          name @stream(label: "anotherLabel", initialCount: 1)
          name @stream(label: "streamLabel", initialCount: 1)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have overlapping stream directives",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn different_stream_directive_initial_count() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          name @stream(label: "streamLabel", initialCount: 1)
          name @stream(label: "streamLabel", initialCount: 2)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have overlapping stream directives",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn different_stream_directive_first_missing_args() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          name @stream
          name @stream(label: "streamLabel", initialCount: 1)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have overlapping stream directives",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn different_stream_directive_second_missing_args() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          name @stream(label: "streamLabel", initialCount: 1)
          name @stream
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have overlapping stream directives",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn mix_of_stream_and_no_stream() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          name @stream
          name
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have overlapping stream directives",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn same_stream_directive_both_missing_args() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          name @stream
          name @stream
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("name", "they have overlapping stream directives. See https://github.com/graphql/defer-stream-wg/discussions/100", &[(3, 11), (4, 11)]),
        ],
    );
}

#[test]
fn stream_conflicts_even_on_exclusive_parents() {
    let doc = r#"
        {
          pet {
            ... on Dog { name @stream }
            ... on Cat { name }
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have overlapping stream directives",
            &[(4, 26), (5, 26)],
        )],
    );
}

#[test]
fn same_aliases_with_different_field_targets() {
    let doc = r#"
        fragment sameAliasesWithDifferentFieldTargets on Dog {
          fido: name
          fido: nickname
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "fido",
            "\"name\" and \"nickname\" are different fields",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn same_aliases_allowed_on_non_overlapping_fields() {
    let doc = r#"
        fragment sameAliasesWithDifferentFieldTargets on Pet {
          ... on Dog {
            name
          }
          ... on Cat {
            name: nickname
          }
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn alias_masking_direct_field_access() {
    let doc = r#"
        fragment aliasMaskingDirectFieldAccess on Dog {
          name: nickname
          name
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "\"nickname\" and \"name\" are different fields",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn different_args_second_adds_an_argument() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          doesKnowCommand
          doesKnowCommand(dogCommand: HEEL)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "doesKnowCommand",
            "they have differing arguments",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn different_args_second_missing_an_argument() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          doesKnowCommand(dogCommand: SIT)
          doesKnowCommand
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "doesKnowCommand",
            "they have differing arguments",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn conflicting_arg_values() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          doesKnowCommand(dogCommand: SIT)
          doesKnowCommand(dogCommand: HEEL)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "doesKnowCommand",
            "they have differing arguments",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn conflicting_arg_names() {
    let doc = r#"
        fragment conflictingArgs on Dog {
          isAtLocation(x: 0)
          isAtLocation(y: 0)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "isAtLocation",
            "they have differing arguments",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn allows_different_args_where_no_conflict_is_possible() {
    let doc = r#"
        fragment conflictingArgs on Pet {
          ... on Dog {
            name(surname: true)
          }
          ... on Cat {
            name
          }
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn allows_different_order_of_args() {
    let doc = r#"
        {
          someField(a: null, b: null)
          someField(b: null, a: null)
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn allows_different_order_of_input_object_fields_in_arg_values() {
    let doc = r#"
        {
          someField(arg: { a: null, b: null })
          someField(arg: { b: null, a: null })
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn same_variables_are_same_arguments() {
    let doc = r#"
        query ($a: String) {
          someField(a: $a)
          someField(a: $a)
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn different_variables_are_different_arguments() {
    let doc = r#"
        query ($a: String, $b: String) {
          someField(a: $a)
          someField(a: $b)
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "someField",
            "they have differing arguments",
            &[(3, 11), (4, 11)],
        )],
    );
}

#[test]
fn variable_and_literal_are_different_arguments() {
    let doc = r#"
        query ($a: String) {
          someField(a: $a)
          someField(a: "x")
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "someField",
            "they have differing arguments",
            &[(3, 11), (4, 11)],
        )],
    );
}

/// Strings compare by value but block strings differ from quoted ones; numbers by text.
#[test]
fn arguments_compare_by_kind_and_text() {
    let doc = r#"
        {
          a: someField(a: "x")
          a: someField(a: """x""")
          b: someField(arg: { c: [1, 2] })
          b: someField(arg: { c: [1, 2.0] })
          c: someField(arg: { c: [1] })
          c: someField(arg: { c: [1, 2] })
          d: someField(a: "\u0041")
          d: someField(a: "A")
          e: someField(a: ENUM)
          e: someField(a: "ENUM")
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("a", "they have differing arguments", &[(3, 11), (4, 11)]),
            conflict("b", "they have differing arguments", &[(5, 11), (6, 11)]),
            conflict("c", "they have differing arguments", &[(7, 11), (8, 11)]),
            conflict("e", "they have differing arguments", &[(11, 11), (12, 11)]),
        ],
    );
}

/// An argument of the first field is looked up by name among those of the second (the
/// last of that name wins), as graphql-js does.
#[test]
fn duplicate_argument_names_compare_by_last() {
    let doc = r#"
        {
          a: someField(a: "x", a: "y")
          a: someField(a: "y", b: "z")
          b: someField(a: "x", b: "y")
          b: someField(a: "x", a: "x")
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("a", "they have differing arguments", &[(3, 11), (4, 11)]),
            conflict("b", "they have differing arguments", &[(5, 11), (6, 11)]),
        ],
    );
}

#[test]
fn encounters_conflict_in_fragments() {
    let doc = r#"
        {
          ...A
          ...B
        }
        fragment A on Type {
          x: a
        }
        fragment B on Type {
          x: b
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "x",
            "\"a\" and \"b\" are different fields",
            &[(7, 11), (10, 11)],
        )],
    );
}

#[test]
fn reports_each_conflict_once() {
    let doc = r#"
        {
          f1 {
            ...A
            ...B
          }
          f2 {
            ...B
            ...A
          }
          f3 {
            ...A
            ...B
            x: c
          }
        }
        fragment A on Type {
          x: a
        }
        fragment B on Type {
          x: b
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict(
                "x",
                "\"a\" and \"b\" are different fields",
                &[(18, 11), (21, 11)],
            ),
            conflict(
                "x",
                "\"c\" and \"a\" are different fields",
                &[(14, 13), (18, 11)],
            ),
            conflict(
                "x",
                "\"c\" and \"b\" are different fields",
                &[(14, 13), (21, 11)],
            ),
        ],
    );
}

#[test]
fn deep_conflict() {
    let doc = r#"
        {
          field {
            x: a
          },
          field {
            x: b
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "field",
            "subfields \"x\" conflict because \"a\" and \"b\" are different fields",
            &[(3, 11), (4, 13), (6, 11), (7, 13)],
        )],
    );
}

#[test]
fn deep_conflict_with_multiple_issues() {
    let doc = r#"
        {
          field {
            x: a
            y: c
          },
          field {
            x: b
            y: d
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("field", "subfields \"x\" conflict because \"a\" and \"b\" are different fields and subfields \"y\" conflict because \"c\" and \"d\" are different fields", &[(3, 11), (4, 13), (5, 13), (7, 11), (8, 13), (9, 13)]),
        ],
    );
}

#[test]
fn very_deep_conflict() {
    let doc = r#"
        {
          field {
            deepField {
              x: a
            }
          },
          field {
            deepField {
              x: b
            }
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("field", "subfields \"deepField\" conflict because subfields \"x\" conflict because \"a\" and \"b\" are different fields", &[(3, 11), (4, 13), (5, 15), (8, 11), (9, 13), (10, 15)]),
        ],
    );
}

#[test]
fn reports_deep_conflict_to_nearest_common_ancestor() {
    let doc = r#"
        {
          field {
            deepField {
              x: a
            }
            deepField {
              x: b
            }
          },
          field {
            deepField {
              y
            }
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "deepField",
            "subfields \"x\" conflict because \"a\" and \"b\" are different fields",
            &[(4, 13), (5, 15), (7, 13), (8, 15)],
        )],
    );
}

#[test]
fn reports_deep_conflict_to_nearest_common_ancestor_in_fragments() {
    let doc = r#"
        {
          field {
            ...F
          }
          field {
            ...F
          }
        }
        fragment F on T {
          deepField {
            deeperField {
              x: a
            }
            deeperField {
              x: b
            }
          },
          deepField {
            deeperField {
              y
            }
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "deeperField",
            "subfields \"x\" conflict because \"a\" and \"b\" are different fields",
            &[(12, 13), (13, 15), (15, 13), (16, 15)],
        )],
    );
}

#[test]
fn reports_deep_conflict_in_nested_fragments() {
    let doc = r#"
        {
          field {
            ...F
          }
          field {
            ...I
          }
        }
        fragment F on T {
          x: a
          ...G
        }
        fragment G on T {
          y: c
        }
        fragment I on T {
          y: d
          ...J
        }
        fragment J on T {
          x: b
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("field", "subfields \"x\" conflict because \"a\" and \"b\" are different fields and subfields \"y\" conflict because \"c\" and \"d\" are different fields", &[(3, 11), (11, 11), (15, 11), (6, 11), (22, 11), (18, 11)]),
        ],
    );
}

#[test]
fn ignores_unknown_fragments() {
    let doc = r#"
        {
          field
          ...Unknown
          ...Known
        }

        fragment Known on T {
          field
          ...OtherUnknown
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn conflicting_return_types_which_potentially_overlap() {
    let doc = r#"
        {
          someBox {
            ...on IntBox {
              scalar
            }
            ...on NonNullStringBox1 {
              scalar
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[conflict(
            "scalar",
            "they return conflicting types \"Int\" and \"String!\"",
            &[(5, 15), (8, 15)],
        )],
    );
}

#[test]
fn compatible_return_shapes_on_different_return_types() {
    let doc = r#"
        {
          someBox {
            ... on SomeBox {
              deepBox {
                unrelatedField
              }
            }
            ... on StringBox {
              deepBox {
                unrelatedField
              }
            }
          }
        }
    "#;
    expect_valid(BOX, doc);
}

#[test]
fn disallows_differing_return_types_despite_no_overlap() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              scalar
            }
            ... on StringBox {
              scalar
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[conflict(
            "scalar",
            "they return conflicting types \"Int\" and \"String\"",
            &[(5, 15), (8, 15)],
        )],
    );
}

/// A fragment pair first compared under exclusive parents is compared again under
/// non-exclusive ones.
#[test]
fn reports_correctly_when_a_non_exclusive_follows_an_exclusive() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              deepBox {
                ...X
              }
            }
          }
          someBox {
            ... on StringBox {
              deepBox {
                ...Y
              }
            }
          }
          memoed: someBox {
            ... on IntBox {
              deepBox {
                ...X
              }
            }
          }
          memoed: someBox {
            ... on StringBox {
              deepBox {
                ...Y
              }
            }
          }
          other: someBox {
            ...X
          }
          other: someBox {
            ...Y
          }
        }
        fragment X on SomeBox {
          scalar
        }
        fragment Y on SomeBox {
          scalar: unrelatedField
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[
            conflict("other", "subfields \"scalar\" conflict because \"scalar\" and \"unrelatedField\" are different fields", &[(31, 11), (39, 11), (34, 11), (42, 11)]),
        ],
    );
}

#[test]
fn disallows_differing_return_type_nullability_despite_no_overlap() {
    let doc = r#"
        {
          someBox {
            ... on NonNullStringBox1 {
              scalar
            }
            ... on StringBox {
              scalar
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[conflict(
            "scalar",
            "they return conflicting types \"String!\" and \"String\"",
            &[(5, 15), (8, 15)],
        )],
    );
}

#[test]
fn disallows_differing_return_type_list_despite_no_overlap() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              box: listStringBox {
                scalar
              }
            }
            ... on StringBox {
              box: stringBox {
                scalar
              }
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[conflict(
            "box",
            "they return conflicting types \"[StringBox]\" and \"StringBox\"",
            &[(5, 15), (10, 15)],
        )],
    );
}

#[test]
fn disallows_differing_return_type_list_despite_no_overlap_reversed() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              box: stringBox {
                scalar
              }
            }
            ... on StringBox {
              box: listStringBox {
                scalar
              }
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[conflict(
            "box",
            "they return conflicting types \"StringBox\" and \"[StringBox]\"",
            &[(5, 15), (10, 15)],
        )],
    );
}

#[test]
fn disallows_differing_subfields() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              box: stringBox {
                val: scalar
                val: unrelatedField
              }
            }
            ... on StringBox {
              box: stringBox {
                val: scalar
              }
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[conflict(
            "val",
            "\"scalar\" and \"unrelatedField\" are different fields",
            &[(6, 17), (7, 17)],
        )],
    );
}

#[test]
fn disallows_differing_deep_return_types_despite_no_overlap() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              box: stringBox {
                scalar
              }
            }
            ... on StringBox {
              box: intBox {
                scalar
              }
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[
            conflict("box", "subfields \"scalar\" conflict because they return conflicting types \"String\" and \"Int\"", &[(5, 15), (6, 17), (10, 15), (11, 17)]),
        ],
    );
}

#[test]
fn allows_non_conflicting_overlapping_types() {
    let doc = r#"
        {
          someBox {
            ... on IntBox {
              scalar: unrelatedField
            }
            ... on StringBox {
              scalar
            }
          }
        }
    "#;
    expect_valid(BOX, doc);
}

#[test]
fn same_wrapped_scalar_return_types() {
    let doc = r#"
        {
          someBox {
            ...on NonNullStringBox1 {
              scalar
            }
            ...on NonNullStringBox2 {
              scalar
            }
          }
        }
    "#;
    expect_valid(BOX, doc);
}

#[test]
fn allows_inline_fragments_without_type_condition() {
    let doc = r#"
        {
          a
          ... {
            a
          }
        }
    "#;
    expect_valid(BOX, doc);
}

#[test]
fn compares_deep_types_including_list() {
    let doc = r#"
        {
          connection {
            ...edgeID
            edges {
              node {
                id: name
              }
            }
          }
        }

        fragment edgeID on Connection {
          edges {
            node {
              id
            }
          }
        }
    "#;
    expect_conflicts(
        BOX,
        doc,
        &[
            conflict("edges", "subfields \"node\" conflict because subfields \"id\" conflict because \"name\" and \"id\" are different fields", &[(5, 13), (6, 15), (7, 17), (14, 11), (15, 13), (16, 15)]),
        ],
    );
}

#[test]
fn ignores_unknown_types() {
    let doc = r#"
        {
          someBox {
            ...on UnknownType {
              scalar
            }
            ...on NonNullStringBox2 {
              scalar
            }
          }
        }
    "#;
    expect_valid(BOX, doc);
}

#[test]
fn does_not_infinite_loop_on_recursive_fragment() {
    let doc = r#"
        {
          ...fragA
        }

        fragment fragA on Human { name, relatives { name, ...fragA } }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn does_not_infinite_loop_on_immediately_recursive_fragment() {
    let doc = r#"
        {
          ...fragA
        }

        fragment fragA on Human { name, ...fragA }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn does_not_infinite_loop_on_recursive_fragment_with_a_field_named_after_fragment() {
    let doc = r#"
        {
          ...fragA
          fragA
        }

        fragment fragA on Query { ...fragA }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn finds_invalid_cases_even_with_field_named_after_fragment() {
    let doc = r#"
        {
          fragA
          ...fragA
        }

        fragment fragA on Type {
          fragA: b
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "fragA",
            "\"fragA\" and \"b\" are different fields",
            &[(3, 11), (8, 11)],
        )],
    );
}

#[test]
fn does_not_infinite_loop_on_transitively_recursive_fragment() {
    let doc = r#"
        {
          ...fragA
          fragB
        }

        fragment fragA on Human { name, ...fragB }
        fragment fragB on Human { name, ...fragC }
        fragment fragC on Human { name, ...fragA }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn finds_invalid_case_even_with_immediately_recursive_fragment() {
    let doc = r#"
        fragment sameAliasesWithDifferentFieldTargets on Dog {
          ...sameAliasesWithDifferentFieldTargets
          fido: name
          fido: nickname
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "fido",
            "\"name\" and \"nickname\" are different fields",
            &[(4, 11), (5, 11)],
        )],
    );
}

#[test]
fn finds_conflicts_through_cyclic_fragments() {
    let doc = r#"
        {
          human {
            ...A
            ...B
          }
        }
        fragment A on Human { x: name ...B }
        fragment B on Human { x: pets { name } ...A }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict(
                "x",
                "\"name\" and \"pets\" are different fields",
                &[(8, 31), (9, 31)],
            ),
            conflict(
                "x",
                "\"name\" and \"pets\" are different fields",
                &[(8, 31), (9, 31)],
            ),
            conflict(
                "x",
                "\"pets\" and \"name\" are different fields",
                &[(9, 31), (8, 31)],
            ),
        ],
    );
}

#[test]
fn typename_on_different_types_merges() {
    let doc = r#"
        {
          pet {
            __typename
            ... on Dog { __typename name }
            ... on Cat { __typename name: nickname }
          }
        }
    "#;
    expect_valid(HARNESS, doc);
}

#[test]
fn typename_conflicts_with_other_field() {
    let doc = r#"
        {
          dog {
            __typename
            __typename: name
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "__typename",
            "\"__typename\" and \"name\" are different fields",
            &[(4, 13), (5, 13)],
        )],
    );
}

#[test]
fn unknown_parent_types_are_not_mutually_exclusive() {
    let doc = r#"
        {
          pet {
            ... on Unknown1 { x: name }
            ... on Unknown2 { x: nickname }
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "x",
            "\"name\" and \"nickname\" are different fields",
            &[(4, 31), (5, 31)],
        )],
    );
}

#[test]
fn interface_and_object_parents_are_not_mutually_exclusive() {
    let doc = r#"
        {
          pet {
            ... on Pet { name(surname: true) }
            ... on Dog { name(surname: false) }
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "they have differing arguments",
            &[(4, 26), (5, 26)],
        )],
    );
}

#[test]
fn exclusivity_carries_into_sub_selections() {
    let doc = r#"
        {
          catOrDog {
            ... on Dog { friend: mother { n: name } }
            ... on Cat { friend: mother { n: nickname } }
          }
        }
    "#;
    expect_valid(HARNESS, doc);
}

/// Nineteen sub-fields at most follow each field, and the reason stops growing past 1000
/// characters.
#[test]
fn conflicts_list_their_last_twenty_fields_per_side() {
    let doc = r#"
        {
          dog {
            a1: name a2: name a3: name a4: name a5: name a6: name a7: name a8: name
            a9: name a10: name a11: name a12: name a13: name a14: name a15: name a16: name
            a17: name a18: name a19: name a20: name a21: name a22: name a23: name a24: name
          }
          dog {
            a1: nickname a2: nickname a3: nickname a4: nickname a5: nickname a6: nickname
            a7: nickname a8: nickname a9: nickname a10: nickname a11: nickname a12: nickname
            a13: nickname a14: nickname a15: nickname a16: nickname a17: nickname a18: nickname
            a19: nickname a20: nickname a21: nickname a22: nickname a23: nickname a24: nickname
          }
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict("dog", "subfields \"a1\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a2\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a3\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a4\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a5\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a6\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a7\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a8\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a9\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a10\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a11\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a12\" conflict because \"name\" and \"nickname\" are different fields and subfields \"a13\" conflict because \"name\" and \"nick...", &[(3, 11), (4, 13), (4, 22), (4, 31), (4, 40), (4, 49), (4, 58), (4, 67), (4, 76), (5, 13), (5, 22), (5, 32), (5, 42), (5, 52), (5, 62), (5, 72), (5, 82), (6, 13), (6, 23), (6, 33), (8, 11), (9, 13), (9, 26), (9, 39), (9, 52), (9, 65), (9, 78), (10, 13), (10, 26), (10, 39), (10, 52), (10, 66), (10, 80), (11, 13), (11, 27), (11, 41), (11, 55), (11, 69), (11, 83), (12, 13)]),
        ],
    );
}

#[test]
fn conflicts_in_operation_and_fragment_reported_where_found() {
    let doc = r#"
        query Q {
          dog {
            ...DogFields
            name: barks
          }
        }
        fragment DogFields on Dog {
          name
          name: nickname
        }
    "#;
    expect_conflicts(
        HARNESS,
        doc,
        &[
            conflict(
                "name",
                "\"barks\" and \"name\" are different fields",
                &[(5, 13), (9, 11)],
            ),
            conflict(
                "name",
                "\"barks\" and \"nickname\" are different fields",
                &[(5, 13), (10, 11)],
            ),
            conflict(
                "name",
                "\"name\" and \"nickname\" are different fields",
                &[(9, 11), (10, 11)],
            ),
        ],
    );
}

#[test]
fn works_for_field_names_that_are_js_keywords() {
    let schema = "type Foo { constructor: String } type Query { foo: Foo }";
    expect_valid(schema, "{ foo { constructor constructor } }");
}

/// A spread of a name defined twice is a spread of its last definition, as in graphql-js.
#[test]
fn spreads_use_the_last_fragment_of_a_name() {
    let doc = "{ dog { ...F name: nickname } }\n\
               fragment F on Dog { name: barks }\n\
               fragment F on Dog { name }\n";
    expect_conflicts(
        HARNESS,
        doc,
        &[conflict(
            "name",
            "\"nickname\" and \"name\" are different fields",
            &[(1, 14), (3, 21)],
        )],
    );
}

/// Response names longer than 1000 characters are cut in the message.
#[test]
fn long_response_names_are_abbreviated() {
    let alias = "a".repeat(1100);
    let doc = format!("{{ dog {{ {alias}: name {alias}: nickname }} }}");
    let cut = format!("{}...", &alias[..1000]);
    expect_conflicts(
        HARNESS,
        &doc,
        &[conflict(
            &cut,
            "\"name\" and \"nickname\" are different fields",
            &[(1, 9), (1, 1116)],
        )],
    );
}

// ---- Large documents ------------------------------------------------------------------

/// Repeated spreads of one fragment are compared once.
#[test]
fn a_thousand_spreads_of_one_fragment() {
    let doc = format!(
        "{{ dog {{ {}name: nickname }} }}\nfragment F on Dog {{ name }}\n",
        "...F ".repeat(1000)
    );
    expect_conflicts(
        HARNESS,
        &doc,
        &[conflict(
            "name",
            "\"nickname\" and \"name\" are different fields",
            &[(1, 5009), (2, 21)],
        )],
    );
}

/// Fragments that each spread every fragment one field deeper: the search terminates,
/// and spends graphql-js's budget exactly as graphql-js does (26 fragments fit in it,
/// 27 do not).
#[test]
fn fragments_spreading_every_fragment() {
    let doc = |n: usize| {
        let spreads: String = (0..n).map(|i| format!("...F{i} ")).collect();
        let mut doc = format!("{{ dog {{ {spreads}}} }}\n");
        for i in 0..n {
            doc.push_str(&format!(
                "fragment F{i} on Dog {{ name mother {{ {spreads}}} }}\n"
            ));
        }
        doc
    };
    expect_valid(HARNESS, &doc(26));
    expect_conflicts(
        HARNESS,
        &doc(27),
        &[("Validation aborted.".to_string(), vec![])],
    );
}

/// The complexity budget is graphql-js's: 707 identical fields are 249,571 pairs, each
/// costing 2 of the 500,000 units; 708 are too many.
#[test]
fn complexity_budget() {
    let fields = |n: usize| format!("{{ dog {{ {}}} }}", "name ".repeat(n));
    expect_valid(HARNESS, &fields(707));
    expect_conflicts(
        HARNESS,
        &fields(708),
        &[("Validation aborted.".to_string(), vec![])],
    );
}

/// An abort ends the whole validation, as in graphql-js: the operation name repeated
/// after it is not reported.
#[test]
fn abort_ends_the_validation() {
    let doc = format!(
        "query A {{ dog {{ {}}} }}\nquery A {{ dog {{ name }} }}",
        "name ".repeat(708)
    );
    assert_eq!(
        errors(HARNESS, &doc),
        [(RULE.to_string(), "Validation aborted.".to_string(), vec![])]
    );
}

/// Two chains of fragments, each nesting the next one field deeper: the fields at the
/// bottom differ.
fn fragment_chains(depth: usize) -> String {
    let mut doc = String::from("{ human { ...F0 ...G0 } }\n");
    for i in 0..depth {
        let next = i + 1;
        doc.push_str(&format!(
            "fragment F{i} on Human {{ relatives {{ ...F{next} }} }}\n\
             fragment G{i} on Human {{ relatives {{ ...G{next} }} }}\n"
        ));
    }
    doc.push_str(&format!(
        "fragment F{depth} on Human {{ x: name }}\nfragment G{depth} on Human {{ x: __typename }}\n"
    ));
    doc
}

/// Fields nested through fragments far deeper than a document can nest are compared
/// without using the call stack: the conflict at the bottom is reported at the top, with
/// the reason cut at 1000 characters and the deepest fields listed. (graphql-js gives
/// this for 300 levels; it overflows its stack past about 575.)
#[test]
fn deep_chains_of_fragments() {
    for depth in [300, 5000] {
        let column = |i: usize| 23 + i.to_string().len();
        let side = |first_line: usize| {
            let mut locations = vec![(first_line, column(0))];
            locations.extend((depth - 18..=depth).map(|i| (first_line + 2 * i, column(i))));
            locations
        };
        let reason = "subfields \"relatives\" conflict because ".repeat(30);
        let reason = format!("{}...", &reason[..1000]);
        let mut locations = side(2);
        locations.extend(side(3));
        expect_conflicts(
            HARNESS,
            &fragment_chains(depth),
            &[conflict("relatives", &reason, &locations)],
        );
    }
}
