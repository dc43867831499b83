//! The introspection query, in the versions servers of different ages accept, newest first.
//!
//! A server answers a query asking for a field it does not know with errors and no data
//! (`Cannot query field "isOneOf" on type "__Type".`). [`needs_older_query`] recognises that
//! answer, and the next, older query in [`INTROSPECTION_QUERIES`] is tried; the loader
//! ([`load_introspection`](super::load_introspection)) reads the result of any of them,
//! giving missing fields their defaults.

/// One version of the introspection query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntrospectionQuery {
    /// Which servers it is for, for messages: `"the current spec (isOneOf, ...)"`.
    pub name: &'static str,
    /// The document (one operation, `IntrospectionQuery`, and its fragments).
    pub query: &'static str,
    /// What this version asks for that the next one does not: a field or argument name and
    /// the introspection type or field it is on, as servers name them in their errors.
    pub newer_fields: &'static [(&'static str, &'static str)],
}

/// The query's operation name.
pub const INTROSPECTION_OPERATION_NAME: &str = "IntrospectionQuery";

/// The query with `$schema_description`, `$is_repeatable`, ... spliced in.
macro_rules! introspection_query {
    (
        schema_description: $schema_description:literal,
        is_repeatable: $is_repeatable:literal,
        specified_by: $specified_by:literal,
        is_one_of: $is_one_of:literal,
        include_deprecated: $include_deprecated:literal,
        input_deprecation: $input_deprecation:literal $(,)?
    ) => {
        concat!(
            "query IntrospectionQuery {\n",
            "  __schema {\n",
            $schema_description,
            "    queryType { name }\n",
            "    mutationType { name }\n",
            "    subscriptionType { name }\n",
            "    types { ...FullType }\n",
            "    directives {\n",
            "      name\n",
            "      description\n",
            $is_repeatable,
            "      locations\n",
            "      args",
            $include_deprecated,
            " { ...InputValue }\n",
            "    }\n",
            "  }\n",
            "}\n",
            "\n",
            "fragment FullType on __Type {\n",
            "  kind\n",
            "  name\n",
            "  description\n",
            $specified_by,
            $is_one_of,
            "  fields(includeDeprecated: true) {\n",
            "    name\n",
            "    description\n",
            "    args",
            $include_deprecated,
            " { ...InputValue }\n",
            "    type { ...TypeRef }\n",
            "    isDeprecated\n",
            "    deprecationReason\n",
            "  }\n",
            "  inputFields",
            $include_deprecated,
            " { ...InputValue }\n",
            "  interfaces { ...TypeRef }\n",
            "  enumValues(includeDeprecated: true) {\n",
            "    name\n",
            "    description\n",
            "    isDeprecated\n",
            "    deprecationReason\n",
            "  }\n",
            "  possibleTypes { ...TypeRef }\n",
            "}\n",
            "\n",
            "fragment InputValue on __InputValue {\n",
            "  name\n",
            "  description\n",
            "  type { ...TypeRef }\n",
            "  defaultValue\n",
            $input_deprecation,
            "}\n",
            "\n",
            "fragment TypeRef on __Type {\n",
            "  kind\n",
            "  name\n",
            "  ofType {\n",
            "    kind\n",
            "    name\n",
            "    ofType {\n",
            "      kind\n",
            "      name\n",
            "      ofType {\n",
            "        kind\n",
            "        name\n",
            "        ofType {\n",
            "          kind\n",
            "          name\n",
            "          ofType {\n",
            "            kind\n",
            "            name\n",
            "            ofType {\n",
            "              kind\n",
            "              name\n",
            "              ofType {\n",
            "                kind\n",
            "                name\n",
            "                ofType {\n",
            "                  kind\n",
            "                  name\n",
            "                }\n",
            "              }\n",
            "            }\n",
            "          }\n",
            "        }\n",
            "      }\n",
            "    }\n",
            "  }\n",
            "}\n",
        )
    };
}

