//! Introspection JSON → [`SchemaDraft`] (spec section 4, "Introspection").
//!
//! Reads the result of the standard introspection query, `{"__schema": ...}`, bare or inside
//! the response's `{"data": ...}`. Servers answer older versions of the query, so every
//! field added to it over time may be missing and then takes its default: `description`,
//! `specifiedByURL` (also read under its old name `specifiedByUrl`), `isOneOf`,
//! `isRepeatable`, argument deprecation, and directive `locations` (before 2016 servers sent
//! `onOperation` / `onFragment` / `onField`). A directive location this version does not
//! know is skipped: the directive just cannot be used there.
//!
//! Like graphql-js's `buildClientSchema`, the introspection types (`__Type`, ...) the server
//! lists are replaced by the spec's, and roots are only those the server names. Unlike it, a
//! field with `isDeprecated: true` but no reason is deprecated ("No longer supported").
//!
//! Errors carry the line and column serde_json reports; an unknown type named in a
//! reference is reported where the first reference to it is written.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::index::{
    DirectiveDraft, DirectiveLocation, EnumValueDef, FieldDraft, InputValueDraft, SchemaDraft,
    SchemaIndex, TypeDraft, TypeKindDraft, TypeRefDraft,
};
use crate::diagnostics::{SchemaError, SchemaWarning};
use crate::source::LineColumn;

/// How deep `ofType` may nest. The standard query asks for 9 levels.
const MAX_TYPE_REF_DEPTH: usize = 32;

/// The reason given for a deprecated field whose server gave none.
const DEFAULT_DEPRECATION_REASON: &str = "No longer supported";

const SHAPE_HINT: &str = "expected the result of the introspection query: \
     {\"data\": {\"__schema\": ...}} or {\"__schema\": ...}";

/// Loads a schema from an introspection result, with the warnings of its validation.
pub fn load_introspection(
    name: &str,
    json: &str,
) -> Result<(SchemaIndex, Vec<SchemaWarning>), SchemaError> {
    let (schema, mut warnings) = introspection_draft(name, json)?
        .build()
        .map_err(|e| locate_unknown_type(e, json).in_file(name))?;
    for w in &mut warnings {
        w.file = Some(name.to_string());
    }
    Ok((schema, warnings))
}

/// Reads an introspection result into a draft whose names are not resolved yet.
pub(crate) fn introspection_draft(name: &str, json: &str) -> Result<SchemaDraft, SchemaError> {
    let response: Response = serde_json::from_str(json).map_err(|e| json_error(name, &e))?;
    let schema = match (response.schema, response.data) {
        (Some(schema), _)
        | (
            None,
            Some(Data {
                schema: Some(schema),
            }),
        ) => schema,
        _ => {
            let mut error = SchemaError::new("The JSON has no \"__schema\" introspection result.")
                .in_file(name)
                .with_hint(SHAPE_HINT);
            if let Some(first) = response.errors.first() {
                error.message = format!(
                    "The server answered the introspection query with an error: {}",
                    first.message
                );
                error.hint =
                    Some("fix the server's error, or introspect with a token that may".into());
            }
            return Err(error);
        }
    };
    schema.into_draft().map_err(|e| e.in_file(name))
}

