//! Seeded, deterministic mutations of GraphQL operation documents, for the differential
//! test against graphql-js (`tests/differential_fuzz.rs`).
//!
//! A mutation parses the document with gqlforge's parser, collects the places it can apply
//! to together with the schema types there (a small typed walk, like graphql-js's
//! `TypeInfo`), and edits the text at their spans, so that everything else (comments,
//! commas, layout) stays as written. Most mutations break one rule of section 5 of the
//! spec on purpose (a dropped required argument, 5.4.2.1; a misspelled field, 5.3.1; a
//! removed fragment, 5.5.2.1; ...), some leave the document valid, and a few break its
//! syntax (section 2). The same seed gives the same mutants. [`reductions`] goes the other
//! way: the documents one cut smaller, for shrinking a failing case.

use std::fmt::Write as _;

use gqlforge_codegen::document::{
    Argument, Definition, Directive, Field, FragmentDefinition, FragmentSpread, InlineFragment,
    OperationDefinition, OperationKind, Selection, SelectionSet, TypeRef, Value, ValueKind,
    VariableDefinition,
};
use gqlforge_codegen::parse_document;
use gqlforge_codegen::schema::{FieldDef, InputValueDef, SchemaIndex, Type, TypeId, TypeKind};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// What a mutation does to a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MutationKind {
    /// Removes an argument of a field or directive, required ones preferred.
    DropArgument,
    /// Misspells a field name (a dropped, swapped, doubled or re-cased character).
    RenameFieldNearMiss,
    /// Renames a field to another field of its type or of another type of the schema.
    RenameFieldOther,
    /// Changes a variable's type: nullability, list, another scalar, an input object,
    /// an output type, an unknown name.
    ChangeVariableType,
    RemoveFragmentDefinition,
    RemoveFragmentSpread,
    /// Adds a sibling field with the same response key: another field, the same field with
    /// other arguments, or an identical copy.
    DuplicateResponseKey,
    /// Adds a directive: unknown, misplaced, repeated, without its required argument, ...
    InsertDirective,
    /// Replaces an argument or input value by a literal of another kind, or a variable.
    ReplaceValue,
    RemoveVariableDefinition,
    /// Adds a variable definition: unused, a duplicate, of an output type, bad default.
    AddVariableDefinition,
    /// Gives a leaf field a selection set.
    AddLeafSelection,
    /// Removes the selection set of a field.
    RemoveSelectionSet,
    /// Changes the type condition of a fragment or inline fragment.
    ChangeTypeCondition,
    /// Appends another operation: anonymous, a same-named copy, a mutation, a subscription.
    AddOperation,
    /// Turns a query into a mutation or subscription (or back).
    SwapOperationKind,
    /// Repeats an argument.
    DuplicateArgument,
    /// Adds an argument: unknown, misspelled, or one the field defines.
    AddArgument,
    /// Appends a second definition of a fragment.
    DuplicateFragment,
    /// Spreads a fragment into itself or elsewhere, an unknown fragment, or an inline
    /// fragment on some type.
    AddSpread,
    /// Repeats, adds or removes a field of an input object literal.
    EditInputObject,
    /// Appends a type-system definition.
    AddTypeSystemDefinition,
    /// Adds a deeply nested introspection query.
    DeepIntrospection,
    /// Cuts the document short.
    Truncate,
    /// Inserts a stray token somewhere.
    InsertToken,
    /// Inserts ignored tokens (commas, comments, line breaks, a byte-order mark) between
    /// tokens: nothing changes but the locations.
    InsertIgnored,
    /// Gives an operation, fragment or variable definition a description.
    AddDescription,
}

impl MutationKind {
    pub const ALL: [MutationKind; 27] = [
        MutationKind::DropArgument,
        MutationKind::RenameFieldNearMiss,
        MutationKind::RenameFieldOther,
        MutationKind::ChangeVariableType,
        MutationKind::RemoveFragmentDefinition,
        MutationKind::RemoveFragmentSpread,
        MutationKind::DuplicateResponseKey,
        MutationKind::InsertDirective,
        MutationKind::ReplaceValue,
        MutationKind::RemoveVariableDefinition,
        MutationKind::AddVariableDefinition,
        MutationKind::AddLeafSelection,
        MutationKind::RemoveSelectionSet,
        MutationKind::ChangeTypeCondition,
        MutationKind::AddOperation,
        MutationKind::SwapOperationKind,
        MutationKind::DuplicateArgument,
        MutationKind::AddArgument,
        MutationKind::DuplicateFragment,
        MutationKind::AddSpread,
        MutationKind::EditInputObject,
        MutationKind::AddTypeSystemDefinition,
        MutationKind::DeepIntrospection,
        MutationKind::Truncate,
        MutationKind::InsertToken,
        MutationKind::InsertIgnored,
        MutationKind::AddDescription,
    ];

    /// How often a kind is drawn, relative to the others: syntax errors are the least
    /// interesting, since every rule is skipped for them.
    fn weight(self) -> u32 {
        match self {
            MutationKind::Truncate | MutationKind::InsertToken => 1,
            MutationKind::AddTypeSystemDefinition
            | MutationKind::DeepIntrospection
            | MutationKind::InsertIgnored
            | MutationKind::AddDescription => 2,
            _ => 4,
        }
    }
}

/// A mutated document and the mutations that made it.
#[derive(Clone, Debug)]
pub struct Mutant {
    pub kinds: Vec<MutationKind>,
    pub text: String,
}

/// Replace `start..end` of the text by `text`.
#[derive(Clone, Debug)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

impl Edit {
    fn replace(start: u32, end: u32, text: impl Into<String>) -> Edit {
        Edit {
            start: start as usize,
            end: end as usize,
            text: text.into(),
        }
    }

    fn insert(at: u32, text: impl Into<String>) -> Edit {
        Edit::replace(at, at, text)
    }

    fn delete(start: u32, end: u32) -> Edit {
        Edit::replace(start, end, "")
    }
}

/// Applies non-overlapping edits.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.start, e.end)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.start..e.end, &e.text);
    }
    out
}

/// The position of the next token at or after `at`: skips whitespace, commas, a byte-order
/// mark and comments (section 2.1, "Ignored Tokens").
fn skip_ignored(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            _ if text[i..].starts_with('\u{feff}') => i += '\u{feff}'.len_utf8(),
            _ => break,
        }
    }
    i
}

/// The `(` before the first item of a parenthesized list starting at `first`, when only
/// whitespace and commas lie between.
fn open_paren_before(text: &str, first: u32) -> Option<u32> {
    let before = text.get(..first as usize)?;
    let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r', ',']);
    trimmed.ends_with('(').then(|| trimmed.len() as u32 - 1)
}

