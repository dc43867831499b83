//! The search for conflicting fields (spec 5.3.2, `FieldsInSetCanMerge`), as graphql-js 17
//! does it, so that the same conflicts are found in the same order.
//!
//! - A selection set is flattened once per parent type into its fields by response name
//!   (inline fragments included) and the fragment spreads it holds ([`FieldSet`]).
//! - Within one selection set, fields of the same response name are compared pairwise,
//!   then the fields with each fragment spread, then the spreads with each other,
//!   fragments spread by those fragments included.
//! - Two fields conflict if, under parents that are not mutually exclusive (distinct object
//!   types), they are different fields or have different arguments; if either is streamed;
//!   if their types conflict; or if their sub-selections conflict (compared the same way,
//!   mutual exclusivity carried down).
//! - Every (field set, fragment) and (fragment, fragment) pair is compared at most once for
//!   each mutual-exclusivity setting, so cyclic fragments terminate, and a complexity budget
//!   (graphql-js's, spent at the same points) bounds the total work: past it the document
//!   is reported as "Validation aborted.", as graphql-js does.
//!
//! graphql-js's functions call each other recursively, as deep as fields nest through
//! fragments (it overflows its stack past about 575 levels). Here each call is a [`Task`]
//! on an explicit stack, and each loop a cursor task that re-pushes itself, so the search
//! runs depth-first in graphql-js's order on the heap, at any depth.
//!
//! Fragment arguments (an experimental graphql-js parser option) are not part of the
//! language here, so graphql-js's variable scopes are always empty and are left out.

use crate::fast_hash::{FastMap, FastSet};
use std::collections::hash_map::Entry;
use std::rc::Rc;

use super::conflict::{abbreviate, subfield_conflicts, Conflict};
use crate::document::{
    Argument, Directive, Document, Field, FragmentDefinition, FragmentSpread, Selection,
    SelectionSet, Value, ValueKind,
};
use crate::schema::{FieldDef, SchemaIndex, Type, TypeId, TypeKind};
use crate::source::Span;

/// graphql-js's `MAX_COMPLEXITY_BUDGET`.
const COMPLEXITY_BUDGET: i64 = 500_000;

/// The complexity budget is spent: graphql-js aborts the validation.
#[derive(Debug)]
pub(super) struct Aborted;

/// Index into [`ConflictFinder::fields`].
type FieldId = usize;
/// Index into [`ConflictFinder::sets`].
type SetId = usize;
/// Index into [`ConflictFinder::fragments`].
type FragmentId = usize;
/// The fragments a field set spreads, each once; every unknown name is one `None`.
type Fragments = Rc<[Option<FragmentId>]>;
/// For two field sets: the indexes of their groups with the same response name.
type GroupPairs = Rc<[(usize, usize)]>;

/// One field of a flattened selection set (graphql-js's `FieldDetails`).
#[derive(Clone, Copy)]
struct FieldEntry<'a> {
    /// The type the field is selected on: the selection set's, or an inline fragment's.
    parent_type: Option<TypeId>,
    node: &'a Field,
    /// The field's definition when the parent is an object or interface type that has it
    /// (meta-fields such as `__typename` have none, as in graphql-js).
    def: Option<&'a FieldDef>,
    /// The field's first `@stream`.
    stream: Option<&'a Directive>,
    /// No arguments, no sub-selection, no `@stream`.
    is_simple_leaf: bool,
}

/// A selection set flattened for one parent type (graphql-js's `CollectFieldsResult`).
#[derive(Default)]
struct FieldSet<'a> {
    /// Fields by response name, names in the order they first appear.
    groups: Vec<(&'a str, Vec<FieldId>)>,
    group_index: FastMap<&'a str, usize>,
    /// Fragment spreads, those in inline fragments included.
    spreads: Vec<&'a FragmentSpread>,
    /// The fragments `spreads` name, once computed.
    fragments: Option<Fragments>,
}

