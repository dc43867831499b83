//! Random JSON responses valid for an operation's selection: the `data` a spec-compliant
//! server could answer, for the round-trip test of the generated types.
//!
//! [`random_data`] runs the spec's ExecuteSelectionSet (6.3) on made-up values: for every
//! object it picks a runtime object type, groups the selections with CollectFields (6.3.2)
//! for that type (fields by response key, fragments whose type condition applies, `@skip` /
//! `@include` honoured), and completes each field's value from the runtime type's field
//! definition: sometimes `null` where nullable, lists of 0, 1 or several items, leaves of
//! the right JSON type. Objects whose field type is abstract carry `__typename`, as the
//! generated query text selects it there.

use std::collections::{HashMap, HashSet};

use gqlforge_codegen::document::{
    Directive, Document, Field, FragmentDefinition, OperationDefinition, Selection, SelectionSet,
    ValueKind,
};
use gqlforge_codegen::schema::{EnumValueDef, Type, TypeId, TypeKind};
use gqlforge_codegen::SchemaIndex;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{Map, Value};

/// Which values a response may hold beyond what the schema describes today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResponseOptions {
    /// Sometimes answer an abstract type with an object type the schema does not know
    /// ([`UNKNOWN_TYPENAME`]), as a server that gained a type would.
    pub unknown_typename: bool,
    /// Sometimes answer an enum with a value the schema does not have
    /// ([`UNKNOWN_ENUM_VALUE`]).
    pub unknown_enum_value: bool,
}

impl ResponseOptions {
    /// Both kinds of values from a newer schema.
    pub fn with_unknowns() -> ResponseOptions {
        ResponseOptions {
            unknown_typename: true,
            unknown_enum_value: true,
        }
    }
}

/// The `__typename` of an object type the schema does not know (followed by `_`s when the
/// schema has a type of that name).
pub const UNKNOWN_TYPENAME: &str = "UnknownTypeFromTheFuture";

/// An enum value the schema does not have (followed by `_`s when the enum has it).
pub const UNKNOWN_ENUM_VALUE: &str = "FUTURE_VALUE";

/// One in this many nullable values is `null`.
const NULL_ONE_IN: u32 = 5;
/// With [`ResponseOptions::unknown_typename`], one in this many abstract values has an
/// unknown type.
const UNKNOWN_TYPE_ONE_IN: u32 = 8;
/// With [`ResponseOptions::unknown_enum_value`], one in this many enum values is unknown.
const UNKNOWN_ENUM_ONE_IN: u32 = 8;

/// A random `data` object answering `operation` (a valid operation of `document` against
/// `schema`, as `gqlforge_codegen::validate` checks).
///
/// Each variable used in `@skip(if:)` / `@include(if:)` gets one random boolean for the
/// whole response. A value of an abstract type with no possible type at all can only be
/// of an unknown type, whatever `options` say. An operation whose root type the schema
/// lacks gets `{}`.
pub fn random_data(
    schema: &SchemaIndex,
    document: &Document,
    operation: &OperationDefinition,
    rng: &mut impl Rng,
    options: &ResponseOptions,
) -> Value {
    let Some(root) = schema.root_type(operation.kind) else {
        return Value::Object(Map::new());
    };
    let mut generator = Generator {
        schema,
        fragments: document
            .fragments()
            .map(|f| (f.name.value.as_str(), f))
            .collect(),
        variables: HashMap::new(),
        rng,
        options,
        unknown_typename: unused_name(UNKNOWN_TYPENAME, |n| schema.type_by_name(n).is_some()),
        max_depth: document_field_count(document),
    };
    generator.object(
        RuntimeType::Object(root),
        &[&operation.selection_set],
        false,
        0,
    )
}

/// The type of an object in the response.
#[derive(Clone, Copy, Debug)]
enum RuntimeType {
    /// An object type of the schema.
    Object(TypeId),
    /// An object type the schema does not know, answering a field of this abstract type.
    Unknown(TypeId),
}

struct Generator<'a, R> {
    schema: &'a SchemaIndex,
    fragments: HashMap<&'a str, &'a FragmentDefinition>,
    /// The value of each variable a `@skip` / `@include` has read so far.
    variables: HashMap<&'a str, bool>,
    rng: &'a mut R,
    options: &'a ResponseOptions,
    unknown_typename: String,
    /// No valid document nests objects deeper than it has fields; beyond that, a fragment
    /// cycle (which validation rejects) is cut by not following fragment spreads.
    max_depth: usize,
}

