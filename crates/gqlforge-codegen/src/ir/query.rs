//! The query text an operation sends: the operation and exactly the fragments it uses, with
//! `__typename` selected in every selection set on an interface or union (the generated
//! types choose their variant by it).

use crate::fast_hash::{FastMap, FastSet};
use std::collections::BTreeMap;

use crate::document::{
    print_document, Definition, Document, Field, FragmentDefinition, Name, OperationDefinition,
    Selection, SelectionSet, ValueKind,
};
use crate::schema::{SchemaIndex, TypeId};

/// The fragments an operation uses, directly or through other fragments, in the order they
/// are first spread.
pub fn used_fragments(
    op: &OperationDefinition,
    fragments: &FastMap<&str, &FragmentDefinition>,
) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let mut seen = FastSet::default();
    let mut stack: Vec<&SelectionSet> = vec![&op.selection_set];
    while let Some(set) = stack.pop() {
        // Children are pushed in reverse so they are visited in source order.
        let mut children = Vec::new();
        for selection in &set.selections {
            match selection {
                Selection::Field(f) => children.extend(f.selection_set.as_ref()),
                Selection::InlineFragment(i) => children.push(&i.selection_set),
                Selection::FragmentSpread(s) => {
                    if let Some(fragment) = fragments.get(s.name.value.as_str()) {
                        if seen.insert(s.name.value.as_str()) {
                            used.push(s.name.value.clone());
                            children.push(&fragment.selection_set);
                        }
                    }
                }
            }
        }
        stack.extend(children.into_iter().rev());
    }
    used
}

/// The document sent for `op`: printed as graphql-js prints, descriptions left out (servers
/// on graphql-js 16 and most others cannot parse them), fragments in the order first used.
pub fn query_text(
    schema: &SchemaIndex,
    op: &OperationDefinition,
    used: &[String],
    fragments: &FastMap<&str, &FragmentDefinition>,
) -> String {
    let mut definitions = Vec::with_capacity(1 + used.len());
    let mut operation = op.clone();
    operation.description = None;
    for v in &mut operation.variable_definitions {
        v.description = None;
    }
    if let Some(root) = schema.root_type(op.kind) {
        add_typename(schema, root, &mut operation.selection_set);
    }
    definitions.push(Definition::Operation(operation));
    for name in used {
        if let Some(fragment) = fragments.get(name.as_str()) {
            let mut fragment = (*fragment).clone();
            fragment.description = None;
            if let Some(ty) = schema.type_by_name(&fragment.type_condition.value) {
                add_typename(schema, ty, &mut fragment.selection_set);
            }
            definitions.push(Definition::Fragment(fragment));
        }
    }
    print_document(&Document { definitions })
}

fn add_typename(schema: &SchemaIndex, parent: TypeId, set: &mut SelectionSet) {
    let has_key = set
        .selections
        .iter()
        .any(|s| matches!(s, Selection::Field(f) if f.response_key() == "__typename"));
    if schema.is_abstract(parent) && !has_key {
        let name = Name {
            value: "__typename".to_owned(),
            span: Default::default(),
        };
        set.selections.insert(
            0,
            Selection::Field(Field {
                alias: None,
                name,
                arguments: Vec::new(),
                directives: Vec::new(),
                selection_set: None,
                span: Default::default(),
            }),
        );
    }
    for selection in &mut set.selections {
        match selection {
            Selection::Field(field) => {
                let Some(sub) = field.selection_set.as_mut() else {
                    continue;
                };
                if let Some(def) = schema.field(parent, &field.name.value) {
                    add_typename(schema, def.ty.named(), sub);
                }
            }
            Selection::InlineFragment(inline) => {
                let ty = inline
                    .type_condition
                    .as_ref()
                    .and_then(|c| schema.type_by_name(&c.value))
                    .unwrap_or(parent);
                add_typename(schema, ty, &mut inline.selection_set);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// For each variable, the deprecation notes of the arguments it is passed to directly.
pub fn argument_deprecations(
    schema: &SchemaIndex,
    op: &OperationDefinition,
    fragments: &FastMap<&str, &FragmentDefinition>,
) -> BTreeMap<String, Vec<String>> {
    let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sets: Vec<(TypeId, &SelectionSet)> = Vec::new();
    if let Some(root) = schema.root_type(op.kind) {
        sets.push((root, &op.selection_set));
    }
    for name in used_fragments(op, fragments) {
        if let Some(fragment) = fragments.get(name.as_str()) {
            if let Some(ty) = schema.type_by_name(&fragment.type_condition.value) {
                sets.push((ty, &fragment.selection_set));
            }
        }
    }
    while let Some((parent, set)) = sets.pop() {
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    let Some(def) = schema.field(parent, &field.name.value) else {
                        continue;
                    };
                    for argument in &field.arguments {
                        let ValueKind::Variable(variable) = &argument.value.kind else {
                            continue;
                        };
                        let Some(reason) = def
                            .argument(&argument.name.value)
                            .and_then(|a| a.deprecation.as_ref())
                        else {
                            continue;
                        };
                        let note = format!(
                            "passed to `{}.{}({}:)`, which is deprecated: {reason}",
                            schema.type_name(parent),
                            def.name,
                            argument.name.value
                        );
                        let entry = notes.entry(variable.clone()).or_default();
                        if !entry.contains(&note) {
                            entry.push(note);
                        }
                    }
                    if let Some(sub) = &field.selection_set {
                        sets.push((def.ty.named(), sub));
                    }
                }
                Selection::InlineFragment(inline) => {
                    let ty = inline
                        .type_condition
                        .as_ref()
                        .and_then(|c| schema.type_by_name(&c.value))
                        .unwrap_or(parent);
                    sets.push((ty, &inline.selection_set));
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    notes
}
