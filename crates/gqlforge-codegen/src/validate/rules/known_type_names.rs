//! KnownTypeNamesRule (spec 5.5.1.2 Fragment Spread Type Existence, 5.8.2 Variables Are
//! Input Types): every type named in a type condition or a variable's type exists.
//!
//! As in graphql-js, a type is known when the schema has it or when a type definition in
//! the document itself defines it (such a definition is an ExecutableDefinitionsRule error).
//! The spec's scalars are known only when the schema has them, except inside type-system
//! definitions, where graphql-js accepts them and the introspection types all the same.

use crate::fast_hash::{FastMap, FastSet};

use crate::diagnostics::{did_you_mean, suggestion_list};
use crate::document::{
    Definition, Document, FragmentDefinition, Name, OperationDefinition, TypeSystemDefinition,
};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "KnownTypeNamesRule";

/// graphql-js's `isTypeDefinitionNode` kinds (extensions do not define a type).
const TYPE_DEFINITION_KINDS: [&str; 6] = [
    "ScalarTypeDefinition",
    "ObjectTypeDefinition",
    "InterfaceTypeDefinition",
    "UnionTypeDefinition",
    "EnumTypeDefinition",
    "InputObjectTypeDefinition",
];

/// graphql-js's `standardTypeNames`: the spec's scalars and the introspection types.
const STANDARD_TYPE_NAMES: [&str; 13] = [
    "String",
    "Int",
    "Float",
    "Boolean",
    "ID",
    "__Schema",
    "__Directive",
    "__DirectiveLocation",
    "__Type",
    "__Field",
    "__InputValue",
    "__EnumValue",
    "__TypeKind",
];

#[derive(Default)]
pub(crate) struct KnownTypeNamesRule<'a> {
    /// Types defined by type-system definitions in the document.
    defined_in_document: FastSet<&'a str>,
    /// Whether the definition being walked is a type-system definition.
    in_type_system: bool,
    /// The message for each unknown name (and whether it is in a type-system
    /// definition), computed once.
    messages: FastMap<(&'a str, bool), String>,
}

impl<'a> Rule<'a> for KnownTypeNamesRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        for definition in &doc.definitions {
            if let Definition::TypeSystem(def) = definition {
                if let Some(name) = &def.name {
                    if TYPE_DEFINITION_KINDS.contains(&def.kind) {
                        self.defined_in_document.insert(&name.value);
                    }
                }
            }
        }
    }

    fn enter_operation(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        _op: &'a OperationDefinition,
    ) -> Flow {
        self.in_type_system = false;
        Flow::Continue
    }

    fn enter_fragment(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        _fragment: &'a FragmentDefinition,
    ) -> Flow {
        self.in_type_system = false;
        Flow::Continue
    }

    fn enter_type_system_definition(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        _def: &'a TypeSystemDefinition,
    ) {
        self.in_type_system = true;
    }

    fn enter_named_type(&mut self, cx: &mut ValidationContext<'a>, name: &'a Name) {
        let type_name = name.value.as_str();
        let sdl = self.in_type_system;
        if cx.schema.type_by_name(type_name).is_some()
            || self.defined_in_document.contains(type_name)
            || (sdl && STANDARD_TYPE_NAMES.contains(&type_name))
        {
            return;
        }
        let defined_in_document = &self.defined_in_document;
        let message = self.messages.entry((type_name, sdl)).or_insert_with(|| {
            let standard = if sdl { &STANDARD_TYPE_NAMES[..] } else { &[] };
            let known = standard
                .iter()
                .copied()
                .chain(cx.schema.types().iter().map(|t| t.name.as_str()))
                .chain(defined_in_document.iter().copied());
            let suggestions = suggestion_list(type_name, known);
            format!(
                "Unknown type \"{type_name}\".{}",
                did_you_mean(None, &suggestions)
            )
        });
        cx.report(RULE, message.clone(), vec![name.span]);
    }
}
