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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    const STRING_ONLY: &str = r#"
type Query {
  foo: String
}
"#;

    #[test]
    fn known_type_names_are_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo(
              $var: String
              $required: [Int!]!
              $introspectionType: __EnumValue
            ) {
              user(id: 4) {
                pets { ... on Pet { name }, ...PetFields, ... { name } }
              }
            }

            fragment PetFields on Pet {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn unknown_type_names_are_invalid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($var: JumbledUpLetters) {
              user(id: 4) {
                name
                pets { ... on Badger { name }, ...PetFields }
              }
            }
            fragment PetFields on Peat {
              name
            }
            "#,
            &[
                ("Unknown type \"JumbledUpLetters\".", &[(2, 29)]),
                ("Unknown type \"Badger\".", &[(5, 31)]),
                (
                    "Unknown type \"Peat\". Did you mean \"Pet\" or \"Cat\"?",
                    &[(8, 35)],
                ),
            ],
        );
    }

    #[test]
    fn unknown_types_in_nested_variable_types_suggest_near_names() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($a: [Strin!]!, $b: Boolan, $c: dog, $d: __type, $e: [[complexinput]]) {
              dog { name }
            }
            "#,
            &[
                (
                    "Unknown type \"Strin\". Did you mean \"String\"?",
                    &[(2, 28)],
                ),
                (
                    "Unknown type \"Boolan\". Did you mean \"Boolean\"?",
                    &[(2, 42)],
                ),
                ("Unknown type \"dog\". Did you mean \"Dog\"?", &[(2, 54)]),
                (
                    "Unknown type \"__type\". Did you mean \"__Type\"?",
                    &[(2, 63)],
                ),
                (
                    "Unknown type \"complexinput\". Did you mean \"ComplexInput\"?",
                    &[(2, 77)],
                ),
            ],
        );
    }

    #[test]
    fn types_defined_in_the_document_are_known() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query Foo($x: DefinedHere, $y: ExtendedHere, $z: DefinedHre) {
              dog { name }
            }
            input DefinedHere { a: Int }
            extend input ExtendedHere { a: Int }
            "#,
            &[
                (
                    "Unknown type \"ExtendedHere\". Did you mean \"DefinedHere\"?",
                    &[(2, 44)],
                ),
                (
                    "Unknown type \"DefinedHre\". Did you mean \"DefinedHere\"?",
                    &[(2, 62)],
                ),
            ],
        );
    }

    #[test]
    fn standard_scalars_the_schema_does_not_use_are_unknown() {
        expect_errors(
            RULE,
            STRING_ONLY,
            r#"
            query ($id: ID, $float: Float, $int: Int, $string: String, $boolean: Boolean) {
              __typename
            }
            "#,
            &[
                ("Unknown type \"ID\".", &[(2, 25)]),
                ("Unknown type \"Float\".", &[(2, 37)]),
                ("Unknown type \"Int\".", &[(2, 50)]),
            ],
        );
    }

    #[test]
    fn a_misspelt_standard_scalar_suggests_only_those_the_schema_has() {
        expect_errors(
            RULE,
            STRING_ONLY,
            r#"
            query ($a: Flaot, $b: Innt, $c: Strin) {
              __typename
            }
            "#,
            &[
                ("Unknown type \"Flaot\".", &[(2, 24)]),
                ("Unknown type \"Innt\".", &[(2, 35)]),
                (
                    "Unknown type \"Strin\". Did you mean \"String\"?",
                    &[(2, 45)],
                ),
            ],
        );
    }
}
