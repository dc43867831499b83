//! Resolved modules: what each generated type holds, before any Rust is written.
//!
//! [`build`] turns a module's validated documents into a [`ModuleIr`]: one [`FragmentIr`] per
//! named fragment the operations use (one type for the module, whichever file defines it) and
//! one [`OperationIr`] per operation: its variables, the query text sent (`query.rs`: the
//! operation and the fragments it uses), and a tree of [`Shape`]s — one per generated
//! response type — following the spec's CollectFields (6.3.2):
//!
//! - fields are keyed by response name; repeated keys merge their selection sets;
//! - fragments whose type condition holds for every possible type of the parent are part of the
//!   parent's common shape (a named fragment as one field holding its own struct, an inline
//!   fragment inlined); fragments that narrow an interface or union to some of its object types
//!   contribute to one [`Variant`] per object type, chosen at run time by `__typename`;
//! - `@skip` / `@include` with a literal are applied; with a variable they make the field
//!   optional (present or not in the response).
//!
//! Names are assigned here too (`names.rs`), in document order, so the output is deterministic.

pub mod names;
mod query;

use crate::fast_hash::{FastMap, FastSet};
use std::collections::{BTreeMap, BTreeSet};

use crate::document::{
    Directive, Document, FragmentDefinition, OperationDefinition, OperationKind, Selection,
    SelectionSet, TypeRef, ValueKind,
};
use crate::schema::{FieldDef, SchemaIndex, Type, TypeId};

use names::{snake_case, type_name, Namespace, RESERVED_TYPE_NAMES};

/// A module, resolved: the named fragments its operations use, each one type for the whole
/// module, and its operations.
#[derive(Clone, Debug)]
pub struct ModuleIr<'a> {
    /// In the order the operations first use them.
    pub fragments: Vec<FragmentIr<'a>>,
    pub operations: Vec<OperationIr<'a>>,
}

/// One operation, resolved.
#[derive(Clone, Debug)]
pub struct OperationIr<'a> {
    pub definition: &'a OperationDefinition,
    /// The name in the document, `None` when anonymous.
    pub operation_name: Option<&'a str>,
    /// The Rust name: the operation's name, or the file stem for an anonymous operation.
    pub name: String,
    /// `PascalCase` struct name and `snake_case` module name (assigned by the module).
    pub struct_name: String,
    pub module_name: String,
    pub kind: OperationKind,
    /// The document sent: this operation and the fragments it uses, `__typename` added.
    pub query: String,
    pub variables: Vec<VariableIr<'a>>,
    /// The named fragments the operation uses, directly or through other fragments, in the
    /// order first spread (their types are the module's).
    pub fragments: Vec<String>,
    pub data: Shape<'a>,
}

#[derive(Clone, Debug)]
pub struct VariableIr<'a> {
    pub name: &'a str,
    pub rust_name: String,
    pub ty: Type,
    pub has_default: bool,
    /// The default value, printed as GraphQL.
    pub default: Option<String>,
    /// Deprecation reasons of the arguments this variable is passed to.
    pub deprecations: Vec<String>,
}

/// A named fragment: one type in the module, whichever operations spread it.
#[derive(Clone, Debug)]
pub struct FragmentIr<'a> {
    pub definition: &'a FragmentDefinition,
    /// The struct's name and the name of the module holding its nested types (assigned by
    /// the module).
    pub struct_name: String,
    pub module_name: String,
    /// The fragment's struct: `rust_name` is `struct_name`'s candidate; the types nested in
    /// it are named in a namespace of their own (the fragment's module).
    pub shape: Shape<'a>,
}

/// One generated response type: what a selection set selects on `parent`.
#[derive(Clone, Debug)]
pub struct Shape<'a> {
    pub parent: TypeId,
    pub rust_name: String,
    /// Fields present whatever the object's concrete type.
    pub fields: Vec<FieldIr<'a>>,
    /// Named fragments spread here, present whatever the object's concrete type.
    pub fragments: Vec<FragmentPart>,
    /// For an interface or union: per object type, what only that type selects.
    pub variants: Vec<Variant<'a>>,
    /// The name of the enum holding `variants` and its field in this struct.
    pub variants_enum: Option<(String, String)>,
    /// An interface or union selected without variants keeps `__typename` (which the query
    /// adds) in this field.
    pub typename_field: Option<String>,
    /// The named fragment this shape is the struct of.
    pub fragment: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Variant<'a> {
    pub object_type: TypeId,
    pub shape: Shape<'a>,
}

