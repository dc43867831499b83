//! Module-level types: custom scalars, enums, input objects — emitted once per module.

use crate::fast_hash::FastMap;

use super::code::{string_literal, Code};
use super::{
    allows, close_impl, deprecated, field_input_type, field_line, fields, input_derives,
    open_deserialize, open_serialize, serde_crate, Types,
};
use crate::ir::names::{ident_text, pascal_case, snake_case, Namespace};
use crate::schema::{InputValueDef, SchemaIndex, Type, TypeId, TypeKind};

pub(super) fn emit(code: &mut Code, types: &Types<'_>, id: TypeId) {
    let schema = types.schema;
    let def = schema.ty(id);
    let description = def.description.as_deref();
    match &def.kind {
        TypeKind::Scalar { .. } if types.bindings.contains_key(&def.name) => {}
        TypeKind::Scalar { .. } => {
            code.docs(description);
            code.doc(&format!(
                " The custom scalar `{}`, as the JSON string the server sends (bind it to a Rust type in the configuration's scalars).",
                def.name
            ));
            allows(code);
            code.attribute(
                "derive",
                &[
                    "Debug",
                    "Clone",
                    "PartialEq",
                    "Eq",
                    "Hash",
                    "Serialize",
                    "Deserialize",
                ],
                false,
            );
            serde_crate(code, true);
            code.line(&["pub struct ", &types.name_of(id), "(pub String);"]);
        }
        TypeKind::Enum { values } => {
            let name = types.name_of(id);
            let mut ns = Namespace::default();
            let variants: Vec<String> = values
                .iter()
                .map(|v| ident_text(&ns.claim(&[&pascal_case(&v.name)])))
                .collect();
            let other = ident_text(&ns.claim(&["Other", "UnknownValue"]));
            let texts: Vec<String> = values.iter().map(|v| string_literal(&v.name)).collect();

            code.docs(description);
            allows(code);
            code.attribute(
                "derive",
                &["Debug", "Clone", "PartialEq", "Eq", "Hash"],
                false,
            );
            code.open(&["pub enum ", &name, " {"]);
            for (value, variant) in values.iter().zip(&variants) {
                code.docs(value.description.as_deref());
                deprecated(code, value.deprecation.as_deref());
                code.line(&[variant, ","]);
            }
            code.doc(" A value this code does not know (the server's schema is newer).");
            code.line(&[&other, "(String),"]);
            code.close(&["}"]);

            allows(code);
            code.open(&["impl ", &name, " {"]);
            code.doc(" The value as GraphQL writes it.");
            code.open(&["pub fn as_str(&self) -> &str {"]);
            code.open(&["match self {"]);
            for (variant, text) in variants.iter().zip(&texts) {
                code.arm(&format!("Self::{variant}"), text);
            }
            code.arm(&format!("Self::{other}(value)"), "value");
            code.close(&["}"]);
            code.close(&["}"]);
            code.close(&["}"]);

            allows(code);
            open_serialize(code, &name);
            code.line(&["serializer.serialize_str(self.as_str())"]);
            close_impl(code);

            allows(code);
            open_deserialize(code, &name);
            code.open(&["::gqlforge::__private::deserialize_enum("]);
            code.line(&["deserializer,"]);
            code.open(&["|value| match value {"]);
            for (variant, text) in variants.iter().zip(&texts) {
                code.arm(text, &format!("Self::{variant}"));
            }
            code.arm("other", &format!("Self::{other}(other.to_owned())"));
            code.close(&["},"]);
            code.close(&[")"]);
            close_impl(code);
        }
        TypeKind::InputObject { fields, one_of } => {
            if *one_of {
                one_of_enum(code, types, id, fields);
            } else {
                input_struct(code, types, id, fields);
            }
        }
        _ => {}
    }
}

/// Which fields of input objects are boxed: those that lead back to their own object without
/// passing through a list (which already holds its items on the heap). Such a field's type and
/// its object are in the same strongly connected component of the graph whose nodes are the
/// input objects and whose edges are their fields without a list, so the components are found
/// once per module (Tarjan's algorithm, on explicit stacks: linear in the fields, and no chain
/// of types however long recurses).
pub(super) struct InputCycles {
    /// The component of each input object the module emits.
    component: FastMap<TypeId, u32>,
}