/// One step of the search. The first group are graphql-js's functions (one call each);
/// the cursors are its loops: each emits one task and re-pushes itself advanced.
/// `exclusive` is whether the parents of the fields compared are mutually exclusive.
enum Task<'a> {
    /// `findConflict`: two fields with the same response name.
    CompareFields {
        exclusive: bool,
        response_name: &'a str,
        field1: FieldId,
        field2: FieldId,
    },
    /// The sub-selections of two fields have been compared: their conflicts (the top
    /// buffer of found conflicts) become one conflict of the two fields.
    FinishSubfields {
        response_name: &'a str,
        node1: Span,
        node2: Span,
    },
    /// `findConflictsBetweenSubSelectionSets`.
    CompareSubSelections {
        exclusive: bool,
        parent_type1: Option<TypeId>,
        selection_set1: &'a SelectionSet,
        parent_type2: Option<TypeId>,
        selection_set2: &'a SelectionSet,
    },
    /// `collectConflictsBetween`: fields of one set against those of the other.
    CompareSets {
        exclusive: bool,
        set1: SetId,
        set2: SetId,
    },
    /// `collectConflictsBetweenFieldsAndFragment`: a set's fields against a fragment's,
    /// then against the fragments that one spreads.
    CompareSetAndFragment {
        exclusive: bool,
        set: SetId,
        fragment: Option<FragmentId>,
    },
    /// `collectConflictsBetweenFragments`: two fragments' fields, then each against the
    /// fragments the other spreads.
    CompareFragments {
        exclusive: bool,
        fragment1: Option<FragmentId>,
        fragment2: Option<FragmentId>,
    },
    /// The spreads part of `findConflictsWithinSelectionSet`.
    CompareSpreadsWithin { set: SetId },

    /// Cursor: pairs `i < j` of fields of one response name in a set, group after group.
    PairsWithin {
        set: SetId,
        group: usize,
        i: usize,
        j: usize,
    },
    /// Cursor: each field of `set1` against each of `set2` with its response name.
    PairsBetween {
        exclusive: bool,
        set1: SetId,
        set2: SetId,
        overlapping: GroupPairs,
        next: usize,
        i: usize,
        j: usize,
    },
    /// Cursor: each spread of a selection set against its fields, then against the
    /// spreads after it.
    SpreadsWithin {
        set: SetId,
        fragments: Fragments,
        next: usize,
    },
    /// Cursor: a set against each fragment from `next` on.
    SetAgainstFragments {
        exclusive: bool,
        set: SetId,
        fragments: Fragments,
        next: usize,
    },
    /// Cursor: a fragment against each fragment from `next` on, as the first of each
    /// pair or the second.
    FragmentAgainstFragments {
        exclusive: bool,
        fragment: Option<FragmentId>,
        first: bool,
        fragments: Fragments,
        next: usize,
    },
    /// Cursor: each fragment of one list, from `next` on, against each of another.
    FragmentsAgainstFragments {
        exclusive: bool,
        fragments1: Fragments,
        fragments2: Fragments,
        next: usize,
    },
}

/// The state of the search for one document: caches keyed by syntax nodes, the pairs
/// already compared, and the budget left.
pub(super) struct ConflictFinder<'a> {
    schema: &'a SchemaIndex,
    /// Every fragment definition; a name denotes its last definition, as in graphql-js.
    fragments: Vec<&'a FragmentDefinition>,
    fragment_ids: FastMap<&'a str, FragmentId>,
    fields: Vec<FieldEntry<'a>>,
    sets: Vec<FieldSet<'a>>,
    /// Flattened selection sets by parent type and selection set (by address).
    set_ids: FastMap<(Option<TypeId>, usize), SetId>,
    overlapping: FastMap<(SetId, SetId), GroupPairs>,
    same_arguments: FastMap<(FieldId, FieldId), bool>,
    same_stream_arguments: FastMap<(FieldId, FieldId), bool>,
    /// (field set, fragment) pairs compared, with whether the parents were exclusive.
    compared_fields_and_fragments: FastMap<(SetId, FragmentId), bool>,
    /// (fragment, fragment) pairs compared (looked up in both orders), likewise.
    compared_fragment_pairs: FastMap<(FragmentId, FragmentId), bool>,
    remaining_budget: i64,
    /// The tasks left, the next on top.
    tasks: Vec<Task<'a>>,
    /// Conflicts found: the bottom buffer for the selection set checked, one more for
    /// each pair of fields whose sub-selections are being compared.
    found: Vec<Vec<Conflict<'a>>>,
}