#[derive(Clone, Debug)]
pub struct FieldIr<'a> {
    /// The response key: the alias, else the field name.
    pub key: String,
    pub rust_name: String,
    pub definition: &'a FieldDef,
    /// Only under `@skip` / `@include` with a variable: may be left out of the response.
    pub conditional: bool,
    /// The selection on the field's type, when it is an object, interface or union.
    pub shape: Option<Box<Shape<'a>>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragmentPart {
    /// The fragment's name (its type is the module's [`FragmentIr`] of that name).
    pub fragment: String,
    pub rust_name: String,
    pub conditional: bool,
    /// The response keys the fragment selects directly: a conditional spread is present when
    /// one of them is.
    pub keys: Vec<String>,
}

/// Builds a valid module: `documents` with the file stem naming each one's anonymous
/// operations. The fragments are the module's set: an operation may spread one defined in
/// any document.
pub fn build<'a>(schema: &'a SchemaIndex, documents: &[(&'a Document, String)]) -> ModuleIr<'a> {
    let all: Vec<&'a Document> = documents.iter().map(|(d, _)| *d).collect();
    let fragments = crate::module::fragments_of(&all);
    let built = crate::parallel::map(documents.len(), |i| {
        let (document, file_stem) = &documents[i];
        document
            .operations()
            .filter_map(|op| operation(schema, &fragments, op, file_stem))
            .collect::<Vec<_>>()
    });
    let operations: Vec<OperationIr<'a>> = built.into_iter().flatten().collect();
    let mut used: Vec<&str> = Vec::new();
    let mut seen = FastSet::default();
    for op in &operations {
        for name in &op.fragments {
            if seen.insert(name.as_str()) {
                used.push(name);
            }
        }
    }
    // On the calling thread: a `gql!` invocation's few fragments are not worth a thread.
    let fragment_irs = used.iter().map(|name| {
        let definition = *fragments.get(name)?;
        let parent = schema.type_by_name(&definition.type_condition.value)?;
        let name = type_name(&definition.name.value);
        let mut builder = Builder {
            schema,
            fragments: &fragments,
            types: Namespace::with_reserved(RESERVED_TYPE_NAMES),
        };
        builder.types.claim(&[&name]);
        let mut shape =
            builder.shape_named(parent, &[(&definition.selection_set, false)], name.clone());
        shape.fragment = Some(definition.name.value.clone());
        Some(FragmentIr {
            definition,
            struct_name: name,
            module_name: snake_case(&definition.name.value),
            shape,
        })
    });
    ModuleIr {
        fragments: fragment_irs.flatten().collect(),
        operations,
    }
}

fn operation<'a>(
    schema: &'a SchemaIndex,
    fragments: &FastMap<&'a str, &'a FragmentDefinition>,
    op: &'a OperationDefinition,
    file_stem: &str,
) -> Option<OperationIr<'a>> {
    let root = schema.root_type(op.kind)?;
    let mut builder = Builder {
        schema,
        fragments,
        types: Namespace::with_reserved(RESERVED_TYPE_NAMES),
    };
    let used = query::used_fragments(op, fragments);
    let data = builder.shape_named(root, &[(&op.selection_set, false)], "Data".to_owned());
    let name = op
        .name
        .as_ref()
        .map_or_else(|| file_stem.to_owned(), |n| n.value.clone());
    Some(OperationIr {
        definition: op,
        operation_name: op.name.as_ref().map(|n| n.value.as_str()),
        struct_name: type_name(&name),
        module_name: snake_case(&name),
        name,
        kind: op.kind,
        query: query::query_text(schema, op, &used, fragments),
        variables: variables(schema, op, fragments),
        fragments: used,
        data,
    })
}

struct Builder<'a, 'f> {
    schema: &'a SchemaIndex,
    fragments: &'f FastMap<&'a str, &'a FragmentDefinition>,
    types: Namespace,
}

