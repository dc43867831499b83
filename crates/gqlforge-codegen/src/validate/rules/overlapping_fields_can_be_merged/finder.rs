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
//! Fragment arguments (an experimental graphql-js parser option) are not part of the
//! language here, so graphql-js's variable scopes are always empty and are left out.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::document::{
    Argument, Directive, Document, Field, FragmentDefinition, FragmentSpread, Selection,
    SelectionSet, Value, ValueKind,
};
use crate::schema::{FieldDef, SchemaIndex, Type, TypeId, TypeKind};
use crate::source::Span;

/// graphql-js's `MAX_COMPLEXITY_BUDGET`.
const COMPLEXITY_BUDGET: i64 = 500_000;
/// Reasons and response names longer than this (in UTF-16 units) are cut, and the
/// `subfields ...` list stops growing past it.
const MAX_CONFLICT_DETAIL_LENGTH: usize = 1000;
/// At most this many fields are listed on each side of a conflict.
const MAX_CONFLICT_NODES: usize = 20;
/// How deep sub-selections are compared (through fragments, a comparison can go deeper
/// than the document nests). Beyond it the search is aborted rather than overflowing the
/// stack; graphql-js would overflow its own.
const MAX_COMPARISON_DEPTH: usize = 512;

/// The search stopped: the complexity budget is spent, or comparisons nest too deeply.
#[derive(Debug)]
pub(super) struct Aborted;

/// Two sets of fields with one response name that cannot be merged.
#[derive(Debug)]
pub(super) struct Conflict<'a> {
    pub response_name: &'a str,
    pub reason: String,
    /// The field on the first side, then the conflicting sub-fields on that side.
    pub fields1: Vec<Span>,
    pub fields2: Vec<Span>,
}

/// Index into [`ConflictFinder::fields`].
type FieldId = usize;
/// Index into [`ConflictFinder::sets`].
type SetId = usize;
/// Index into [`ConflictFinder::fragments`].
type FragmentId = usize;

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
    group_index: HashMap<&'a str, usize>,
    /// Fragment spreads, those in inline fragments included.
    spreads: Vec<&'a FragmentSpread>,
    /// The fragments `spreads` name, each once (every unknown name is one `None`).
    fragments: Option<Rc<[Option<FragmentId>]>>,
}