impl<'a> ConflictFinder<'a> {
    pub(super) fn new(schema: &'a SchemaIndex, document: &'a Document) -> Self {
        let fragments: Vec<_> = document.fragments().collect();
        let fragment_ids = fragments
            .iter()
            .enumerate()
            .map(|(id, f)| (f.name.value.as_str(), id))
            .collect();
        ConflictFinder {
            schema,
            fragments,
            fragment_ids,
            fields: Vec::new(),
            sets: Vec::new(),
            set_ids: FastMap::default(),
            overlapping: FastMap::default(),
            same_arguments: FastMap::default(),
            same_stream_arguments: FastMap::default(),
            compared_fields_and_fragments: FastMap::default(),
            compared_fragment_pairs: FastMap::default(),
            remaining_budget: COMPLEXITY_BUDGET,
            tasks: Vec::new(),
            found: Vec::new(),
        }
    }

    /// The conflicts among the fields a selection set (on `parent_type`) selects,
    /// through its inline fragments and fragment spreads.
    pub(super) fn find_conflicts_within_selection_set(
        &mut self,
        parent_type: Option<TypeId>,
        selection_set: &'a SelectionSet,
    ) -> Result<Vec<Conflict<'a>>, Aborted> {
        let set = self.collect_fields(parent_type, selection_set);
        self.tasks.clear();
        self.found.clear();
        self.found.push(Vec::new());
        self.tasks.push(Task::CompareSpreadsWithin { set });
        self.tasks.push(Task::PairsWithin {
            set,
            group: 0,
            i: 0,
            j: 1,
        });
        while let Some(task) = self.tasks.pop() {
            self.run(task)?;
        }
        Ok(self.found.pop().unwrap_or_default())
    }

    fn spend(&mut self, cost: i64) -> Result<(), Aborted> {
        self.remaining_budget -= cost;
        if self.remaining_budget < 0 {
            Err(Aborted)
        } else {
            Ok(())
        }
    }

    fn push_conflict(&mut self, conflict: Conflict<'a>) {
        if let Some(found) = self.found.last_mut() {
            found.push(conflict);
        }
    }

    // ---- Flattening ------------------------------------------------------------------

    /// The fields and spreads of a selection set on `parent_type`, computed once.
    fn collect_fields(&mut self, parent_type: Option<TypeId>, set: &'a SelectionSet) -> SetId {
        let key = (parent_type, set as *const SelectionSet as usize);
        if let Some(&id) = self.set_ids.get(&key) {
            return id;
        }
        let mut out = FieldSet::default();
        // Inline fragments are walked into in place, with their type condition.
        let mut stack = vec![(parent_type, set.selections.iter())];
        while let Some((parent_type, selections)) = stack.last_mut() {
            let parent_type = *parent_type;
            let Some(selection) = selections.next() else {
                stack.pop();
                continue;
            };
            match selection {
                Selection::Field(node) => {
                    let id = self.add_field(parent_type, node);
                    let response_name = node.response_key();
                    match out.group_index.entry(response_name) {
                        Entry::Occupied(e) => out.groups[*e.get()].1.push(id),
                        Entry::Vacant(e) => {
                            e.insert(out.groups.len());
                            out.groups.push((response_name, vec![id]));
                        }
                    }
                }
                Selection::FragmentSpread(spread) => out.spreads.push(spread),
                Selection::InlineFragment(inline) => {
                    let ty = match &inline.type_condition {
                        Some(condition) => self.schema.type_by_name(&condition.value),
                        None => parent_type,
                    };
                    stack.push((ty, inline.selection_set.selections.iter()));
                }
            }
        }
        let id = self.sets.len();
        self.sets.push(out);
        self.set_ids.insert(key, id);
        id
    }

    fn add_field(&mut self, parent_type: Option<TypeId>, node: &'a Field) -> FieldId {
        let def = parent_type.and_then(|id| match &self.schema.ty(id).kind {
            TypeKind::Object(o) | TypeKind::Interface(o) => o.field(&node.name.value),
            _ => None,
        });
        let stream = node.directives.iter().find(|d| d.name.value == "stream");
        self.fields.push(FieldEntry {
            parent_type,
            node,
            def,
            stream,
            is_simple_leaf: node.arguments.is_empty()
                && node.selection_set.is_none()
                && stream.is_none(),
        });
        self.fields.len() - 1
    }

    /// A fragment's fields, on the type its type condition names.
    fn collect_fragment_fields(&mut self, fragment: FragmentId) -> SetId {
        let definition = self.fragments[fragment];
        let ty = self.schema.type_by_name(&definition.type_condition.value);
        self.collect_fields(ty, &definition.selection_set)
    }

    /// The fragments a field set spreads, each once, computed once.
    fn fragment_spreads(&mut self, set: SetId) -> Result<Fragments, Aborted> {
        if let Some(fragments) = &self.sets[set].fragments {
            return Ok(Rc::clone(fragments));
        }
        let mut seen = FastSet::default();
        let mut fragments = Vec::new();
        for i in 0..self.sets[set].spreads.len() {
            self.spend(1)?;
            let name = self.sets[set].spreads[i].name.value.as_str();
            let fragment = self.fragment_ids.get(name).copied();
            if seen.insert(fragment) {
                fragments.push(fragment);
            }
        }
        let fragments: Fragments = fragments.into();
        self.sets[set].fragments = Some(Rc::clone(&fragments));
        Ok(fragments)
    }

    /// The groups of `set1` and `set2` with the same response name, computed once.
    fn overlapping_fields(&mut self, set1: SetId, set2: SetId) -> Result<GroupPairs, Aborted> {
        if let Some(pairs) = self.overlapping.get(&(set1, set2)) {
            return Ok(Rc::clone(pairs));
        }
        let mut pairs = Vec::new();
        for group1 in 0..self.sets[set1].groups.len() {
            self.spend(1)?;
            let response_name = self.sets[set1].groups[group1].0;
            if let Some(&group2) = self.sets[set2].group_index.get(response_name) {
                pairs.push((group1, group2));
            }
        }
        let pairs: GroupPairs = pairs.into();
        self.overlapping.insert((set1, set2), Rc::clone(&pairs));
        Ok(pairs)
    }

    // ---- The search ------------------------------------------------------------------

    fn run(&mut self, task: Task<'a>) -> Result<(), Aborted> {
        match task {
            Task::CompareFields {
                exclusive,
                response_name,
                field1,
                field2,
            } => self.compare_fields(exclusive, response_name, field1, field2)?,
            Task::FinishSubfields {
                response_name,
                node1,
                node2,
            } => {
                let conflicts = self.found.pop().unwrap_or_default();
                if let Some(conflict) = subfield_conflicts(conflicts, response_name, node1, node2) {
                    self.push_conflict(conflict);
                }
            }
            Task::CompareSubSelections {
                exclusive,
                parent_type1,
                selection_set1,
                parent_type2,
                selection_set2,
            } => {
                let set1 = self.collect_fields(parent_type1, selection_set1);
                let fragments1 = self.fragment_spreads(set1)?;
                let set2 = self.collect_fields(parent_type2, selection_set2);
                let fragments2 = self.fragment_spreads(set2)?;
                // Run in the opposite order: the sets, each set against the other's
                // fragments, the fragments against each other.
                self.tasks.push(Task::FragmentsAgainstFragments {
                    exclusive,
                    fragments1: Rc::clone(&fragments1),
                    fragments2: Rc::clone(&fragments2),
                    next: 0,
                });
                self.tasks.push(Task::SetAgainstFragments {
                    exclusive,
                    set: set2,
                    fragments: fragments1,
                    next: 0,
                });
                self.tasks.push(Task::SetAgainstFragments {
                    exclusive,
                    set: set1,
                    fragments: fragments2,
                    next: 0,
                });
                self.tasks.push(Task::CompareSets {
                    exclusive,
                    set1,
                    set2,
                });
            }
            Task::CompareSets {
                exclusive,
                set1,
                set2,
            } => {
                if !self.sets[set1].groups.is_empty() && !self.sets[set2].groups.is_empty() {
                    let overlapping = self.overlapping_fields(set1, set2)?;
                    self.tasks.push(Task::PairsBetween {
                        exclusive,
                        set1,
                        set2,
                        overlapping,
                        next: 0,
                        i: 0,
                        j: 0,
                    });
                }
            }
            Task::CompareSetAndFragment {
                exclusive,
                set,
                fragment,
            } => self.compare_set_and_fragment(exclusive, set, fragment)?,
            Task::CompareFragments {
                exclusive,
                fragment1,
                fragment2,
            } => self.compare_fragments(exclusive, fragment1, fragment2)?,
            Task::CompareSpreadsWithin { set } => {
                let spread_count = self.sets[set].spreads.len();
                if spread_count != 0 && (!self.sets[set].groups.is_empty() || spread_count > 1) {
                    let fragments = self.fragment_spreads(set)?;
                    self.tasks.push(Task::SpreadsWithin {
                        set,
                        fragments,
                        next: 0,
                    });
                }
            }
            Task::PairsWithin { set, group, i, j } => self.next_pair_within(set, group, i, j),
            Task::PairsBetween {
                exclusive,
                set1,
                set2,
                overlapping,
                next,
                i,
                j,
            } => self.next_pair_between(exclusive, set1, set2, overlapping, next, i, j),
            Task::SpreadsWithin {
                set,
                fragments,
                next,
            } => {
                if let Some(&fragment) = fragments.get(next) {
                    self.tasks.push(Task::SpreadsWithin {
                        set,
                        fragments: Rc::clone(&fragments),
                        next: next + 1,
                    });
                    self.tasks.push(Task::FragmentAgainstFragments {
                        exclusive: false,
                        fragment,
                        first: true,
                        fragments,
                        next: next + 1,
                    });
                    self.tasks.push(Task::CompareSetAndFragment {
                        exclusive: false,
                        set,
                        fragment,
                    });
                }
            }
            Task::SetAgainstFragments {
                exclusive,
                set,
                fragments,
                next,
            } => {
                if let Some(&fragment) = fragments.get(next) {
                    self.tasks.push(Task::SetAgainstFragments {
                        exclusive,
                        set,
                        fragments,
                        next: next + 1,
                    });
                    self.tasks.push(Task::CompareSetAndFragment {
                        exclusive,
                        set,
                        fragment,
                    });
                }
            }
            Task::FragmentAgainstFragments {
                exclusive,
                fragment,
                first,
                fragments,
                next,
            } => {
                if let Some(&other) = fragments.get(next) {
                    self.tasks.push(Task::FragmentAgainstFragments {
                        exclusive,
                        fragment,
                        first,
                        fragments,
                        next: next + 1,
                    });
                    let (fragment1, fragment2) = if first {
                        (fragment, other)
                    } else {
                        (other, fragment)
                    };
                    self.tasks.push(Task::CompareFragments {
                        exclusive,
                        fragment1,
                        fragment2,
                    });
                }
            }
            Task::FragmentsAgainstFragments {
                exclusive,
                fragments1,
                fragments2,
                next,
            } => {
                if let Some(&fragment) = fragments1.get(next) {
                    self.tasks.push(Task::FragmentsAgainstFragments {
                        exclusive,
                        fragments1,
                        fragments2: Rc::clone(&fragments2),
                        next: next + 1,
                    });
                    self.tasks.push(Task::FragmentAgainstFragments {
                        exclusive,
                        fragment,
                        first: true,
                        fragments: fragments2,
                        next: 0,
                    });
                }
            }
        }
        Ok(())
    }

    /// Emits the pair of fields `(i, j)` of `group` (or the next pair after it, in a
    /// later group if need be) to compare, and the cursor to the pair after it.
    fn next_pair_within(&mut self, set: SetId, mut group: usize, mut i: usize, mut j: usize) {
        while let Some((response_name, ids)) = self.sets[set].groups.get(group) {
            if j < ids.len() {
                let (field1, field2) = (ids[i], ids[j]);
                let response_name = *response_name;
                self.tasks.push(Task::PairsWithin {
                    set,
                    group,
                    i,
                    j: j + 1,
                });
                self.tasks.push(Task::CompareFields {
                    exclusive: false,
                    response_name,
                    field1,
                    field2,
                });
                return;
            }
            if i + 2 < ids.len() {
                i += 1;
                j = i + 1;
            } else {
                group += 1;
                i = 0;
                j = 1;
            }
        }
    }

    /// Emits the `i`-th field of `set1` against the `j`-th of `set2` in the `next`-th
    /// pair of groups with the same response name (or the next such pair of fields), and
    /// the cursor to the pair after it.
    #[allow(clippy::too_many_arguments)]
    fn next_pair_between(
        &mut self,
        exclusive: bool,
        set1: SetId,
        set2: SetId,
        overlapping: GroupPairs,
        mut next: usize,
        mut i: usize,
        mut j: usize,
    ) {
        while let Some(&(group1, group2)) = overlapping.get(next) {
            let (response_name, ids1) = &self.sets[set1].groups[group1];
            let ids2 = &self.sets[set2].groups[group2].1;
            if i < ids1.len() && j < ids2.len() {
                let (response_name, field1, field2) = (*response_name, ids1[i], ids2[j]);
                self.tasks.push(Task::PairsBetween {
                    exclusive,
                    set1,
                    set2,
                    overlapping,
                    next,
                    i,
                    j: j + 1,
                });
                self.tasks.push(Task::CompareFields {
                    exclusive,
                    response_name,
                    field1,
                    field2,
                });
                return;
            }
            if i + 1 < ids1.len() {
                i += 1;
            } else {
                next += 1;
                i = 0;
            }
            j = 0;
        }
    }

    /// One call of graphql-js's `collectConflictsBetweenFieldsAndFragment`.
    fn compare_set_and_fragment(
        &mut self,
        exclusive: bool,
        set: SetId,
        fragment: Option<FragmentId>,
    ) -> Result<(), Aborted> {
        self.spend(1)?;
        if self.sets[set].groups.is_empty() {
            return Ok(());
        }
        let Some(fragment) = fragment else {
            return Ok(());
        };
        // Compared already, under parents at least as exclusive?
        if self
            .compared_fields_and_fragments
            .get(&(set, fragment))
            .is_some_and(|&compared| exclusive || !compared)
        {
            return Ok(());
        }
        self.compared_fields_and_fragments
            .insert((set, fragment), exclusive);
        let fragment_set = self.collect_fragment_fields(fragment);
        let referenced = self.fragment_spreads(fragment_set)?;
        if fragment_set == set {
            return Ok(());
        }
        self.tasks.push(Task::SetAgainstFragments {
            exclusive,
            set,
            fragments: referenced,
            next: 0,
        });
        self.tasks.push(Task::CompareSets {
            exclusive,
            set1: set,
            set2: fragment_set,
        });
        Ok(())
    }

    /// One call of graphql-js's `collectConflictsBetweenFragments`.
    fn compare_fragments(
        &mut self,
        exclusive: bool,
        fragment1: Option<FragmentId>,
        fragment2: Option<FragmentId>,
    ) -> Result<(), Aborted> {
        self.spend(2)?;
        let (Some(fragment1), Some(fragment2)) = (fragment1, fragment2) else {
            return Ok(());
        };
        if fragment1 == fragment2 || self.fragments_compared(fragment1, fragment2, exclusive) {
            return Ok(());
        }
        self.compared_fragment_pairs
            .insert((fragment1, fragment2), exclusive);
        let set1 = self.collect_fragment_fields(fragment1);
        let referenced1 = self.fragment_spreads(set1)?;
        let set2 = self.collect_fragment_fields(fragment2);
        let referenced2 = self.fragment_spreads(set2)?;
        // Run in the opposite order: the two fragments, the first against what the
        // second spreads, what the first spreads against the second.
        self.tasks.push(Task::FragmentAgainstFragments {
            exclusive,
            fragment: Some(fragment2),
            first: false,
            fragments: referenced1,
            next: 0,
        });
        self.tasks.push(Task::FragmentAgainstFragments {
            exclusive,
            fragment: Some(fragment1),
            first: true,
            fragments: referenced2,
            next: 0,
        });
        self.tasks.push(Task::CompareSets {
            exclusive,
            set1,
            set2,
        });
        Ok(())
    }

    /// Was the pair compared, in either order, under parents at least as exclusive?
    fn fragments_compared(&self, a: FragmentId, b: FragmentId, exclusive: bool) -> bool {
        let compared = |key| {
            self.compared_fragment_pairs
                .get(&key)
                .is_some_and(|&compared| exclusive || !compared)
        };
        compared((a, b)) || compared((b, a))
    }

    /// graphql-js's `findConflict`: whether two fields with the same response name can be
    /// merged. A conflict is pushed to the top buffer; sub-selections to compare are
    /// pushed as tasks.
    fn compare_fields(
        &mut self,
        parents_exclusive: bool,
        response_name: &'a str,
        id1: FieldId,
        id2: FieldId,
    ) -> Result<(), Aborted> {
        let field1 = self.fields[id1];
        let field2 = self.fields[id2];
        // Fields on two different object types are never both in a response, so they
        // may differ in name and arguments (but not in the shape of what they return).
        let exclusive = parents_exclusive
            || (field1.parent_type != field2.parent_type
                && self.is_object(field1.parent_type)
                && self.is_object(field2.parent_type));
        self.spend(2)?;
        let (node1, node2) = (field1.node, field2.node);
        if field1.is_simple_leaf
            && field2.is_simple_leaf
            && same_type_object(field1.def, field2.def)
            && node1.name.value == node2.name.value
        {
            return Ok(());
        }
        let reason = self.conflict_reason(exclusive, id1, id2)?;
        if let Some(reason) = reason {
            self.push_conflict(Conflict {
                response_name,
                reason,
                fields1: vec![node1.span],
                fields2: vec![node2.span],
            });
            return Ok(());
        }
        if let (Some(selection_set1), Some(selection_set2)) =
            (&node1.selection_set, &node2.selection_set)
        {
            self.tasks.push(Task::FinishSubfields {
                response_name,
                node1: node1.span,
                node2: node2.span,
            });
            self.found.push(Vec::new());
            self.tasks.push(Task::CompareSubSelections {
                exclusive,
                parent_type1: field1.def.map(|d| d.ty.named()),
                selection_set1,
                parent_type2: field2.def.map(|d| d.ty.named()),
                selection_set2,
            });
        }
        Ok(())
    }

    /// Why two fields conflict by themselves (not counting their sub-selections).
    fn conflict_reason(
        &mut self,
        exclusive: bool,
        id1: FieldId,
        id2: FieldId,
    ) -> Result<Option<String>, Aborted> {
        let field1 = self.fields[id1];
        let field2 = self.fields[id2];
        let (node1, node2) = (field1.node, field2.node);
        if !exclusive {
            if node1.name.value != node2.name.value {
                return Ok(Some(format!(
                    "\"{}\" and \"{}\" are different fields",
                    abbreviate(&node1.name.value),
                    abbreviate(&node2.name.value)
                )));
            }
            let same = match self.same_arguments.get(&(id1, id2)) {
                Some(&same) => same,
                None => {
                    let same = self.same_arguments(&node1.arguments, &node2.arguments)?;
                    self.same_arguments.insert((id1, id2), same);
                    same
                }
            };
            if !same {
                return Ok(Some("they have differing arguments".to_string()));
            }
        }

        if field1.stream.is_some() || field2.stream.is_some() {
            let mut reason = "they have overlapping stream directives".to_string();
            if let (Some(stream1), Some(stream2)) = (field1.stream, field2.stream) {
                let same = match self.same_stream_arguments.get(&(id1, id2)) {
                    Some(&same) => same,
                    None => {
                        let same = self.same_arguments(&stream1.arguments, &stream2.arguments)?;
                        self.same_stream_arguments.insert((id1, id2), same);
                        same
                    }
                };
                if same {
                    reason.push_str(
                        ". See https://github.com/graphql/defer-stream-wg/discussions/100",
                    );
                }
            }
            return Ok(Some(reason));
        }

        if let (Some(def1), Some(def2)) = (field1.def, field2.def) {
            if !std::ptr::eq(def1, def2) && self.types_conflict(&def1.ty, &def2.ty)? {
                return Ok(Some(format!(
                    "they return conflicting types \"{}\" and \"{}\"",
                    self.schema.display(&def1.ty),
                    self.schema.display(&def2.ty)
                )));
            }
        }
        Ok(None)
    }

    fn is_object(&self, ty: Option<TypeId>) -> bool {
        ty.is_some_and(|id| self.schema.is_object(id))
    }

    /// Same arguments: as many, and each of the first found by name (the last of that
    /// name) among the second with an equal value.
    fn same_arguments(&mut self, args1: &[Argument], args2: &[Argument]) -> Result<bool, Aborted> {
        if args1.len() != args2.len() {
            return Ok(false);
        }
        for arg1 in args1 {
            self.spend(1)?;
            let arg2 = args2.iter().rev().find(|a| a.name.value == arg1.name.value);
            if !arg2.is_some_and(|arg2| same_value(&arg1.value, &arg2.value)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Could one response key hold values of both types? Lists and non-null must match,
    /// and a scalar or enum only matches itself; object types never conflict here (their
    /// sub-selections are compared instead).
    fn types_conflict(&mut self, mut type1: &Type, mut type2: &Type) -> Result<bool, Aborted> {
        loop {
            if let (Type::Named(a), Type::Named(b)) = (type1, type2) {
                if a == b {
                    return Ok(false);
                }
            }
            self.spend(1)?;
            match (type1, type2) {
                (Type::List(a), Type::List(b)) | (Type::NonNull(a), Type::NonNull(b)) => {
                    type1 = a;
                    type2 = b;
                }
                (Type::List(_), _) | (_, Type::List(_)) => return Ok(true),
                (Type::NonNull(_), _) | (_, Type::NonNull(_)) => return Ok(true),
                (Type::Named(a), Type::Named(b)) => {
                    return Ok(self.schema.is_leaf(*a) || self.schema.is_leaf(*b));
                }
            }
        }
    }
}

/// graphql-js's `def1?.type === def2?.type`: type objects are shared by one field
/// definition, and named types are unique.
fn same_type_object(def1: Option<&FieldDef>, def2: Option<&FieldDef>) -> bool {
    match (def1, def2) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            std::ptr::eq(a, b)
                || matches!((&a.ty, &b.ty), (Type::Named(x), Type::Named(y)) if x == y)
        }
        _ => false,
    }
}