/// Fields and fragments collected for one part of a shape (common, or one object type).
#[derive(Default)]
struct Bucket<'a> {
    fields: Vec<Collected<'a>>,
    by_key: FastMap<String, usize>,
    fragments: Vec<(String, bool)>,
}

struct Collected<'a> {
    key: String,
    name: &'a str,
    /// The type the field was first selected on (the parent, or an inline fragment's type
    /// condition: a union's members' common interface), where its definition is looked up.
    scope: TypeId,
    /// `true` while every occurrence is conditional.
    conditional: bool,
    selection_sets: Vec<(&'a SelectionSet, bool)>,
}

impl<'a> Bucket<'a> {
    fn add_field(
        &mut self,
        key: &str,
        name: &'a str,
        scope: TypeId,
        conditional: bool,
        set: Option<&'a SelectionSet>,
    ) {
        let index = *self.by_key.entry(key.to_owned()).or_insert_with(|| {
            self.fields.push(Collected {
                key: key.to_owned(),
                name,
                scope,
                conditional: true,
                selection_sets: Vec::new(),
            });
            self.fields.len() - 1
        });
        let collected = &mut self.fields[index];
        collected.conditional &= conditional;
        if let Some(set) = set {
            collected.selection_sets.push((set, false));
        }
    }

    fn add_fragment(&mut self, name: &str, conditional: bool) {
        match self.fragments.iter_mut().find(|(n, _)| n == name) {
            Some(existing) => existing.1 &= conditional,
            None => self.fragments.push((name.to_owned(), conditional)),
        }
    }
}

/// What `@skip` / `@include` on a selection mean for it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inclusion {
    Always,
    Never,
    /// Depends on a variable.
    Maybe,
}

fn inclusion(directives: &[Directive]) -> Inclusion {
    let mut result = Inclusion::Always;
    for directive in directives {
        let skip = match directive.name.value.as_str() {
            "skip" => true,
            "include" => false,
            _ => continue,
        };
        let Some(arg) = directive.arguments.iter().find(|a| a.name.value == "if") else {
            continue;
        };
        match arg.value.kind {
            ValueKind::Boolean(b) if b == skip => return Inclusion::Never,
            ValueKind::Boolean(_) => {}
            _ => result = Inclusion::Maybe,
        }
    }
    result
}

