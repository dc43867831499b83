//! SDL → [`SchemaDraft`], through graphql-parser (spec section 3, "Type System").
//!
//! Four stages: [`lexer`] reads the tokens as the spec does (with graphql-js's messages);
//! [`prescan`] bounds nesting, rejects operations, reads what graphql-parser cannot (the
//! schema's description, `extend schema`) and writes a placeholder text with every token in
//! place; graphql-parser checks the grammar of that text; [`Loader`] walks graphql-parser's
//! tree, taking descriptions, values ([`value`]) and locations from the tokens at the
//! positions the tree gives. Locations are those of names.
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
//!   definitions, and extending a type that is not defined or is of another kind are errors;
//! - defining or extending a scalar the spec defines (`scalar String`) changes nothing, as in
//!   graphql-js.

use crate::fast_hash::FastMap;
use std::cell::Cell;

use graphql_parser::schema as ast;
use graphql_parser::Pos;

use super::index::{
    is_specified_scalar, DirectiveDraft, DirectiveLocation, EnumValueDef, FieldDraft,
    InputValueDraft, SchemaDraft, SchemaIndex, TypeDraft, TypeKindDraft, TypeRefDraft,
};
use crate::diagnostics::{did_you_mean, suggestion_list, SchemaError, SchemaWarning};
use crate::source::{LineColumn, SourceFile};
use lexer::Token;
use value::ConstValue;

mod lexer;
mod prescan;
mod value;

/// The reason `@deprecated` gives when it has no `reason:` argument.
const DEFAULT_DEPRECATION_REASON: &str = "No longer supported";

const SYNTAX_HINT: &str = "the schema must be GraphQL SDL (type, input, enum, ... definitions)";

/// Parses SDL into a draft whose names are not resolved yet. The directives applied in it
/// are checked against those it defines and `builtins` (`None` for the built-in SDL itself,
/// which defines them).
pub(crate) fn parse_sdl_draft(
    name: &str,
    text: &str,
    builtins: Option<&[DirectiveDraft]>,
) -> Result<(SchemaDraft, Vec<SchemaWarning>), SchemaError> {
    let tokens = lexer::tokenize(text).map_err(|e| {
        SchemaError::new(format!("Syntax Error: {}", e.message))
            .in_file(name)
            .at(Some(e.location))
            .with_hint(SYNTAX_HINT)
    })?;
    if tokens.is_empty() {
        return Err(SchemaError::new("Syntax Error: Unexpected <EOF>.")
            .in_file(name)
            .at(Some(end_of(text)))
            .with_hint("the schema has no definitions"));
    }
    let scan = prescan::prescan(text, &tokens).map_err(|e| {
        SchemaError::new(e.message)
            .in_file(name)
            .at(Some(e.location))
            .with_hint(e.hint)
    })?;
    let document = ast::parse_schema::<String>(&scan.text)
        .map_err(|e| syntax_error(name, text, &tokens, &e))?;
    let mut loader = Loader {
        file: name,
        source: text,
        tokens,
        draft: SchemaDraft {
            description: scan.schema_description,
            // Written by this loader from values the grammar read.
            default_values_parsed: true,
            ..SchemaDraft::default()
        },
        warnings: scan
            .ignored
            .iter()
            .map(|(message, at)| SchemaWarning {
                message: message.clone(),
                file: Some(name.to_string()),
                location: Some(*at),
            })
            .collect(),
        type_positions: FastMap::default(),
        schema_definition: None,
        last_token: Cell::new(0),
        applied: Vec::new(),
        nodes: 0,
        defined_scalars: Vec::new(),
    };
    // The tree is taken apart: its names move into the draft.
    let mut extensions = Vec::new();
    for definition in document.definitions {
        match definition {
            ast::Definition::SchemaDefinition(s) => loader.schema_definition(&s)?,
            ast::Definition::TypeDefinition(t) => loader.type_definition(t)?,
            ast::Definition::DirectiveDefinition(d) => loader.directive_definition(d)?,
            ast::Definition::TypeExtension(e) => extensions.push(e),
        }
    }
    for root in &scan.schema_extensions {
        loader.schema_extension(root)?;
    }
    for e in extensions {
        loader.type_extension(e)?;
    }
    if let Some(builtins) = builtins {
        loader.check_applied_directives(builtins)?;
    }
    Ok((loader.draft, loader.warnings))
}

/// Loads an SDL schema.
pub fn load_sdl(name: &str, text: &str) -> Result<(SchemaIndex, Vec<SchemaWarning>), SchemaError> {
    let builtins = super::builtins::builtin_directives();
    let (draft, mut warnings) = parse_sdl_draft(name, text, Some(builtins))?;
    let (schema, more) = draft.build().map_err(|e| e.in_file(name))?;
    warnings.extend(more.into_iter().map(|mut w| {
        w.file = Some(name.to_string());
        w
    }));
    Ok((schema, warnings))
}

/// The line and column just past the end of `text`.
fn end_of(text: &str) -> LineColumn {
    SourceFile::new("", text).line_column(u32::try_from(text.len()).unwrap_or(u32::MAX))
}