fn json_error(file: &str, e: &serde_json::Error) -> SchemaError {
    // serde_json's message ends with " at line L column C", which the location says.
    let text = e.to_string();
    let message = text
        .rfind(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    let (message, hint) = match e.classify() {
        serde_json::error::Category::Io | serde_json::error::Category::Syntax => (
            format!("The introspection result is not valid JSON: {message}."),
            "the file must hold the JSON response to the introspection query",
        ),
        serde_json::error::Category::Eof => (
            format!("The introspection result is cut short: {message}."),
            "the file must hold the whole JSON response to the introspection query",
        ),
        serde_json::error::Category::Data => (
            format!("The introspection result has an unexpected shape: {message}."),
            SHAPE_HINT,
        ),
    };
    let location = (e.line() > 0).then(|| LineColumn {
        line: e.line(),
        column: e.column(),
    });
    SchemaError::new(message)
        .in_file(file)
        .at(location)
        .with_hint(hint)
}

/// An unknown type is named in a reference `{"kind": ..., "name": "X", ...}`: points the
/// error at the first `"name": "X"` in the text, which is such a reference, since no type
/// with that name is defined.
fn locate_unknown_type(error: SchemaError, json: &str) -> SchemaError {
    let Some(unknown) = error
        .message
        .strip_prefix("Unknown type \"")
        .and_then(|rest| rest.split('"').next())
    else {
        return error;
    };
    let quoted = format!("\"{unknown}\"");
    let mut search = 0;
    while let Some(found) = json[search..].find(&quoted).map(|i| search + i) {
        search = found + quoted.len();
        let before = json[..found].trim_end();
        let Some(before) = before.strip_suffix(':') else {
            continue;
        };
        if before.trim_end().ends_with("\"name\"") {
            let line_start = json[..found].rfind('\n').map_or(0, |i| i + 1);
            let location = LineColumn {
                line: json[..found].matches('\n').count() + 1,
                column: json[line_start..found].chars().count() + 1,
            };
            return error.at(Some(location)).with_hint(
                "the introspection result refers to a type it does not list; is it complete?",
            );
        }
    }
    error
}

// -- The shape of the JSON --------------------------------------------------------------

#[derive(Deserialize)]
struct Response {
    data: Option<Data>,
    #[serde(rename = "__schema")]
    schema: Option<IntrospectionSchema>,
    #[serde(default)]
    errors: Vec<ServerError>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "__schema")]
    schema: Option<IntrospectionSchema>,
}