/// The end of the `)` after the last item of a parenthesized list ending at `last`.
fn close_paren_after(text: &str, last: u32) -> Option<u32> {
    let i = skip_ignored(text, last as usize);
    (text.as_bytes().get(i) == Some(&b')')).then_some(i as u32 + 1)
}

/// Edits that remove `items[index]` from a parenthesized list (arguments, variable
/// definitions), with the parentheses when it is the only item.
fn remove_list_item(text: &str, spans: &[(u32, u32)], index: usize) -> Vec<Edit> {
    let (start, end) = spans[index];
    if spans.len() == 1 {
        if let (Some(open), Some(close)) =
            (open_paren_before(text, start), close_paren_after(text, end))
        {
            return vec![Edit::delete(open, close)];
        }
    }
    vec![Edit::delete(start, end)]
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Converts a type written in a document to a schema type, when its name is known.
fn schema_type(schema: &SchemaIndex, ty: &TypeRef) -> Option<Type> {
    Some(match ty {
        TypeRef::Named(name) => Type::Named(schema.type_by_name(&name.value)?),
        TypeRef::List(inner, _) => Type::List(Box::new(schema_type(schema, inner)?)),
        TypeRef::NonNull(inner, _) => Type::NonNull(Box::new(schema_type(schema, inner)?)),
    })
}

fn span_of(text: &str, start: u32, end: u32) -> &str {
    text.get(start as usize..end as usize).unwrap_or("")
}

struct FieldSite<'d, 's> {
    field: &'d Field,
    /// The type the field is selected on, when known.
    parent: Option<TypeId>,
    def: Option<&'s FieldDef>,
}

/// A parenthesized argument list of a field or directive (possibly empty).
struct ArgumentsSite<'d, 's> {
    arguments: &'d [Argument],
    /// Where the field or directive's name ends: where `(...)` goes when there is none.
    name_end: u32,
    defs: &'s [InputValueDef],
}

struct ValueSite<'d> {
    value: &'d Value,
    /// The input type expected there, when known.
    ty: Option<Type>,
}

struct SpreadSite<'d> {
    spread: &'d FragmentSpread,
    /// The selection set holding it.
    set: &'d SelectionSet,
}

struct SetSite<'d> {
    set: &'d SelectionSet,
    parent: Option<TypeId>,
    /// The fragment it is in, if any.
    fragment: Option<&'d str>,
}

/// Everything in a document a mutation can apply to.
#[derive(Default)]
struct Sites<'d, 's> {
    operations: Vec<&'d OperationDefinition>,
    fragments: Vec<&'d FragmentDefinition>,
    variables: Vec<&'d VariableDefinition>,
    fields: Vec<FieldSite<'d, 's>>,
    arguments: Vec<ArgumentsSite<'d, 's>>,
    values: Vec<ValueSite<'d>>,
    spreads: Vec<SpreadSite<'d>>,
    inline_fragments: Vec<&'d InlineFragment>,
    sets: Vec<SetSite<'d>>,
    directives: Vec<&'d Directive>,
    /// Where a directive can be inserted, with the location kind there.
    directive_spots: Vec<DirectiveSpot>,
}

#[derive(Clone, Copy)]
struct DirectiveSpot {
    at: u32,
    /// A `{ ... }` shorthand operation: a directive needs `query` in front.
    shorthand: bool,
}

struct Collector<'d, 's> {
    schema: &'s SchemaIndex,
    sites: Sites<'d, 's>,
}

impl<'d, 's> Collector<'d, 's> {
    fn collect(schema: &'s SchemaIndex, definitions: &'d [Definition]) -> Sites<'d, 's> {
        let mut c = Collector {
            schema,
            sites: Sites::default(),
        };
        for definition in definitions {
            match definition {
                Definition::Operation(op) => c.operation(op),
                Definition::Fragment(fragment) => c.fragment(fragment),
                Definition::TypeSystem(_) => {}
            }
        }
        c.sites
    }

    fn operation(&mut self, op: &'d OperationDefinition) {
        self.sites.operations.push(op);
        for definition in &op.variable_definitions {
            self.sites.variables.push(definition);
            if let Some(default) = &definition.default_value {
                let ty = schema_type(self.schema, &definition.ty);
                self.value(default, ty);
            }
            self.directives(&definition.directives);
            self.sites.directive_spots.push(DirectiveSpot {
                at: definition.span.end,
                shorthand: false,
            });
        }
        self.directives(&op.directives);
        self.sites.directive_spots.push(DirectiveSpot {
            at: op.selection_set.span.start,
            shorthand: op.shorthand,
        });
        let root = self.schema.root_type(op.kind);
        self.selection_set(&op.selection_set, root, None);
    }

    fn fragment(&mut self, fragment: &'d FragmentDefinition) {
        self.sites.fragments.push(fragment);
        self.directives(&fragment.directives);
        self.sites.directive_spots.push(DirectiveSpot {
            at: fragment.selection_set.span.start,
            shorthand: false,
        });
        let ty = self.composite(&fragment.type_condition.value);
        self.selection_set(&fragment.selection_set, ty, Some(&fragment.name.value));
    }

    fn composite(&self, name: &str) -> Option<TypeId> {
        self.schema
            .type_by_name(name)
            .filter(|&id| self.schema.is_composite(id))
    }