/// CollectFields' result: fields by response key, keys in the order first met.
#[derive(Default)]
struct GroupedFields<'a> {
    keys: Vec<(&'a str, Vec<&'a Field>)>,
    index: HashMap<&'a str, usize>,
}

impl<'a> GroupedFields<'a> {
    fn push(&mut self, field: &'a Field) {
        let key = field.response_key();
        match self.index.get(key) {
            Some(&at) => self.keys[at].1.push(field),
            None => {
                self.index.insert(key, self.keys.len());
                self.keys.push((key, vec![field]));
            }
        }
    }
}

impl<'a, R: Rng> Generator<'a, R> {
    /// ExecuteSelectionSet on an object of type `runtime`: the merged `selection_sets`
    /// (CollectSubfields), with `__typename` first when `add_typename`.
    fn object(
        &mut self,
        runtime: RuntimeType,
        selection_sets: &[&'a SelectionSet],
        add_typename: bool,
        depth: usize,
    ) -> Value {
        let mut grouped = GroupedFields::default();
        let mut visited = HashSet::new();
        for set in selection_sets {
            self.collect_fields(runtime, set, &mut visited, depth, &mut grouped);
        }
        let typename = match runtime {
            RuntimeType::Object(id) => self.schema.type_name(id).to_owned(),
            RuntimeType::Unknown(_) => self.unknown_typename.clone(),
        };
        let parent = match runtime {
            RuntimeType::Object(id) | RuntimeType::Unknown(id) => id,
        };
        let mut object = Map::new();
        if add_typename {
            object.insert("__typename".to_owned(), Value::String(typename.clone()));
        }
        let schema = self.schema;
        for (key, fields) in grouped.keys {
            let name = fields[0].name.value.as_str();
            let value = if name == "__typename" {
                Value::String(typename.clone())
            } else {
                // For an unknown type, the fields come from the abstract type itself or
                // from interfaces it implements, so it has them all.
                let Some(definition) = schema.field(parent, name) else {
                    continue;
                };
                self.complete(&definition.ty, &fields, depth)
            };
            object.insert(key.to_owned(), value);
        }
        Value::Object(object)
    }

    /// The spec's CollectFields for an object of type `runtime`.
    fn collect_fields(
        &mut self,
        runtime: RuntimeType,
        selection_set: &'a SelectionSet,
        visited: &mut HashSet<&'a str>,
        depth: usize,
        grouped: &mut GroupedFields<'a>,
    ) {
        for selection in &selection_set.selections {
            if !self.included(selection.directives()) {
                continue;
            }
            match selection {
                Selection::Field(field) => grouped.push(field),
                Selection::FragmentSpread(spread) => {
                    let name = spread.name.value.as_str();
                    if depth > self.max_depth || !visited.insert(name) {
                        continue;
                    }
                    let Some(&fragment) = self.fragments.get(name) else {
                        continue;
                    };
                    if self.applies(runtime, &fragment.type_condition.value) {
                        self.collect_fields(
                            runtime,
                            &fragment.selection_set,
                            visited,
                            depth,
                            grouped,
                        );
                    }
                }
                Selection::InlineFragment(inline) => {
                    let applies = match &inline.type_condition {
                        Some(condition) => self.applies(runtime, &condition.value),
                        None => true,
                    };
                    if applies {
                        self.collect_fields(
                            runtime,
                            &inline.selection_set,
                            visited,
                            depth,
                            grouped,
                        );
                    }
                }
            }
        }
    }

    /// `@skip(if:)` and `@include(if:)` let the selection through.
    fn included(&mut self, directives: &'a [Directive]) -> bool {
        directives.iter().all(|directive| {
            let excluded = match directive.name.value.as_str() {
                "skip" => Some(true),
                "include" => Some(false),
                _ => None,
            };
            excluded.is_none() || self.condition(directive) != excluded
        })
    }

    /// The value of a directive's `if:` argument: a literal, or the variable's value in
    /// this response.
    fn condition(&mut self, directive: &'a Directive) -> Option<bool> {
        let argument = directive.arguments.iter().find(|a| a.name.value == "if")?;
        match &argument.value.kind {
            ValueKind::Boolean(b) => Some(*b),
            ValueKind::Variable(name) => Some(
                *self
                    .variables
                    .entry(name.as_str())
                    .or_insert_with(|| self.rng.gen()),
            ),
            _ => None,
        }
    }

    /// The spec's DoesFragmentTypeApply. An unknown object type answering abstract type
    /// `A` is known to be an `A`, and so any interface `A` implements; nothing narrower.
    fn applies(&self, runtime: RuntimeType, condition: &str) -> bool {
        let schema = self.schema;
        let Some(condition) = schema.type_by_name(condition) else {
            return false;
        };
        match runtime {
            RuntimeType::Object(object) => {
                condition == object
                    || (schema.is_abstract(condition)
                        && schema.possible_types(condition).contains(&object))
            }
            RuntimeType::Unknown(abstract_ty) => {
                condition == abstract_ty
                    || (schema.is_interface(abstract_ty)
                        && schema
                            .interface_implementations(condition)
                            .contains(&abstract_ty))
            }
        }
    }

    /// CompleteValue for the merged `fields` of type `ty`.
    fn complete(&mut self, ty: &'a Type, fields: &[&'a Field], depth: usize) -> Value {
        match ty {
            Type::NonNull(inner) => self.complete_non_null(inner, fields, depth),
            _ if self.rng.gen_ratio(1, NULL_ONE_IN) => Value::Null,
            _ => self.complete_non_null(ty, fields, depth),
        }
    }