/// graphql-parser's error reads `schema parse error: Parse error at L:C\nUnexpected ...\n
/// Expected ...\n`, about the placeholder text. It is reworded the way graphql-js words
/// syntax errors, naming the real token at that position.
fn syntax_error(
    file: &str,
    source: &str,
    tokens: &[Token],
    error: &ast::ParseError,
) -> SchemaError {
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
    let token = location.and_then(|at| {
        tokens
            .binary_search_by_key(&(at.line, at.column), |t| {
                (t.location.line, t.location.column)
            })
            .ok()
            .map(|i| &tokens[i])
    });
    let found = token.map_or_else(|| "<EOF>".to_string(), |t| t.describe(source));
    let mut expected = Vec::new();
    let mut sentences = Vec::new();
    let mut notes = Vec::new();
    for line in details.lines().filter(|l| !l.is_empty()) {
        match line.strip_prefix("Expected ") {
            // A sentence of graphql-parser's ("Scalar type extension should contain ...").
            Some(e) if e.ends_with('.') => sentences.push(e.to_string()),
            // A punctuator, quoted as graphql-js quotes it.
            Some(e) if e.chars().all(|c| c.is_ascii_punctuation()) => {
                expected.push(format!("\"{e}\""))
            }
            Some(e) => expected.push(e.to_string()),
            None if line.starts_with("Unexpected") => {}
            None => {
                let mut chars = line.chars();
                let first = chars.next().map(|c| c.to_uppercase().to_string());
                notes.push(format!("{}{}.", first.unwrap_or_default(), chars.as_str()));
            }
        }
    }
    // Where a type may start, graphql-js (which tries `[` first) expects a name only.
    for e in &mut expected {
        if e == "Name or [" {
            *e = "Name".to_string();
        }
    }
    let mut message = if !expected.is_empty() {
        format!(
            "Syntax Error: Expected {}, found {found}.",
            expected.join(" or ")
        )
    } else if sentences.is_empty() {
        format!("Syntax Error: Unexpected {found}.")
    } else {
        "Syntax Error:".to_string()
    };
    for note in sentences.into_iter().chain(notes) {
        message.push(' ');
        message.push_str(&note);
    }
    let location = match token {
        Some(t) => Some(t.location),
        None => Some(end_of(source)),
    };
    SchemaError::new(message)
        .in_file(file)
        .at(location)
        .with_hint(SYNTAX_HINT)
}

/// A directive's arguments as written: name, value, where.
type DirectiveArguments = Vec<(String, ConstValue, LineColumn)>;

struct Loader<'a> {
    file: &'a str,
    source: &'a str,
    /// The tokens; descriptions move out of them into the draft.
    tokens: Vec<Token>,
    draft: SchemaDraft,
    warnings: Vec<SchemaWarning>,
    /// Index in `draft.types` of every type defined so far.
    type_positions: FastMap<String, usize>,
    /// Where the schema definition is, once seen.
    schema_definition: Option<LineColumn>,
    /// The token [`Loader::token_index`] found last.
    last_token: Cell<usize>,
    /// Every directive applied in the schema, checked once all are defined.
    applied: Vec<Applied>,
    /// How many nodes that carry directives have been read (each one's key in `applied`).
    nodes: usize,
    /// The spec's scalars the schema defines (`scalar String`), which it may then extend.
    defined_scalars: Vec<String>,
}

/// A directive applied in the schema: its name, where it is, the kind of place, and the
/// node it is applied to (a type and its extensions are one node, as graphql-js's
/// UniqueDirectivesPerLocation counts them).
struct Applied {
    name: String,
    at: LineColumn,
    location: DirectiveLocation,
    node: Node,
    arguments: DirectiveArguments,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Node {
    Type(String),
    Other(usize),
}

impl<'a> Loader<'a> {
    fn error(&self, message: impl Into<String>, at: LineColumn) -> SchemaError {
        SchemaError::new(message).in_file(self.file).at(Some(at))
    }

    fn warn(&mut self, message: String, at: LineColumn) {
        self.warnings.push(SchemaWarning {
            message,
            file: Some(self.file.to_string()),
            location: Some(at),
        });
    }

    // -- Reading the tokens behind graphql-parser's tree ----------------------------------

    /// The token graphql-parser's node starts at. The two agree on every position, since
    /// graphql-parser reads the pre-scan's text, which keeps each token in place.
    ///
    /// The tree is read in document order, so the token is usually a few past the last one
    /// found: a short walk from there saves a binary search through the whole file.
    fn token_index(&self, pos: Pos) -> Result<usize, SchemaError> {
        let key = |t: &Token| (t.location.line, t.location.column);
        let target = (pos.line, pos.column);
        let from = self.last_token.get();
        let nearby = self.tokens.get(from..).and_then(|rest| {
            rest.iter()
                .take(64)
                .position(|t| key(t) >= target)
                .filter(|&i| key(&rest[i]) == target)
                .map(|i| from + i)
        });
        let found = match nearby {
            Some(i) => Ok(i),
            None => self.tokens.binary_search_by_key(&target, key),
        };
        if let Ok(i) = found {
            self.last_token.set(i);
        }
        found.map_err(|_| {
            self.error(
                "gqlforge cannot read the schema here (its pre-scan and graphql-parser disagree).",
                LineColumn {
                    line: pos.line,
                    column: pos.column,
                },
            )
            .with_hint("this is a bug in gqlforge; please report it with the schema")
        })
    }

    fn token(&self, i: usize) -> Result<&Token, SchemaError> {
        self.tokens.get(i).ok_or_else(|| {
            self.error("Syntax Error: Unexpected <EOF>.", end_of(self.source))
                .with_hint(SYNTAX_HINT)
        })
    }

    /// A type or directive definition starting at its keyword: its description (the string
    /// before the keyword) and where its name is (after the keyword, and after `@` for a
    /// directive).
    fn definition_name(
        &mut self,
        keyword: Pos,
        name_offset: usize,
    ) -> Result<(Option<String>, LineColumn), SchemaError> {
        let i = self.token_index(keyword)?;
        let description = i
            .checked_sub(1)
            .map(|d| &mut self.tokens[d])
            .filter(|t| t.is_string())
            .and_then(|t| t.value.take());
        Ok((description, self.token(i + name_offset)?.location))
    }

    /// A field, argument, input field or enum value: its description and name token index.
    fn described_name(&mut self, pos: Pos) -> Result<(Option<String>, usize), SchemaError> {
        let i = self.token_index(pos)?;
        self.token(i)?;
        match &mut self.tokens[i] {
            first if first.is_string() => Ok((first.value.take(), i + 1)),
            _ => Ok((None, i)),
        }
    }

    fn value_error(&self, e: value::ValueError) -> SchemaError {
        self.error(e.message, e.location).with_hint(SYNTAX_HINT)
    }

    /// The default value of the input value whose name is token `name`, if it has one.
    fn default_value(&self, name: usize) -> Result<Option<ConstValue>, SchemaError> {
        let mut i = self.skip_type(name + 2)?;
        if !self.token(i)?.is_punctuator(b'=') {
            return Ok(None);
        }
        i += 1;
        let (value, _) = value::parse_const_value(self.source, &self.tokens, i)
            .map_err(|e| self.value_error(e))?;
        Ok(Some(value))
    }

