//! SDL → [`SchemaDraft`], through graphql-parser (spec section 3, "Type System").
//!
//! Type definitions, directive definitions and the schema definition are read first;
//! extensions (`extend type ...`) are then merged into the types they extend, whatever
//! their order in the file, as graphql-js's `buildASTSchema` does.
//!
//! What is an error and what is a warning (graphql-js's SDL validation rejects all of these;
//! we load real-world schemas that break the rules harmlessly):
//! - a field, input field or enum value defined twice with the same type and arguments is a
//!   warning, and the first definition is kept (the GitHub schema as published has such
//!   duplicates); defined twice with a different type or arguments, it is an error, since
//!   keeping either could generate the wrong code;
//! - a union member or implemented interface listed twice is a warning;
//! - two types, two directives or two arguments of one field with the same name, two schema
//!   definitions, and extending a type that is not defined or is of another kind are errors.

use std::collections::HashMap;

use graphql_parser::schema as ast;
use graphql_parser::Pos;

use super::index::{
    DirectiveDraft, DirectiveLocation, EnumValueDef, FieldDraft, InputValueDraft, SchemaDraft,
    SchemaIndex, TypeDraft, TypeKindDraft, TypeRefDraft,
};
use crate::diagnostics::{SchemaError, SchemaWarning};
use crate::source::LineColumn;

/// The reason `@deprecated` gives when it has no `reason:` argument.
const DEFAULT_DEPRECATION_REASON: &str = "No longer supported";

/// Parses SDL into a draft whose names are not resolved yet.
pub(crate) fn parse_sdl_draft(
    name: &str,
    text: &str,
) -> Result<(SchemaDraft, Vec<SchemaWarning>), SchemaError> {
    let document = ast::parse_schema::<String>(text).map_err(|e| syntax_error(name, &e))?;
    let mut loader = Loader {
        file: name,
        draft: SchemaDraft::default(),
        warnings: Vec::new(),
        type_positions: HashMap::new(),
        schema_definition: None,
    };
    for definition in &document.definitions {
        match definition {
            ast::Definition::SchemaDefinition(s) => loader.schema_definition(s)?,
            ast::Definition::TypeDefinition(t) => loader.type_definition(t)?,
            ast::Definition::DirectiveDefinition(d) => loader.directive_definition(d)?,
            ast::Definition::TypeExtension(_) => {}
        }
    }
    for definition in &document.definitions {
        if let ast::Definition::TypeExtension(e) = definition {
            loader.type_extension(e)?;
        }
    }
    Ok((loader.draft, loader.warnings))
}

/// Loads an SDL schema.
pub fn load_sdl(name: &str, text: &str) -> Result<(SchemaIndex, Vec<SchemaWarning>), SchemaError> {
    let (draft, warnings) = parse_sdl_draft(name, text)?;
    for t in &draft.types {
        if t.name.starts_with("__") {
            return Err(SchemaError::new(format!(
                "Name \"{}\" must not begin with \"__\", which is reserved by GraphQL introspection.",
                t.name
            ))
            .in_file(name)
            .at(t.location)
            .with_hint("rename the type; names starting with `__` belong to introspection"));
        }
    }
    Ok((draft.build().map_err(|e| e.in_file(name))?, warnings))
}

/// graphql-parser's error text is `schema parse error: Parse error at L:C\nUnexpected ...\n`.
fn syntax_error(file: &str, error: &ast::ParseError) -> SchemaError {
    let text = error.to_string();
    let body = text
        .strip_prefix("schema parse error: Parse error at ")
        .unwrap_or(&text);
    let (position, details) = body.split_once('\n').unwrap_or((body, ""));
    let location = position.split_once(':').and_then(|(l, c)| {
        Some(LineColumn {
            line: l.trim().parse().ok()?,
            column: c.trim().parse().ok()?,
        })
    });
    let details: Vec<&str> = details.lines().filter(|l| !l.is_empty()).collect();
    SchemaError::new(format!("Syntax Error: {}", details.join("; ")))
        .in_file(file)
        .at(location)
        .with_hint("the schema must be GraphQL SDL (type, input, enum, ... definitions)")
}

