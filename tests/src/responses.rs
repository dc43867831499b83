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
            match (directive.name.value.as_str(), self.condition(directive)) {
                ("skip", Some(true)) | ("include", Some(false)) => false,
                _ => true,
            }
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