impl InputCycles {
    /// The components of the input objects among `used` (which holds every type their
    /// fields name).
    pub(super) fn new(schema: &SchemaIndex, used: &[TypeId]) -> Self {
        const UNVISITED: u32 = u32::MAX;
        let nodes: Vec<TypeId> = used
            .iter()
            .copied()
            .filter(|id| matches!(schema.ty(*id).kind, TypeKind::InputObject { .. }))
            .collect();
        let node_of: FastMap<TypeId, u32> = (0u32..)
            .zip(nodes.iter().copied())
            .map(|(n, id)| (id, n))
            .collect();
        let edges = |node: u32| {
            schema
                .input_fields(nodes[node as usize])
                .iter()
                .filter(|f| !has_list(&f.ty))
                .filter_map(|f| node_of.get(&f.ty.named()).copied())
        };
        // Tarjan's algorithm.
        let mut search = Tarjan {
            order: vec![UNVISITED; nodes.len()],
            low: vec![0; nodes.len()],
            on_stack: vec![false; nodes.len()],
            pending: Vec::new(),
            next_order: 0,
        };
        let mut component = vec![UNVISITED; nodes.len()];
        let mut components = 0;
        // The depth-first path: each node with the edges it has yet to follow.
        let mut path = Vec::new();
        for root in 0..nodes.len() as u32 {
            if search.order[root as usize] != UNVISITED {
                continue;
            }
            search.discover(root);
            path.push((root, edges(root)));
            while let Some((node, rest)) = path.last_mut() {
                let node = *node as usize;
                if let Some(next) = rest.next() {
                    if search.order[next as usize] == UNVISITED {
                        search.discover(next);
                        path.push((next, edges(next)));
                    } else if search.on_stack[next as usize] {
                        search.low[node] = search.low[node].min(search.order[next as usize]);
                    }
                    continue;
                }
                path.pop();
                if let Some((parent, _)) = path.last() {
                    let parent = *parent as usize;
                    search.low[parent] = search.low[parent].min(search.low[node]);
                }
                if search.low[node] == search.order[node] {
                    // `node` is the first of its component discovered: the component is
                    // `node` and what was discovered after it and is still pending.
                    while let Some(member) = search.pending.pop() {
                        search.on_stack[member as usize] = false;
                        component[member as usize] = components;
                        if member as usize == node {
                            break;
                        }
                    }
                    components += 1;
                }
            }
        }
        InputCycles {
            component: nodes.into_iter().zip(component).collect(),
        }
    }

    /// Does `field` of input object `owner` lead back to `owner` without a list?
    fn on_cycle(&self, owner: TypeId, field: &InputValueDef) -> bool {
        let (owner, target) = (
            self.component.get(&owner),
            self.component.get(&field.ty.named()),
        );
        !has_list(&field.ty) && owner.is_some() && owner == target
    }
}

/// Tarjan's bookkeeping per node: discovery order, the lowest order it reaches through nodes
/// whose component is not yet known, and those nodes (`pending`, `on_stack`).
struct Tarjan {
    order: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    pending: Vec<u32>,
    next_order: u32,
}

impl Tarjan {
    fn discover(&mut self, node: u32) {
        self.order[node as usize] = self.next_order;
        self.low[node as usize] = self.next_order;
        self.next_order += 1;
        self.on_stack[node as usize] = true;
        self.pending.push(node);
    }
}

fn has_list(mut ty: &Type) -> bool {
    loop {
        match ty {
            Type::List(_) => return true,
            Type::NonNull(t) => ty = t,
            Type::Named(_) => return false,
        }
    }
}

fn default_doc(code: &mut Code, field: &InputValueDef) {
    let Some(value) = &field.default_value else {
        return;
    };
    if field.description.is_some() {
        code.doc("");
    }
    code.doc(&format!(" Default: `{value}`."));
}

/// The Rust type inside a field of input object `id`: boxed when it leads back to the object.
fn input_inner(types: &Types<'_>, id: TypeId, field: &InputValueDef) -> String {
    let inner = types.named(field.ty.named(), false);
    if types.input_cycles.on_cycle(id, field) {
        format!("Box<{inner}>")
    } else {
        inner
    }
}

fn input_struct(code: &mut Code, types: &Types<'_>, id: TypeId, input_fields: &[InputValueDef]) {
    let mut ns = Namespace::default();
    let all_optional = input_fields.iter().all(|f| !f.is_required());
    code.docs(types.schema.ty(id).description.as_deref());
    allows(code);
    input_derives(code, all_optional);
    serde_crate(code, false);
    fields(
        code,
        &["pub struct ", &types.name_of(id)],
        input_fields,
        |code, f| {
            let rust_name = ns.claim(&[&snake_case(&f.name)]);
            let inner = input_inner(types, id, f);
            let (ty, serde) = field_input_type(types, &f.ty, f.default_value.is_some(), &inner);
            code.docs(f.description.as_deref());
            default_doc(code, f);
            deprecated(code, f.deprecation.as_deref());
            super::serde_attribute(code, &rust_name, &f.name, serde);
            field_line(code, &rust_name, &ty);
        },
    );
}

/// A `@oneOf` input object: exactly one field is given, so it is an enum of its fields.
fn one_of_enum(code: &mut Code, types: &Types<'_>, id: TypeId, input_fields: &[InputValueDef]) {
    let mut ns = Namespace::default();
    code.docs(types.schema.ty(id).description.as_deref());
    code.doc(" Exactly one of these (`@oneOf`).");
    allows(code);
    code.attribute("derive", &super::DERIVES, false);
    serde_crate(code, false);
    code.open(&["pub enum ", &types.name_of(id), " {"]);
    for f in input_fields {
        let variant = ident_text(&ns.claim(&[&pascal_case(&f.name)]));
        let inner = input_inner(types, id, f);
        let ty = types.wrap_non_null(f.ty.nullable(), &inner);
        code.docs(f.description.as_deref());
        deprecated(code, f.deprecation.as_deref());
        let rename = format!("rename = {}", string_literal(&f.name));
        code.attribute("serde", &[&rename], false);
        code.call_line(&variant, &ty, ",");
    }
    code.close(&["}"]);
}