#[derive(Deserialize)]
struct ServerError {
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntrospectionSchema {
    #[serde(default)]
    description: Option<String>,
    query_type: Option<NamedRef>,
    #[serde(default)]
    mutation_type: Option<NamedRef>,
    #[serde(default)]
    subscription_type: Option<NamedRef>,
    types: Vec<FullType>,
    #[serde(default)]
    directives: Vec<Directive>,
}

#[derive(Deserialize)]
struct NamedRef {
    name: String,
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Kind {
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
    List,
    NonNull,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FullType {
    kind: Kind,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, rename = "specifiedByURL", alias = "specifiedByUrl")]
    specified_by_url: Option<String>,
    #[serde(default)]
    is_one_of: Option<bool>,
    #[serde(default)]
    fields: Option<Vec<Field>>,
    #[serde(default)]
    input_fields: Option<Vec<InputValue>>,
    #[serde(default)]
    interfaces: Option<Vec<NamedRef>>,
    #[serde(default)]
    enum_values: Option<Vec<EnumValue>>,
    #[serde(default)]
    possible_types: Option<Vec<NamedRef>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Field {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    args: Vec<InputValue>,
    #[serde(rename = "type", deserialize_with = "type_ref")]
    ty: TypeRefDraft,
    #[serde(default)]
    is_deprecated: bool,
    #[serde(default)]
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InputValue {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "type", deserialize_with = "type_ref")]
    ty: TypeRefDraft,
    #[serde(default)]
    default_value: Option<String>,
    #[serde(default)]
    is_deprecated: bool,
    #[serde(default)]
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnumValue {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_deprecated: bool,
    #[serde(default)]
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Directive {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_repeatable: bool,
    #[serde(default)]
    locations: Option<Vec<String>>,
    #[serde(default)]
    args: Vec<InputValue>,
    #[serde(default)]
    on_operation: bool,
    #[serde(default)]
    on_fragment: bool,
    #[serde(default)]
    on_field: bool,
}

/// `{"kind": "NON_NULL", "name": null, "ofType": {...}}`, read straight into a
/// [`TypeRefDraft`] so that a malformed or too deep reference is an error where it is written.
fn type_ref<'de, D: Deserializer<'de>>(deserializer: D) -> Result<TypeRefDraft, D::Error> {
    TypeRefSeed { depth: 0 }.deserialize(deserializer)
}

struct TypeRefSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for TypeRefSeed {
    type Value = TypeRefDraft;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TypeRefDraft, D::Error> {
        if self.depth > MAX_TYPE_REF_DEPTH {
            return Err(de::Error::custom(format_args!(
                "a type reference nests `ofType` more than {MAX_TYPE_REF_DEPTH} deep"
            )));
        }
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TypeRefSeed {
    type Value = TypeRefDraft;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a type reference {\"kind\": ..., \"name\": ..., \"ofType\": ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeRefDraft, A::Error> {
        let mut kind: Option<Kind> = None;
        let mut name: Option<String> = None;
        let mut of_type: Option<TypeRefDraft> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => kind = Some(map.next_value()?),
                "name" => name = map.next_value()?,
                "ofType" => {
                    of_type = map.next_value_seed(OptionalTypeRef {
                        depth: self.depth + 1,
                    })?
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let wrapped = |of_type: Option<TypeRefDraft>, kind: &str| {
            of_type.map(Box::new).ok_or_else(|| {
                de::Error::custom(format_args!("a {kind} type reference needs an `ofType`"))
            })
        };
        match kind {
            None => Err(de::Error::missing_field("kind")),
            Some(Kind::List) => Ok(TypeRefDraft::List(wrapped(of_type, "LIST")?)),
            Some(Kind::NonNull) => match wrapped(of_type, "NON_NULL")? {
                inner if matches!(*inner, TypeRefDraft::NonNull(_)) => Err(de::Error::custom(
                    "a NON_NULL type reference wraps another NON_NULL",
                )),
                inner => Ok(TypeRefDraft::NonNull(inner)),
            },
            Some(_) => name
                .map(TypeRefDraft::Named)
                .ok_or_else(|| de::Error::custom("a named type reference needs a `name`")),
        }
    }
}

/// `ofType`: a type reference or `null`.
struct OptionalTypeRef {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for OptionalTypeRef {
    type Value = Option<TypeRefDraft>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<TypeRefDraft>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalTypeRef {
    type Value = Option<TypeRefDraft>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a type reference or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<TypeRefDraft>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<TypeRefDraft>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<TypeRefDraft>, D::Error> {
        TypeRefSeed { depth: self.depth }
            .deserialize(deserializer)
            .map(Some)
    }
}

// -- JSON → draft -------------------------------------------------------------------------

fn deprecation(is_deprecated: bool, reason: Option<String>) -> Option<String> {
    match reason {
        Some(reason) => Some(reason),
        None if is_deprecated => Some(DEFAULT_DEPRECATION_REASON.to_string()),
        None => None,
    }
}

impl InputValue {
    fn into_draft(self) -> InputValueDraft {
        InputValueDraft {
            name: self.name,
            description: self.description,
            ty: self.ty,
            default_value: self.default_value,
            deprecation: deprecation(self.is_deprecated, self.deprecation_reason),
        }
    }
}

fn input_values(values: Vec<InputValue>) -> Vec<InputValueDraft> {
    values.into_iter().map(InputValue::into_draft).collect()
}

fn names(refs: Option<Vec<NamedRef>>) -> Vec<String> {
    refs.unwrap_or_default()
        .into_iter()
        .map(|r| r.name)
        .collect()
}

impl IntrospectionSchema {
    fn into_draft(self) -> Result<SchemaDraft, SchemaError> {
        let mut types = Vec::with_capacity(self.types.len());
        for t in self.types {
            // The spec's own, added by `SchemaDraft::build`.
            if t.name.starts_with("__") {
                continue;
            }
            types.push(t.into_draft()?);
        }
        let directives = self
            .directives
            .into_iter()
            .map(Directive::into_draft)
            .collect();
        Ok(SchemaDraft {
            description: self.description,
            types,
            directives,
            query: self.query_type.map(|r| r.name),
            mutation: self.mutation_type.map(|r| r.name),
            subscription: self.subscription_type.map(|r| r.name),
            explicit_roots: true,
            // Text from a server: `build` parses each as graphql-js's `parseValue` does.
            default_values_parsed: false,
        })
    }
}

impl FullType {
    fn into_draft(self) -> Result<TypeDraft, SchemaError> {
        let object_fields = |fields: Option<Vec<Field>>| -> Vec<FieldDraft> {
            fields
                .unwrap_or_default()
                .into_iter()
                .map(|f| FieldDraft {
                    name: f.name,
                    description: f.description,
                    arguments: input_values(f.args),
                    ty: f.ty,
                    deprecation: deprecation(f.is_deprecated, f.deprecation_reason),
                    location: None,
                })
                .collect()
        };
        let kind = match self.kind {
            Kind::Scalar => TypeKindDraft::Scalar {
                specified_by: self.specified_by_url,
            },
            Kind::Object => TypeKindDraft::Object {
                fields: object_fields(self.fields),
                interfaces: names(self.interfaces),
            },
            Kind::Interface => TypeKindDraft::Interface {
                fields: object_fields(self.fields),
                interfaces: names(self.interfaces),
            },
            Kind::Union => TypeKindDraft::Union {
                members: names(self.possible_types),
            },
            Kind::Enum => TypeKindDraft::Enum {
                values: self
                    .enum_values
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| EnumValueDef {
                        name: v.name,
                        description: v.description,
                        deprecation: deprecation(v.is_deprecated, v.deprecation_reason),
                    })
                    .collect(),
            },
            Kind::InputObject => TypeKindDraft::InputObject {
                fields: input_values(self.input_fields.unwrap_or_default()),
                one_of: self.is_one_of.unwrap_or(false),
            },
            Kind::List | Kind::NonNull => {
                return Err(SchemaError::new(format!(
                    "The type \"{}\" is listed with kind {}, which only type references have.",
                    self.name,
                    if self.kind == Kind::List {
                        "LIST"
                    } else {
                        "NON_NULL"
                    }
                ))
                .with_hint("the `types` of an introspection result are named types"))
            }
        };
        Ok(TypeDraft {
            name: self.name,
            description: self.description,
            kind,
            location: None,
        })
    }
}

impl Directive {
    fn into_draft(self) -> DirectiveDraft {
        let locations = match self.locations {
            Some(locations) => locations
                .iter()
                .filter_map(|l| DirectiveLocation::parse(l))
                .collect(),
            None => {
                use DirectiveLocation as L;
                let mut locations = Vec::new();
                if self.on_operation {
                    locations.extend([L::Query, L::Mutation, L::Subscription]);
                }
                if self.on_fragment {
                    locations.extend([L::FragmentDefinition, L::FragmentSpread, L::InlineFragment]);
                }
                if self.on_field {
                    locations.push(L::Field);
                }
                locations
            }
        };
        DirectiveDraft {
            name: self.name,
            description: self.description,
            arguments: input_values(self.args),
            repeatable: self.is_repeatable,
            locations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{load_sdl, TypeId, TypeKind};

    const COUNTRIES_SDL: &str = include_str!("../../tests/fixtures/countries.graphql");
    const COUNTRIES_JSON: &str = include_str!("../../tests/fixtures/countries.introspection.json");
    const SWAPI_SDL: &str = include_str!("../../tests/fixtures/swapi.graphql");
    const SWAPI_JSON: &str = include_str!("../../tests/fixtures/swapi.introspection.json");

    /// Everything the index says, one line per fact, in an order that does not depend on the
    /// order of definitions (which differs between SDL and introspection).
    fn facts(s: &SchemaIndex) -> Vec<String> {
        let name = |id| s.type_name(id).to_string();
        let mut facts = Vec::new();
        for id in s.type_ids() {
            let t = s.ty(id);
            let n = &t.name;
            facts.push(format!(
                "{n}: builtin {} description {:?}",
                t.builtin, t.description
            ));
            match &t.kind {
                TypeKind::Scalar { specified_by } => {
                    facts.push(format!("{n}: scalar {specified_by:?}"))
                }
                TypeKind::Object(o) | TypeKind::Interface(o) => {
                    let interfaces: Vec<String> = o.interfaces.iter().map(|&i| name(i)).collect();
                    facts.push(format!(
                        "{n}: object/interface {} implements {interfaces:?}",
                        s.is_object(id)
                    ));
                    for (i, f) in o.fields.iter().enumerate() {
                        facts.push(format!(
                            "{n}.{} #{i}: {} {:?} deprecated {:?}",
                            f.name,
                            s.display(&f.ty),
                            f.description,
                            f.deprecation
                        ));
                        for (j, a) in f.arguments.iter().enumerate() {
                            facts.push(format!(
                                "{n}.{}({}:) #{j}: {} = {:?} {:?} deprecated {:?}",
                                f.name,
                                a.name,
                                s.display(&a.ty),
                                a.default_value,
                                a.description,
                                a.deprecation
                            ));
                        }
                    }
                }
                TypeKind::Union { members } => {
                    let members: Vec<String> = members.iter().map(|&m| name(m)).collect();
                    facts.push(format!("{n}: union {members:?}"));
                }
                TypeKind::Enum { values } => {
                    for (i, v) in values.iter().enumerate() {
                        facts.push(format!(
                            "{n}.{} #{i}: {:?} deprecated {:?}",
                            v.name, v.description, v.deprecation
                        ));
                    }
                }
                TypeKind::InputObject { fields, one_of } => {
                    facts.push(format!("{n}: input oneOf {one_of}"));
                    for (i, f) in fields.iter().enumerate() {
                        facts.push(format!(
                            "{n}.{} #{i}: {} = {:?} {:?} deprecated {:?}",
                            f.name,
                            s.display(&f.ty),
                            f.default_value,
                            f.description,
                            f.deprecation
                        ));
                    }
                }
            }
            let mut possible: Vec<String> = s.possible_types(id).iter().map(|&p| name(p)).collect();
            possible.sort();
            let mut implementations: Vec<String> = s
                .interface_implementations(id)
                .iter()
                .map(|&p| name(p))
                .collect();
            implementations.sort();
            facts.push(format!(
                "{n}: possible {possible:?} implementations {implementations:?}"
            ));
        }
        for d in s.directives() {
            facts.push(format!(
                "@{}: {:?} repeatable {} on {:?} builtin {}",
                d.name, d.description, d.repeatable, d.locations, d.builtin
            ));
            for a in &d.arguments {
                facts.push(format!(
                    "@{}({}:): {} = {:?} {:?} deprecated {:?}",
                    d.name,
                    a.name,
                    s.display(&a.ty),
                    a.default_value,
                    a.description,
                    a.deprecation
                ));
            }
        }
        let root = |r: Option<TypeId>| r.map(name);
        facts.push(format!(
            "roots {:?} {:?} {:?} description {:?}",
            root(s.query_type()),
            root(s.mutation_type()),
            root(s.subscription_type()),
            s.description
        ));
        facts.sort();
        facts
    }

    fn assert_same_facts(from_json: &SchemaIndex, from_sdl: &SchemaIndex) {
        let (json, sdl) = (facts(from_json), facts(from_sdl));
        let only_json: Vec<&String> = json.iter().filter(|f| !sdl.contains(f)).collect();
        let only_sdl: Vec<&String> = sdl.iter().filter(|f| !json.contains(f)).collect();
        assert!(
            only_json.is_empty() && only_sdl.is_empty(),
            "only from JSON: {only_json:#?}\nonly from SDL: {only_sdl:#?}"
        );
    }

    #[test]
    fn corpus_introspection_loads_the_same_schema_as_its_sdl() {
        for (name, sdl, json) in [
            ("countries", COUNTRIES_SDL, COUNTRIES_JSON),
            ("swapi", SWAPI_SDL, SWAPI_JSON),
        ] {
            let (from_json, _) = load_introspection(name, json).unwrap_or_else(|e| panic!("{e}"));
            let (from_sdl, _) = load_sdl(name, sdl).unwrap_or_else(|e| panic!("{e}"));
            assert_same_facts(&from_json, &from_sdl);
        }
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;
    use crate::schema::TypeKind;

    /// `(line, column, message)` of the error loading `json`.
    fn error_at(json: &str) -> (Option<(usize, usize)>, String) {
        let e = load_introspection("s.json", json).expect_err("is rejected");
        (e.location.map(|l| (l.line, l.column)), e.message)
    }

    /// A minimal introspection result around `types`.
    fn schema_with(types: &str) -> String {
        format!(
            r#"{{"__schema": {{"queryType": {{"name": "Query"}}, "types": [
  {{"kind": "OBJECT", "name": "Query", "fields": [{{"name": "a", "args": [], "type": {{"kind": "SCALAR", "name": "Int"}}}}], "interfaces": []}}{types}
]}}}}"#
        )
    }

    #[test]
    fn bad_json_is_reported_where_serde_json_stopped() {
        assert_eq!(
            error_at("{\n  \"data\": {\"__schema\": nope}\n}"),
            (
                Some((2, 25)),
                "The introspection result is not valid JSON: expected ident.".into()
            )
        );
        assert_eq!(
            error_at("{\"data\": {\"__schema\": {\"types\": ["),
            (
                Some((1, 33)),
                "The introspection result is cut short: EOF while parsing a list.".into()
            )
        );
        assert_eq!(
            error_at("{\"__schema\": {\"types\": [{\"kind\": \"THING\", \"name\": \"X\"}]}}"),
            (
                Some((1, 40)),
                "The introspection result has an unexpected shape: unknown variant `THING`, expected one of `SCALAR`, `OBJECT`, `INTERFACE`, `UNION`, `ENUM`, `INPUT_OBJECT`, `LIST`, `NON_NULL`.".into()
            )
        );
    }

    #[test]
    fn a_result_without_a_schema_is_an_error() {
        assert_eq!(
            error_at("{\"data\": {\"viewer\": null}}"),
            (
                None,
                "The JSON has no \"__schema\" introspection result.".into()
            )
        );
        assert_eq!(
            error_at(
                "{\"data\": null, \"errors\": [{\"message\": \"Introspection is disabled\"}]}"
            )
            .1,
            "The server answered the introspection query with an error: Introspection is disabled"
        );
    }

    #[test]
    fn type_references_are_checked_where_they_are_written() {
        let unknown = schema_with(
            ",\n  {\"kind\": \"OBJECT\", \"name\": \"B\", \"fields\": [{\"name\": \"c\", \"type\": {\"kind\": \"NON_NULL\", \"ofType\": {\"kind\": \"OBJECT\", \"name\": \"Nope\"}}}]}",
        );
        assert_eq!(
            error_at(&unknown),
            (
                Some((3, 126)),
                "Unknown type \"Nope\" referenced by \"B.c\".".into()
            )
        );
        let mut deep = String::from("{\"kind\": \"SCALAR\", \"name\": \"Int\"}");
        for _ in 0..40 {
            deep = format!("{{\"kind\": \"LIST\", \"ofType\": {deep}}}");
        }
        let deep = schema_with(&format!(
            ",\n  {{\"kind\": \"OBJECT\", \"name\": \"B\", \"fields\": [{{\"name\": \"c\", \"type\": {deep}}}]}}"
        ));
        let (at, message) = error_at(&deep);
        assert_eq!(at.map(|(line, _)| line), Some(3));
        assert_eq!(
            message,
            "The introspection result has an unexpected shape: a type reference nests `ofType` more than 32 deep."
        );
        let (_, message) = error_at(&schema_with(
            ",\n  {\"kind\": \"INPUT_OBJECT\", \"name\": \"I\", \"inputFields\": [{\"name\": \"c\", \"type\": {\"kind\": \"NON_NULL\", \"ofType\": {\"kind\": \"NON_NULL\", \"ofType\": {\"kind\": \"SCALAR\", \"name\": \"Int\"}}}}]}",
        ));
        assert_eq!(
            message,
            "The introspection result has an unexpected shape: a NON_NULL type reference wraps another NON_NULL."
        );
        let (_, message) = error_at(&schema_with(
            ",\n  {\"kind\": \"INPUT_OBJECT\", \"name\": \"I\", \"inputFields\": [{\"name\": \"c\", \"type\": {\"kind\": \"LIST\", \"ofType\": null}}]}",
        ));
        assert_eq!(
            message,
            "The introspection result has an unexpected shape: a LIST type reference needs an `ofType`."
        );
        let (_, message) = error_at(&schema_with(",\n  {\"kind\": \"LIST\", \"name\": \"L\"}"));
        assert_eq!(
            message,
            "The type \"L\" is listed with kind LIST, which only type references have."
        );
    }

    /// What a server from before 2016 answers: no descriptions, no `isRepeatable`,
    /// `specifiedByURL`, `isOneOf` or argument deprecation, and `onField`-style directive
    /// locations; a deprecated field without a reason.
    #[test]
    fn older_servers_omit_newer_fields() {
        let json = r#"{"data": {"__schema": {
            "queryType": {"name": "Root"}, "mutationType": null,
            "types": [
              {"kind": "OBJECT", "name": "Root", "fields": [
                {"name": "old", "args": [{"name": "x", "type": {"kind": "INPUT_OBJECT", "name": "In"}, "defaultValue": "{ a: 1 }"}],
                 "type": {"kind": "ENUM", "name": "E"}, "isDeprecated": true, "deprecationReason": null}
              ], "interfaces": []},
              {"kind": "ENUM", "name": "E", "enumValues": [{"name": "A", "isDeprecated": false, "deprecationReason": null}]},
              {"kind": "INPUT_OBJECT", "name": "In", "inputFields": [{"name": "a", "type": {"kind": "SCALAR", "name": "Int"}, "defaultValue": null}]},
              {"kind": "OBJECT", "name": "Mutation", "fields": [{"name": "m", "args": [], "type": {"kind": "SCALAR", "name": "Int"}}], "interfaces": []}
            ],
            "directives": [{"name": "include", "args": [{"name": "if", "type": {"kind": "NON_NULL", "ofType": {"kind": "SCALAR", "name": "Boolean"}}}],
                            "onOperation": false, "onFragment": true, "onField": true}]
        }}}"#;
        let (s, _) = load_introspection("old.json", json).unwrap_or_else(|e| panic!("{e}"));
        let root = s.query_type().unwrap();
        assert_eq!(s.type_name(root), "Root");
        assert_eq!(s.mutation_type(), None, "the server names no mutation root");
        let old = s.field(root, "old").unwrap();
        assert_eq!(old.deprecation.as_deref(), Some("No longer supported"));
        assert_eq!(old.arguments[0].default_value.as_deref(), Some("{ a: 1 }"));
        assert_eq!(old.description, None);
        let input = s.type_by_name("In").unwrap();
        assert!(matches!(
            s.ty(input).kind,
            TypeKind::InputObject { one_of: false, .. }
        ));
        let include = s.directive("include").unwrap();
        assert!(!include.repeatable);
        assert_eq!(
            include.locations,
            [
                DirectiveLocation::FragmentDefinition,
                DirectiveLocation::FragmentSpread,
                DirectiveLocation::InlineFragment,
                DirectiveLocation::Field
            ]
        );
        assert!(
            s.directive("skip").is_some(),
            "the spec's directives are always there"
        );
    }
}