impl<'a> Builder<'a, '_> {
    fn shape(
        &mut self,
        parent: TypeId,
        sets: &[(&'a SelectionSet, bool)],
        candidate: &str,
        context: Option<&str>,
    ) -> Shape<'a> {
        let fallback = context.map(|c| format!("{c}{candidate}"));
        let mut candidates = vec![candidate];
        if let Some(f) = &fallback {
            candidates.push(f);
        }
        let rust_name = self.types.claim(&candidates);
        self.shape_named(parent, sets, rust_name)
    }

    fn shape_named(
        &mut self,
        parent: TypeId,
        sets: &[(&'a SelectionSet, bool)],
        rust_name: String,
    ) -> Shape<'a> {
        let schema = self.schema;
        let mut common = Bucket::default();
        let mut narrowed: BTreeMap<TypeId, Bucket<'a>> = BTreeMap::new();
        for (set, conditional) in sets {
            self.collect(
                parent,
                parent,
                set,
                *conditional,
                None,
                &mut common,
                &mut narrowed,
            );
        }
        let mut fields_ns = Namespace::default();
        let fields = self.fields(parent, common.fields, &rust_name, &mut fields_ns);
        let fragments = self.fragment_parts(common.fragments, &mut fields_ns);
        let is_abstract = schema.is_abstract(parent);
        let (variants, variants_enum, typename_field) = if !is_abstract {
            (Vec::new(), None, None)
        } else if narrowed.is_empty() {
            // A fragment on an abstract type that is all the selection holds keeps the type
            // itself (its own `typename` field or variants).
            let selected = fields.iter().any(|f| f.key == "__typename")
                || (fields.is_empty() && self.only_an_abstract_fragment(&fragments));
            (
                Vec::new(),
                None,
                (!selected).then(|| fields_ns.claim(&["typename"])),
            )
        } else {
            let field = fields_ns.claim(&["on"]);
            let enum_name = self.types.claim(&[&format!("{rust_name}On")]);
            let mut by_name: Vec<(TypeId, Bucket<'a>)> = narrowed.into_iter().collect();
            by_name.sort_by(|a, b| schema.type_name(a.0).cmp(schema.type_name(b.0)));
            let variants = by_name
                .into_iter()
                .map(|(object_type, bucket)| {
                    let name = self.types.claim(&[&format!(
                        "{enum_name}{}",
                        type_name(schema.type_name(object_type))
                    )]);
                    let mut ns = Namespace::default();
                    let fields = self.fields(object_type, bucket.fields, &name, &mut ns);
                    let fragments = self.fragment_parts(bucket.fragments, &mut ns);
                    Variant {
                        object_type,
                        shape: Shape {
                            parent: object_type,
                            rust_name: name,
                            fields,
                            fragments,
                            variants: Vec::new(),
                            variants_enum: None,
                            typename_field: None,
                            fragment: None,
                        },
                    }
                })
                .collect();
            (variants, Some((enum_name, field)), None)
        };
        Shape {
            parent,
            rust_name,
            fields,
            fragments,
            variants,
            variants_enum,
            typename_field,
            fragment: None,
        }
    }

    /// One named fragment, not conditional, on an interface or union.
    fn only_an_abstract_fragment(&self, fragments: &[FragmentPart]) -> bool {
        let [part] = fragments else {
            return false;
        };
        !part.conditional
            && self
                .fragments
                .get(part.fragment.as_str())
                .and_then(|f| self.schema.type_by_name(&f.type_condition.value))
                .is_some_and(|ty| self.schema.is_abstract(ty))
    }

    /// CollectFields over one selection set. `admissible` is `None` while every possible type
    /// of `parent` is still admitted, else the object types the enclosing fragments allow.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &self,
        parent: TypeId,
        scope: TypeId,
        set: &'a SelectionSet,
        conditional: bool,
        admissible: Option<&BTreeSet<TypeId>>,
        common: &mut Bucket<'a>,
        narrowed: &mut BTreeMap<TypeId, Bucket<'a>>,
    ) {
        for selection in &set.selections {
            let conditional = match inclusion(selection.directives()) {
                Inclusion::Never => continue,
                Inclusion::Maybe => true,
                Inclusion::Always => conditional,
            };
            match selection {
                Selection::Field(field) => {
                    let subselection = field.selection_set.as_ref();
                    let key = field.response_key();
                    let name = field.name.value.as_str();
                    match admissible {
                        None => common.add_field(key, name, scope, conditional, subselection),
                        Some(types) => {
                            for ty in types {
                                narrowed.entry(*ty).or_default().add_field(
                                    key,
                                    name,
                                    *ty,
                                    conditional,
                                    subselection,
                                );
                            }
                        }
                    }
                }
                Selection::InlineFragment(inline) => {
                    let narrowed_to = match &inline.type_condition {
                        Some(condition) => self.narrow(parent, admissible, &condition.value),
                        None => admissible.cloned(),
                    };
                    let scope = inline
                        .type_condition
                        .as_ref()
                        .and_then(|c| self.schema.type_by_name(&c.value))
                        .unwrap_or(scope);
                    self.collect(
                        parent,
                        scope,
                        &inline.selection_set,
                        conditional,
                        narrowed_to.as_ref(),
                        common,
                        narrowed,
                    );
                }
                Selection::FragmentSpread(spread) => {
                    let Some(fragment) = self.fragments.get(spread.name.value.as_str()) else {
                        continue;
                    };
                    let name = fragment.name.value.as_str();
                    match self.narrow(parent, admissible, &fragment.type_condition.value) {
                        None => common.add_fragment(name, conditional),
                        Some(types) => {
                            for ty in types {
                                narrowed
                                    .entry(ty)
                                    .or_default()
                                    .add_fragment(name, conditional);
                            }
                        }
                    }
                }
            }
        }
    }

    /// The object types admitted after a type condition: `None` when that is still every
    /// possible type of `parent`.
    fn narrow(
        &self,
        parent: TypeId,
        admissible: Option<&BTreeSet<TypeId>>,
        condition: &str,
    ) -> Option<BTreeSet<TypeId>> {
        let schema = self.schema;
        if !schema.is_abstract(parent) {
            return None;
        }
        let all: BTreeSet<TypeId> = schema.possible_types(parent).iter().copied().collect();
        let condition: BTreeSet<TypeId> = match schema.type_by_name(condition) {
            Some(id) if schema.is_abstract(id) => {
                schema.possible_types(id).iter().copied().collect()
            }
            Some(id) => [id].into(),
            None => BTreeSet::new(),
        };
        let current = admissible.unwrap_or(&all);
        let next: BTreeSet<TypeId> = current.intersection(&condition).copied().collect();
        if admissible.is_none() && next == all {
            None
        } else {
            Some(next)
        }
    }

    fn fields(
        &mut self,
        parent: TypeId,
        collected: Vec<Collected<'a>>,
        owner: &str,
        ns: &mut Namespace,
    ) -> Vec<FieldIr<'a>> {
        collected
            .into_iter()
            .filter_map(|c| {
                let definition = self
                    .schema
                    .field(c.scope, c.name)
                    .or_else(|| self.schema.field(parent, c.name))?;
                let rust_name = ns.claim(&[&snake_case(&c.key)]);
                let named = definition.ty.named();
                let shape = if self.schema.is_composite(named) {
                    let candidate = type_name(&c.key);
                    Some(Box::new(self.shape(
                        named,
                        &c.selection_sets,
                        &candidate,
                        Some(owner),
                    )))
                } else {
                    None
                };
                Some(FieldIr {
                    key: c.key,
                    rust_name,
                    definition,
                    conditional: c.conditional,
                    shape,
                })
            })
            .collect()
    }

    fn fragment_parts(
        &self,
        fragments: Vec<(String, bool)>,
        ns: &mut Namespace,
    ) -> Vec<FragmentPart> {
        fragments
            .into_iter()
            .map(|(fragment, conditional)| FragmentPart {
                keys: self
                    .fragments
                    .get(fragment.as_str())
                    .map(|f| direct_keys(&f.selection_set))
                    .unwrap_or_default(),
                rust_name: ns.claim(&[&snake_case(&fragment)]),
                fragment,
                conditional,
            })
            .collect()
    }
}

