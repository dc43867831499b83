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