    fn selection_set(
        &mut self,
        set: &'d SelectionSet,
        parent: Option<TypeId>,
        fragment: Option<&'d str>,
    ) {
        self.sites.sets.push(SetSite {
            set,
            parent,
            fragment,
        });
        for selection in &set.selections {
            self.directives(selection.directives());
            match selection {
                Selection::Field(field) => {
                    let def = parent.and_then(|p| self.schema.field(p, &field.name.value));
                    self.sites.fields.push(FieldSite { field, parent, def });
                    self.arguments(
                        &field.arguments,
                        field.name.span.end,
                        def.map_or(&[], |d| &d.arguments),
                    );
                    match &field.selection_set {
                        Some(sub) => {
                            self.sites.directive_spots.push(DirectiveSpot {
                                at: sub.span.start,
                                shorthand: false,
                            });
                            let ty = def
                                .map(|d| d.ty.named())
                                .filter(|&t| self.schema.is_composite(t));
                            self.selection_set(sub, ty, fragment);
                        }
                        None => self.sites.directive_spots.push(DirectiveSpot {
                            at: field.span.end,
                            shorthand: false,
                        }),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    self.sites.spreads.push(SpreadSite { spread, set });
                    self.sites.directive_spots.push(DirectiveSpot {
                        at: spread.span.end,
                        shorthand: false,
                    });
                }
                Selection::InlineFragment(inline) => {
                    self.sites.inline_fragments.push(inline);
                    self.sites.directive_spots.push(DirectiveSpot {
                        at: inline.selection_set.span.start,
                        shorthand: false,
                    });
                    let ty = match &inline.type_condition {
                        Some(name) => self.composite(&name.value),
                        None => parent,
                    };
                    self.selection_set(&inline.selection_set, ty, fragment);
                }
            }
        }
    }

    fn directives(&mut self, directives: &'d [Directive]) {
        for directive in directives {
            self.sites.directives.push(directive);
            let defs = self
                .schema
                .directive(&directive.name.value)
                .map_or(&[][..], |d| &d.arguments);
            self.arguments(&directive.arguments, directive.name.span.end, defs);
        }
    }

    fn arguments(&mut self, arguments: &'d [Argument], name_end: u32, defs: &'s [InputValueDef]) {
        self.sites.arguments.push(ArgumentsSite {
            arguments,
            name_end,
            defs,
        });
        for argument in arguments {
            let ty = defs
                .iter()
                .find(|d| d.name == argument.name.value)
                .map(|d| d.ty.clone());
            self.value(&argument.value, ty);
        }
    }

    fn value(&mut self, value: &'d Value, ty: Option<Type>) {
        let inner = ty.as_ref().map(|t| t.nullable().clone());
        match &value.kind {
            ValueKind::List(items) => {
                let item = match &inner {
                    Some(Type::List(item)) => Some((**item).clone()),
                    _ => None,
                };
                for v in items {
                    self.value(v, item.clone());
                }
            }
            ValueKind::Object(fields) => {
                let input = inner.as_ref().map(|t| t.named());
                for field in fields {
                    let field_ty = input.and_then(|id| {
                        self.schema
                            .input_fields(id)
                            .iter()
                            .find(|f| f.name == field.name.value)
                            .map(|f| f.ty.clone())
                    });
                    self.value(&field.value, field_ty);
                }
            }
            _ => {}
        }
        self.sites.values.push(ValueSite { value, ty });
    }
}

/// Type lists of a schema, computed once.
struct Catalog {
    composite: Vec<TypeId>,
    objects: Vec<TypeId>,
    interfaces_and_unions: Vec<TypeId>,
    /// Scalars, enums and input objects.
    inputs: Vec<TypeId>,
    leaves: Vec<TypeId>,
    /// Every object or interface field: `(type, index in its fields)`.
    fields: Vec<(TypeId, usize)>,
}

impl Catalog {
    fn new(schema: &SchemaIndex) -> Catalog {
        let user: Vec<TypeId> = schema
            .type_ids()
            .filter(|&id| !schema.type_name(id).starts_with("__"))
            .collect();
        let pick = |f: &dyn Fn(TypeId) -> bool| -> Vec<TypeId> {
            user.iter().copied().filter(|&id| f(id)).collect()
        };
        let composite = pick(&|id| schema.is_composite(id));
        let fields = composite
            .iter()
            .flat_map(|&id| (0..schema.fields(id).len()).map(move |i| (id, i)))
            .collect();
        Catalog {
            objects: pick(&|id| schema.is_object(id)),
            interfaces_and_unions: pick(&|id| schema.is_abstract(id)),
            inputs: pick(&|id| schema.is_input(id)),
            leaves: pick(&|id| schema.is_leaf(id)),
            composite,
            fields,
        }
    }
}

/// Mutates documents of one schema, deterministically for a seed.
pub struct Mutator<'s> {
    schema: &'s SchemaIndex,
    catalog: Catalog,
    rng: StdRng,
}

const SCALARS: [&str; 5] = ["Int", "Float", "String", "Boolean", "ID"];