    fn complete_non_null(&mut self, ty: &'a Type, fields: &[&'a Field], depth: usize) -> Value {
        match ty {
            Type::NonNull(inner) => self.complete_non_null(inner, fields, depth),
            Type::List(item) => {
                let len = match self.rng.gen_range(0..4) {
                    0 => 0,
                    1 => 1,
                    _ => self.rng.gen_range(2..=3),
                };
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(self.complete(item, fields, depth));
                }
                Value::Array(items)
            }
            Type::Named(id) => self.named(*id, fields, depth),
        }
    }

    fn named(&mut self, id: TypeId, fields: &[&'a Field], depth: usize) -> Value {
        let schema = self.schema;
        let selection_sets: Vec<&'a SelectionSet> = fields
            .iter()
            .filter_map(|f| f.selection_set.as_ref())
            .collect();
        match &schema.ty(id).kind {
            TypeKind::Scalar { .. } => self.scalar(schema.type_name(id)),
            TypeKind::Enum { values } => self.enum_value(values),
            TypeKind::Object(_) => {
                self.object(RuntimeType::Object(id), &selection_sets, false, depth + 1)
            }
            TypeKind::Interface(_) | TypeKind::Union { .. } => {
                let possible = schema.possible_types(id);
                let unknown =
                    self.options.unknown_typename && self.rng.gen_ratio(1, UNKNOWN_TYPE_ONE_IN);
                let runtime = match possible.choose(self.rng) {
                    Some(&object) if !unknown => RuntimeType::Object(object),
                    _ => RuntimeType::Unknown(id),
                };
                self.object(runtime, &selection_sets, true, depth + 1)
            }
            // Not an output type: the schema index rejects it as a field's type.
            TypeKind::InputObject { .. } => Value::Null,
        }
    }

    fn enum_value(&mut self, values: &[EnumValueDef]) -> Value {
        let unknown = self.options.unknown_enum_value && self.rng.gen_ratio(1, UNKNOWN_ENUM_ONE_IN);
        match values.choose(self.rng) {
            Some(value) if !unknown => Value::String(value.name.clone()),
            _ => Value::String(unused_name(UNKNOWN_ENUM_VALUE, |n| {
                values.iter().any(|v| v.name == n)
            })),
        }
    }

    /// A value of a built-in scalar; a string for `ID` and custom scalars.
    fn scalar(&mut self, name: &str) -> Value {
        match name {
            "Int" => Value::from(match self.rng.gen_range(0..8) {
                0 => {
                    const EDGES: [i32; 5] = [i32::MIN, -1, 0, 1, i32::MAX];
                    EDGES[self.rng.gen_range(0..EDGES.len())]
                }
                _ => self.rng.gen::<i32>(),
            }),
            "Float" => Value::from(match self.rng.gen_range(0..8) {
                0 => f64::from(self.rng.gen_range(-1000..1000)),
                _ => self.rng.gen_range(-1.0e9..1.0e9),
            }),
            "Boolean" => Value::Bool(self.rng.gen()),
            "ID" if self.rng.gen() => {
                Value::String(self.rng.gen_range(1..10_000_000u32).to_string())
            }
            _ => Value::String(self.string()),
        }
    }

    /// A short string, with characters JSON escapes and characters beyond ASCII.
    fn string(&mut self) -> String {
        const CHARS: &[char] = &[
            'a', 'b', 'c', 'x', 'y', 'z', 'A', 'Q', '0', '7', ' ', '-', '_', '"', '\\', '/', '\n',
            '\t', 'é', 'ß', '✓', '中', '😀',
        ];
        let len = self.rng.gen_range(0..12);
        (0..len)
            .map(|_| CHARS[self.rng.gen_range(0..CHARS.len())])
            .collect()
    }
}

