//! The random response generator (`gqlforge_tests::responses`) against every corpus
//! operation: each response is checked by an independent reading of the selection — every
//! key present is selected for the object's runtime type and every key selected without a
//! variable condition is present, `__typename` wherever the type is abstract, `null` only
//! where nullable, leaves of the right JSON type.

use std::collections::{BTreeMap, HashMap};

use gqlforge_codegen::document::{
    Directive, Field, FragmentDefinition, Selection, SelectionSet, ValueKind,
};
use gqlforge_codegen::schema::{Type, TypeId, TypeKind};
use gqlforge_codegen::{parse_document, SchemaIndex};
use gqlforge_tests::corpus::{graphql_files, load_schema, require, SCHEMAS};
use gqlforge_tests::responses::{
    random_data, ResponseOptions, UNKNOWN_ENUM_VALUE, UNKNOWN_TYPENAME,
};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::Value;

const SEEDS: u64 = 20;

#[test]
fn every_corpus_response_matches_its_selection() {
    let Some(corpus) = require("every_corpus_response_matches_its_selection") else {
        return;
    };
    let mut operations = 0;
    let mut failures = Vec::new();
    let mut tally = Tally::default();
    for name in SCHEMAS {
        let schema = load_schema(name);
        for (file, text) in graphql_files(&corpus.join(name).join("operations")) {
            let document = parse_document(&text).unwrap_or_else(|e| panic!("{file}: {e:?}"));
            for operation in document.operations() {
                operations += 1;
                let root = schema
                    .root_type(operation.kind)
                    .unwrap_or_else(|| panic!("{file}: no root type"));
                for seed in 0..SEEDS {
                    // Even seeds answer with today's schema, odd ones with unknowns too.
                    let options = if seed % 2 == 0 {
                        ResponseOptions::default()
                    } else {
                        ResponseOptions::with_unknowns()
                    };
                    let mut rng = StdRng::seed_from_u64(seed);
                    let data = random_data(&schema, &document, operation, &mut rng, &options);
                    let mut checker = Checker {
                        schema: &schema,
                        fragments: document
                            .fragments()
                            .map(|f| (f.name.value.as_str(), f))
                            .collect(),
                        options,
                        problems: Vec::new(),
                        tally: &mut tally,
                    };
                    checker.object(
                        &data,
                        Runtime::Known(root),
                        false,
                        &[&operation.selection_set],
                        "data",
                    );
                    if let Some(problem) = checker.problems.first() {
                        failures.push(format!("{name}/operations/{file} seed {seed}: {problem}"));
                    }
                }
            }
        }
    }
    assert!(
        operations >= 227,
        "expected the corpus operations, found {operations}"
    );
    assert!(
        failures.is_empty(),
        "{} response(s) do not match their selection:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The responses exercise what the round trip needs.
    assert!(
        tally.unknown_typenames > 0 && tally.unknown_enum_values > 0,
        "{tally:?}"
    );
    assert!(
        tally.nulls > 0 && tally.empty_lists > 0 && tally.long_lists > 0,
        "{tally:?}"
    );
    assert!(tally.abstract_objects > 100, "{tally:?}");
}

/// What the checked responses held, to show the generator reaches every case.
#[derive(Debug, Default)]
struct Tally {
    nulls: usize,
    empty_lists: usize,
    long_lists: usize,
    abstract_objects: usize,
    unknown_typenames: usize,
    unknown_enum_values: usize,
}

#[derive(Clone, Copy)]
enum Runtime {
    Known(TypeId),
    /// A type the schema does not know, answering this abstract type.
    Unknown(TypeId),
}

struct Checker<'a> {
    schema: &'a SchemaIndex,
    fragments: HashMap<&'a str, &'a FragmentDefinition>,
    options: ResponseOptions,
    problems: Vec<String>,
    tally: &'a mut Tally,
}

/// The fields one response key may come from, and whether one of them is selected without
/// any variable condition on the way (so the key must be there).
#[derive(Default)]
struct Occurrences<'a> {
    fields: Vec<&'a Field>,
    required: bool,
}