/// The state of the search for one document: caches keyed by syntax nodes, the pairs
/// already compared, and the budget left.
pub(super) struct ConflictFinder<'a> {
    schema: &'a SchemaIndex,
    /// Every fragment definition; a name denotes its last definition, as in graphql-js.
    fragments: Vec<&'a FragmentDefinition>,
    fragment_ids: HashMap<&'a str, FragmentId>,
    fields: Vec<FieldEntry<'a>>,
    sets: Vec<FieldSet<'a>>,
    /// Flattened selection sets by parent type and selection set (by address).
    set_ids: HashMap<(Option<TypeId>, usize), SetId>,
    /// For two field sets: the pairs of groups with the same response name.
    overlapping: HashMap<(SetId, SetId), Rc<[(usize, usize)]>>,
    same_arguments: HashMap<(FieldId, FieldId), bool>,
    same_stream_arguments: HashMap<(FieldId, FieldId), bool>,
    /// (field set, fragment) pairs compared, with whether the parents were exclusive.
    compared_fields_and_fragments: HashMap<(SetId, FragmentId), bool>,
    /// (fragment, fragment) pairs compared (looked up in both orders), likewise.
    compared_fragment_pairs: HashMap<(FragmentId, FragmentId), bool>,
    remaining_budget: i64,
    depth: usize,
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
            set_ids: HashMap::new(),
            overlapping: HashMap::new(),
            same_arguments: HashMap::new(),
            same_stream_arguments: HashMap::new(),
            compared_fields_and_fragments: HashMap::new(),
            compared_fragment_pairs: HashMap::new(),
            remaining_budget: COMPLEXITY_BUDGET,
            depth: 0,
        }
    }

    /// The conflicts among the fields a selection set (on `parent_type`) selects,
    /// through its inline fragments and fragment spreads.
    pub(super) fn find_conflicts_within_selection_set(
        &mut self,
        parent_type: Option<TypeId>,
        selection_set: &'a SelectionSet,
    ) -> Result<Vec<Conflict<'a>>, Aborted> {
        let mut conflicts = Vec::new();
        let set = self.collect_fields(parent_type, selection_set);
        self.collect_conflicts_within(&mut conflicts, set)?;
        let spread_count = self.sets[set].spreads.len();
        if spread_count != 0 && (!self.sets[set].groups.is_empty() || spread_count > 1) {
            let fragments = self.fragment_spreads(set)?;
            for (i, &fragment) in fragments.iter().enumerate() {
                self.collect_conflicts_between_fields_and_fragment(
                    &mut conflicts,
                    false,
                    set,
                    fragment,
                )?;
                for &other in &fragments[i + 1..] {
                    self.collect_conflicts_between_fragments(
                        &mut conflicts,
                        false,
                        fragment,
                        other,
                    )?;
                }
            }
        }
        Ok(conflicts)
    }

    fn spend(&mut self, cost: i64) -> Result<(), Aborted> {
        self.remaining_budget -= cost;
        if self.remaining_budget < 0 {
            Err(Aborted)
        } else {
            Ok(())
        }
    }

    // ---- Flattening ------------------------------------------------------------------

    /// The fields and spreads of a selection set on `parent_type`, computed once.
    fn collect_fields(&mut self, parent_type: Option<TypeId>, set: &'a SelectionSet) -> SetId {
        let key = (parent_type, set as *const SelectionSet as usize);
        if let Some(&id) = self.set_ids.get(&key) {
            return id;
        }
        let mut fields = FieldSet::default();
        self.collect_fields_into(parent_type, set, &mut fields);
        let id = self.sets.len();
        self.sets.push(fields);
        self.set_ids.insert(key, id);
        id
    }

    /// Recurses into inline fragments only, so no deeper than the document nests.
    fn collect_fields_into(
        &mut self,
        parent_type: Option<TypeId>,
        set: &'a SelectionSet,
        out: &mut FieldSet<'a>,
    ) {
        for selection in &set.selections {
            match selection {
                Selection::Field(node) => {
                    let def = parent_type.and_then(|id| match &self.schema.ty(id).kind {
                        TypeKind::Object(o) | TypeKind::Interface(o) => o.field(&node.name.value),
                        _ => None,
                    });
                    let stream = node.directives.iter().find(|d| d.name.value == "stream");
                    let id = self.fields.len();
                    self.fields.push(FieldEntry {
                        parent_type,
                        node,
                        def,
                        stream,
                        is_simple_leaf: node.arguments.is_empty()
                            && node.selection_set.is_none()
                            && stream.is_none(),
                    });
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
                    self.collect_fields_into(ty, &inline.selection_set, out);
                }
            }
        }
    }

    /// A fragment's fields, on the type its type condition names.
    fn collect_fragment_fields(&mut self, fragment: FragmentId) -> SetId {
        let definition = self.fragments[fragment];
        let ty = self.schema.type_by_name(&definition.type_condition.value);
        self.collect_fields(ty, &definition.selection_set)
    }

    /// The fragments a field set spreads, each once, computed once.
    fn fragment_spreads(&mut self, set: SetId) -> Result<Rc<[Option<FragmentId>]>, Aborted> {
        if let Some(fragments) = &self.sets[set].fragments {
            return Ok(Rc::clone(fragments));
        }
        let mut seen = HashSet::new();
        let mut fragments = Vec::new();
        for i in 0..self.sets[set].spreads.len() {
            self.spend(1)?;
            let name = self.sets[set].spreads[i].name.value.as_str();
            let fragment = self.fragment_ids.get(name).copied();
            if seen.insert(fragment) {
                fragments.push(fragment);
            }
        }
        let fragments: Rc<[Option<FragmentId>]> = fragments.into();
        self.sets[set].fragments = Some(Rc::clone(&fragments));
        Ok(fragments)
    }

    // ---- Comparing sets of fields ----------------------------------------------------

    /// Fields of one set that share a response name, pairwise.
    fn collect_conflicts_within(
        &mut self,
        conflicts: &mut Vec<Conflict<'a>>,
        set: SetId,
    ) -> Result<(), Aborted> {
        for group in 0..self.sets[set].groups.len() {
            let (response_name, ref ids) = self.sets[set].groups[group];
            if ids.len() < 2 {
                continue;
            }
            let count = ids.len();
            for i in 0..count {
                for j in i + 1..count {
                    let ids = &self.sets[set].groups[group].1;
                    let (a, b) = (ids[i], ids[j]);
                    conflicts.extend(self.find_conflict(false, response_name, a, b)?);
                }
            }
        }
        Ok(())
    }

    /// Every field of one set against the fields of the other with its response name.
    fn collect_conflicts_between(
        &mut self,
        conflicts: &mut Vec<Conflict<'a>>,
        parents_exclusive: bool,
        set1: SetId,
        set2: SetId,
    ) -> Result<(), Aborted> {
        if self.sets[set1].groups.is_empty() || self.sets[set2].groups.is_empty() {
            return Ok(());
        }
        let overlapping = self.overlapping_fields(set1, set2)?;
        for &(group1, group2) in overlapping.iter() {
            let response_name = self.sets[set1].groups[group1].0;
            let count1 = self.sets[set1].groups[group1].1.len();
            let count2 = self.sets[set2].groups[group2].1.len();
            for i in 0..count1 {
                for j in 0..count2 {
                    let a = self.sets[set1].groups[group1].1[i];
                    let b = self.sets[set2].groups[group2].1[j];
                    conflicts.extend(self.find_conflict(parents_exclusive, response_name, a, b)?);
                }
            }
        }
        Ok(())
    }

    /// The groups of `set1` and `set2` with the same response name, computed once.
    fn overlapping_fields(
        &mut self,
        set1: SetId,
        set2: SetId,
    ) -> Result<Rc<[(usize, usize)]>, Aborted> {
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
        let pairs: Rc<[(usize, usize)]> = pairs.into();
        self.overlapping.insert((set1, set2), Rc::clone(&pairs));
        Ok(pairs)
    }

    /// A set of fields against a fragment's fields and, transitively, those of the
    /// fragments it spreads. Each (set, fragment) pair is compared once.
    fn collect_conflicts_between_fields_and_fragment(
        &mut self,
        conflicts: &mut Vec<Conflict<'a>>,
        parents_exclusive: bool,
        set: SetId,
        fragment: Option<FragmentId>,
    ) -> Result<(), Aborted> {
        // Depth-first, in graphql-js's order: a fragment, then what it spreads.
        let mut pending = vec![fragment];
        while let Some(fragment) = pending.pop() {
            self.spend(1)?;
            if self.sets[set].groups.is_empty() {
                continue;
            }
            let Some(fragment) = fragment else {
                continue;
            };
            // Compared already, under parents at least as exclusive?
            if self
                .compared_fields_and_fragments
                .get(&(set, fragment))
                .is_some_and(|&exclusive| parents_exclusive || !exclusive)
            {
                continue;
            }
            self.compared_fields_and_fragments
                .insert((set, fragment), parents_exclusive);
            let fragment_set = self.collect_fragment_fields(fragment);
            let referenced = self.fragment_spreads(fragment_set)?;
            if fragment_set == set {
                continue;
            }
            self.collect_conflicts_between(conflicts, parents_exclusive, set, fragment_set)?;
            pending.extend(referenced.iter().rev());
        }
        Ok(())
    }

    /// Two fragments' fields against each other and, transitively, against the fragments
    /// the other spreads. Each pair of fragments is compared once.
    fn collect_conflicts_between_fragments(
        &mut self,
        conflicts: &mut Vec<Conflict<'a>>,
        parents_exclusive: bool,
        fragment1: Option<FragmentId>,
        fragment2: Option<FragmentId>,
    ) -> Result<(), Aborted> {
        // Depth-first, in graphql-js's order: the pair, then the first against what the
        // second spreads, then what the first spreads against the second.
        let mut pending = vec![(fragment1, fragment2)];
        while let Some(pair) = pending.pop() {
            self.spend(2)?;
            let (Some(fragment1), Some(fragment2)) = pair else {
                continue;
            };
            if fragment1 == fragment2
                || self.fragments_compared(fragment1, fragment2, parents_exclusive)
            {
                continue;
            }
            self.compared_fragment_pairs
                .insert((fragment1, fragment2), parents_exclusive);
            let set1 = self.collect_fragment_fields(fragment1);
            let referenced1 = self.fragment_spreads(set1)?;
            let set2 = self.collect_fragment_fields(fragment2);
            let referenced2 = self.fragment_spreads(set2)?;
            self.collect_conflicts_between(conflicts, parents_exclusive, set1, set2)?;
            pending.extend(referenced1.iter().rev().map(|&r| (r, Some(fragment2))));
            pending.extend(referenced2.iter().rev().map(|&r| (Some(fragment1), r)));
        }
        Ok(())
    }

    /// Was the pair compared, in either order, under parents at least as exclusive?
    fn fragments_compared(&self, a: FragmentId, b: FragmentId, parents_exclusive: bool) -> bool {
        let compared = |key| {
            self.compared_fragment_pairs
                .get(&key)
                .is_some_and(|&exclusive| parents_exclusive || !exclusive)
        };
        compared((a, b)) || compared((b, a))
    }

    /// The sub-selections of two fields with the same response name.
    fn find_conflicts_between_sub_selection_sets(
        &mut self,
        parents_exclusive: bool,
        parent_type1: Option<TypeId>,
        selection_set1: &'a SelectionSet,
        parent_type2: Option<TypeId>,
        selection_set2: &'a SelectionSet,
    ) -> Result<Vec<Conflict<'a>>, Aborted> {
        let mut conflicts = Vec::new();
        let set1 = self.collect_fields(parent_type1, selection_set1);
        let fragments1 = self.fragment_spreads(set1)?;
        let set2 = self.collect_fields(parent_type2, selection_set2);
        let fragments2 = self.fragment_spreads(set2)?;
        self.collect_conflicts_between(&mut conflicts, parents_exclusive, set1, set2)?;
        for &fragment2 in fragments2.iter() {
            self.collect_conflicts_between_fields_and_fragment(
                &mut conflicts,
                parents_exclusive,
                set1,
                fragment2,
            )?;
        }
        for &fragment1 in fragments1.iter() {
            self.collect_conflicts_between_fields_and_fragment(
                &mut conflicts,
                parents_exclusive,
                set2,
                fragment1,
            )?;
        }
        for &fragment1 in fragments1.iter() {
            for &fragment2 in fragments2.iter() {
                self.collect_conflicts_between_fragments(
                    &mut conflicts,
                    parents_exclusive,
                    fragment1,
                    fragment2,
                )?;
            }
        }
        Ok(conflicts)
    }

    // ---- Comparing two fields --------------------------------------------------------

    /// Whether two fields with the same response name can be merged, and why not.
    fn find_conflict(
        &mut self,
        parents_exclusive: bool,
        response_name: &'a str,
        id1: FieldId,
        id2: FieldId,
    ) -> Result<Option<Conflict<'a>>, Aborted> {
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
            return Ok(None);
        }
        let conflict = |reason: String| {
            Ok(Some(Conflict {
                response_name,
                reason,
                fields1: vec![node1.span],
                fields2: vec![node2.span],
            }))
        };

        if !exclusive {
            if node1.name.value != node2.name.value {
                return conflict(format!(
                    "\"{}\" and \"{}\" are different fields",
                    abbreviate(&node1.name.value),
                    abbreviate(&node2.name.value)
                ));
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
                return conflict("they have differing arguments".to_string());
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
            return conflict(reason);
        }

        if let (Some(def1), Some(def2)) = (field1.def, field2.def) {
            if !std::ptr::eq(def1, def2) && self.types_conflict(&def1.ty, &def2.ty)? {
                return conflict(format!(
                    "they return conflicting types \"{}\" and \"{}\"",
                    self.schema.display(&def1.ty),
                    self.schema.display(&def2.ty)
                ));
            }
        }

        let (Some(selection_set1), Some(selection_set2)) =
            (&node1.selection_set, &node2.selection_set)
        else {
            return Ok(None);
        };
        if self.depth >= MAX_COMPARISON_DEPTH {
            return Err(Aborted);
        }
        self.depth += 1;
        let sub_conflicts = self.find_conflicts_between_sub_selection_sets(
            exclusive,
            field1.def.map(|d| d.ty.named()),
            selection_set1,
            field2.def.map(|d| d.ty.named()),
            selection_set2,
        );
        self.depth -= 1;
        Ok(subfield_conflicts(
            sub_conflicts?,
            response_name,
            node1.span,
            node2.span,
        ))
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

/// The conflict of two fields whose sub-selections conflict, if they do: the reasons
/// joined (`subfields "x" conflict because ...`), the sub-fields after each field.
fn subfield_conflicts<'a>(
    conflicts: Vec<Conflict<'a>>,
    response_name: &'a str,
    node1: Span,
    node2: Span,
) -> Option<Conflict<'a>> {
    if conflicts.is_empty() {
        return None;
    }
    let mut message = String::new();
    for conflict in &conflicts {
        if !message.is_empty() {
            message.push_str(" and ");
        }
        message.push_str(&format!(
            "subfields \"{}\" conflict because {}",
            abbreviate(conflict.response_name),
            conflict.reason
        ));
        if utf16_len(&message) > MAX_CONFLICT_DETAIL_LENGTH {
            break;
        }
    }
    Some(Conflict {
        response_name,
        reason: abbreviate(&message).into_owned(),
        fields1: conflict_nodes(node1, &conflicts, |c| &c.fields1),
        fields2: conflict_nodes(node2, &conflicts, |c| &c.fields2),
    })
}

/// A field, then the last sub-fields of each conflict that fit in
/// [`MAX_CONFLICT_NODES`].
fn conflict_nodes<'c>(
    node: Span,
    conflicts: &'c [Conflict<'_>],
    side: impl Fn(&'c Conflict<'_>) -> &'c [Span],
) -> Vec<Span> {
    let mut nodes = vec![node];
    for conflict in conflicts {
        let fields = side(conflict);
        let remaining = MAX_CONFLICT_NODES - nodes.len();
        nodes.extend_from_slice(&fields[fields.len().saturating_sub(remaining)..]);
        if nodes.len() == MAX_CONFLICT_NODES {
            break;
        }
    }
    nodes
}

/// The text cut to [`MAX_CONFLICT_DETAIL_LENGTH`] UTF-16 units, with `...`, if longer.
pub(super) fn abbreviate(text: &str) -> Cow<'_, str> {
    if utf16_len(text) <= MAX_CONFLICT_DETAIL_LENGTH {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_CONFLICT_DETAIL_LENGTH
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}...", &text[..end]))
}

/// Length as JavaScript counts it.
fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}