/// The versions, newest first. Each asks for less than the one before it.
pub const INTROSPECTION_QUERIES: [IntrospectionQuery; 4] = [
    IntrospectionQuery {
        name: "the current spec draft (isOneOf, deprecated arguments and input fields)",
        query: introspection_query!(
            schema_description: "    description\n",
            is_repeatable: "      isRepeatable\n",
            specified_by: "  specifiedByURL\n",
            is_one_of: "  isOneOf\n",
            include_deprecated: "(includeDeprecated: true)",
            input_deprecation: "  isDeprecated\n  deprecationReason\n",
        ),
        newer_fields: &[("isOneOf", "__Type")],
    },
    IntrospectionQuery {
        name: "servers without @oneOf (graphql-js 16.0 to 16.8)",
        query: introspection_query!(
            schema_description: "    description\n",
            is_repeatable: "      isRepeatable\n",
            specified_by: "  specifiedByURL\n",
            is_one_of: "",
            include_deprecated: "(includeDeprecated: true)",
            input_deprecation: "  isDeprecated\n  deprecationReason\n",
        ),
        newer_fields: &[
            ("includeDeprecated", "args"),
            ("includeDeprecated", "inputFields"),
            ("isDeprecated", "__InputValue"),
            ("deprecationReason", "__InputValue"),
        ],
    },
    IntrospectionQuery {
        name: "the October 2021 spec (no deprecated arguments or input fields)",
        query: introspection_query!(
            schema_description: "    description\n",
            is_repeatable: "      isRepeatable\n",
            specified_by: "  specifiedByURL\n",
            is_one_of: "",
            include_deprecated: "",
            input_deprecation: "",
        ),
        newer_fields: &[
            ("description", "__Schema"),
            ("specifiedByURL", "__Type"),
            ("isRepeatable", "__Directive"),
        ],
    },
    IntrospectionQuery {
        name: "the June 2018 spec (no schema description, specifiedByURL or isRepeatable)",
        query: introspection_query!(
            schema_description: "",
            is_repeatable: "",
            specified_by: "",
            is_one_of: "",
            include_deprecated: "",
            input_deprecation: "",
        ),
        newer_fields: &[],
    },
];

/// Did the server reject [`INTROSPECTION_QUERIES`]`[version]` because it does not know some
/// of the fields it asks for, so that an older version may work? `messages` are the errors
/// it answered with (and no data). True when one names a field or argument this version or
/// a newer one asks for and an older one does not, with the type or field it is on.
pub fn needs_older_query<'m>(version: usize, messages: impl IntoIterator<Item = &'m str>) -> bool {
    let newer: Vec<(&str, &str)> = INTROSPECTION_QUERIES
        .iter()
        .take(INTROSPECTION_QUERIES.len() - 1)
        .skip(version)
        .flat_map(|q| q.newer_fields.iter().copied())
        .collect();
    messages.into_iter().any(|message| {
        newer
            .iter()
            .any(|(name, on)| message.contains(name) && message.contains(on))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_document;
    use crate::schema::load_sdl;
    use crate::validate;

    #[test]
    fn every_version_is_valid_against_the_spec_introspection_types() {
        let schema = load_sdl("s.graphql", "type Query { a: Int }").unwrap().0;
        for q in INTROSPECTION_QUERIES {
            let document = parse_document(q.query).unwrap_or_else(|e| panic!("{e:?}"));
            let errors = validate(&schema, &document);
            assert!(errors.is_empty(), "{}: {errors:?}", q.name);
        }
    }

    #[test]
    fn each_version_drops_what_it_says_the_previous_one_has() {
        for pair in INTROSPECTION_QUERIES.windows(2) {
            let (newer, older) = (pair[0], pair[1]);
            assert!(!newer.newer_fields.is_empty());
            for (name, _) in newer.newer_fields {
                assert!(newer.query.contains(name), "{name}");
            }
            assert!(older.query.len() < newer.query.len());
        }
        assert!(!INTROSPECTION_QUERIES[1].query.contains("isOneOf"));
        assert!(!INTROSPECTION_QUERIES[2]
            .query
            .contains("includeDeprecated: true) { ...InputValue"));
        let oldest = INTROSPECTION_QUERIES[3].query;
        for absent in [
            "specifiedByURL",
            "isRepeatable",
            "    description\n    queryType",
        ] {
            assert!(!oldest.contains(absent), "{absent}");
        }
    }

    #[test]
    fn unknown_fields_of_newer_versions_ask_for_an_older_one() {
        let one_of = "Cannot query field \"isOneOf\" on type \"__Type\".";
        assert!(needs_older_query(0, [one_of]));
        assert!(!needs_older_query(1, [one_of]));
        let argument = "Unknown argument \"includeDeprecated\" on field \"__Field.args\".";
        assert!(needs_older_query(0, [argument]));
        assert!(needs_older_query(1, [argument]));
        assert!(!needs_older_query(2, [argument]));
        let repeatable = "Cannot query field \"isRepeatable\" on type \"__Directive\".";
        assert!(needs_older_query(2, [repeatable]));
        assert!(!needs_older_query(3, [repeatable]));
        // async-graphql's and HotChocolate's wording.
        assert!(needs_older_query(
            0,
            ["Unknown field \"isOneOf\" on type \"__Type\"."]
        ));
        assert!(needs_older_query(
            2,
            ["The field `specifiedByURL` does not exist on the type `__Type`."]
        ));
        // Anything else is the answer.
        let disabled = "GraphQL introspection has been disabled, but the requested query contained the field \"__schema\".";
        assert!(!needs_older_query(0, [disabled]));
        assert!(!needs_older_query(
            0,
            ["Cannot query field \"description\" on type \"__Type\"."]
        ));
    }
}
