//! Introspection JSON → [`SchemaDraft`] (spec section 4, "Introspection").
//!
//! Reads the result of the standard introspection query, `{"__schema": ...}`, bare or inside
//! the response's `{"data": ...}`, accepting and rejecting what graphql-js 17's
//! `buildClientSchema` does (`tests/tests/schema_validation.rs` compares the verdicts):
//!
//! - The lists it reads are required, missing or `null`: an object's or interface's
//!   `fields`, an object's `interfaces` (an interface may say `null`), a union's
//!   `possibleTypes`, an enum's `enumValues`, an input object's `inputFields`, a field's
//!   `args`, a directive's `args` and `locations` (so the 2015 `onOperation` / `onFragment` /
//!   `onField` are not read). The error points at the end of the object that lacks one.
//! - What servers added to the query over time stays optional and takes its default:
//!   `description`, `specifiedByURL` (also read under its old name `specifiedByUrl`),
//!   `isOneOf`, `isRepeatable`, argument deprecation, `directives`.
//! - A name resolves only to a type the result lists: not even `String` is added for it.
//! - A listed introspection type (`__Type`, ...) or specified scalar (`String`, ...) is
//!   replaced by the spec's, and only the lists graphql-js reads eagerly are checked on it.
//!   Another name starting with `__` is the schema's, which its validation rejects.
//! - A type listed twice: the last listing counts (a warning). Roots are only those the
//!   server names.
//! - An argument or input field is deprecated only with a `deprecationReason`, as in
//!   graphql-js (a required one may not be). Unlike it, a field or enum value with
//!   `isDeprecated: true` but no reason is deprecated ("No longer supported").
//! - A directive location this version does not know is skipped: the directive just
//!   cannot be used there; a directive left with no location is left out (a warning).
//!
//! Errors carry the line and column serde_json reports; an unlisted type is reported where
//! the first reference to it is written.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::index::{
    is_specified_scalar, DirectiveDraft, DirectiveLocation, EnumValueDef, FieldDraft,
    InputValueDraft, SchemaDraft, SchemaIndex, TypeDraft, TypeKindDraft, TypeRefDraft,
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
    let (draft, mut warnings) = introspection_draft(name, json)?;
    let (schema, built) = draft.build().map_err(|e| e.in_file(name))?;
    warnings.extend(built);
    for w in &mut warnings {
        w.file = Some(name.to_string());
    }
    Ok((schema, warnings))
}

/// Reads an introspection result into a draft whose names are not resolved yet, with
/// warnings about what it leaves out.
fn introspection_draft(
    name: &str,
    json: &str,
) -> Result<(SchemaDraft, Vec<SchemaWarning>), SchemaError> {
    let response: Response = serde_json::from_str(json).map_err(|e| json_error(name, &e))?;
    // graphql-js's `json.data ?? json`: a response's `data`, else the bare result.
    let schema = match response.data {
        Some(data) => data.schema,
        None => response.schema,
    };
    let Some(schema) = schema else {
        let mut error = SchemaError::new("The JSON has no \"__schema\" introspection result.")
            .in_file(name)
            .with_hint(SHAPE_HINT);
        if let Some(first) = response.errors.first() {
            error.message = format!(
                "The server answered the introspection query with an error: {}",
                first.message
            );
            error.hint = Some("fix the server's error, or introspect with a token that may".into());
        }
        return Err(error);
    };
    schema.into_draft(json).map_err(|e| e.in_file(name))
}

/// How a [`Check`]'s message starts once serde_json has it.
const INCOMPLETE: &str = "incomplete introspection result: ";

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
        serde_json::error::Category::Data => match message.strip_prefix(INCOMPLETE) {
            Some(missing) => (
                format!("The introspection result is incomplete: {missing}."),
                FULL_QUERY_HINT,
            ),
            None => (
                format!("The introspection result has an unexpected shape: {message}."),
                SHAPE_HINT,
            ),
        },
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