fn location(pos: Pos) -> Option<LineColumn> {
    Some(LineColumn {
        line: pos.line,
        column: pos.column,
    })
}

struct Loader<'a> {
    file: &'a str,
    draft: SchemaDraft,
    warnings: Vec<SchemaWarning>,
    /// Index in `draft.types` of every type defined so far.
    type_positions: HashMap<String, usize>,
    /// Where the schema definition is, once seen.
    schema_definition: Option<Pos>,
}

impl Loader<'_> {
    fn error(&self, message: impl Into<String>, pos: Pos) -> SchemaError {
        SchemaError::new(message)
            .in_file(self.file)
            .at(location(pos))
    }

    fn warn(&mut self, message: String, pos: Pos) {
        self.warnings.push(SchemaWarning {
            message,
            file: Some(self.file.to_string()),
            location: location(pos),
        });
    }

    fn schema_definition(
        &mut self,
        s: &ast::SchemaDefinition<'_, String>,
    ) -> Result<(), SchemaError> {
        if let Some(first) = self.schema_definition {
            return Err(self
                .error("Must provide only one schema definition.", s.position)
                .with_hint(format!(
                    "the schema is already defined at line {}; merge the two",
                    first.line
                )));
        }
        self.schema_definition = Some(s.position);
        self.draft.explicit_roots = true;
        self.draft.query = s.query.clone();
        self.draft.mutation = s.mutation.clone();
        self.draft.subscription = s.subscription.clone();
        Ok(())
    }

    fn type_definition(&mut self, t: &ast::TypeDefinition<'_, String>) -> Result<(), SchemaError> {
        use ast::TypeDefinition as T;
        let (name, description, pos, kind) = match t {
            T::Scalar(s) => (
                &s.name,
                &s.description,
                s.position,
                TypeKindDraft::Scalar {
                    specified_by: self.specified_by(&s.directives)?,
                },
            ),
            T::Object(o) => (
                &o.name,
                &o.description,
                o.position,
                TypeKindDraft::Object {
                    fields: Vec::new(),
                    interfaces: Vec::new(),
                },
            ),
            T::Interface(i) => (
                &i.name,
                &i.description,
                i.position,
                TypeKindDraft::Interface {
                    fields: Vec::new(),
                    interfaces: Vec::new(),
                },
            ),
            T::Union(u) => (
                &u.name,
                &u.description,
                u.position,
                TypeKindDraft::Union {
                    members: Vec::new(),
                },
            ),
            T::Enum(e) => (
                &e.name,
                &e.description,
                e.position,
                TypeKindDraft::Enum { values: Vec::new() },
            ),
            T::InputObject(i) => (
                &i.name,
                &i.description,
                i.position,
                TypeKindDraft::InputObject {
                    fields: Vec::new(),
                    one_of: has_directive(&i.directives, "oneOf"),
                },
            ),
        };
        if let Some(&existing) = self.type_positions.get(name.as_str()) {
            let first = self.draft.types[existing].location;
            return Err(self
                .error(format!("There can be only one type named \"{name}\"."), pos)
                .with_hint(match first {
                    Some(lc) => format!("\"{name}\" is first defined at line {}", lc.line),
                    None => format!("\"{name}\" is defined twice"),
                }));
        }
        self.type_positions
            .insert(name.clone(), self.draft.types.len());
        self.draft.types.push(TypeDraft {
            name: name.clone(),
            description: description.clone(),
            kind,
            location: location(pos),
        });
        let index = self.draft.types.len() - 1;
        match t {
            T::Scalar(_) => Ok(()),
            T::Object(o) => self.add_object_like(index, &o.implements_interfaces, &o.fields),
            T::Interface(i) => self.add_object_like(index, &i.implements_interfaces, &i.fields),
            T::Union(u) => self.add_union_members(index, &u.types, u.position),
            T::Enum(e) => self.add_enum_values(index, &e.values),
            T::InputObject(i) => self.add_input_fields(index, &i.fields),
        }
    }

    fn type_extension(&mut self, e: &ast::TypeExtension<'_, String>) -> Result<(), SchemaError> {
        use ast::TypeExtension as E;
        let (name, pos, kind) = match e {
            E::Scalar(s) => (&s.name, s.position, "scalar"),
            E::Object(o) => (&o.name, o.position, "object"),
            E::Interface(i) => (&i.name, i.position, "interface"),
            E::Union(u) => (&u.name, u.position, "union"),
            E::Enum(e) => (&e.name, e.position, "enum"),
            E::InputObject(i) => (&i.name, i.position, "input object"),
        };
        let Some(&index) = self.type_positions.get(name.as_str()) else {
            return Err(self
                .error(
                    format!("Cannot extend type \"{name}\" because it is not defined."),
                    pos,
                )
                .with_hint(format!(
                    "define \"{name}\" before extending it, or remove the extension"
                )));
        };
        let same_kind = matches!(
            (&self.draft.types[index].kind, e),
            (TypeKindDraft::Scalar { .. }, E::Scalar(_))
                | (TypeKindDraft::Object { .. }, E::Object(_))
                | (TypeKindDraft::Interface { .. }, E::Interface(_))
                | (TypeKindDraft::Union { .. }, E::Union(_))
                | (TypeKindDraft::Enum { .. }, E::Enum(_))
                | (TypeKindDraft::InputObject { .. }, E::InputObject(_))
        );
        if !same_kind {
            return Err(self
                .error(format!("Cannot extend non-{kind} type \"{name}\"."), pos)
                .with_hint(format!(
                    "\"{name}\" is defined with another keyword; extend it with the same one"
                )));
        }
        match e {
            E::Scalar(s) => {
                if let Some(url) = self.specified_by(&s.directives)? {
                    if let TypeKindDraft::Scalar { specified_by } =
                        &mut self.draft.types[index].kind
                    {
                        *specified_by = Some(url);
                    }
                }
                Ok(())
            }
            E::Object(o) => self.add_object_like(index, &o.implements_interfaces, &o.fields),
            E::Interface(i) => self.add_object_like(index, &i.implements_interfaces, &i.fields),
            E::Union(u) => self.add_union_members(index, &u.types, u.position),
            E::Enum(e) => self.add_enum_values(index, &e.values),
            E::InputObject(i) => {
                if has_directive(&i.directives, "oneOf") {
                    if let TypeKindDraft::InputObject { one_of, .. } =
                        &mut self.draft.types[index].kind
                    {
                        *one_of = true;
                    }
                }
                self.add_input_fields(index, &i.fields)
            }
        }
    }

    fn add_object_like(
        &mut self,
        index: usize,
        new_interfaces: &[String],
        new_fields: &[ast::Field<'_, String>],
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let type_pos = self.draft.types[index].location;
        let mut drafts = Vec::with_capacity(new_fields.len());
        for f in new_fields {
            drafts.push((self.field(&type_name, f)?, f.position));
        }
        let mut warnings = Vec::new();
        let (TypeKindDraft::Object { fields, interfaces }
        | TypeKindDraft::Interface { fields, interfaces }) = &mut self.draft.types[index].kind
        else {
            return Ok(());
        };
        for interface in new_interfaces {
            if interfaces.contains(interface) {
                warnings.push((
                    format!("Type {type_name} can only implement {interface} once."),
                    type_pos,
                ));
            } else {
                interfaces.push(interface.clone());
            }
        }
        for (field, pos) in drafts {
            match fields.iter().find(|f| f.name == field.name) {
                None => fields.push(field),
                Some(first) if first.ty == field.ty && first.arguments == field.arguments => {
                    warnings.push((
                        format!(
                            "Field \"{type_name}.{}\" is defined twice; the definition at line {} is used.",
                            field.name,
                            first.location.map_or(0, |l| l.line)
                        ),
                        location(pos),
                    ));
                }
                Some(first) => {
                    return Err(SchemaError::new(format!(
                        "Field \"{type_name}.{}\" can only be defined once.",
                        field.name
                    ))
                    .in_file(self.file)
                    .at(location(pos))
                    .with_hint(format!(
                            "it is first defined at line {} with another type or arguments; remove one of the two",
                            first.location.map_or(0, |l| l.line)
                        )));
                }
            }
        }
        for (message, location) in warnings {
            self.warnings.push(SchemaWarning {
                message,
                file: Some(self.file.to_string()),
                location,
            });
        }
        Ok(())
    }

    fn add_union_members(
        &mut self,
        index: usize,
        new_members: &[String],
        pos: Pos,
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let mut duplicates = Vec::new();
        if let TypeKindDraft::Union { members } = &mut self.draft.types[index].kind {
            for member in new_members {
                if members.contains(member) {
                    duplicates.push(member.clone());
                } else {
                    members.push(member.clone());
                }
            }
        }
        for member in duplicates {
            self.warn(
                format!("Union type {type_name} can only include type {member} once."),
                pos,
            );
        }
        Ok(())
    }

    fn add_enum_values(
        &mut self,
        index: usize,
        new_values: &[ast::EnumValue<'_, String>],
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let mut drafts = Vec::with_capacity(new_values.len());
        for v in new_values {
            drafts.push((
                EnumValueDef {
                    name: v.name.clone(),
                    description: v.description.clone(),
                    deprecation: self.deprecation(&v.directives)?,
                },
                v.position,
            ));
        }
        let mut duplicates = Vec::new();
        if let TypeKindDraft::Enum { values } = &mut self.draft.types[index].kind {
            for (value, pos) in drafts {
                if values.iter().any(|v| v.name == value.name) {
                    duplicates.push((value.name, pos));
                } else {
                    values.push(value);
                }
            }
        }
        for (name, pos) in duplicates {
            self.warn(
                format!("Enum value \"{type_name}.{name}\" is defined twice; the first definition is used."),
                pos,
            );
        }
        Ok(())
    }

    fn add_input_fields(
        &mut self,
        index: usize,
        new_fields: &[ast::InputValue<'_, String>],
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let mut drafts = Vec::with_capacity(new_fields.len());
        for f in new_fields {
            drafts.push((self.input_value(f)?, f.position));
        }
        let mut duplicates = Vec::new();
        if let TypeKindDraft::InputObject { fields, .. } = &mut self.draft.types[index].kind {
            for (field, pos) in drafts {
                match fields.iter().find(|f| f.name == field.name) {
                    None => fields.push(field),
                    Some(first)
                        if first.ty == field.ty && first.default_value == field.default_value =>
                    {
                        duplicates.push((field.name, pos));
                    }
                    Some(_) => {
                        return Err(SchemaError::new(format!(
                            "Input field \"{type_name}.{}\" can only be defined once.",
                            field.name
                        ))
                        .in_file(self.file)
                        .at(location(pos))
                        .with_hint(
                            "it is defined twice with different types or defaults; remove one of the two",
                        ));
                    }
                }
            }
        }
        for (name, pos) in duplicates {
            self.warn(
                format!(
                    "Input field \"{type_name}.{name}\" is defined twice; the first definition is used."
                ),
                pos,
            );
        }
        Ok(())
    }

    fn field(
        &self,
        type_name: &str,
        f: &ast::Field<'_, String>,
    ) -> Result<FieldDraft, SchemaError> {
        Ok(FieldDraft {
            name: f.name.clone(),
            description: f.description.clone(),
            arguments: self.arguments(&format!("{type_name}.{}", f.name), &f.arguments)?,
            ty: type_ref(&f.field_type),
            deprecation: self.deprecation(&f.directives)?,
            location: location(f.position),
        })
    }

    /// Arguments of a field or directive; `owner` is `Type.field` or `@directive`.
    fn arguments(
        &self,
        owner: &str,
        arguments: &[ast::InputValue<'_, String>],
    ) -> Result<Vec<InputValueDraft>, SchemaError> {
        let mut out: Vec<InputValueDraft> = Vec::with_capacity(arguments.len());
        for a in arguments {
            if out.iter().any(|o| o.name == a.name) {
                return Err(self
                    .error(
                        format!(
                            "Argument \"{owner}({}:)\" can only be defined once.",
                            a.name
                        ),
                        a.position,
                    )
                    .with_hint("remove one of the two arguments"));
            }
            out.push(self.input_value(a)?);
        }
        Ok(out)
    }

    fn input_value(&self, v: &ast::InputValue<'_, String>) -> Result<InputValueDraft, SchemaError> {
        Ok(InputValueDraft {
            name: v.name.clone(),
            description: v.description.clone(),
            ty: type_ref(&v.value_type),
            default_value: v.default_value.as_ref().map(print_value),
            deprecation: self.deprecation(&v.directives)?,
        })
    }

    fn directive_definition(
        &mut self,
        d: &ast::DirectiveDefinition<'_, String>,
    ) -> Result<(), SchemaError> {
        if self.draft.directives.iter().any(|o| o.name == d.name) {
            return Err(self
                .error(
                    format!("There can be only one directive named \"@{}\".", d.name),
                    d.position,
                )
                .with_hint("remove one of the two definitions"));
        }
        let arguments = self.arguments(&format!("@{}", d.name), &d.arguments)?;
        self.draft.directives.push(DirectiveDraft {
            name: d.name.clone(),
            description: d.description.clone(),
            arguments,
            repeatable: d.repeatable,
            locations: d
                .locations
                .iter()
                .filter_map(|l| DirectiveLocation::parse(l.as_str()))
                .collect(),
        });
        Ok(())
    }

    /// The reason of a `@deprecated` among `directives`, if there is one.
    fn deprecation(
        &self,
        directives: &[ast::Directive<'_, String>],
    ) -> Result<Option<String>, SchemaError> {
        let Some(d) = directives.iter().find(|d| d.name == "deprecated") else {
            return Ok(None);
        };
        match d.arguments.iter().find(|(name, _)| name == "reason") {
            None => Ok(Some(DEFAULT_DEPRECATION_REASON.to_string())),
            Some((_, ast::Value::String(reason))) => Ok(Some(reason.clone())),
            Some((_, other)) => Err(self
                .error(
                    format!(
                        "Argument \"@deprecated(reason:)\" has invalid value {}.",
                        print_value(other)
                    ),
                    d.position,
                )
                .with_hint("the reason must be a string, e.g. @deprecated(reason: \"Use `x`.\")")),
        }
    }

    /// The URL of a `@specifiedBy(url:)` among `directives`, if there is one.
    fn specified_by(
        &self,
        directives: &[ast::Directive<'_, String>],
    ) -> Result<Option<String>, SchemaError> {
        let Some(d) = directives.iter().find(|d| d.name == "specifiedBy") else {
            return Ok(None);
        };
        match d.arguments.iter().find(|(name, _)| name == "url") {
            Some((_, ast::Value::String(url))) => Ok(Some(url.clone())),
            _ => Err(self
                .error(
                    "Directive \"@specifiedBy\" needs a string argument \"url\".",
                    d.position,
                )
                .with_hint("write @specifiedBy(url: \"https://...\")")),
        }
    }
}

fn has_directive(directives: &[ast::Directive<'_, String>], name: &str) -> bool {
    directives.iter().any(|d| d.name == name)
}

fn type_ref(t: &ast::Type<'_, String>) -> TypeRefDraft {
    match t {
        ast::Type::NamedType(n) => TypeRefDraft::Named(n.clone()),
        ast::Type::ListType(t) => TypeRefDraft::List(Box::new(type_ref(t))),
        ast::Type::NonNullType(t) => TypeRefDraft::NonNull(Box::new(type_ref(t))),
    }
}

/// A value printed as graphql-js prints it.
fn print_value(v: &ast::Value<'_, String>) -> String {
    match v {
        ast::Value::Variable(n) => format!("${n}"),
        ast::Value::Int(i) => i.as_i64().map_or_else(String::new, |i| i.to_string()),
        ast::Value::Float(f) => f.to_string(),
        ast::Value::String(s) => print_string(s),
        ast::Value::Boolean(b) => b.to_string(),
        ast::Value::Null => "null".to_string(),
        ast::Value::Enum(e) => e.clone(),
        ast::Value::List(items) => {
            let items: Vec<String> = items.iter().map(print_value).collect();
            format!("[{}]", items.join(", "))
        }
        ast::Value::Object(fields) => {
            if fields.is_empty() {
                return "{  }".to_string();
            }
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", print_value(v)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

/// A string literal as graphql-js `printString` writes it.
fn print_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::TypeKind;

    fn load(sdl: &str) -> SchemaIndex {
        load_sdl("schema.graphql", sdl).expect("schema loads").0
    }

    fn load_err(sdl: &str) -> String {
        load_sdl("schema.graphql", sdl)
            .expect_err("schema is rejected")
            .to_string()
    }

    #[test]
    fn reads_every_kind_of_type() {
        let s = load(
            r#"
            "The root" type Query implements Node & Named { id: ID! name(upper: Boolean = false): String @deprecated items: [[Item!]]! }
            interface Node { id: ID! }
            interface Named implements Node { id: ID! name: String }
            union Item = | Query | Thing
            type Thing { x: Int }
            enum Color { RED "green" GREEN @deprecated(reason: "gone") }
            input Filter @oneOf { color: Color = RED, n: Int @deprecated }
            scalar Url @specifiedBy(url: "https://example.com")
            directive @cached(ttl: Int = 60) repeatable on FIELD_DEFINITION | OBJECT
            "#,
        );
        let query = s.type_by_name("Query").unwrap();
        assert_eq!(s.query_type(), Some(query));
        assert_eq!(s.ty(query).description.as_deref(), Some("The root"));
        let name = s.field(query, "name").unwrap();
        assert_eq!(name.deprecation.as_deref(), Some("No longer supported"));
        assert_eq!(name.arguments[0].default_value.as_deref(), Some("false"));
        assert_eq!(
            s.display(&s.field(query, "items").unwrap().ty).to_string(),
            "[[Item!]]!"
        );
        let names: Vec<_> = s
            .interfaces(query)
            .iter()
            .map(|&i| s.type_name(i))
            .collect();
        assert_eq!(names, ["Node", "Named"]);
        let named = s.type_by_name("Named").unwrap();
        assert_eq!(
            s.interface_implementations(s.type_by_name("Node").unwrap()),
            [named]
        );
        let item = s.type_by_name("Item").unwrap();
        assert_eq!(s.possible_types(item).len(), 2);
        let color = s.type_by_name("Color").unwrap();
        let values = s.enum_values(color);
        assert_eq!(values[1].description.as_deref(), Some("green"));
        assert_eq!(values[1].deprecation.as_deref(), Some("gone"));
        let filter = s.type_by_name("Filter").unwrap();
        assert!(matches!(
            s.ty(filter).kind,
            TypeKind::InputObject { one_of: true, .. }
        ));
        assert_eq!(
            s.input_fields(filter)[0].default_value.as_deref(),
            Some("RED")
        );
        let url = s.type_by_name("Url").unwrap();
        assert_eq!(
            s.ty(url).kind,
            TypeKind::Scalar {
                specified_by: Some("https://example.com".into())
            }
        );
        let cached = s.directive("cached").unwrap();
        assert!(cached.repeatable);
        assert_eq!(
            cached.locations,
            [
                DirectiveLocation::FieldDefinition,
                DirectiveLocation::Object
            ]
        );
        assert!(s.directive("skip").unwrap().builtin);
    }

    #[test]
    fn merges_extensions_into_their_types() {
        let s = load(
            "extend type Query { b: Int }
             type Query { a: Int }
             extend type Query implements Node { id: ID! }
             interface Node { id: ID! }
             enum E { A } extend enum E { B }
             union U = Query extend union U = Other type Other { x: Int }
             input I { a: Int } extend input I @oneOf { b: Int }
             scalar S extend scalar S @specifiedBy(url: \"u\")",
        );
        let query = s.type_by_name("Query").unwrap();
        let fields: Vec<_> = s.fields(query).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(fields, ["a", "b", "id"]);
        assert_eq!(s.interfaces(query).len(), 1);
        assert_eq!(s.enum_values(s.type_by_name("E").unwrap()).len(), 2);
        assert_eq!(s.possible_types(s.type_by_name("U").unwrap()).len(), 2);
        let i = s.type_by_name("I").unwrap();
        assert!(matches!(
            s.ty(i).kind,
            TypeKind::InputObject { one_of: true, .. }
        ));
        assert_eq!(s.input_fields(i).len(), 2);
    }

    #[test]
    fn schema_definition_names_the_roots() {
        let s = load("schema { query: Q } type Q { a: Int } type Mutation { b: Int }");
        assert_eq!(s.query_type(), s.type_by_name("Q"));
        assert_eq!(
            s.mutation_type(),
            None,
            "not named by the schema definition"
        );
        let s = load("type Query { a: Int } type Mutation { b: Int }");
        assert_eq!(s.mutation_type(), s.type_by_name("Mutation"));
        assert_eq!(s.subscription_type(), None);
    }

    #[test]
    fn rejects_bad_schemas_with_a_location() {
        assert_eq!(
            load_err("type Query { a: Int }\nextend type Nope { b: Int }"),
            "schema.graphql:2:8: Cannot extend type \"Nope\" because it is not defined.\n  \
             hint: define \"Nope\" before extending it, or remove the extension"
        );
        assert!(load_err("type Q { a: Int }\nextend input Q { b: Int }")
            .starts_with("schema.graphql:2:8: Cannot extend non-input object type \"Q\"."));
        assert!(load_err("type Q { a: Int }\ntype Q { b: Int }")
            .starts_with("schema.graphql:2:1: There can be only one type named \"Q\"."));
        assert!(load_err("type Q { a(x: Int, x: Int): Int }")
            .starts_with("schema.graphql:1:20: Argument \"Q.a(x:)\" can only be defined once."));
        assert!(load_err("type Q { a: Int\n a: String }")
            .starts_with("schema.graphql:2:2: Field \"Q.a\" can only be defined once."));
        assert!(load_err("type Query { a: Nope }")
            .starts_with("schema.graphql:1:14: Unknown type \"Nope\" referenced by \"Query.a\"."));
    }

    #[test]
    fn identical_duplicates_are_warnings() {
        let (s, warnings) = load_sdl(
            "s.graphql",
            "type Query { a: Int\n  a: Int }\nenum E { A A }",
        )
        .unwrap();
        assert_eq!(s.fields(s.query_type().unwrap()).len(), 1);
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            text,
            [
                "s.graphql:2:3: warning: Field \"Query.a\" is defined twice; the definition at line 1 is used.",
                "s.graphql:3:12: warning: Enum value \"E.A\" is defined twice; the first definition is used."
            ]
        );
    }
}