impl<'s> Mutator<'s> {
    pub fn new(schema: &'s SchemaIndex, seed: u64) -> Mutator<'s> {
        Mutator {
            schema,
            catalog: Catalog::new(schema),
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// A random index below `n` (which must not be 0).
    fn below(&mut self, n: usize) -> usize {
        self.rng.gen_range(0..n)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.choose(&mut self.rng)
    }

    /// The name of one of `ids`.
    fn pick_type(&mut self, ids: &[TypeId]) -> String {
        match ids.choose(&mut self.rng) {
            Some(&id) => self.schema.type_name(id).to_string(),
            None => "FuzzType".to_string(),
        }
    }

    /// The name of one of the catalog's types of a sort.
    fn pick_catalog_type(&mut self, sort: fn(&Catalog) -> &[TypeId]) -> String {
        match sort(&self.catalog).choose(&mut self.rng) {
            Some(&id) => self.schema.type_name(id).to_string(),
            None => "FuzzType".to_string(),
        }
    }

    /// One to three mutations of `text` (each applied to the previous result); `None` when
    /// `text` does not parse or nothing applies.
    pub fn mutate(&mut self, text: &str) -> Option<Mutant> {
        let rounds = match self.below(10) {
            0 => 3,
            1 | 2 => 2,
            _ => 1,
        };
        let mut mutant: Option<Mutant> = None;
        for _ in 0..rounds {
            let current = mutant.as_ref().map_or(text, |m| m.text.as_str());
            let Some((kind, next)) = self.mutate_once(current) else {
                break;
            };
            let mut kinds = mutant.map_or_else(Vec::new, |m| m.kinds);
            kinds.push(kind);
            mutant = Some(Mutant { kinds, text: next });
        }
        mutant
    }

    fn mutate_once(&mut self, text: &str) -> Option<(MutationKind, String)> {
        let document = parse_document(text).ok()?;
        let sites = Collector::collect(self.schema, &document.definitions);
        let total: u32 = MutationKind::ALL.iter().map(|k| k.weight()).sum();
        for _ in 0..50 {
            let mut ticket = self.rng.gen_range(0..total);
            let kind = *MutationKind::ALL
                .iter()
                .find(|k| {
                    if ticket < k.weight() {
                        true
                    } else {
                        ticket -= k.weight();
                        false
                    }
                })
                .expect("the ticket is below the total weight");
            if let Some(edits) = self.edits(kind, text, &sites) {
                return Some((kind, apply(text, edits)));
            }
        }
        None
    }

    fn edits(&mut self, kind: MutationKind, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        match kind {
            MutationKind::DropArgument => self.drop_argument(text, sites),
            MutationKind::RenameFieldNearMiss => {
                let site = self.pick(&sites.fields)?;
                let name = &site.field.name;
                let new = self.near_miss(&name.value);
                Some(vec![Edit::replace(name.span.start, name.span.end, new)])
            }
            MutationKind::RenameFieldOther => self.rename_field_other(sites),
            MutationKind::ChangeVariableType => self.change_variable_type(sites),
            MutationKind::RemoveFragmentDefinition => {
                let fragment = self.pick(&sites.fragments)?;
                Some(vec![Edit::delete(fragment.span.start, fragment.span.end)])
            }
            MutationKind::RemoveFragmentSpread => {
                let site = self.pick(&sites.spreads)?;
                let span = site.spread.span;
                // Alone in its selection set, it leaves `{ }` (accepted by graphql-js 17 and
                // the spec's draft, graphql-spec#1227) unless replaced.
                let keep_set = site.set.selections.len() == 1 && self.chance(0.7);
                let replacement = if keep_set { "__typename" } else { "" };
                Some(vec![Edit::replace(span.start, span.end, replacement)])
            }
            MutationKind::DuplicateResponseKey => self.duplicate_response_key(text, sites),
            MutationKind::InsertDirective => self.insert_directive(sites),
            MutationKind::ReplaceValue => self.replace_value(sites),
            MutationKind::RemoveVariableDefinition => {
                let op = *self.pick(&sites.operations)?;
                let spans: Vec<(u32, u32)> = op
                    .variable_definitions
                    .iter()
                    .map(|v| (v.span.start, v.span.end))
                    .collect();
                if spans.is_empty() {
                    return None;
                }
                let index = self.below(spans.len());
                Some(remove_list_item(text, &spans, index))
            }
            MutationKind::AddVariableDefinition => self.add_variable_definition(text, sites),
            MutationKind::AddLeafSelection => {
                let leaves: Vec<&FieldSite> = sites
                    .fields
                    .iter()
                    .filter(|s| s.field.selection_set.is_none())
                    .collect();
                let site = self.pick(&leaves)?;
                let sub = match self.below(3) {
                    0 => " { __typename }",
                    1 => " { id }",
                    _ => " { fuzz }",
                };
                Some(vec![Edit::insert(site.field.span.end, sub)])
            }
            MutationKind::RemoveSelectionSet => {
                let parents: Vec<&SelectionSet> = sites
                    .fields
                    .iter()
                    .filter_map(|s| s.field.selection_set.as_ref())
                    .collect();
                let set = self.pick(&parents)?;
                Some(vec![Edit::delete(set.span.start, set.span.end)])
            }
            MutationKind::ChangeTypeCondition => self.change_type_condition(sites),
            MutationKind::AddOperation => self.add_operation(text, sites),
            MutationKind::SwapOperationKind => self.swap_operation_kind(text, sites),
            MutationKind::DuplicateArgument => {
                let arguments: Vec<&Argument> =
                    sites.arguments.iter().flat_map(|s| s.arguments).collect();
                let argument = self.pick(&arguments)?;
                let copy = span_of(text, argument.span.start, argument.span.end);
                Some(vec![Edit::insert(argument.span.end, format!(", {copy}"))])
            }
            MutationKind::AddArgument => self.add_argument(sites),
            MutationKind::DuplicateFragment => {
                let fragment = self.pick(&sites.fragments)?;
                let copy = match self.below(3) {
                    // Another body under the same name: which one a spread uses matters.
                    0 => format!(
                        "fragment {} on {} {{ __typename }}",
                        fragment.name.value, fragment.type_condition.value
                    ),
                    _ => span_of(text, fragment.span.start, fragment.span.end).to_string(),
                };
                let at = if self.chance(0.5) {
                    0
                } else {
                    text.len() as u32
                };
                Some(vec![Edit::insert(at, format!("\n{copy}\n"))])
            }
            MutationKind::AddSpread => self.add_spread(sites),
            MutationKind::EditInputObject => self.edit_input_object(text, sites),
            MutationKind::AddTypeSystemDefinition => {
                let definition = *self.pick(&[
                    "type FuzzType { id: ID }",
                    "extend type Query { fuzz: Int }",
                    "schema { query: Query }",
                    "directive @fuzz on FIELD",
                    "scalar FuzzScalar",
                    "input FuzzInput { a: Int }",
                    "extend schema @fuzz",
                    "enum FuzzEnum { A B }",
                    "type FuzzType { f: FuzzUnknownType }",
                    "union FuzzUnion = FuzzType | FuzzUnknownType",
                    "type FuzzType @skip(if: true) { id: ID }",
                    "scalar FuzzScalar @specifiedBy(foo: 1)",
                    "enum FuzzEnum { A @deprecated(reason: 1) }",
                ])?;
                let at = if self.chance(0.5) { text.len() } else { 0 };
                Some(vec![Edit::insert(at as u32, format!("\n{definition}\n"))])
            }
            MutationKind::DeepIntrospection => {
                let queries: Vec<&OperationDefinition> = sites
                    .operations
                    .iter()
                    .copied()
                    .filter(|op| op.kind == OperationKind::Query)
                    .collect();
                let op = self.pick(&queries)?;
                let deep = match self.below(4) {
                    0 => "__schema { types { fields { type { fields { type { fields { name } } } } } } }",
                    1 => "__type(name: \"Query\") { fields { type { fields { name } } } }",
                    2 => "__schema { types { interfaces { interfaces { interfaces { name } } } } }",
                    _ => "__type(name: \"Query\") { fields { type { inputFields { type { possibleTypes { name } } } } } }",
                };
                Some(vec![Edit::insert(
                    op.selection_set.span.start + 1,
                    format!(" {deep} "),
                )])
            }
            MutationKind::InsertIgnored => {
                let starts: Vec<u32> = sites
                    .fields
                    .iter()
                    .map(|s| s.field.span.start)
                    .chain(sites.values.iter().map(|s| s.value.span.start))
                    .chain(sites.sets.iter().map(|s| s.set.span.start))
                    .collect();
                let at = *self.pick(&starts)?;
                let ignored = *self.pick(&[
                    ",",
                    ",,\n,",
                    "\n# fuzz comment\n",
                    "\t",
                    "\r\n",
                    "\r",
                    "\u{feff}",
                    "# é 😀 comment\n",
                ])?;
                Some(vec![Edit::insert(at, ignored)])
            }
            MutationKind::AddDescription => {
                let description = *self.pick(&[
                    "\"fuzz description\"",
                    "\"\"\"\n  block\n  description\n\"\"\"",
                    "\"é 😀\"",
                ])?;
                let starts: Vec<u32> = sites
                    .operations
                    .iter()
                    .map(|op| op.span.start)
                    .chain(sites.fragments.iter().map(|f| f.span.start))
                    .chain(sites.variables.iter().map(|v| v.span.start))
                    .collect();
                let at = *self.pick(&starts)?;
                Some(vec![Edit::insert(at, format!("{description} "))])
            }
            MutationKind::Truncate => {
                let mut at = self.below(text.len().max(1));
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                Some(vec![Edit::delete(at as u32, text.len() as u32)])
            }
            MutationKind::InsertToken => {
                let mut at = self.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let token = *self.pick(&[
                    "{",
                    "}",
                    "(",
                    ")",
                    ":",
                    "$",
                    "...",
                    "\"",
                    "!",
                    "=",
                    "@",
                    "|",
                    "&",
                    "[",
                    "1.",
                    "0x1",
                    "\"\\u{}\"",
                    "..",
                    "-",
                    "1e",
                    "\"\"\"",
                ])?;
                Some(vec![Edit::insert(at as u32, token)])
            }
        }
    }

    /// A misspelling of `name` that is still a name.
    fn near_miss(&mut self, name: &str) -> String {
        let chars: Vec<char> = name.chars().collect();
        for _ in 0..10 {
            let mut new = chars.clone();
            let i = self.below(new.len().max(1));
            match self.below(5) {
                0 if new.len() > 1 => {
                    new.remove(i);
                }
                1 if i + 1 < new.len() => new.swap(i, i + 1),
                2 if i < new.len() => new.insert(i, new[i]),
                3 if i < new.len() && new[i].is_ascii_alphabetic() => {
                    new[i] = if new[i].is_ascii_uppercase() {
                        new[i].to_ascii_lowercase()
                    } else {
                        new[i].to_ascii_uppercase()
                    }
                }
                _ => new.push('s'),
            }
            let new: String = new.into_iter().collect();
            if new != name && is_name(&new) {
                return new;
            }
        }
        format!("{name}Fuzz")
    }

    fn drop_argument(&mut self, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        let with_arguments: Vec<&ArgumentsSite> = sites
            .arguments
            .iter()
            .filter(|s| !s.arguments.is_empty())
            .collect();
        let required: Vec<(&ArgumentsSite, usize)> = with_arguments
            .iter()
            .flat_map(|s| {
                s.arguments.iter().enumerate().filter_map(move |(i, a)| {
                    s.defs
                        .iter()
                        .any(|d| d.name == a.name.value && d.is_required())
                        .then_some((*s, i))
                })
            })
            .collect();
        let (site, index) = if !required.is_empty() && self.chance(0.7) {
            *self.pick(&required)?
        } else {
            let site = *self.pick(&with_arguments)?;
            (site, self.below(site.arguments.len()))
        };
        let spans: Vec<(u32, u32)> = site
            .arguments
            .iter()
            .map(|a| (a.span.start, a.span.end))
            .collect();
        Some(remove_list_item(text, &spans, index))
    }

    fn rename_field_other(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        let schema = self.schema;
        let site = self.pick(&sites.fields)?;
        let name = &site.field.name;
        let new = match (self.below(10), site.parent) {
            (0, _) => "__typename".to_string(),
            (1, _) => self.pick(&["__schema", "__type"])?.to_string(),
            (2..=5, Some(parent)) if !schema.fields(parent).is_empty() => {
                let fields = schema.fields(parent);
                fields[self.below(fields.len())].name.clone()
            }
            _ => {
                let &(ty, i) = self.catalog.fields.choose(&mut self.rng)?;
                schema.fields(ty)[i].name.clone()
            }
        };
        Some(vec![Edit::replace(name.span.start, name.span.end, new)])
    }

    fn change_variable_type(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        let site = self.pick(&sites.variables)?;
        let ty = &site.ty;
        let span = ty.span();
        let named = ty.named();
        let whole = |new: String| Some(vec![Edit::replace(span.start, span.end, new)]);
        let rename = |new: String| Some(vec![Edit::replace(named.span.start, named.span.end, new)]);
        match self.below(9) {
            0 | 1 => match ty {
                TypeRef::NonNull(inner, _) => whole(inner.to_string()),
                _ => whole(format!("{ty}!")),
            },
            2 => whole(format!("[{ty}]")),
            3 => match ty {
                TypeRef::List(inner, _) => whole(inner.to_string()),
                TypeRef::NonNull(inner, _) => match &**inner {
                    TypeRef::List(item, _) => whole(format!("{item}!")),
                    _ => whole(format!("[{inner}]!")),
                },
                TypeRef::Named(_) => whole(format!("[{ty}!]!")),
            },
            4 => rename(self.pick(&SCALARS)?.to_string()),
            5 => rename(self.pick_catalog_type(|c| &c.inputs)),
            6 => rename(self.pick_catalog_type(|c| &c.composite)),
            7 => rename(self.near_miss(&named.value)),
            _ => rename(self.pick_catalog_type(|c| &c.leaves)),
        }
    }

    fn duplicate_response_key(&mut self, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        let schema = self.schema;
        let site = self.pick(&sites.fields)?;
        let field = site.field;
        let key = field.response_key();
        let selection = |def: &FieldDef, schema: &SchemaIndex| {
            if schema.is_composite(def.ty.named()) {
                " { __typename }"
            } else {
                ""
            }
        };
        let new = match (self.below(4), site.def, site.parent) {
            // The same field with other (or no) arguments.
            (0, Some(def), _) => {
                let arguments = self.arguments_for(&def.arguments, 0.5);
                let sub = field
                    .selection_set
                    .as_ref()
                    .map_or("", |s| span_of(text, s.span.start, s.span.end));
                format!("{key}: {}{arguments} {sub}", field.name.value)
            }
            // Another field of the same type.
            (1, _, Some(parent)) if !schema.fields(parent).is_empty() => {
                let fields = schema.fields(parent);
                let other = &fields[self.below(fields.len())];
                let arguments = self.arguments_for(&other.arguments, 0.0);
                format!(
                    "{key}: {}{arguments}{}",
                    other.name,
                    selection(other, self.schema)
                )
            }
            // `__typename` under the key.
            (2, _, _) => format!("{key}: __typename"),
            // An identical copy: fields that can merge.
            _ => span_of(text, field.span.start, field.span.end).to_string(),
        };
        // In an inline fragment, the two meet only when fields are merged across fragments,
        // and on an abstract type possibly in different object types.
        let new = match (self.below(3), site.parent) {
            (0, Some(parent)) => {
                let condition = if schema.is_abstract(parent) {
                    self.pick_type(schema.possible_types(parent))
                } else {
                    schema.type_name(parent).to_string()
                };
                format!("... on {condition} {{ {new} }}")
            }
            (1, _) => format!("... {{ {new} }}"),
            _ => new,
        };
        Some(vec![Edit::insert(field.span.end, format!(" {new}"))])
    }

    /// `(a: 1, b: "x")` with every required argument and, with probability `optional`, each
    /// optional one; empty when there are none.
    fn arguments_for(&mut self, defs: &[InputValueDef], optional: f64) -> String {
        let mut parts = Vec::new();
        for def in defs {
            if def.is_required() || self.chance(optional) {
                let value = self.valid_value(&def.ty, 0);
                parts.push(format!("{}: {value}", def.name));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("({})", parts.join(", "))
        }
    }

    /// A literal of type `ty`, usually valid.
    fn valid_value(&mut self, ty: &Type, depth: usize) -> String {
        match ty {
            Type::NonNull(inner) => self.valid_value(inner, depth),
            Type::List(item) => {
                let v = self.valid_value(item, depth + 1);
                if self.chance(0.5) {
                    format!("[{v}]")
                } else {
                    v
                }
            }
            Type::Named(id) => {
                let def = self.schema.ty(*id);
                match &def.kind {
                    TypeKind::Enum { values } => match self.pick(values) {
                        Some(v) => v.name.clone(),
                        None => "FUZZ".into(),
                    },
                    TypeKind::InputObject { fields, one_of } => {
                        if depth > 4 {
                            return "null".into();
                        }
                        let mut parts = Vec::new();
                        if *one_of {
                            if let Some(f) = self.pick(fields) {
                                let v = self.valid_value(f.ty.nullable(), depth + 1);
                                parts.push(format!("{}: {v}", f.name));
                            }
                        } else {
                            for f in fields {
                                if f.is_required() || self.chance(0.2) {
                                    let v = self.valid_value(&f.ty, depth + 1);
                                    parts.push(format!("{}: {v}", f.name));
                                }
                            }
                        }
                        format!("{{{}}}", parts.join(", "))
                    }
                    _ => match def.name.as_str() {
                        "Int" => self.below(100).to_string(),
                        "Float" => "2.5".into(),
                        "Boolean" => "false".into(),
                        "ID" if self.chance(0.5) => "4".into(),
                        _ => "\"fuzz\"".into(),
                    },
                }
            }
        }
    }

    /// A literal of some kind, probably not of `ty`.
    fn some_literal(&mut self, ty: Option<&Type>) -> String {
        match self.below(16) {
            0 => "\"fuzz\"".into(),
            1 => "42".into(),
            2 => "-1.5e3".into(),
            3 => "true".into(),
            4 => "null".into(),
            5 => "FUZZ_VALUE".into(),
            6 => "[]".into(),
            7 => "[1, \"two\"]".into(),
            8 => "{}".into(),
            9 => "{fuzz: 1}".into(),
            10 => "2147483648".into(),
            11 => match self.below(3) {
                0 => "\"\"\"block\"\"\"".into(),
                1 => "\"é 😀 \\u00e9 \\u{1F600}\"".into(),
                _ => "\"\\uD83D\"".into(),
            },
            12 => "$fuzzUndefined".into(),
            13 => {
                let input = ty.map(|t| t.named());
                let field = input.and_then(|id| self.schema.input_fields(id).first());
                match field {
                    Some(f) => {
                        let ty = f.ty.clone();
                        let (a, b) = (self.valid_value(&ty, 1), self.valid_value(&ty, 1));
                        format!("{{{name}: {a}, {name}: {b}}}", name = f.name)
                    }
                    None => "{a: 1, a: 2}".into(),
                }
            }
            _ => match ty {
                Some(ty) => {
                    let ty = ty.clone();
                    self.valid_value(&ty, 0)
                }
                None => "1".into(),
            },
        }
    }

    fn replace_value(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        let site = self.pick(&sites.values)?;
        let span = site.value.span;
        let variables: Vec<&str> = sites
            .variables
            .iter()
            .map(|v| v.variable.value.as_str())
            .collect();
        let new = if !variables.is_empty() && self.chance(0.25) {
            format!("${}", self.pick(&variables)?)
        } else {
            self.some_literal(site.ty.as_ref())
        };
        Some(vec![Edit::replace(span.start, span.end, new)])
    }

    fn add_variable_definition(&mut self, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        let op = *self.pick(&sites.operations)?;
        let definition = match (self.below(6), op.variable_definitions.first()) {
            (0, Some(existing)) => {
                let copy = span_of(text, existing.span.start, existing.span.end);
                copy.to_string()
            }
            (1, _) => "$fuzzVar: String = 1".into(),
            (2, _) => format!("$fuzzVar: {}", self.pick_catalog_type(|c| &c.composite)),
            (3, _) => "$fuzzVar: Int! = null".into(),
            (4, _) => format!("$fuzzVar: [{}!]", self.pick_catalog_type(|c| &c.inputs)),
            _ => "$fuzzVar: Int".into(),
        };
        let edit = if let Some(last) = op.variable_definitions.last() {
            Edit::insert(last.span.end, format!(", {definition}"))
        } else if op.shorthand {
            Edit::insert(op.span.start, format!("query ({definition}) "))
        } else if let Some(name) = &op.name {
            Edit::insert(name.span.end, format!("({definition})"))
        } else {
            let keyword = operation_keyword(text, op)?;
            Edit::insert(keyword.1, format!(" ({definition})"))
        };
        Some(vec![edit])
    }

    fn insert_directive(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        let spot = *self.pick(&sites.directive_spots)?;
        let variable = self
            .pick(&sites.variables)
            .map(|v| v.variable.value.clone());
        // `$V` stands for a variable of the document (or an undefined one).
        let template = *self.pick(&[
            "@fuzzUnknown",
            "@skip",
            "@skip(if: true)",
            "@include(if: true) @include(if: false)",
            "@skip(if: \"yes\")",
            "@skip(if: null)",
            "@include(if: $fuzzUndefined)",
            "@include(if: $V)",
            "@skip(if: true, if: false)",
            "@include(iff: true)",
            "@deprecated",
            "@deprecated(reason: \"x\") @deprecated",
            "@specifiedBy(url: \"https://example.com\")",
            "@oneOf",
            "@defer",
            "@defer(label: \"a\")",
            "@defer(label: \"b\", if: false)",
            "@defer(label: $V)",
            "@defer(if: $V)",
            "@stream",
            "@stream(initialCount: 1, label: \"a\")",
            "@stream(if: false)",
            "@stream(initialCount: $V)",
        ])?;
        let variable = variable.as_deref().unwrap_or("fuzzUndefined");
        let directive = template.replace("$V", &format!("${variable}"));
        let text = if spot.shorthand {
            format!("query {directive} ")
        } else {
            format!(" {directive} ")
        };
        Some(vec![Edit::insert(spot.at, text)])
    }

    fn change_type_condition(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        let new = match self.below(7) {
            0 | 1 => self.pick_catalog_type(|c| &c.objects),
            2 => self.pick_catalog_type(|c| &c.interfaces_and_unions),
            3 => self.pick_catalog_type(|c| &c.inputs),
            4 => "FuzzUnknownType".into(),
            5 => self.pick(&SCALARS)?.to_string(),
            _ => self.pick_catalog_type(|c| &c.composite),
        };
        let fragments = sites.fragments.len();
        let candidates = fragments + sites.inline_fragments.len();
        if candidates == 0 {
            return None;
        }
        let i = self.below(candidates);
        if i < fragments {
            let condition = &sites.fragments[i].type_condition;
            return Some(vec![Edit::replace(
                condition.span.start,
                condition.span.end,
                new,
            )]);
        }
        let inline = sites.inline_fragments[i - fragments];
        Some(vec![match &inline.type_condition {
            Some(condition) => Edit::replace(condition.span.start, condition.span.end, new),
            None => Edit::insert(inline.span.start + 3, format!(" on {new}")),
        }])
    }

    fn add_operation(&mut self, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        if self.chance(0.2) {
            let named: Vec<&OperationDefinition> = sites
                .operations
                .iter()
                .copied()
                .filter(|op| op.name.is_some())
                .collect();
            let op = self.pick(&named)?;
            let copy = span_of(text, op.span.start, op.span.end);
            return Some(vec![Edit::insert(text.len() as u32, format!("\n{copy}\n"))]);
        }
        // `{Q}`, `{M}`, `{S}`: a field of the query, mutation or subscription root type;
        // `{F}`: a fragment of the document.
        let template = *self.pick(&[
            "{ __typename }",
            "query { __typename }",
            "query FuzzQuery($v: Int) { __typename }",
            "query FuzzQuery { {Q} }",
            "query FuzzQuery { ...{F} }",
            "mutation FuzzMutation { __typename }",
            "mutation FuzzMutation { {M} }",
            "mutation FuzzMutation { ... @defer { {M} } }",
            "mutation FuzzMutation { ...{F} @defer }",
            "subscription FuzzSubscription { __typename }",
            "subscription FuzzSubscription { {S} }",
            "subscription FuzzSubscription { {S} {S} }",
            "subscription FuzzSubscription { a: __typename b: __typename }",
            "subscription FuzzSubscription { ... @defer { {S} } }",
            "subscription FuzzSubscription { ... @defer(if: false) { {S} } }",
            "subscription FuzzSubscription { {S} @stream }",
            "subscription FuzzSubscription { ...{F} }",
            "subscription FuzzSubscription { {S} @skip(if: true) }",
            "query FuzzQuery { ... @defer(label: \"a\") { __typename } ... @defer(label: \"a\") { __typename } }",
        ])?;
        let mut new = template.to_string();
        for (placeholder, kind) in [
            ("{Q}", OperationKind::Query),
            ("{M}", OperationKind::Mutation),
            ("{S}", OperationKind::Subscription),
        ] {
            while new.contains(placeholder) {
                let field = self.root_field_selection(kind);
                new = new.replacen(placeholder, &field, 1);
            }
        }
        if new.contains("{F}") {
            let fragment = self.pick(&sites.fragments)?;
            new = new.replace("{F}", &fragment.name.value);
        }
        Some(vec![Edit::insert(text.len() as u32, format!("\n{new}\n"))])
    }

    /// A field of a root type with its required arguments and, when it needs one, a
    /// selection set; `__typename` when the schema has no such root.
    fn root_field_selection(&mut self, kind: OperationKind) -> String {
        let schema = self.schema;
        let Some(root) = schema.root_type(kind) else {
            return "__typename".into();
        };
        let Some(field) = schema.fields(root).choose(&mut self.rng) else {
            return "__typename".into();
        };
        let arguments = self.arguments_for(&field.arguments, 0.0);
        let selection = if schema.is_composite(field.ty.named()) {
            " { __typename }"
        } else {
            ""
        };
        format!("{}{arguments}{selection}", field.name)
    }

    fn swap_operation_kind(&mut self, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        let op = *self.pick(&sites.operations)?;
        let new = *self.pick(&["query", "mutation", "subscription"])?;
        if op.shorthand {
            return Some(vec![Edit::insert(op.span.start, format!("{new} "))]);
        }
        let (start, end) = operation_keyword(text, op)?;
        Some(vec![Edit::replace(start, end, new)])
    }

    fn add_argument(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        let site = self.pick(&sites.arguments)?;
        let absent: Vec<&InputValueDef> = site
            .defs
            .iter()
            .filter(|d| !site.arguments.iter().any(|a| a.name.value == d.name))
            .collect();
        let argument = match (self.below(3), self.pick(&absent)) {
            (0, Some(def)) => {
                let ty = def.ty.clone();
                let name = def.name.clone();
                format!("{name}: {}", self.valid_value(&ty, 0))
            }
            (1, _) if !site.defs.is_empty() => {
                let name = self.pick(site.defs)?.name.clone();
                format!("{}: 1", self.near_miss(&name))
            }
            _ => "fuzzArgument: 1".into(),
        };
        Some(vec![match site.arguments.last() {
            Some(last) => Edit::insert(last.span.end, format!(", {argument}")),
            None => Edit::insert(site.name_end, format!("({argument})")),
        }])
    }

    fn add_spread(&mut self, sites: &Sites) -> Option<Vec<Edit>> {
        // Sets inside fragments are favoured: spreads there can make cycles.
        let in_fragments: Vec<&SetSite> =
            sites.sets.iter().filter(|s| s.fragment.is_some()).collect();
        let site = match self.pick(&in_fragments) {
            Some(site) if self.chance(0.4) => *site,
            _ => self.pick(&sites.sets)?,
        };
        let fragment_names: Vec<&str> = sites
            .fragments
            .iter()
            .map(|f| f.name.value.as_str())
            .collect();
        let spread = match self.below(5) {
            0 => match site.fragment {
                Some(own) => format!("...{own}"),
                None => "...FuzzUnknownFragment".into(),
            },
            1 | 2 if !fragment_names.is_empty() => format!("...{}", self.pick(&fragment_names)?),
            3 => {
                let schema = self.schema;
                let ty = match site.parent {
                    Some(parent) if self.chance(0.3) => {
                        self.pick_type(schema.possible_types(parent))
                    }
                    _ => self.pick_catalog_type(|c| &c.composite),
                };
                format!("... on {ty} {{ __typename }}")
            }
            _ => "...FuzzUnknownFragment".into(),
        };
        Some(vec![Edit::insert(
            site.set.span.start + 1,
            format!(" {spread} "),
        )])
    }

    fn edit_input_object(&mut self, text: &str, sites: &Sites) -> Option<Vec<Edit>> {
        let objects: Vec<&ValueSite> = sites
            .values
            .iter()
            .filter(|s| matches!(s.value.kind, ValueKind::Object(_)))
            .collect();
        let site = self.pick(&objects)?;
        let ValueKind::Object(fields) = &site.value.kind else {
            return None;
        };
        let span = site.value.span;
        match (self.below(3), self.pick(fields)) {
            (0, Some(field)) => {
                let copy = span_of(text, field.span.start, field.span.end);
                Some(vec![Edit::insert(field.span.end, format!(", {copy}"))])
            }
            (1, Some(field)) => Some(vec![Edit::delete(field.span.start, field.span.end)]),
            _ => {
                let name = match site.ty.as_ref().map(|t| t.named()) {
                    Some(id) if self.chance(0.5) => {
                        let names: Vec<String> = self
                            .schema
                            .input_fields(id)
                            .iter()
                            .map(|f| f.name.clone())
                            .collect();
                        match self.pick(&names) {
                            Some(n) => self.near_miss(n),
                            None => "fuzzField".into(),
                        }
                    }
                    _ => "fuzzField".into(),
                };
                Some(vec![Edit::insert(span.start + 1, format!(" {name}: 1, "))])
            }
        }
    }
}

/// Documents one deletion smaller than `text`, for shrinking a failing case: without a
/// definition, a selection, an argument, a directive or a variable definition, or with a
/// selection set cut down to `{ __typename }`. Biggest cuts first. A document that does
/// not parse gets one candidate per line, without that line.
pub fn reductions(schema: &SchemaIndex, text: &str) -> Vec<String> {
    let Ok(document) = parse_document(text) else {
        let lines: Vec<&str> = text.lines().collect();
        return (0..lines.len())
            .map(|skip| {
                let kept: Vec<&str> = (0..lines.len())
                    .filter(|&i| i != skip)
                    .map(|i| lines[i])
                    .collect();
                kept.join("\n")
            })
            .collect();
    };
    let sites = Collector::collect(schema, &document.definitions);
    let mut candidates = Vec::new();
    if text.lines().any(|l| l.trim_start().starts_with('#')) {
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        candidates.push(kept.join("\n"));
    }
    let mut cuts: Vec<Vec<Edit>> = Vec::new();
    for definition in &document.definitions {
        let span = match definition {
            Definition::Operation(op) => op.span,
            Definition::Fragment(f) => f.span,
            Definition::TypeSystem(t) => t.span,
        };
        cuts.push(vec![Edit::delete(span.start, span.end)]);
    }
    for site in &sites.sets {
        for selection in &site.set.selections {
            let span = selection.span();
            // The last selection goes only when its set goes: `{ }` would be a new problem.
            if site.set.selections.len() > 1 {
                cuts.push(vec![Edit::delete(span.start, span.end)]);
            }
        }
        if site.set.selections.len() > 1
            || span_of(text, site.set.span.start, site.set.span.end).len() > 16
        {
            cuts.push(vec![Edit::replace(
                site.set.span.start,
                site.set.span.end,
                "{ __typename }",
            )]);
        }
    }
    for site in &sites.arguments {
        let spans: Vec<(u32, u32)> = site
            .arguments
            .iter()
            .map(|a| (a.span.start, a.span.end))
            .collect();
        cuts.extend((0..spans.len()).map(|i| remove_list_item(text, &spans, i)));
    }
    for op in &sites.operations {
        let spans: Vec<(u32, u32)> = op
            .variable_definitions
            .iter()
            .map(|v| (v.span.start, v.span.end))
            .collect();
        cuts.extend((0..spans.len()).map(|i| remove_list_item(text, &spans, i)));
    }
    for directive in &sites.directives {
        cuts.push(vec![Edit::delete(directive.span.start, directive.span.end)]);
    }
    for site in &sites.fields {
        if let Some(alias) = &site.field.alias {
            cuts.push(vec![Edit::delete(
                alias.span.start,
                site.field.name.span.start,
            )]);
        }
    }
    let removed = |edits: &Vec<Edit>| -> usize {
        edits
            .iter()
            .map(|e| (e.end - e.start).saturating_sub(e.text.len()))
            .sum()
    };
    cuts.retain(|edits| removed(edits) > 0);
    cuts.sort_by_key(|edits| std::cmp::Reverse(removed(edits)));
    candidates.extend(cuts.into_iter().map(|edits| apply(text, edits)));
    candidates
}

/// The span of an operation's `query` / `mutation` / `subscription` keyword.
fn operation_keyword(text: &str, op: &OperationDefinition) -> Option<(u32, u32)> {
    let after_description = op.description.as_ref().map_or(op.span.start as usize, |d| {
        skip_ignored(text, d.span.end as usize)
    });
    let keyword = op.kind.as_str();
    text.get(after_description..)?
        .starts_with(keyword)
        .then(|| {
            let start = after_description as u32;
            (start, start + keyword.len() as u32)
        })
}

/// A short description of mutation kinds, for reports.
pub fn describe(kinds: &[MutationKind]) -> String {
    let mut out = String::new();
    for (i, kind) in kinds.iter().enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        let _ = write!(out, "{kind:?}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_whitespace_commas_and_comments() {
        let text = "a ,, # comment ( \n\t\u{feff}b";
        assert_eq!(&text[skip_ignored(text, 1)..], "b");
        assert_eq!(skip_ignored(text, text.len()), text.len());
    }

    #[test]
    fn a_lone_list_item_goes_with_its_parentheses() {
        let text = "f(a: 1) g(a: 1, b: 2)";
        assert_eq!(
            apply(text, remove_list_item(text, &[(2, 6)], 0)),
            "f g(a: 1, b: 2)"
        );
        let spans = [(10, 14), (16, 20)];
        assert_eq!(
            apply(text, remove_list_item(text, &spans, 1)),
            "f(a: 1) g(a: 1, )"
        );
        assert_eq!(
            apply(text, remove_list_item(text, &spans, 0)),
            "f(a: 1) g(, b: 2)"
        );
    }

    #[test]
    fn edits_apply_from_the_end() {
        let edits = vec![
            Edit::insert(0, "x"),
            Edit::replace(2, 3, "yy"),
            Edit::delete(4, 5),
        ];
        assert_eq!(apply("abcde", edits), "xabyyd");
    }

    #[test]
    fn near_misses_are_other_names() {
        let schema = gqlforge_codegen::schema::load_sdl("s.graphql", "type Query { a: Int }")
            .expect("the schema loads")
            .0;
        let mut mutator = Mutator::new(&schema, 1);
        for name in ["a", "_", "repository", "__typename", "x1"] {
            for _ in 0..20 {
                let new = mutator.near_miss(name);
                assert!(new != name && is_name(&new), "{name} -> {new}");
            }
        }
    }

    #[test]
    fn reductions_cut_definitions_selections_and_arguments() {
        let schema =
            gqlforge_codegen::schema::load_sdl("s.graphql", "type Query { a(x: Int): Int b: Int }")
                .expect("the schema loads")
                .0;
        let cuts = reductions(&schema, "{ a(x: 1) b } fragment F on Query { a }");
        for expected in [
            "{ a(x: 1) b } ",
            " fragment F on Query { a }",
            "{ a(x: 1)  } fragment F on Query { a }",
            "{ a b } fragment F on Query { a }",
        ] {
            assert!(
                cuts.iter().any(|c| c == expected),
                "{expected:?} in {cuts:?}"
            );
        }
        let cuts = reductions(&schema, "{ a(\n b");
        assert_eq!(cuts, [" b", "{ a("]);
    }
}