    /// Skips the type reference starting at token `i`.
    fn skip_type(&self, i: usize) -> Result<usize, SchemaError> {
        let mut end = if self.token(i)?.is_punctuator(b'[') {
            self.skip_type(i + 1)? + 1
        } else {
            i + 1
        };
        if self.tokens.get(end).is_some_and(|t| t.is_punctuator(b'!')) {
            end += 1;
        }
        Ok(end)
    }

    /// The arguments of the directive at `d`, read from the tokens.
    fn directive_arguments(
        &self,
        d: &ast::Directive<'_, String>,
    ) -> Result<DirectiveArguments, SchemaError> {
        let at = self.token_index(d.position)?;
        let mut arguments = Vec::new();
        if !self.token(at + 2).is_ok_and(|t| t.is_punctuator(b'(')) {
            return Ok(arguments);
        }
        let mut i = at + 3;
        while !self.token(i)?.is_punctuator(b')') {
            let name = self.token(i)?;
            let (value, next) = value::parse_const_value(self.source, &self.tokens, i + 2)
                .map_err(|e| self.value_error(e))?;
            arguments.push((name.text(self.source).to_string(), value, name.location));
            i = next;
        }
        Ok(arguments)
    }

    /// The string argument `argument` of the directive named `directive`, if both are present;
    /// an error if the argument is not a string.
    fn string_argument(
        &self,
        directives: &[ast::Directive<'_, String>],
        directive: &str,
        argument: &str,
    ) -> Result<Option<Option<String>>, SchemaError> {
        let Some(d) = directives.iter().find(|d| d.name == directive) else {
            return Ok(None);
        };
        let arguments = self.directive_arguments(d)?;
        match arguments.into_iter().find(|(name, ..)| name == argument) {
            None => Ok(Some(None)),
            Some((_, ConstValue::String { value, .. }, _)) => Ok(Some(Some(value))),
            Some((_, other, at)) => Err(self
                .error(
                    format!(
                        "Argument \"@{directive}({argument}:)\" has invalid value {}.",
                        other.print()
                    ),
                    at,
                )
                .with_hint(format!("@{directive}'s {argument} must be a string"))),
        }
    }

    /// The reason of a `@deprecated` among `directives`, if there is one.
    fn deprecation(
        &self,
        directives: &[ast::Directive<'_, String>],
    ) -> Result<Option<String>, SchemaError> {
        Ok(self
            .string_argument(directives, "deprecated", "reason")?
            .map(|reason| reason.unwrap_or_else(|| DEFAULT_DEPRECATION_REASON.to_string())))
    }

    /// The URL of a `@specifiedBy(url:)` among `directives`, if there is one.
    fn specified_by(
        &self,
        directives: &[ast::Directive<'_, String>],
    ) -> Result<Option<String>, SchemaError> {
        match self.string_argument(directives, "specifiedBy", "url")? {
            None => Ok(None),
            Some(Some(url)) => Ok(Some(url)),
            Some(None) => {
                let d = directives.iter().find(|d| d.name == "specifiedBy");
                let at = d.map_or(Ok(end_of(self.source)), |d| {
                    self.token_index(d.position)
                        .map(|i| self.tokens[i].location)
                })?;
                Err(self
                    .error(
                        "Argument \"@specifiedBy(url:)\" of type \"String!\" is required, but it was not provided.",
                        at,
                    )
                    .with_hint("write @specifiedBy(url: \"https://...\")"))
            }
        }
    }

    // -- Directives applied ---------------------------------------------------------------

    /// Records the directives applied to one node (`node`: the type's name for a type or
    /// type extension, `None` for any other node).
    fn apply(
        &mut self,
        directives: &[ast::Directive<'_, String>],
        location: DirectiveLocation,
        node: Option<&str>,
    ) -> Result<(), SchemaError> {
        if directives.is_empty() {
            return Ok(());
        }
        let node = match node {
            Some(name) => Node::Type(name.to_string()),
            None => {
                self.nodes += 1;
                Node::Other(self.nodes)
            }
        };
        for d in directives {
            let at = self.token(self.token_index(d.position)?)?.location;
            let arguments = self.directive_arguments(d)?;
            self.applied.push(Applied {
                name: d.name.clone(),
                at,
                location,
                node: node.clone(),
                arguments,
            });
        }
        Ok(())
    }

    /// graphql-js's SDL rules on applied directives: KnownDirectives (defined, and allowed
    /// where used), UniqueDirectivesPerLocation, KnownArgumentNamesOnDirectives,
    /// UniqueArgumentNames and ProvidedRequiredArgumentsOnDirectives.
    fn check_applied_directives(&self, builtins: &[DirectiveDraft]) -> Result<(), SchemaError> {
        let mut seen: FastMap<(&str, &Node), ()> = FastMap::default();
        for a in &self.applied {
            let defined = self
                .draft
                .directives
                .iter()
                .chain(
                    builtins
                        .iter()
                        .filter(|b| !self.draft.directives.iter().any(|d| d.name == b.name)),
                )
                .find(|d| d.name == a.name);
            let Some(d) = defined else {
                return Err(self
                    .error(format!("Unknown directive \"@{}\".", a.name), a.at)
                    .with_hint(format!(
                        "define it (`directive @{} on {}`), or remove it",
                        a.name,
                        a.location.as_str()
                    )));
            };
            if !d.locations.contains(&a.location) {
                return Err(self
                    .error(
                        format!(
                            "Directive \"@{}\" may not be used on {}.",
                            a.name,
                            a.location.as_str()
                        ),
                        a.at,
                    )
                    .with_hint(format!(
                        "@{} may be used on {}",
                        a.name,
                        d.locations
                            .iter()
                            .map(|l| l.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )));
            }
            if !d.repeatable && seen.insert((&a.name, &a.node), ()).is_some() {
                return Err(self
                    .error(
                        format!(
                            "The directive \"@{}\" can only be used once at this location.",
                            a.name
                        ),
                        a.at,
                    )
                    .with_hint(format!(
                        "@{} is not `repeatable`: remove one of the two",
                        a.name
                    )));
            }
            for (k, (name, _, at)) in a.arguments.iter().enumerate() {
                if a.arguments[..k].iter().any(|(other, ..)| other == name) {
                    return Err(self
                        .error(
                            format!("There can be only one argument named \"{name}\"."),
                            *at,
                        )
                        .with_hint("remove one of the two"));
                }
                if d.arguments.iter().all(|def| def.name != *name) {
                    let suggestions =
                        suggestion_list(name, d.arguments.iter().map(|def| def.name.as_str()));
                    return Err(self
                        .error(
                            format!(
                                "Unknown argument \"{name}\" on directive \"@{}\".{}",
                                a.name,
                                did_you_mean(None, &suggestions)
                            ),
                            *at,
                        )
                        .with_hint(format!("see the definition of @{}", a.name)));
                }
            }
            for def in &d.arguments {
                let required =
                    matches!(def.ty, TypeRefDraft::NonNull(_)) && def.default_value.is_none();
                if required && a.arguments.iter().all(|(name, ..)| *name != def.name) {
                    return Err(self
                        .error(
                            format!(
                                "Argument \"@{}({}:)\" of type \"{}\" is required, but it was not provided.",
                                a.name, def.name, def.ty
                            ),
                            a.at,
                        )
                        .with_hint(format!("write @{}({}: ...)", a.name, def.name)));
                }
            }
        }
        Ok(())
    }

    // -- Definitions ----------------------------------------------------------------------

    fn schema_definition(
        &mut self,
        s: &ast::SchemaDefinition<'_, String>,
    ) -> Result<(), SchemaError> {
        let at = self.token(self.token_index(s.position)?)?.location;
        if let Some(first) = self.schema_definition {
            return Err(self
                .error("Must provide only one schema definition.", at)
                .with_hint(format!(
                    "the schema is already defined at line {}; merge the two",
                    first.line
                )));
        }
        self.schema_definition = Some(at);
        self.apply(&s.directives, DirectiveLocation::Schema, None)?;
        self.draft.explicit_roots = true;
        self.draft.query = s.query.clone();
        self.draft.mutation = s.mutation.clone();
        self.draft.subscription = s.subscription.clone();
        Ok(())
    }

    /// One root operation type of an `extend schema`.
    fn schema_extension(&mut self, root: &prescan::RootOperation) -> Result<(), SchemaError> {
        let slot = match root.operation.as_str() {
            "query" => &mut self.draft.query,
            "mutation" => &mut self.draft.mutation,
            _ => &mut self.draft.subscription,
        };
        if slot.is_some() {
            return Err(self
                .error(
                    format!("There can be only one {} type in schema.", root.operation),
                    root.location,
                )
                .with_hint("a schema extension can only add root operation types"));
        }
        *slot = Some(root.type_name.clone());
        Ok(())
    }

    fn type_definition(&mut self, t: ast::TypeDefinition<'_, String>) -> Result<(), SchemaError> {
        use ast::TypeDefinition as T;
        let (directives, location, type_name) = match &t {
            T::Scalar(s) => (&s.directives, DirectiveLocation::Scalar, &s.name),
            T::Object(o) => (&o.directives, DirectiveLocation::Object, &o.name),
            T::Interface(i) => (&i.directives, DirectiveLocation::Interface, &i.name),
            T::Union(u) => (&u.directives, DirectiveLocation::Union, &u.name),
            T::Enum(e) => (&e.directives, DirectiveLocation::Enum, &e.name),
            T::InputObject(i) => (&i.directives, DirectiveLocation::InputObject, &i.name),
        };
        self.apply(directives, location, Some(type_name))?;
        // `scalar String`: the spec's scalar is used, as graphql-js does.
        if matches!(&t, T::Scalar(s) if is_specified_scalar(&s.name)) {
            self.defined_scalars.push(type_name.clone());
            return Ok(());
        }
        let (name, pos, kind) = match &t {
            T::Scalar(s) => (
                &s.name,
                s.position,
                TypeKindDraft::Scalar {
                    specified_by: self.specified_by(&s.directives)?,
                },
            ),
            T::Object(o) => (
                &o.name,
                o.position,
                TypeKindDraft::Object {
                    fields: Vec::new(),
                    interfaces: Vec::new(),
                },
            ),
            T::Interface(i) => (
                &i.name,
                i.position,
                TypeKindDraft::Interface {
                    fields: Vec::new(),
                    interfaces: Vec::new(),
                },
            ),
            T::Union(u) => (
                &u.name,
                u.position,
                TypeKindDraft::Union {
                    members: Vec::new(),
                },
            ),
            T::Enum(e) => (
                &e.name,
                e.position,
                TypeKindDraft::Enum { values: Vec::new() },
            ),
            T::InputObject(i) => (
                &i.name,
                i.position,
                TypeKindDraft::InputObject {
                    fields: Vec::new(),
                    one_of: has_directive(&i.directives, "oneOf"),
                },
            ),
        };
        let (description, at) = self.definition_name(pos, 1)?;
        if let Some(&existing) = self.type_positions.get(name.as_str()) {
            let first = self.draft.types[existing].location;
            return Err(self
                .error(format!("There can be only one type named \"{name}\"."), at)
                .with_hint(match first {
                    Some(lc) => format!("\"{name}\" is first defined at line {}", lc.line),
                    None => format!("\"{name}\" is defined twice"),
                }));
        }
        let name = name.clone();
        self.type_positions
            .insert(name.clone(), self.draft.types.len());
        self.draft.types.push(TypeDraft {
            name,
            description,
            kind,
            location: Some(at),
        });
        let index = self.draft.types.len() - 1;
        match t {
            T::Scalar(_) => Ok(()),
            T::Object(o) => self.add_object_like(index, &o.implements_interfaces, o.fields, at),
            T::Interface(i) => self.add_object_like(index, &i.implements_interfaces, i.fields, at),
            T::Union(u) => self.add_union_members(index, &u.types, at),
            T::Enum(e) => self.add_enum_values(index, e.values),
            T::InputObject(i) => self.add_input_fields(index, i.fields),
        }
    }

    fn type_extension(&mut self, e: ast::TypeExtension<'_, String>) -> Result<(), SchemaError> {
        use ast::TypeExtension as E;
        let (name, pos, kind) = match &e {
            E::Scalar(s) => (&s.name, s.position, "scalar"),
            E::Object(o) => (&o.name, o.position, "object"),
            E::Interface(i) => (&i.name, i.position, "interface"),
            E::Union(u) => (&u.name, u.position, "union"),
            E::Enum(e) => (&e.name, e.position, "enum"),
            E::InputObject(i) => (&i.name, i.position, "input object"),
        };
        let (directives, location) = match &e {
            E::Scalar(s) => (&s.directives, DirectiveLocation::Scalar),
            E::Object(o) => (&o.directives, DirectiveLocation::Object),
            E::Interface(i) => (&i.directives, DirectiveLocation::Interface),
            E::Union(u) => (&u.directives, DirectiveLocation::Union),
            E::Enum(e) => (&e.directives, DirectiveLocation::Enum),
            E::InputObject(i) => (&i.directives, DirectiveLocation::InputObject),
        };
        self.apply(directives, location, Some(name))?;
        let (_, at) = self.definition_name(pos, 1)?;
        // Like graphql-js, the spec's scalars are not extended, once the schema defines them.
        if matches!(e, E::Scalar(_)) && self.defined_scalars.contains(name) {
            return Ok(());
        }
        let Some(&index) = self.type_positions.get(name.as_str()) else {
            let suggestions = suggestion_list(
                name,
                self.type_positions
                    .keys()
                    .chain(&self.defined_scalars)
                    .map(String::as_str),
            );
            return Err(self
                .error(
                    format!(
                        "Cannot extend type \"{name}\" because it is not defined.{}",
                        did_you_mean(None, &suggestions)
                    ),
                    at,
                )
                .with_hint(format!("define \"{name}\" too, or remove the extension")));
        };
        let same_kind = matches!(
            (&self.draft.types[index].kind, &e),
            (TypeKindDraft::Scalar { .. }, E::Scalar(_))
                | (TypeKindDraft::Object { .. }, E::Object(_))
                | (TypeKindDraft::Interface { .. }, E::Interface(_))
                | (TypeKindDraft::Union { .. }, E::Union(_))
                | (TypeKindDraft::Enum { .. }, E::Enum(_))
                | (TypeKindDraft::InputObject { .. }, E::InputObject(_))
        );
        if !same_kind {
            return Err(self
                .error(format!("Cannot extend non-{kind} type \"{name}\"."), at)
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
            E::Object(o) => self.add_object_like(index, &o.implements_interfaces, o.fields, at),
            E::Interface(i) => self.add_object_like(index, &i.implements_interfaces, i.fields, at),
            E::Union(u) => self.add_union_members(index, &u.types, at),
            E::Enum(e) => self.add_enum_values(index, e.values),
            E::InputObject(i) => {
                if has_directive(&i.directives, "oneOf") {
                    if let TypeKindDraft::InputObject { one_of, .. } =
                        &mut self.draft.types[index].kind
                    {
                        *one_of = true;
                    }
                }
                self.add_input_fields(index, i.fields)
            }
        }
    }

    fn add_object_like(
        &mut self,
        index: usize,
        new_interfaces: &[String],
        new_fields: Vec<ast::Field<'_, String>>,
        at: LineColumn,
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let mut drafts = Vec::with_capacity(new_fields.len());
        for f in new_fields {
            drafts.push(self.field(&type_name, f)?);
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
                    at,
                ));
            } else {
                interfaces.push(interface.clone());
            }
        }
        if fields.is_empty() && !has_duplicate_names(&drafts, |f| &f.name) {
            fields.append(&mut drafts);
        }
        for field in drafts {
            let at = field.location.unwrap_or(at);
            match fields.iter().find(|f| f.name == field.name) {
                None => fields.push(field),
                Some(first) if first.ty == field.ty && first.arguments == field.arguments => {
                    warnings.push((
                        format!(
                            "Field \"{type_name}.{}\" is defined twice; the definition at line {} is used.",
                            field.name,
                            first.location.map_or(0, |l| l.line)
                        ),
                        at,
                    ));
                }
                Some(first) => {
                    let first_line = first.location.map_or(0, |l| l.line);
                    return Err(SchemaError::new(format!(
                        "Field \"{type_name}.{}\" can only be defined once.",
                        field.name
                    ))
                    .in_file(self.file)
                    .at(Some(at))
                    .with_hint(format!(
                        "it is first defined at line {first_line} with another type or \
                         arguments; remove one of the two"
                    )));
                }
            }
        }
        for (message, at) in warnings {
            self.warn(message, at);
        }
        Ok(())
    }

    fn add_union_members(
        &mut self,
        index: usize,
        new_members: &[String],
        at: LineColumn,
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
                at,
            );
        }
        Ok(())
    }

    fn add_enum_values(
        &mut self,
        index: usize,
        new_values: Vec<ast::EnumValue<'_, String>>,
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let mut drafts = Vec::with_capacity(new_values.len());
        for v in new_values {
            let (description, name) = self.described_name(v.position)?;
            if ["true", "false", "null"].contains(&v.name.as_str()) {
                return Err(self
                    .error(
                        format!(
                            "Syntax Error: Name \"{}\" is reserved and cannot be used for an enum value.",
                            v.name
                        ),
                        self.token(name)?.location,
                    )
                    .with_hint("rename the enum value"));
            }
            self.apply(&v.directives, DirectiveLocation::EnumValue, None)?;
            drafts.push((
                EnumValueDef {
                    deprecation: self.deprecation(&v.directives)?,
                    name: v.name,
                    description,
                },
                self.token(name)?.location,
            ));
        }
        let mut duplicates = Vec::new();
        if let TypeKindDraft::Enum { values } = &mut self.draft.types[index].kind {
            if values.is_empty() && !has_duplicate_names(&drafts, |(v, _)| &v.name) {
                values.extend(drafts.drain(..).map(|(v, _)| v));
            }
            for (value, at) in drafts {
                match values.iter().find(|v| v.name == value.name) {
                    None => values.push(value),
                    Some(first) if first.deprecation == value.deprecation => {
                        duplicates.push((value.name, at))
                    }
                    Some(_) => {
                        return Err(SchemaError::new(format!(
                            "Enum value \"{type_name}.{}\" can only be defined once.",
                            value.name
                        ))
                        .in_file(self.file)
                        .at(Some(at))
                        .with_hint(
                            "it is defined twice, deprecated differently; remove one of the two",
                        ));
                    }
                }
            }
        }
        for (name, at) in duplicates {
            self.warn(
                format!(
                    "Enum value \"{type_name}.{name}\" is defined twice; the first definition is used."
                ),
                at,
            );
        }
        Ok(())
    }

    fn add_input_fields(
        &mut self,
        index: usize,
        new_fields: Vec<ast::InputValue<'_, String>>,
    ) -> Result<(), SchemaError> {
        let type_name = self.draft.types[index].name.clone();
        let mut drafts = Vec::with_capacity(new_fields.len());
        for f in new_fields {
            drafts.push(self.input_value(f, DirectiveLocation::InputFieldDefinition)?);
        }
        let mut duplicates = Vec::new();
        if let TypeKindDraft::InputObject { fields, .. } = &mut self.draft.types[index].kind {
            if fields.is_empty() && !has_duplicate_names(&drafts, |(f, _)| &f.name) {
                fields.extend(drafts.drain(..).map(|(f, _)| f));
            }
            for (field, at) in drafts {
                match fields.iter().find(|f| f.name == field.name) {
                    None => fields.push(field),
                    Some(first)
                        if first.ty == field.ty
                            && first.default_value == field.default_value
                            && first.deprecation == field.deprecation =>
                    {
                        duplicates.push((field.name, at));
                    }
                    Some(_) => {
                        return Err(SchemaError::new(format!(
                            "Field \"{type_name}.{}\" can only be defined once.",
                            field.name
                        ))
                        .in_file(self.file)
                        .at(Some(at))
                        .with_hint(
                            "it is defined twice with different types, defaults or deprecations; remove one of the two",
                        ));
                    }
                }
            }
        }
        for (name, at) in duplicates {
            self.warn(
                format!(
                    "Input field \"{type_name}.{name}\" is defined twice; the first definition is used."
                ),
                at,
            );
        }
        Ok(())
    }

    fn field(
        &mut self,
        type_name: &str,
        f: ast::Field<'_, String>,
    ) -> Result<FieldDraft, SchemaError> {
        let (description, name) = self.described_name(f.position)?;
        self.apply(&f.directives, DirectiveLocation::FieldDefinition, None)?;
        Ok(FieldDraft {
            arguments: self.arguments(&|| format!("{type_name}.{}", f.name), f.arguments)?,
            deprecation: self.deprecation(&f.directives)?,
            name: f.name,
            description,
            ty: type_ref(f.field_type),
            location: Some(self.token(name)?.location),
        })
    }

    /// Arguments of a field or directive; `owner` writes `Type.field` or `@directive`.
    fn arguments(
        &mut self,
        owner: &dyn Fn() -> String,
        arguments: Vec<ast::InputValue<'_, String>>,
    ) -> Result<Vec<InputValueDraft>, SchemaError> {
        let mut out: Vec<InputValueDraft> = Vec::with_capacity(arguments.len());
        for a in arguments {
            let (argument, at) = self.input_value(a, DirectiveLocation::ArgumentDefinition)?;
            if out.iter().any(|o| o.name == argument.name) {
                return Err(self
                    .error(
                        format!(
                            "Argument \"{}({}:)\" can only be defined once.",
                            owner(),
                            argument.name
                        ),
                        at,
                    )
                    .with_hint("remove one of the two arguments"));
            }
            out.push(argument);
        }
        Ok(out)
    }

    /// An argument or input field (`location` says which), and where its name is.
    fn input_value(
        &mut self,
        v: ast::InputValue<'_, String>,
        location: DirectiveLocation,
    ) -> Result<(InputValueDraft, LineColumn), SchemaError> {
        let (description, name) = self.described_name(v.position)?;
        self.apply(&v.directives, location, None)?;
        let draft = InputValueDraft {
            default_value: self.default_value(name)?.map(|d| d.print()),
            deprecation: self.deprecation(&v.directives)?,
            name: v.name,
            description,
            ty: type_ref(v.value_type),
        };
        Ok((draft, self.token(name)?.location))
    }

    fn directive_definition(
        &mut self,
        d: ast::DirectiveDefinition<'_, String>,
    ) -> Result<(), SchemaError> {
        let (description, at) = self.definition_name(d.position, 2)?;
        if self.draft.directives.iter().any(|o| o.name == d.name) {
            return Err(self
                .error(
                    format!("There can be only one directive named \"@{}\".", d.name),
                    at,
                )
                .with_hint("remove one of the two definitions"));
        }
        if d.locations.is_empty() {
            return Err(self
                .error(
                    format!(
                        "Syntax Error: Directive \"@{}\" has no locations after \"on\".",
                        d.name
                    ),
                    at,
                )
                .with_hint("list where it may appear, e.g. `on FIELD_DEFINITION | OBJECT`"));
        }
        let arguments = self.arguments(&|| format!("@{}", d.name), d.arguments)?;
        self.draft.directives.push(DirectiveDraft {
            name: d.name,
            description,
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
}

/// Whether two of `items` have the same name. (Sorting beats comparing each with all the
/// others on the types with hundreds of fields.)
fn has_duplicate_names<T>(items: &[T], name: impl Fn(&T) -> &str) -> bool {
    let mut names: Vec<&str> = items.iter().map(name).collect();
    names.sort_unstable();
    names.windows(2).any(|w| w[0] == w[1])
}

fn has_directive(directives: &[ast::Directive<'_, String>], name: &str) -> bool {
    directives.iter().any(|d| d.name == name)
}

fn type_ref(t: ast::Type<'_, String>) -> TypeRefDraft {
    match t {
        ast::Type::NamedType(n) => TypeRefDraft::Named(n),
        ast::Type::ListType(t) => TypeRefDraft::List(Box::new(type_ref(*t))),
        ast::Type::NonNullType(t) => TypeRefDraft::NonNull(Box::new(type_ref(*t))),
    }
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
            input Filter @oneOf { color: Color, n: Int @deprecated }
            input Pick { color: Color = RED }
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
        let pick = s.type_by_name("Pick").unwrap();
        assert_eq!(
            s.input_fields(pick)[0].default_value.as_deref(),
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
            "schema.graphql:2:13: Cannot extend type \"Nope\" because it is not defined.\n  \
             hint: define \"Nope\" too, or remove the extension"
        );
        assert!(load_err("type Q { a: Int }\nextend input Q { b: Int }")
            .starts_with("schema.graphql:2:14: Cannot extend non-input object type \"Q\"."));
        assert!(load_err("type Q { a: Int }\ntype Q { b: Int }")
            .starts_with("schema.graphql:2:6: There can be only one type named \"Q\"."));
        assert!(load_err("type Q { a(x: Int, x: Int): Int }")
            .starts_with("schema.graphql:1:20: Argument \"Q.a(x:)\" can only be defined once."));
        assert!(load_err("type Q { a: Int\n a: String }")
            .starts_with("schema.graphql:2:2: Field \"Q.a\" can only be defined once."));
        assert!(load_err("type Query { a: Nope }").starts_with(
            "schema.graphql:1:14: Unknown type \"Nope\".\n  hint: it is referenced by \"Query.a\""
        ));
        assert_eq!(
            load_err("type Query { a: Strin }"),
            "schema.graphql:1:14: Unknown type \"Strin\". Did you mean \"String\"?\n  \
             hint: it is referenced by \"Query.a\": define \"Strin\", or refer to a type the schema defines"
        );
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

    /// `(line, column, message)` of the error loading `sdl`.
    fn error_at(sdl: &str) -> (usize, usize, String) {
        let e = load_sdl("s.graphql", sdl).expect_err("schema is rejected");
        let at = e.location.expect("the error has a location");
        (at.line, at.column, e.message)
    }

    #[test]
    fn syntax_errors_name_the_token_where_graphql_parser_stopped() {
        let cases = [
            ("type Q { a: Int\n  b c }", 2, 5, "Syntax Error: Expected \":\", found Name \"c\"."),
            ("type Q { a: Int", 1, 16, "Syntax Error: Expected \"}\", found <EOF>."),
            ("type Q { a: Int = 1 }", 1, 17, "Syntax Error: Expected \"}\", found \"=\"."),
            (
                "type Q { a: Int }\ndirective @d on FOO",
                2,
                17,
                "Syntax Error: Unexpected Name \"FOO\". Invalid directive location.",
            ),
            (
                "type Q { a: Int }\nextend scalar Q",
                2,
                8,
                "Syntax Error: Scalar type extension should contain at least one directive.",
            ),
            (
                "type Q { a: Int } \"dangling\"  ",
                1,
                31,
                "Syntax Error: Expected scalar, type, interface, union, enum, input or directive, found <EOF>.",
            ),
            ("", 1, 1, "Syntax Error: Unexpected <EOF>."),
            (
                "type Q { a: Int }\ndirective @d on",
                2,
                12,
                "Syntax Error: Directive \"@d\" has no locations after \"on\".",
            ),
            ("  # only a comment", 1, 19, "Syntax Error: Unexpected <EOF>."),
        ];
        for (sdl, line, column, message) in cases {
            assert_eq!(
                error_at(sdl),
                (line, column, message.to_string()),
                "{sdl:?}"
            );
        }
    }

    #[test]
    fn lexical_errors_have_graphql_js_messages() {
        assert_eq!(
            error_at("type Q {\n  a: Int @deprecated(reason: \"\\x\")\n}"),
            (
                2,
                31,
                "Syntax Error: Invalid character escape sequence: \"\\x\".".into()
            )
        );
        assert_eq!(
            error_at("type Q { a: Int }\n\t%"),
            (2, 2, "Syntax Error: Unexpected character: \"%\".".into())
        );
    }

    #[test]
    fn operations_in_a_schema_are_ignored_with_a_warning_and_variables_refused() {
        for (sdl, line, what) in [
            ("type Query { a: Int }\nquery { a }", 2, "an operation"),
            (
                "type Query { a: Int }\n\"described\" query Q($v: Int @d) { a(x: $v) { b } }",
                2,
                "an operation",
            ),
            ("{ a }\ntype Query { a: Int }", 1, "an operation"),
            (
                "type Query { a: Int }\nfragment F on Q { a }",
                2,
                "a fragment",
            ),
        ] {
            let (schema, warnings) = load_sdl("s.graphql", sdl).unwrap_or_else(|e| panic!("{e}"));
            assert!(schema.type_by_name("Query").is_some());
            let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
            assert_eq!(
                warnings,
                [format!(
                    "s.graphql:{line}:{}: warning: {what} in a schema is ignored, as graphql-js ignores it",
                    if sdl.contains("described") { 13 } else { 1 }
                )],
                "{sdl}"
            );
        }
        assert!(error_at("type Query { a: Int }\nquery Q { a ")
            .2
            .starts_with("Syntax Error"));
        assert_eq!(
            error_at("type Query { a(x: Int @d(v: [$x])): Int }"),
            (
                1,
                30,
                "Syntax Error: Unexpected variable \"$x\" in constant value.".into()
            )
        );
        // An operation-like name where a type name is expected is just a name.
        load("type query { a: Int } schema { query: query }");
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = format!(
            "type Query {{ a: {}Int{} }}",
            "[".repeat(30),
            "]".repeat(30)
        );
        load(&ok);
        let deep = format!("type Q {{ a: {}Int{} }}", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            error_at(&deep),
            (
                1,
                44,
                "Syntax Error: brackets are nested more than 32 deep.".into()
            )
        );
        let deep_value = format!(
            "type Q {{ a(x: [Int] = {}1{}): Int }}",
            "[".repeat(1000),
            "]".repeat(1000)
        );
        assert!(error_at(&deep_value).2.contains("nested more than 32 deep"));
    }

    #[test]
    fn reads_schema_descriptions_and_schema_extensions() {
        let s = load(
            "\"\"\"The API.\"\"\"\nschema { query: Q }\ntype Q { a: Int }\ntype M { b: Int }\n\
             extend schema @dir { mutation: M }\nextend schema @dir",
        );
        assert_eq!(s.description.as_deref(), Some("The API."));
        assert_eq!(s.query_type(), s.type_by_name("Q"));
        assert_eq!(s.mutation_type(), s.type_by_name("M"));
        assert_eq!(
            error_at("type Q { a: Int }\nextend schema { query: Q }\nextend schema { query: Q }"),
            (3, 17, "There can be only one query type in schema.".into())
        );
        assert_eq!(
            error_at("type Q { a: Int }\nextend schema { foo: Q }"),
            (2, 17, "Syntax Error: Unexpected Name \"foo\".".into())
        );
        assert_eq!(
            error_at("type Q { a: Int }\nextend schema {}"),
            (2, 16, "Syntax Error: Unexpected \"}\".".into())
        );
        assert_eq!(
            error_at("type Q { a: Int }\nextend schema").2,
            "Syntax Error: Unexpected <EOF>."
        );
    }

    #[test]
    fn strings_are_read_as_the_spec_reads_them() {
        let s = load(
            "type Query {\n  \"\\u{1F600} \\uD83D\\uDE00 \\b\"\n  a(\n    \"\"\"\n      Indented\n        more\n    \"\"\"\n    x: String = \"\\u00e9\\n\"\n    o: In = {b: 2, a: [1.5e3, 99999999999999999999]}\n  ): Int\n}\ninput In { a: [Float] b: Int }",
        );
        let a = s.field(s.query_type().unwrap(), "a").unwrap();
        assert_eq!(a.description.as_deref(), Some("😀 😀 \u{8}"));
        assert_eq!(
            a.arguments[0].description.as_deref(),
            Some("Indented\n  more")
        );
        assert_eq!(a.arguments[0].default_value.as_deref(), Some("\"é\\n\""));
        assert_eq!(
            a.arguments[1].default_value.as_deref(),
            Some("{ b: 2, a: [1.5e3, 99999999999999999999] }")
        );
    }

    #[test]
    fn directive_arguments_must_have_the_right_type() {
        assert_eq!(
            error_at("type Q { a: Int @deprecated(reason: 1) }"),
            (
                1,
                29,
                "Argument \"@deprecated(reason:)\" has invalid value 1.".into()
            )
        );
        assert_eq!(
            error_at("scalar S @specifiedBy"),
            (
                1,
                10,
                "Argument \"@specifiedBy(url:)\" of type \"String!\" is required, but it was not provided."
                    .into()
            )
        );
        let s = load("type Query { a: Int @deprecated(reason: \"\"\"Use `b`.\"\"\") }");
        let a = s.field(s.query_type().unwrap(), "a").unwrap();
        assert_eq!(a.deprecation.as_deref(), Some("Use `b`."));
    }

    #[test]
    fn reserved_names_are_errors() {
        assert_eq!(
            error_at("type __Q { a: Int }\ntype Query { q: __Q }"),
            (
                1,
                6,
                "Name \"__Q\" must not begin with \"__\", which is reserved by GraphQL introspection."
                    .into()
            )
        );
        assert_eq!(
            error_at("enum E {\n  A\n  null\n}"),
            (
                3,
                3,
                "Syntax Error: Name \"null\" is reserved and cannot be used for an enum value."
                    .into()
            )
        );
    }

    #[test]
    fn references_must_be_of_the_right_kind() {
        let cases = [
            (
                "type Query { a: In }\ninput In { x: Int }",
                1,
                14,
                "The type of Query.a must be Output Type but got: In.",
            ),
            (
                "type Query { a(x: [Query!]): Int }",
                1,
                14,
                "The type of Query.a(x:) must be Input Type but got: [Query!].",
            ),
            (
                "type Query { a: Int }\ninput In { q: Query }",
                2,
                7,
                "The type of In.q must be Input Type but got: Query.",
            ),
            (
                "type Query implements Query { a: Int }",
                1,
                6,
                "Type Query must only implement Interface types, it cannot implement Query.",
            ),
            (
                "type Query { a: U }\nunion U = Query | E\nenum E { A }",
                2,
                7,
                "Union type U can only include Object types, it cannot include E.",
            ),
            (
                "schema { query: E }\nenum E { A }",
                2,
                6,
                "Query root type must be Object type, it cannot be E.",
            ),
        ];
        for (sdl, line, column, message) in cases {
            assert_eq!(
                error_at(sdl),
                (line, column, message.to_string()),
                "{sdl:?}"
            );
        }
    }

    #[test]
    fn the_specified_scalars_cannot_be_redefined() {
        let s = load("\"Mine\" scalar String\nextend scalar String @specifiedBy(url: \"x\")\ntype Query { a: String }");
        let string = s.type_by_name("String").unwrap();
        assert!(s.ty(string).builtin);
        assert_eq!(s.ty(string).kind, TypeKind::Scalar { specified_by: None });
        assert!(s
            .ty(string)
            .description
            .as_deref()
            .unwrap()
            .starts_with("The `String` scalar type"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        /// Bytes spliced into a schema give an error or a schema, never a panic.
        #[test]
        fn spliced_schemas_never_panic(
            at in 0usize..400,
            noise in "(\\PC|[\"\\\\{}()\\[\\]$@!:=|&#,\\r\\n\\t])*",
        ) {
            let sdl = "\"\"\"\n  Doc \\\"\"\" \u{3000}\n\"\"\"\nschema { query: Query }\ntype Query implements Node & X @a(b: {c: [1, \"\\u{1F600}\"]}) {\n  id(first: Int = 10, after: [String!] = [\"a\"]): ID! @deprecated\n}\ninterface Node { id: ID! }\ninterface X implements Node { id: ID! }\nenum E { A B }\ninput I @oneOf { a: Int = 1 b: E = A }\nunion U = | Query\nscalar S @specifiedBy(url: \"u\")\ndirective @a(b: I) repeatable on OBJECT | FIELD\nextend type Query { more: Int }\nextend schema { mutation: Query }\n";
            let mut at = at.min(sdl.len());
            while !sdl.is_char_boundary(at) {
                at -= 1;
            }
            let spliced = format!("{}{noise}{}", &sdl[..at], &sdl[at..]);
            let _ = load_sdl("spliced.graphql", &spliced);
            let _ = load_sdl("cut.graphql", &sdl[..at]);
        }
    }
}
