//! What every schema has without declaring it: the introspection types and the
//! directives the spec defines (`@include`, `@skip`, `@deprecated`, `@specifiedBy`, `@oneOf`).

use std::sync::OnceLock;

use super::index::{DirectiveDraft, DirectiveLocation, SchemaDraft, TypeDraft, TypeKindDraft};

pub(crate) const BUILTIN_DIRECTIVE_NAMES: [&str; 5] =
    ["include", "skip", "deprecated", "specifiedBy", "oneOf"];

/// The introspection types of the GraphQL spec (as graphql-js 17 serves them).
const INTROSPECTION_SDL: &str = r#"
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives(includeDeprecated: Boolean! = false): [__Directive!]!
}
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  specifiedByURL: String
  fields(includeDeprecated: Boolean! = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean! = false): [__EnumValue!]
  inputFields(includeDeprecated: Boolean! = false): [__InputValue!]
  ofType: __Type
  isOneOf: Boolean
}
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Field {
  name: String!
  description: String
  args(includeDeprecated: Boolean! = false): [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
  isDeprecated: Boolean!
  deprecationReason: String
}
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
type __Directive {
  name: String!
  description: String
  isRepeatable: Boolean!
  locations: [__DirectiveLocation!]!
  args(includeDeprecated: Boolean! = false): [__InputValue!]!
}
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT
  VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE
  UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION
}

"Directs the executor to include this field or fragment only when the `if` argument is true."
directive @include("Included when true." if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

"Directs the executor to skip this field or fragment when the `if` argument is true."
directive @skip("Skipped when true." if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

"Marks an element of a GraphQL schema as no longer supported."
directive @deprecated(
  "Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/)."
  reason: String! = "No longer supported"
) on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE

"Exposes a URL that specifies the behavior of this scalar."
directive @specifiedBy("The URL that specifies the behavior of this scalar." url: String!) on SCALAR

"Indicates exactly one field must be supplied and this field must not be `null`."
directive @oneOf on INPUT_OBJECT
"#;

/// The SDL above, parsed once per process.
fn parsed() -> &'static SchemaDraft {
    static PARSED: OnceLock<SchemaDraft> = OnceLock::new();
    PARSED.get_or_init(|| {
        // The text above is a constant of this crate; a failure here is a bug in it, caught
        // by the tests.
        let (mut draft, _warnings) =
            super::sdl::parse_sdl_draft("<introspection>", INTROSPECTION_SDL, None)
                .expect("the built-in introspection SDL parses");
        // Not written in any user's file.
        for t in &mut draft.types {
            t.location = None;
            if let TypeKindDraft::Object { fields, .. } = &mut t.kind {
                for f in fields {
                    f.location = None;
                }
            }
        }
        // graphql-js 17 also allows `@deprecated` on directive definitions, a location our
        // SDL parser does not read.
        for d in &mut draft.directives {
            if d.name == "deprecated" {
                d.locations.push(DirectiveLocation::DirectiveDefinition);
            }
        }
        draft
    })
}

/// The introspection types, to merge into a user's schema.
pub(crate) fn introspection_types() -> &'static [TypeDraft] {
    &parsed().types
}

/// The directives the spec defines.
pub(crate) fn builtin_directives() -> &'static [DirectiveDraft] {
    &parsed().directives
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_into_the_spec_types_and_directives() {
        let names: Vec<&str> = introspection_types()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "__Schema",
                "__Type",
                "__TypeKind",
                "__Field",
                "__InputValue",
                "__EnumValue",
                "__Directive",
                "__DirectiveLocation"
            ]
        );
        let names: Vec<&str> = builtin_directives()
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, BUILTIN_DIRECTIVE_NAMES);
        let deprecated = &builtin_directives()[2];
        assert_eq!(
            deprecated.arguments[0].default_value.as_deref(),
            Some("\"No longer supported\"")
        );
    }
}