/// `base`, followed by as many `_` as it takes for `taken` to say no.
fn unused_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = base.to_owned();
    while taken(&name) {
        name.push('_');
    }
    name
}

/// How many field nodes the document has: a bound on the depth of any response to it.
fn document_field_count(document: &Document) -> usize {
    fn count(set: &SelectionSet) -> usize {
        set.selections
            .iter()
            .map(|selection| match selection {
                Selection::Field(field) => 1 + field.selection_set.as_ref().map_or(0, count),
                Selection::FragmentSpread(_) => 0,
                Selection::InlineFragment(inline) => count(&inline.selection_set),
            })
            .sum()
    }
    let operations = document.operations().map(|op| count(&op.selection_set));
    let fragments = document.fragments().map(|f| count(&f.selection_set));
    operations.chain(fragments).sum()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::rngs::StdRng;
    use rand::SeedableRng;
    use serde_json::Value;

    use super::{random_data, ResponseOptions, UNKNOWN_ENUM_VALUE, UNKNOWN_TYPENAME};

    const SDL: &str = r#"
        type Query {
          hero: Character
          heroes: [Character!]!
          search(text: String): [SearchResult]
          node(id: ID!): Node
          me: User!
          matrix: [[Int!]]!
        }
        interface Node { id: ID! }
        interface Named { name: String! }
        interface Character implements Named { name: String! friends: [Character] }
        type Human implements Character & Named & Node {
          id: ID! name: String! height: Float friends: [Character]
        }
        type Droid implements Character & Named & Node {
          id: ID! name: String! primaryFunction: String friends: [Character]
        }
        type Starship implements Node { id: ID! length: Float }
        union SearchResult = Human | Droid | Starship
        enum Color { RED GREEN BLUE }
        scalar DateTime
        type User {
          id: ID! name: String age: Int admin: Boolean! color: Color! born: DateTime
        }
    "#;

    /// `data` for `seed` of the document's first operation.
    fn data(query: &str, seed: u64, options: ResponseOptions) -> Value {
        let (schema, _) = gqlforge_codegen::schema::load_sdl("test.graphql", SDL)
            .unwrap_or_else(|e| panic!("{e}"));
        let document = gqlforge_codegen::parse_document(query).unwrap_or_else(|e| panic!("{e:?}"));
        let errors = gqlforge_codegen::validate(&schema, &document);
        assert!(errors.is_empty(), "invalid test query: {errors:?}");
        let operation = document.operations().next().expect("an operation");
        let mut rng = StdRng::seed_from_u64(seed);
        random_data(&schema, &document, operation, &mut rng, &options)
    }

    fn keys(value: &Value) -> BTreeSet<&str> {
        match value {
            Value::Object(map) => map.keys().map(String::as_str).collect(),
            other => panic!("not an object: {other}"),
        }
    }

    fn set<'a>(keys: &[&'a str]) -> BTreeSet<&'a str> {
        keys.iter().copied().collect()
    }

    /// The objects of a list value, nulls left out (an object itself counts as one).
    fn objects(value: &Value) -> Vec<&Value> {
        match value {
            Value::Array(items) => items.iter().flat_map(objects).collect(),
            Value::Null => Vec::new(),
            object => vec![object],
        }
    }

    fn typename(object: &Value) -> &str {
        object["__typename"].as_str().expect("__typename")
    }

    #[test]
    fn aliases_are_the_keys() {
        for seed in 0..50 {
            let data = data(
                "{ a: me { userId: id id n: name } b: me { name } me { kind: __typename } }",
                seed,
                ResponseOptions::default(),
            );
            assert_eq!(keys(&data), set(&["a", "b", "me"]));
            assert_eq!(keys(&data["a"]), set(&["userId", "id", "n"]));
            assert_eq!(keys(&data["b"]), set(&["name"]));
            assert_eq!(data["me"], serde_json::json!({ "kind": "User" }));
        }
    }

    #[test]
    fn fields_with_one_key_are_merged() {
        for seed in 0..50 {
            let data = data(
                "{ me { id } me { name } ... on Query { me { age } } ...F }
                 fragment F on Query { me { id color } }",
                seed,
                ResponseOptions::default(),
            );
            assert_eq!(keys(&data), set(&["me"]));
            assert_eq!(keys(&data["me"]), set(&["id", "name", "age", "color"]));
        }
    }

    #[test]
    fn every_possible_type_of_a_union_appears_and_unknown_ones_only_when_asked() {
        let query = "{ search(text: \"x\") {
            ... on Human { height } ... on Droid { primaryFunction } } }";
        for options in [ResponseOptions::default(), ResponseOptions::with_unknowns()] {
            let mut seen = BTreeSet::new();
            for seed in 0..200 {
                let data = data(query, seed, options);
                for object in objects(&data["search"]) {
                    let typename = typename(object).to_owned();
                    let expected = match typename.as_str() {
                        "Human" => set(&["__typename", "height"]),
                        "Droid" => set(&["__typename", "primaryFunction"]),
                        _ => set(&["__typename"]),
                    };
                    assert_eq!(keys(object), expected, "{object}");
                    seen.insert(typename);
                }
            }
            let mut expected = vec!["Droid", "Human", "Starship"];
            if options.unknown_typename {
                expected.push(UNKNOWN_TYPENAME);
            }
            assert_eq!(seen, expected.iter().map(|s| s.to_string()).collect());
        }
    }

    #[test]
    fn a_fragment_on_an_interface_applies_to_its_implementations_in_a_union() {
        let query = "{ search { ...CharacterName ... on Node { id } } }
                     fragment CharacterName on Character { name }";
        let mut seen = BTreeSet::new();
        for seed in 0..100 {
            let data = data(query, seed, ResponseOptions::with_unknowns());
            for object in objects(&data["search"]) {
                let expected = match typename(object) {
                    "Human" | "Droid" => set(&["__typename", "name", "id"]),
                    "Starship" => set(&["__typename", "id"]),
                    _ => set(&["__typename"]),
                };
                assert_eq!(keys(object), expected, "{object}");
                seen.insert(typename(object).to_owned());
            }
        }
        assert_eq!(seen.len(), 4, "{seen:?}");
    }

    #[test]
    fn an_unknown_type_has_exactly_the_fields_selected_on_the_interface() {
        let query = "{ hero { name ... on Character { friends { name } }
                       ... on Human { height } ...D } }
                     fragment D on Droid { primaryFunction }";
        let mut unknown = 0;
        for seed in 0..200 {
            let data = data(query, seed, ResponseOptions::with_unknowns());
            if data["hero"].is_null() {
                continue;
            }
            let expected = match typename(&data["hero"]) {
                "Human" => set(&["__typename", "name", "friends", "height"]),
                "Droid" => set(&["__typename", "name", "friends", "primaryFunction"]),
                UNKNOWN_TYPENAME => {
                    unknown += 1;
                    set(&["__typename", "name", "friends"])
                }
                other => panic!("not a Character: {other}"),
            };
            assert_eq!(keys(&data["hero"]), expected, "{}", data["hero"]);
            for friend in objects(&data["hero"]["friends"]) {
                assert_eq!(keys(friend), set(&["__typename", "name"]));
            }
        }
        assert!(unknown > 5, "{unknown} unknown heroes in 200");
    }

    #[test]
    fn an_unknown_type_has_the_fields_of_the_interfaces_its_interface_implements() {
        let query = "{ hero { ... on Named { name } ... on Node { id } } }";
        let mut unknown = 0;
        for seed in 0..100 {
            let data = data(query, seed, ResponseOptions::with_unknowns());
            if data["hero"].is_null() {
                continue;
            }
            let expected = if typename(&data["hero"]) == UNKNOWN_TYPENAME {
                unknown += 1;
                set(&["__typename", "name"])
            } else {
                set(&["__typename", "name", "id"])
            };
            assert_eq!(keys(&data["hero"]), expected, "{}", data["hero"]);
        }
        assert!(unknown > 0);
    }

    #[test]
    fn nullability_and_list_nesting_are_exact() {
        let query =
            "{ heroes { name friends { name } } matrix me { id admin color born } hero { name } }";
        let (mut null_hero, mut null_row) = (false, false);
        let mut lengths = BTreeSet::new();
        for seed in 0..200 {
            let data = data(query, seed, ResponseOptions::default());
            let heroes = data["heroes"]
                .as_array()
                .expect("heroes is a non-null list");
            lengths.insert(heroes.len().min(2));
            for hero in heroes {
                assert!(hero["name"].is_string(), "{hero}");
                assert!(hero["friends"].is_null() || hero["friends"].is_array());
            }
            for row in data["matrix"]
                .as_array()
                .expect("matrix is a non-null list")
            {
                match row {
                    Value::Null => null_row = true,
                    Value::Array(items) => assert!(items.iter().all(Value::is_i64), "{row}"),
                    other => panic!("not a list: {other}"),
                }
            }
            let me = &data["me"];
            assert!(me["id"].is_string() && me["admin"].is_boolean(), "{me}");
            assert!(["RED", "GREEN", "BLUE"].contains(&me["color"].as_str().expect("color")));
            assert!(me["born"].is_null() || me["born"].is_string());
            null_hero |= data["hero"].is_null();
        }
        assert!(null_hero && null_row);
        assert_eq!(lengths, [0, 1, 2].into_iter().collect());
    }

    #[test]
    fn unknown_enum_values_appear_only_when_asked() {
        for options in [ResponseOptions::default(), ResponseOptions::with_unknowns()] {
            let mut seen = BTreeSet::new();
            for seed in 0..200 {
                let data = data("{ me { color } }", seed, options);
                seen.insert(data["me"]["color"].as_str().expect("color").to_owned());
            }
            let mut expected = vec!["BLUE", "GREEN", "RED"];
            if options.unknown_enum_value {
                expected.push(UNKNOWN_ENUM_VALUE);
            }
            assert_eq!(seen, expected.iter().map(|s| s.to_string()).collect());
        }
    }

    #[test]
    fn a_variable_condition_has_one_value_per_response() {
        let query = "query Q($v: Boolean!) {
            me { id @include(if: $v) name @include(if: $v) ... @skip(if: $v) { age } }
            heroes { name @include(if: $v) } }";
        let mut outcomes = BTreeSet::new();
        for seed in 0..100 {
            let data = data(query, seed, ResponseOptions::default());
            let included = data["me"].get("id").is_some();
            outcomes.insert(included);
            let expected = if included {
                set(&["id", "name"])
            } else {
                set(&["age"])
            };
            assert_eq!(keys(&data["me"]), expected);
            for hero in objects(&data["heroes"]) {
                let names = if included {
                    set(&["__typename", "name"])
                } else {
                    set(&["__typename"])
                };
                assert_eq!(keys(hero), names);
            }
        }
        assert_eq!(outcomes.len(), 2);
    }

    #[test]
    fn literal_conditions_are_honoured_and_one_included_occurrence_is_enough() {
        let query = "{ me { id @skip(if: true) name @include(if: false) id
                         ... @skip(if: true) { age } ...F @include(if: false)
                         admin @skip(if: false) @include(if: true) } }
                     fragment F on User { color }";
        for seed in 0..50 {
            let data = data(query, seed, ResponseOptions::default());
            assert_eq!(keys(&data["me"]), set(&["id", "admin"]));
        }
    }

    #[test]
    fn introspection_fields_are_answered_from_the_introspection_types() {
        let query = "{ __typename __schema { queryType { name } types { name kind } } }";
        for seed in 0..20 {
            let data = data(query, seed, ResponseOptions::default());
            assert_eq!(data["__typename"], "Query");
            assert_eq!(keys(&data["__schema"]["queryType"]), set(&["name"]));
            for ty in data["__schema"]["types"].as_array().expect("types") {
                assert_eq!(keys(ty), set(&["name", "kind"]));
                let kinds = [
                    "SCALAR",
                    "OBJECT",
                    "INTERFACE",
                    "UNION",
                    "ENUM",
                    "INPUT_OBJECT",
                    "LIST",
                    "NON_NULL",
                ];
                assert!(kinds.contains(&ty["kind"].as_str().expect("kind")), "{ty}");
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_response() {
        let query = "{ heroes { name } search { ... on Human { id } } me { color } }";
        let options = ResponseOptions::with_unknowns();
        assert_eq!(data(query, 7, options), data(query, 7, options));
    }
}