impl<'a> Checker<'a> {
    /// Every field selected for `runtime` by `selection_set`, by response key: fragments
    /// whose type condition the runtime type satisfies (by the type's own declarations),
    /// selections excluded by a literal condition left out.
    fn selected(
        &self,
        runtime: Runtime,
        selection_set: &'a SelectionSet,
        conditional: bool,
        stack: &mut Vec<&'a str>,
        out: &mut BTreeMap<&'a str, Occurrences<'a>>,
    ) {
        for selection in &selection_set.selections {
            let Some(variable_condition) = condition(selection.directives()) else {
                continue;
            };
            let conditional = conditional || variable_condition;
            match selection {
                Selection::Field(field) => {
                    let entry = out.entry(field.response_key()).or_default();
                    entry.fields.push(field);
                    entry.required |= !conditional;
                }
                Selection::InlineFragment(inline) => {
                    let satisfied = inline
                        .type_condition
                        .as_ref()
                        .map(|c| self.satisfies(runtime, &c.value));
                    if satisfied != Some(false) {
                        self.selected(runtime, &inline.selection_set, conditional, stack, out);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.name.value.as_str();
                    // An unknown fragment or a cycle would fail the corpus validity test.
                    let Some(&fragment) = self.fragments.get(name) else {
                        continue;
                    };
                    if stack.contains(&name)
                        || !self.satisfies(runtime, &fragment.type_condition.value)
                    {
                        continue;
                    }
                    stack.push(name);
                    self.selected(runtime, &fragment.selection_set, conditional, stack, out);
                    stack.pop();
                }
            }
        }
    }

    /// Is a value of `runtime` type a `condition`? Read from the object's declared
    /// interfaces and the unions' member lists.
    fn satisfies(&self, runtime: Runtime, condition: &str) -> bool {
        let schema = self.schema;
        let declared = |ty: TypeId| {
            schema.type_name(ty) == condition
                || schema
                    .interfaces(ty)
                    .iter()
                    .any(|&i| schema.type_name(i) == condition)
        };
        match runtime {
            Runtime::Known(object) => {
                declared(object)
                    || schema.type_by_name(condition).is_some_and(|c| {
                        matches!(&schema.ty(c).kind, TypeKind::Union { members } if members.contains(&object))
                    })
            }
            Runtime::Unknown(abstract_ty) => declared(abstract_ty),
        }
    }

    fn object(
        &mut self,
        value: &Value,
        runtime: Runtime,
        abstract_type: bool,
        selection_sets: &[&'a SelectionSet],
        path: &str,
    ) {
        let Value::Object(object) = value else {
            self.problems
                .push(format!("{path}: {value} is not an object"));
            return;
        };
        let mut selected = BTreeMap::new();
        for set in selection_sets {
            self.selected(runtime, set, false, &mut Vec::new(), &mut selected);
        }
        for (key, occurrences) in &selected {
            if occurrences.required && !object.contains_key(*key) {
                self.problems
                    .push(format!("{path}: `{key}` is selected but missing"));
            }
        }
        let typename = match runtime {
            Runtime::Known(id) => self.schema.type_name(id),
            Runtime::Unknown(_) => UNKNOWN_TYPENAME,
        };
        for (key, value) in object {
            let path = format!("{path}.{key}");
            let fields: &[&Field] = match selected.get(key.as_str()) {
                Some(occurrences) => &occurrences.fields,
                // The generated query selects `__typename` wherever the type is abstract.
                None if key == "__typename" && abstract_type => &[],
                None => {
                    self.problems.push(format!("{path}: not selected"));
                    continue;
                }
            };
            let name = fields
                .first()
                .map_or("__typename", |f| f.name.value.as_str());
            if name == "__typename" {
                if value != typename {
                    self.problems
                        .push(format!("{path}: {value}, expected \"{typename}\""));
                }
                continue;
            }
            let parent = match runtime {
                Runtime::Known(id) | Runtime::Unknown(id) => id,
            };
            let Some(definition) = self.schema.field(parent, name) else {
                self.problems.push(format!("{path}: no field `{name}`"));
                continue;
            };
            let sets: Vec<&SelectionSet> = fields
                .iter()
                .filter_map(|f| f.selection_set.as_ref())
                .collect();
            self.value(value, &definition.ty, &sets, &path);
        }
    }

    fn value(&mut self, value: &Value, ty: &Type, selection_sets: &[&'a SelectionSet], path: &str) {
        let schema = self.schema;
        match (ty, value) {
            (Type::NonNull(_), Value::Null) => self
                .problems
                .push(format!("{path}: null in a non-null position")),
            (Type::NonNull(inner), _) => self.value(value, inner, selection_sets, path),
            (_, Value::Null) => self.tally.nulls += 1,
            (Type::List(item), Value::Array(items)) => {
                match items.len() {
                    0 => self.tally.empty_lists += 1,
                    1 => {}
                    _ => self.tally.long_lists += 1,
                }
                for (i, v) in items.iter().enumerate() {
                    self.value(v, item, selection_sets, &format!("{path}[{i}]"));
                }
            }
            (Type::List(_), _) => self.problems.push(format!("{path}: {value} is not a list")),
            (Type::Named(id), _) => match &schema.ty(*id).kind {
                TypeKind::Scalar { .. } => {
                    let ok = match schema.type_name(*id) {
                        "Int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                        "Float" => value.is_number(),
                        "Boolean" => value.is_boolean(),
                        _ => value.is_string(),
                    };
                    if !ok {
                        self.problems.push(format!(
                            "{path}: {value} is not a {}",
                            schema.type_name(*id)
                        ));
                    }
                }
                TypeKind::Enum { values } => {
                    let known = values.iter().any(|v| *value == *v.name);
                    let unknown = self.options.unknown_enum_value && *value == UNKNOWN_ENUM_VALUE;
                    self.tally.unknown_enum_values += usize::from(unknown);
                    if !known && !unknown {
                        self.problems.push(format!(
                            "{path}: {value} is not a {}",
                            schema.type_name(*id)
                        ));
                    }
                }
                TypeKind::Object(_) => {
                    self.object(value, Runtime::Known(*id), false, selection_sets, path)
                }
                TypeKind::Interface(_) | TypeKind::Union { .. } => {
                    self.tally.abstract_objects += 1;
                    let Some(typename) = value.get("__typename").and_then(Value::as_str) else {
                        self.problems
                            .push(format!("{path}: no `__typename` on an abstract type"));
                        return;
                    };
                    let runtime = match schema.type_by_name(typename) {
                        Some(object)
                            if schema.is_object(object)
                                && self
                                    .satisfies(Runtime::Known(object), schema.type_name(*id)) =>
                        {
                            Runtime::Known(object)
                        }
                        None if self.options.unknown_typename && typename == UNKNOWN_TYPENAME => {
                            self.tally.unknown_typenames += 1;
                            Runtime::Unknown(*id)
                        }
                        _ => {
                            self.problems.push(format!(
                                "{path}: `{typename}` is not a possible type of {}",
                                schema.type_name(*id)
                            ));
                            return;
                        }
                    };
                    self.object(value, runtime, true, selection_sets, path)
                }
                TypeKind::InputObject { .. } => {
                    self.problems.push(format!("{path}: an input type"))
                }
            },
        }
    }
}

/// `None` when a literal `@skip(if: true)` / `@include(if: false)` excludes the selection;
/// otherwise whether a variable decides it.
fn condition(directives: &[Directive]) -> Option<bool> {
    let mut variable = false;
    for directive in directives {
        let excluding = match directive.name.value.as_str() {
            "skip" => true,
            "include" => false,
            _ => continue,
        };
        for argument in directive.arguments.iter().filter(|a| a.name.value == "if") {
            match argument.value.kind {
                ValueKind::Boolean(b) if b == excluding => return None,
                ValueKind::Variable(_) => variable = true,
                _ => {}
            }
        }
    }
    Some(variable)
}