/// Equal argument values: same kind and literal text (strings by value and whether
/// they are block strings), lists item by item, objects field by field in name order.
fn same_value(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::Variable(x), ValueKind::Variable(y))
        | (ValueKind::Int(x), ValueKind::Int(y))
        | (ValueKind::Float(x), ValueKind::Float(y))
        | (ValueKind::Enum(x), ValueKind::Enum(y)) => x == y,
        (
            ValueKind::String {
                value: x,
                block: bx,
            },
            ValueKind::String {
                value: y,
                block: by,
            },
        ) => x == y && bx == by,
        (ValueKind::Boolean(x), ValueKind::Boolean(y)) => x == y,
        (ValueKind::Null, ValueKind::Null) => true,
        (ValueKind::List(xs), ValueKind::List(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_value(x, y))
        }
        (ValueKind::Object(xs), ValueKind::Object(ys)) => {
            if xs.len() != ys.len() {
                return false;
            }
            let mut xs: Vec<_> = xs.iter().collect();
            let mut ys: Vec<_> = ys.iter().collect();
            xs.sort_by(|p, q| p.name.value.cmp(&q.name.value));
            ys.sort_by(|p, q| p.name.value.cmp(&q.name.value));
            xs.iter()
                .zip(&ys)
                .all(|(x, y)| x.name.value == y.name.value && same_value(&x.value, &y.value))
        }
        _ => false,
    }
}