/// Where a reference `{"kind": ..., "name": "X", ...}` to a type that is not listed is
/// written: the first `"name": "X"` in the text, since no type with that name is listed.
fn locate_reference(json: &str, unknown: &str) -> Option<LineColumn> {
    let quoted = serde_json::to_string(unknown).ok()?;
    let mut search = 0;
    while let Some(found) = json[search..].find(&quoted).map(|i| search + i) {
        search = found + quoted.len();
        let before = json[..found].trim_end();
        let Some(before) = before.strip_suffix(':') else {
            continue;
        };
        if before.trim_end().ends_with("\"name\"") {
            let line_start = json[..found].rfind('\n').map_or(0, |i| i + 1);
            return Some(LineColumn {
                line: json[..found].matches('\n').count() + 1,
                column: json[line_start..found].chars().count() + 1,
            });
        }
    }
    None
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
    types: Vec<Checked<FullType>>,
    /// Missing or `null`: no directives (graphql-js then has none, not even the spec's).
    #[serde(default)]
    directives: Option<Vec<Checked<Directive>>>,
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

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Scalar => "SCALAR",
            Kind::Object => "OBJECT",
            Kind::Interface => "INTERFACE",
            Kind::Union => "UNION",
            Kind::Enum => "ENUM",
            Kind::InputObject => "INPUT_OBJECT",
            Kind::List => "LIST",
            Kind::NonNull => "NON_NULL",
        }
    }
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
    fields: Option<Vec<Checked<Field>>>,
    #[serde(default)]
    input_fields: Option<Vec<InputValue>>,
    /// Missing (`None`) and `null` (`Some(None)`) differ: an interface may say `null`.
    #[serde(default, deserialize_with = "present")]
    interfaces: Option<Option<Vec<NamedRef>>>,
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
    args: Option<Vec<InputValue>>,
    #[serde(rename = "type", deserialize_with = "type_ref")]
    ty: TypeRefDraft,
    #[serde(default)]
    is_deprecated: Option<bool>,
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
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnumValue {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_deprecated: Option<bool>,
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
    is_repeatable: Option<bool>,
    #[serde(default)]
    locations: Option<Vec<String>>,
    #[serde(default)]
    args: Option<Vec<InputValue>>,
    /// Pre-2016 servers' replacement for `locations`: only named in the error.
    #[serde(default)]
    on_field: Option<de::IgnoredAny>,
}

/// A field that is there, even if `null`: `Some(None)`; with `#[serde(default)]`, missing
/// is `None`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

// -- What graphql-js's buildClientSchema requires -----------------------------------------

/// The introspection types (`__Type`, ...) and the specified scalars (`String`, ...):
/// graphql-js's `buildClientSchema` replaces a type of the result with one of these names by
/// its own, so it only ever looks at the lists it reads eagerly (`possibleTypes`,
/// `enumValues`, `inputFields`); not at fields, interfaces or the types they name.
fn is_standard_type(name: &str) -> bool {
    is_specified_scalar(name)
        || super::builtins::introspection_types()
            .iter()
            .any(|t| t.name == name)
}

/// An object of the JSON that is checked once it is read, so that an error points at it
/// (serde_json reports the position of its closing brace).
struct Checked<T>(T);

/// What an object of the result must hold for graphql-js's `buildClientSchema`: `Err` says
/// what is missing.
trait Check {
    fn check(&self) -> Result<(), String>;
}

impl<'de, T: Deserialize<'de> + Check> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CheckedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Check> Visitor<'de> for CheckedVisitor<T> {
            type Value = Checked<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Checked<T>, A::Error> {
                let value = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
                value
                    .check()
                    .map_err(|m| de::Error::custom(format_args!("{INCOMPLETE}{m}")))?;
                Ok(Checked(value))
            }
        }
        deserializer.deserialize_map(CheckedVisitor(std::marker::PhantomData))
    }
}

const FULL_QUERY_HINT: &str = "graphql-js's buildClientSchema needs every list the standard \
     introspection query asks for; load the result of the full query (`gqlforge fetch-schema` \
     sends it)";

