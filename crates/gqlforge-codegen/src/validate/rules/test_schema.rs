//! graphql-js's validation test schema (`testSchema` in its `harness.ts`), as SDL, and
//! an assertion helper, shared by the rules' unit tests.

use crate::validate::testing::rule_errors;

/// Pets, a union, interfaces implementing interfaces, input objects (one `@oneOf`),
/// fields with every kind of argument, and a query root that is not named `Query`.
pub(crate) const TEST_SCHEMA: &str = r#"
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

input ComplexInput {
  requiredField: Boolean!
  nonNullField: Boolean! = false
  intField: Int
  stringField: String
  booleanField: Boolean
  stringListField: [String]
}

input OneOfInput @oneOf {
  stringField: String
  intField: Int
}

type ComplicatedArgs {
  intArgField(intArg: Int): String
  nonNullIntArgField(nonNullIntArg: Int!): String
  stringArgField(stringArg: String): String
  booleanArgField(booleanArg: Boolean): String
  enumArgField(enumArg: FurColor): String
  floatArgField(floatArg: Float): String
  idArgField(idArg: ID): String
  stringListArgField(stringListArg: [String]): String
  stringListNonNullArgField(stringListNonNullArg: [String!]): String
  complexArgField(complexArg: ComplexInput): String
  oneOfArgField(oneOfArg: OneOfInput): String
  multipleReqs(req1: Int!, req2: Int!): String
  nonNullFieldWithDefault(arg: Int! = 0): String
  multipleOpts(opt1: Int = 0, opt2: Int = 0): String
  multipleOptAndReq(req1: Int!, req2: Int!, opt1: Int = 0, opt2: Int = 0): String
}

type QueryRoot {
  human(id: ID): Human
  dog: Dog
  cat: Cat
  pet: Pet
  catOrDog: CatOrDog
  complicatedArgs: ComplicatedArgs
}

schema {
  query: QueryRoot
}

directive @onField on FIELD
"#;

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