/// The response keys of the fields directly in a selection set (and in its inline fragments).
fn direct_keys(set: &SelectionSet) -> Vec<String> {
    let mut keys = Vec::new();
    for selection in &set.selections {
        match selection {
            Selection::Field(f) => keys.push(f.response_key().to_owned()),
            Selection::InlineFragment(inline) => keys.extend(direct_keys(&inline.selection_set)),
            Selection::FragmentSpread(_) => {}
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The operation's variables, with the deprecations of the arguments they feed.
fn variables<'a>(
    schema: &SchemaIndex,
    op: &'a OperationDefinition,
    fragments: &FastMap<&str, &'a FragmentDefinition>,
) -> Vec<VariableIr<'a>> {
    let deprecations = query::argument_deprecations(schema, op, fragments);
    let mut ns = Namespace::default();
    op.variable_definitions
        .iter()
        .map(|v| {
            let name = v.variable.value.as_str();
            VariableIr {
                name,
                rust_name: ns.claim(&[&snake_case(name)]),
                ty: resolve_type_ref(schema, &v.ty),
                has_default: v.default_value.is_some(),
                default: v.default_value.as_ref().map(crate::document::print_value),
                deprecations: deprecations.get(name).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// A document's type reference in the schema's terms (valid documents name known types).
pub fn resolve_type_ref(schema: &SchemaIndex, ty: &TypeRef) -> Type {
    match ty {
        TypeRef::Named(n) => Type::Named(schema.type_by_name(&n.value).unwrap_or(TypeId(0))),
        TypeRef::List(inner, _) => Type::List(Box::new(resolve_type_ref(schema, inner))),
        TypeRef::NonNull(inner, _) => Type::NonNull(Box::new(resolve_type_ref(schema, inner))),
    }
}