impl Check for FullType {
    fn check(&self) -> Result<(), String> {
        let missing = |list: &str| {
            Err(format!(
                "the {} type \"{}\" has no `{list}` list",
                self.kind.as_str(),
                self.name
            ))
        };
        // graphql-js reads these lists of every type it is given, ...
        match self.kind {
            Kind::Union if self.possible_types.is_none() => return missing("possibleTypes"),
            Kind::Enum if self.enum_values.is_none() => return missing("enumValues"),
            Kind::InputObject if self.input_fields.is_none() => return missing("inputFields"),
            _ => {}
        }
        // ... and these only of the types it keeps.
        if is_standard_type(&self.name) {
            return Ok(());
        }
        match self.kind {
            Kind::Object | Kind::Interface if self.fields.is_none() => missing("fields"),
            // An interface may say `null`: its servers predate interfaces implementing
            // interfaces.
            Kind::Interface if self.interfaces.is_none() => missing("interfaces"),
            Kind::Object if !matches!(self.interfaces, Some(Some(_))) => missing("interfaces"),
            _ => Ok(()),
        }
    }
}

impl Check for Field {
    fn check(&self) -> Result<(), String> {
        match self.args {
            None => Err(format!("the field \"{}\" has no `args` list", self.name)),
            Some(_) => Ok(()),
        }
    }
}

impl Check for Directive {
    fn check(&self) -> Result<(), String> {
        if self.args.is_none() {
            return Err(format!(
                "the directive \"@{}\" has no `args` list",
                self.name
            ));
        }
        if self.locations.is_none() {
            return Err(format!(
                "the directive \"@{}\" has no `locations` list{}",
                self.name,
                if self.on_field.is_some() {
                    " (`onOperation`, `onFragment` and `onField` are the 2015 introspection's, \
                     which graphql-js no longer reads)"
                } else {
                    ""
                }
            ));
        }
        Ok(())
    }
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
        // As graphql-js reads it: `LIST` and `NON_NULL` wrap `ofType`, anything else (even
        // no kind) is a reference by `name`.
        let mut kind: Option<String> = None;
        let mut name: Option<String> = None;
        let mut of_type: Option<TypeRefDraft> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => kind = map.next_value()?,
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
        match kind.as_deref() {
            Some("LIST") => Ok(TypeRefDraft::List(wrapped(of_type, "LIST")?)),
            Some("NON_NULL") => match wrapped(of_type, "NON_NULL")? {
                inner if matches!(*inner, TypeRefDraft::NonNull(_)) => Err(de::Error::custom(
                    "a NON_NULL type reference wraps another NON_NULL",
                )),
                inner => Ok(TypeRefDraft::NonNull(inner)),
            },
            _ => match name {
                Some(name) if !name.is_empty() => Ok(TypeRefDraft::Named(name)),
                _ => Err(de::Error::custom("a named type reference needs a `name`")),
            },
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

fn deprecation(is_deprecated: Option<bool>, reason: Option<String>) -> Option<String> {
    match reason {
        Some(reason) => Some(reason),
        None if is_deprecated == Some(true) => Some(DEFAULT_DEPRECATION_REASON.to_string()),
        None => None,
    }
}

impl InputValue {
    /// Deprecated only with a reason, as graphql-js reads it: a required argument or input
    /// field may not be deprecated, and graphql-js accepts one that says `isDeprecated`
    /// without a reason.
    fn into_draft(self) -> InputValueDraft {
        InputValueDraft {
            name: self.name,
            description: self.description,
            ty: self.ty,
            default_value: self.default_value,
            deprecation: self.deprecation_reason,
        }
    }
}

fn input_values(values: Option<Vec<InputValue>>) -> Vec<InputValueDraft> {
    values
        .unwrap_or_default()
        .into_iter()
        .map(InputValue::into_draft)
        .collect()
}

fn names(refs: Option<Vec<NamedRef>>) -> Vec<String> {
    refs.unwrap_or_default()
        .into_iter()
        .map(|r| r.name)
        .collect()
}

fn named(r: &TypeRefDraft) -> &str {
    match r {
        TypeRefDraft::Named(n) => n,
        TypeRefDraft::List(t) | TypeRefDraft::NonNull(t) => named(t),
    }
}

impl IntrospectionSchema {
    /// graphql-js's `buildClientSchema` resolves every name against the listed `types`
    /// only: not even `String` is there unless the result lists it. Returns the first name
    /// that is not listed, and what refers to it.
    fn unlisted_reference(&self) -> Option<(String, String)> {
        let listed: std::collections::HashSet<&str> =
            self.types.iter().map(|t| t.0.name.as_str()).collect();
        let unlisted = |name: &str| !listed.contains(name);
        let roots = [
            ("query", &self.query_type),
            ("mutation", &self.mutation_type),
            ("subscription", &self.subscription_type),
        ];
        for (operation, root) in roots {
            if let Some(r) = root.as_ref().filter(|r| unlisted(&r.name)) {
                return Some((r.name.clone(), format!("the {operation} root")));
            }
        }
        let inputs = |values: &Option<Vec<InputValue>>, owner: &dyn Fn(&str) -> String| {
            values
                .iter()
                .flatten()
                .find(|v| unlisted(named(&v.ty)))
                .map(|v| (named(&v.ty).to_string(), owner(&v.name)))
        };
        for Checked(t) in self.types.iter().filter(|t| !is_standard_type(&t.0.name)) {
            let n = &t.name;
            // Only the lists of its kind are read.
            let (fields, input_fields, interfaces, possible_types) = match t.kind {
                Kind::Object | Kind::Interface => (&t.fields, &None, &t.interfaces, &None),
                Kind::InputObject => (&None, &t.input_fields, &None, &None),
                Kind::Union => (&None, &None, &None, &t.possible_types),
                _ => continue,
            };
            for Checked(f) in fields.iter().flatten() {
                if unlisted(named(&f.ty)) {
                    return Some((named(&f.ty).to_string(), format!("\"{n}.{}\"", f.name)));
                }
                if let Some(found) = inputs(&f.args, &|a| format!("\"{n}.{}({a}:)\"", f.name)) {
                    return Some(found);
                }
            }
            if let Some(found) = inputs(input_fields, &|a| format!("\"{n}.{a}\"")) {
                return Some(found);
            }
            let members = interfaces.iter().flatten().flatten();
            if let Some(r) = members
                .chain(possible_types.iter().flatten())
                .find(|r| unlisted(&r.name))
            {
                return Some((r.name.clone(), format!("\"{n}\"")));
            }
        }
        for Checked(d) in self.directives.iter().flatten() {
            if let Some(found) = inputs(&d.args, &|a| format!("\"@{}({a}:)\"", d.name)) {
                return Some(found);
            }
        }
        None
    }

    fn into_draft(self, json: &str) -> Result<(SchemaDraft, Vec<SchemaWarning>), SchemaError> {
        if let Some((unknown, owner)) = self.unlisted_reference() {
            return Err(SchemaError::new(format!(
                "Invalid or incomplete schema, unknown type: {unknown}. Ensure that a full \
                 introspection query is used in order to build a client schema."
            ))
            .at(locate_reference(json, &unknown))
            .with_hint(format!(
                "{owner} refers to it, but the introspection result does not list it in \
                 `types`; is the result complete?"
            )));
        }
        let mut warnings = Vec::new();
        let mut warn = |message: String| {
            warnings.push(SchemaWarning {
                message,
                file: None,
                location: None,
            })
        };
        let introspection = super::builtins::introspection_types();
        let mut types: Vec<TypeDraft> = Vec::with_capacity(self.types.len());
        for Checked(t) in self.types {
            // The spec's own, added by `SchemaDraft::build`. Any other name starting with
            // `__` is the schema's, and an error of its validation.
            if introspection.iter().any(|i| i.name == t.name) {
                continue;
            }
            let t = t.into_draft()?;
            // graphql-js keys the types by name: the last one listed under a name counts.
            match types.iter_mut().find(|u| u.name == t.name) {
                Some(earlier) => {
                    warn(format!(
                        "The type \"{}\" is listed twice; the last listing is used.",
                        t.name
                    ));
                    *earlier = t;
                }
                None => types.push(t),
            }
        }
        let mut directives = Vec::new();
        for Checked(d) in self.directives.into_iter().flatten() {
            let listed = d.locations.as_ref().map_or(0, Vec::len);
            let d = d.into_draft();
            // graphql-js keeps a location it does not know; gqlforge cannot, and a
            // directive left with none would be invalid.
            if d.locations.is_empty() && listed > 0 {
                warn(format!(
                    "The directive \"@{}\" is left out: gqlforge knows none of its locations.",
                    d.name
                ));
                continue;
            }
            directives.push(d);
        }
        let draft = SchemaDraft {
            description: self.description,
            types,
            directives,
            query: self.query_type.map(|r| r.name),
            mutation: self.mutation_type.map(|r| r.name),
            subscription: self.subscription_type.map(|r| r.name),
            explicit_roots: true,
            // Text from a server: `build` parses each as graphql-js's `parseValue` does.
            default_values_parsed: false,
        };
        Ok((draft, warnings))
    }
}

impl FullType {
    fn into_draft(self) -> Result<TypeDraft, SchemaError> {
        let object_fields = |fields: Option<Vec<Checked<Field>>>| -> Vec<FieldDraft> {
            fields
                .unwrap_or_default()
                .into_iter()
                .map(|Checked(f)| FieldDraft {
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
            // graphql-js puts its own in place of a specified scalar, whatever its kind.
            _ if is_specified_scalar(&self.name) => TypeKindDraft::Scalar { specified_by: None },
            Kind::Scalar => TypeKindDraft::Scalar {
                specified_by: self.specified_by_url,
            },
            Kind::Object => TypeKindDraft::Object {
                fields: object_fields(self.fields),
                interfaces: names(self.interfaces.flatten()),
            },
            Kind::Interface => TypeKindDraft::Interface {
                fields: object_fields(self.fields),
                interfaces: names(self.interfaces.flatten()),
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
                fields: input_values(self.input_fields),
                one_of: self.is_one_of.unwrap_or(false),
            },
            Kind::List | Kind::NonNull => {
                return Err(SchemaError::new(format!(
                    "The type \"{}\" is listed with kind {}, which only type references have.",
                    self.name,
                    self.kind.as_str()
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
        DirectiveDraft {
            name: self.name,
            description: self.description,
            arguments: input_values(self.args),
            repeatable: self.is_repeatable.unwrap_or(false),
            locations: self
                .locations
                .iter()
                .flatten()
                .filter_map(|l| DirectiveLocation::parse(l))
                .collect(),
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
  {{"kind": "OBJECT", "name": "Query", "fields": [{{"name": "a", "args": [], "type": {{"kind": "SCALAR", "name": "Int"}}}}], "interfaces": []}},
  {{"kind": "SCALAR", "name": "Int"}}{types}
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
            ",\n  {\"kind\": \"OBJECT\", \"name\": \"B\", \"fields\": [{\"name\": \"c\", \"args\": [], \"type\": {\"kind\": \"NON_NULL\", \"ofType\": {\"kind\": \"OBJECT\", \"name\": \"Nope\"}}}], \"interfaces\": []}",
        );
        let e = load_introspection("s.json", &unknown).expect_err("is rejected");
        assert_eq!(
            (e.location.map(|l| (l.line, l.column)), e.message.as_str()),
            (
                Some((4, 138)),
                "Invalid or incomplete schema, unknown type: Nope. Ensure that a full \
                 introspection query is used in order to build a client schema."
            )
        );
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "\"B.c\" refers to it, but the introspection result does not list it in \
                 `types`; is the result complete?"
            )
        );
        let mut deep = String::from("{\"kind\": \"SCALAR\", \"name\": \"Int\"}");
        for _ in 0..40 {
            deep = format!("{{\"kind\": \"LIST\", \"ofType\": {deep}}}");
        }
        let deep = schema_with(&format!(
            ",\n  {{\"kind\": \"OBJECT\", \"name\": \"B\", \"fields\": [{{\"name\": \"c\", \"args\": [], \"type\": {deep}}}], \"interfaces\": []}}"
        ));
        let (at, message) = error_at(&deep);
        assert_eq!(at.map(|(line, _)| line), Some(4));
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

    /// What an older server answers (the older versions of `INTROSPECTION_QUERIES`): no
    /// descriptions, `isRepeatable`, `specifiedByURL`, `isOneOf` or argument deprecation;
    /// `interfaces: null` on an interface; a deprecated field without a reason.
    #[test]
    fn older_servers_omit_newer_fields() {
        let json = r#"{"data": {"__schema": {
            "queryType": {"name": "Root"}, "mutationType": null,
            "types": [
              {"kind": "OBJECT", "name": "Root", "fields": [
                {"name": "old", "args": [{"name": "x", "type": {"kind": "INPUT_OBJECT", "name": "In"}, "defaultValue": "{ a: 1 }"}],
                 "type": {"kind": "ENUM", "name": "E"}, "isDeprecated": true, "deprecationReason": null},
                {"name": "node", "args": [], "type": {"kind": "INTERFACE", "name": "Node"}, "isDeprecated": false, "deprecationReason": null}
              ], "interfaces": []},
              {"kind": "INTERFACE", "name": "Node", "fields": [{"name": "id", "args": [], "type": {"kind": "SCALAR", "name": "Int"}}], "interfaces": null, "possibleTypes": []},
              {"kind": "ENUM", "name": "E", "enumValues": [{"name": "A", "isDeprecated": false, "deprecationReason": null}]},
              {"kind": "INPUT_OBJECT", "name": "In", "inputFields": [{"name": "a", "type": {"kind": "SCALAR", "name": "Int"}, "defaultValue": null}]},
              {"kind": "SCALAR", "name": "Int"},
              {"kind": "SCALAR", "name": "Boolean"},
              {"kind": "OBJECT", "name": "Mutation", "fields": [{"name": "m", "args": [], "type": {"kind": "SCALAR", "name": "Int"}}], "interfaces": []}
            ],
            "directives": [{"name": "include", "args": [{"name": "if", "type": {"kind": "NON_NULL", "ofType": {"kind": "SCALAR", "name": "Boolean"}}}],
                            "locations": ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"]}]
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
        let node = s.type_by_name("Node").unwrap();
        assert!(matches!(&s.ty(node).kind, TypeKind::Interface(o) if o.interfaces.is_empty()));
        let include = s.directive("include").unwrap();
        assert!(!include.repeatable);
        assert_eq!(
            include.locations,
            [
                DirectiveLocation::Field,
                DirectiveLocation::FragmentSpread,
                DirectiveLocation::InlineFragment
            ]
        );
        assert!(
            s.directive("skip").is_some(),
            "the spec's directives are always there"
        );
    }

    /// `(line, column, message)` of the error loading `schema_with(types)`.
    fn incomplete(types: &str) -> (Option<(usize, usize)>, String) {
        let e = load_introspection("s.json", &schema_with(types)).expect_err("is rejected");
        assert!(
            e.message == "The introspection result has an unexpected shape: a named type reference needs a `name`."
                || e.hint.as_deref() == Some(FULL_QUERY_HINT),
            "{e}"
        );
        (e.location.map(|l| (l.line, l.column)), e.message)
    }

    /// graphql-js's `buildClientSchema` throws when a list the query asks for is missing or
    /// `null`; the error points at the end of the object that lacks it.
    #[test]
    fn the_lists_graphql_js_reads_are_required() {
        let cases = [
            (
                r#"{"kind": "OBJECT", "name": "O", "interfaces": []}"#,
                r#"the OBJECT type "O" has no `fields` list"#,
            ),
            (
                r#"{"kind": "OBJECT", "name": "O", "fields": [], "interfaces": null}"#,
                r#"the OBJECT type "O" has no `interfaces` list"#,
            ),
            (
                r#"{"kind": "OBJECT", "name": "O", "fields": []}"#,
                r#"the OBJECT type "O" has no `interfaces` list"#,
            ),
            (
                r#"{"kind": "INTERFACE", "name": "I", "fields": null, "interfaces": []}"#,
                r#"the INTERFACE type "I" has no `fields` list"#,
            ),
            (
                r#"{"kind": "INTERFACE", "name": "I", "fields": []}"#,
                r#"the INTERFACE type "I" has no `interfaces` list"#,
            ),
            (
                r#"{"kind": "UNION", "name": "U", "possibleTypes": null}"#,
                r#"the UNION type "U" has no `possibleTypes` list"#,
            ),
            (
                r#"{"kind": "ENUM", "name": "E"}"#,
                r#"the ENUM type "E" has no `enumValues` list"#,
            ),
            (
                r#"{"kind": "INPUT_OBJECT", "name": "In"}"#,
                r#"the INPUT_OBJECT type "In" has no `inputFields` list"#,
            ),
            (
                r#"{"kind": "OBJECT", "name": "O", "fields": [{"name": "f", "args": null, "type": {"kind": "SCALAR", "name": "Int"}}], "interfaces": []}"#,
                r#"the field "f" has no `args` list"#,
            ),
            // graphql-js replaces a listed `__Type` by its own, but reads an enum's values
            // before it does.
            (
                r#"{"kind": "ENUM", "name": "__TypeKind"}"#,
                r#"the ENUM type "__TypeKind" has no `enumValues` list"#,
            ),
        ];
        for (ty, missing) in cases {
            let (at, message) = incomplete(&format!(",\n  {ty}"));
            // The closing brace of the type, or of the field.
            let end = ty.find("}}]").map_or(ty.len(), |i| i + 2);
            assert_eq!(
                (at, message.as_str()),
                (
                    Some((4, end + 2)),
                    format!("The introspection result is incomplete: {missing}.").as_str()
                ),
                "{ty}"
            );
        }
        let directive = |d: &str| {
            format!(
                r#"{{"__schema": {{"queryType": {{"name": "Query"}}, "types": [
  {{"kind": "OBJECT", "name": "Query", "fields": [], "interfaces": []}}],
 "directives": [{d}]}}}}"#
            )
        };
        for (d, message) in [
            (
                r#"{"name": "d", "locations": ["FIELD"]}"#,
                r#"the directive "@d" has no `args` list"#,
            ),
            (
                r#"{"name": "d", "args": []}"#,
                r#"the directive "@d" has no `locations` list"#,
            ),
            (
                r#"{"name": "d", "args": [], "onOperation": false, "onFragment": true, "onField": true}"#,
                "the directive \"@d\" has no `locations` list (`onOperation`, `onFragment` and \
                 `onField` are the 2015 introspection's, which graphql-js no longer reads)",
            ),
        ] {
            assert_eq!(
                error_at(&directive(d)),
                (
                    Some((3, 16 + d.len())),
                    format!("The introspection result is incomplete: {message}.")
                ),
            );
        }
    }

    /// graphql-js leaves alone what it replaces: a listed `__Type`'s fields, and the types
    /// they name. (A field's `args` are required wherever it is, so that the error can point
    /// at the field.)
    #[test]
    fn listed_introspection_types_need_not_be_complete() {
        let (s, _) = load_introspection(
            "s.json",
            &schema_with(
                r#",
  {"kind": "OBJECT", "name": "__Type", "fields": [{"name": "x", "args": [], "type": {"kind": "OBJECT", "name": "Unlisted"}}]},
  {"kind": "OBJECT", "name": "String", "fields": null}"#,
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let ty = s.type_by_name("__Type").unwrap();
        assert!(s.field(ty, "fields").is_some(), "the spec's __Type");
        let string = s.type_by_name("String").unwrap();
        assert!(matches!(s.ty(string).kind, TypeKind::Scalar { .. }));
    }

    /// As in graphql-js's `buildClientSchema`, a name resolves only to a listed type: the
    /// specified scalars and the introspection types are not added for it.
    #[test]
    fn every_referenced_type_must_be_listed() {
        let unlisted = |types: &str, json_types: &str| {
            let json = format!(
                r#"{{"__schema": {{"queryType": {{"name": "Query"}}, "types": [
  {{"kind": "OBJECT", "name": "Query", "fields": [{{"name": "a", "args": [], "type": {types}}}], "interfaces": []}}{json_types}
]}}}}"#
            );
            let e = load_introspection("s.json", &json).expect_err("is rejected");
            (e.location.map(|l| (l.line, l.column)), e.message)
        };
        let message = |name: &str| {
            format!(
                "Invalid or incomplete schema, unknown type: {name}. Ensure that a full \
                 introspection query is used in order to build a client schema."
            )
        };
        assert_eq!(
            unlisted(r#"{"kind": "SCALAR", "name": "String"}"#, ""),
            (Some((2, 111)), message("String"))
        );
        assert_eq!(
            unlisted(r#"{"kind": "OBJECT", "name": "__Type"}"#, ""),
            (Some((2, 111)), message("__Type"))
        );
        let root = r#"{"__schema": {"queryType": {"name": "Root"}, "types": []}}"#;
        assert_eq!(error_at(root), (Some((1, 37)), message("Root")));
    }

    /// Only the spec's eight introspection types are replaced: another `__` name is the
    /// schema's own, which its validation rejects.
    #[test]
    fn other_double_underscore_types_are_kept() {
        let json = schema_with(
            r#",
  {"kind": "OBJECT", "name": "__T", "fields": [{"name": "a", "args": [], "type": {"kind": "SCALAR", "name": "Int"}}], "interfaces": []}"#,
        );
        let json = json.replacen(
            r#""type": {"kind": "SCALAR", "name": "Int"}"#,
            r#""type": {"kind": "OBJECT", "name": "__T"}"#,
            1,
        );
        assert_eq!(
            error_at(&json).1,
            "Name \"__T\" must not begin with \"__\", which is reserved by GraphQL introspection."
        );
    }

    /// graphql-js reads `json.data ?? json`, and type references by `name` whatever
    /// their `kind`.
    #[test]
    fn read_as_graphql_js_reads_it() {
        let schema = r#"{"queryType": {"name": "Query"}, "types": [
            {"kind": "OBJECT", "name": "Query", "fields": [{"name": "a", "args": [], "type": {"name": "Int"}}], "interfaces": []},
            {"kind": "SCALAR", "name": "Int"}], "directives": null}"#;
        let (s, _) = load_introspection(
            "s.json",
            &format!(r#"{{"data": {{"__schema": {schema}}}}}"#),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(s.type_by_name("Int").is_some());
        assert_eq!(
            error_at(&format!(r#"{{"data": {{}}, "__schema": {schema}}}"#)),
            (
                None,
                "The JSON has no \"__schema\" introspection result.".into()
            )
        );
    }

    /// What graphql-js accepts without a word gqlforge loads with a warning: a type listed
    /// twice (the last listing counts), a directive on locations it does not know.
    #[test]
    fn what_graphql_js_accepts_loads_with_warnings() {
        let json = schema_with(
            r#",
  {"kind": "ENUM", "name": "E", "enumValues": [{"name": "A"}]},
  {"kind": "ENUM", "name": "E", "enumValues": [{"name": "B"}]}], "directives": [
  {"name": "d", "args": [], "locations": ["SOMEWHERE_NEW"]}"#,
        );
        let (s, warnings) = load_introspection("s.json", &json).unwrap_or_else(|e| panic!("{e}"));
        let e = s.type_by_name("E").unwrap();
        assert!(
            matches!(&s.ty(e).kind, TypeKind::Enum { values } if values.len() == 1 && values[0].name == "B")
        );
        assert!(s.directive("d").is_none());
        let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            [
                "s.json: warning: The type \"E\" is listed twice; the last listing is used.",
                "s.json: warning: The directive \"@d\" is left out: gqlforge knows none of its locations."
            ]
        );
    }

    /// graphql-js reads an argument's deprecation from its reason only, so a required one
    /// that says `isDeprecated` without a reason is valid.
    #[test]
    fn arguments_are_deprecated_by_their_reason() {
        let json = schema_with(
            r#",
  {"kind": "OBJECT", "name": "O", "fields": [{"name": "f", "args": [
    {"name": "x", "type": {"kind": "NON_NULL", "ofType": {"kind": "SCALAR", "name": "Int"}}, "isDeprecated": true, "deprecationReason": null},
    {"name": "y", "type": {"kind": "SCALAR", "name": "Int"}, "isDeprecated": true, "deprecationReason": "use x"}
  ], "type": {"kind": "SCALAR", "name": "Int"}, "isDeprecated": true}], "interfaces": []}"#,
        );
        let (s, _) = load_introspection("s.json", &json).unwrap_or_else(|e| panic!("{e}"));
        let f = s.field(s.type_by_name("O").unwrap(), "f").unwrap();
        let deprecations: Vec<Option<&str>> = f
            .arguments
            .iter()
            .map(|a| a.deprecation.as_deref())
            .collect();
        assert_eq!(deprecations, [None, Some("use x")]);
        assert_eq!(f.deprecation.as_deref(), Some("No longer supported"));
    }
}
