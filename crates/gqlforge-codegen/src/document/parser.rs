//! Parser for executable documents (spec section 2, "Language"): recursive descent, with
//! explicit stacks for nesting.
//!
//! A port of graphql-js 17's `Parser`: the same grammar (descriptions on operations,
//! fragments and variable definitions; directives on variable definitions), the same
//! syntax errors at the same locations. Type-system definitions and extensions are parsed
//! in full, so a malformed one is the syntax error graphql-js reports, but only what the
//! validation rules read is kept: kind and name (the ExecutableDefinitions rule reports
//! them), named types, directives and default values in source order, and what directive
//! definitions declare (graphql-js's other rules check those too).
//!
//! Two deliberate limits: an empty selection set `{}` is a syntax error, as the spec grammar
//! says (graphql-js 17 accepts it), and nesting (selection sets, list and object values,
//! list types) deeper than [`MAX_DEPTH`] is a syntax error. Nested constructs are parsed
//! with explicit stacks rather than recursion, so the parser itself never runs out of stack;
//! the limit protects the recursive passes that walk the tree afterwards.

use super::ast::*;
use super::lexer::{syntax_error, Lexer, Token, TokenKind};
use crate::diagnostics::Diagnostic;
use crate::schema::DirectiveLocation;
use crate::source::Span;

/// How deeply selection sets, list and object values and list types may nest, combined.
pub const MAX_DEPTH: usize = 256;

type ParseResult<T> = Result<T, Diagnostic>;

/// Parses an executable document; a syntax error is a `SyntaxError` diagnostic.
pub fn parse_document(text: &str) -> Result<Document, Diagnostic> {
    let mut parser = Parser::new(text)?;
    let mut definitions = Vec::new();
    loop {
        definitions.push(parser.parse_definition()?);
        if parser.expect_optional(TokenKind::Eof)? {
            return Ok(Document { definitions });
        }
    }
}

/// Parses one constant value and nothing after it, as graphql-js's `parseConstValue` reads
/// an introspection result's `defaultValue`: a variable or a second token is a syntax error.
pub fn parse_const_value(text: &str) -> Result<Value, Diagnostic> {
    let mut parser = Parser::new(text)?;
    let value = parser.parse_value(true)?;
    parser.expect(TokenKind::Eof)?;
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    /// The current token, not yet consumed.
    token: Token,
    /// The token after it, when a lookahead read it.
    next: Option<Token>,
    /// Where the last consumed token ends: the end of the node being parsed.
    last_end: usize,
    depth: usize,
    /// What the type-system definition being parsed holds for the validation rules.
    parts: Vec<TypeSystemPart>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> ParseResult<Parser<'a>> {
        let lexer = Lexer::new(text);
        let token = lexer.read_token(0)?;
        Ok(Parser {
            text,
            lexer,
            token,
            next: None,
            last_end: 0,
            depth: 0,
            parts: Vec::new(),
        })
    }

    // ---- tokens ----

    fn advance(&mut self) -> ParseResult<Token> {
        let next = match self.next.take() {
            Some(next) => next,
            None => self.lexer.read_token(self.token.end)?,
        };
        self.last_end = self.token.end;
        Ok(std::mem::replace(&mut self.token, next))
    }

    /// The token after the current one.
    fn lookahead(&mut self) -> ParseResult<&Token> {
        if self.token.kind == TokenKind::Eof {
            return Ok(&self.token);
        }
        if self.next.is_none() {
            self.next = Some(self.lexer.read_token(self.token.end)?);
        }
        Ok(self.next.as_ref().expect("just read"))
    }

    fn peek(&self, kind: TokenKind) -> bool {
        self.token.kind == kind
    }

    fn value(&self) -> Option<&str> {
        self.token.value(self.text)
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        self.peek(TokenKind::Name) && self.value() == Some(keyword)
    }

    fn expect(&mut self, kind: TokenKind) -> ParseResult<Token> {
        if self.peek(kind) {
            return self.advance();
        }
        Err(syntax_error(
            self.token.span(),
            format_args!(
                "Expected {}, found {}.",
                kind.describe(),
                self.token.describe(self.text)
            ),
        ))
    }

    fn expect_optional(&mut self, kind: TokenKind) -> ParseResult<bool> {
        if self.peek(kind) {
            self.advance()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn expect_keyword(&mut self, keyword: &str) -> ParseResult<()> {
        if self.is_keyword(keyword) {
            self.advance()?;
            return Ok(());
        }
        Err(syntax_error(
            self.token.span(),
            format_args!(
                "Expected \"{keyword}\", found {}.",
                self.token.describe(self.text)
            ),
        ))
    }

    fn expect_optional_keyword(&mut self, keyword: &str) -> ParseResult<bool> {
        if self.is_keyword(keyword) {
            self.advance()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn unexpected_token(&self, token: &Token) -> Diagnostic {
        syntax_error(
            token.span(),
            format_args!("Unexpected {}.", token.describe(self.text)),
        )
    }

    fn unexpected(&self) -> Diagnostic {
        self.unexpected_token(&self.token)
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.last_end)
    }

    /// Enters one more level of nesting, opened at `at`.
    fn nest(&mut self, at: Span) -> ParseResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax_error(
                at,
                format_args!("Document nesting is too deep (more than {MAX_DEPTH} levels)."),
            ));
        }
        Ok(())
    }

    fn unnest(&mut self) {
        self.depth -= 1;
    }

    /// `open item+ close` (graphql-js `many`).
    fn many<T>(
        &mut self,
        open: TokenKind,
        mut item: impl FnMut(&mut Self) -> ParseResult<T>,
        close: TokenKind,
    ) -> ParseResult<Vec<T>> {
        self.expect(open)?;
        let mut items = Vec::new();
        loop {
            items.push(item(self)?);
            if self.expect_optional(close)? {
                return Ok(items);
            }
        }
    }

    /// `(open item+ close)?` (graphql-js `optionalMany`); empty when absent.
    fn optional_many<T>(
        &mut self,
        open: TokenKind,
        item: impl FnMut(&mut Self) -> ParseResult<T>,
        close: TokenKind,
    ) -> ParseResult<Vec<T>> {
        if self.peek(open) {
            return self.many(open, item, close);
        }
        Ok(Vec::new())
    }

    /// `delimiter? item (delimiter item)*` (graphql-js `delimitedMany`).
    fn delimited_many<T>(
        &mut self,
        delimiter: TokenKind,
        mut item: impl FnMut(&mut Self) -> ParseResult<T>,
    ) -> ParseResult<Vec<T>> {
        self.expect_optional(delimiter)?;
        let mut items = Vec::new();
        loop {
            items.push(item(self)?);
            if !self.expect_optional(delimiter)? {
                return Ok(items);
            }
        }
    }

    // ---- executable definitions ----

    fn parse_name(&mut self) -> ParseResult<Name> {
        let token = self.expect(TokenKind::Name)?;
        Ok(Name {
            value: self.text[token.start..token.end].to_string(),
            span: token.span(),
        })
    }

    fn peek_description(&self) -> bool {
        self.peek(TokenKind::String) || self.peek(TokenKind::BlockString)
    }

    fn parse_description(&mut self) -> ParseResult<Option<StringValue>> {
        if !self.peek_description() {
            return Ok(None);
        }
        let token = self.advance()?;
        Ok(Some(StringValue {
            block: token.kind == TokenKind::BlockString,
            span: token.span(),
            value: token.string.unwrap_or_default(),
        }))
    }

    fn parse_definition(&mut self) -> ParseResult<Definition> {
        if self.peek(TokenKind::BraceL) {
            return self.parse_operation_definition().map(Definition::Operation);
        }
        let has_description = self.peek_description();
        let keyword = if has_description {
            self.lookahead()?.clone()
        } else {
            self.token.clone()
        };
        if has_description && keyword.kind == TokenKind::BraceL {
            return Err(syntax_error(
                self.token.span(),
                "Unexpected description, descriptions are not supported on shorthand queries.",
            ));
        }
        if keyword.kind == TokenKind::Name {
            match keyword.value(self.text).unwrap_or_default() {
                "schema" | "scalar" | "type" | "interface" | "union" | "enum" | "input"
                | "directive" => {
                    return self
                        .parse_type_system_definition()
                        .map(Definition::TypeSystem)
                }
                "query" | "mutation" | "subscription" => {
                    return self.parse_operation_definition().map(Definition::Operation)
                }
                "fragment" => return self.parse_fragment_definition().map(Definition::Fragment),
                _ if has_description => {
                    return Err(syntax_error(
                        self.token.span(),
                        "Unexpected description, only GraphQL definitions support descriptions.",
                    ))
                }
                "extend" => {
                    return self
                        .parse_type_system_extension()
                        .map(Definition::TypeSystem)
                }
                _ => {}
            }
        }
        Err(self.unexpected_token(&keyword))
    }

    fn parse_operation_definition(&mut self) -> ParseResult<OperationDefinition> {
        let start = self.token.start;
        if self.peek(TokenKind::BraceL) {
            let selection_set = self.parse_selection_set()?;
            return Ok(OperationDefinition {
                kind: OperationKind::Query,
                shorthand: true,
                description: None,
                name: None,
                variable_definitions: Vec::new(),
                directives: Vec::new(),
                selection_set,
                span: self.span_from(start),
            });
        }
        let description = self.parse_description()?;
        let kind = self.parse_operation_type()?;
        let name = if self.peek(TokenKind::Name) {
            Some(self.parse_name()?)
        } else {
            None
        };
        let variable_definitions = self.optional_many(
            TokenKind::ParenL,
            Self::parse_variable_definition,
            TokenKind::ParenR,
        )?;
        let directives = self.parse_directives(false)?;
        let selection_set = self.parse_selection_set()?;
        Ok(OperationDefinition {
            kind,
            shorthand: false,
            description,
            name,
            variable_definitions,
            directives,
            selection_set,
            span: self.span_from(start),
        })
    }

    fn parse_operation_type(&mut self) -> ParseResult<OperationKind> {
        let token = self.expect(TokenKind::Name)?;
        match &self.text[token.start..token.end] {
            "query" => Ok(OperationKind::Query),
            "mutation" => Ok(OperationKind::Mutation),
            "subscription" => Ok(OperationKind::Subscription),
            _ => Err(self.unexpected_token(&token)),
        }
    }

    fn parse_variable_definition(&mut self) -> ParseResult<VariableDefinition> {
        let start = self.token.start;
        let description = self.parse_description()?;
        let variable = self.parse_variable()?;
        self.expect(TokenKind::Colon)?;
        let ty = self.parse_type_reference()?;
        let default_value = if self.expect_optional(TokenKind::Equals)? {
            Some(self.parse_value(true)?)
        } else {
            None
        };
        let directives = self.parse_directives(true)?;
        Ok(VariableDefinition {
            description,
            variable,
            ty,
            default_value,
            directives,
            span: self.span_from(start),
        })
    }

    /// `$name`: the name, with a span that starts at the `$`.
    fn parse_variable(&mut self) -> ParseResult<Name> {
        let start = self.expect(TokenKind::Dollar)?.start;
        let name = self.parse_name()?;
        Ok(Name {
            value: name.value,
            span: self.span_from(start),
        })
    }

    /// A selection set and everything nested in it, iteratively: an explicit stack of the
    /// selection sets still open, so nesting costs heap, not call stack.
    fn parse_selection_set(&mut self) -> ParseResult<SelectionSet> {
        let mut open = vec![self.open_selection_set(SetOwner::Definition)?];
        loop {
            let mut selection = match self.parse_selection()? {
                Parsed::Done(selection) => selection,
                Parsed::Opens(owner) => {
                    open.push(self.open_selection_set(owner)?);
                    continue;
                }
            };
            // Add the selection to the innermost set, then close the sets that end here.
            while let Some(mut set) = open.pop() {
                set.selections.push(selection);
                if !self.expect_optional(TokenKind::BraceR)? {
                    open.push(set);
                    break;
                }
                self.unnest();
                let selection_set = SelectionSet {
                    selections: set.selections,
                    span: self.span_from(set.start),
                };
                selection = match set.owner {
                    SetOwner::Definition => return Ok(selection_set),
                    SetOwner::Field(mut field) => {
                        field.span = self.span_from(field.span.start as usize);
                        field.selection_set = Some(selection_set);
                        Selection::Field(field)
                    }
                    SetOwner::InlineFragment {
                        start,
                        type_condition,
                        directives,
                    } => Selection::InlineFragment(InlineFragment {
                        type_condition,
                        directives,
                        selection_set,
                        span: self.span_from(start),
                    }),
                };
            }
        }
    }

    fn open_selection_set(&mut self, owner: SetOwner) -> ParseResult<OpenSelectionSet> {
        let brace = self.expect(TokenKind::BraceL)?;
        self.nest(brace.span())?;
        Ok(OpenSelectionSet {
            start: brace.start,
            selections: Vec::new(),
            owner,
        })
    }

    /// A field, fragment spread or inline fragment, up to the `{` of its selection set.
    fn parse_selection(&mut self) -> ParseResult<Parsed<Selection, SetOwner>> {
        if self.peek(TokenKind::Spread) {
            return self.parse_fragment();
        }
        let start = self.token.start;
        let name_or_alias = self.parse_name()?;
        let (alias, name) = if self.expect_optional(TokenKind::Colon)? {
            (Some(name_or_alias), self.parse_name()?)
        } else {
            (None, name_or_alias)
        };
        let arguments = self.parse_arguments(false)?;
        let directives = self.parse_directives(false)?;
        let field = Field {
            alias,
            name,
            arguments,
            directives,
            selection_set: None,
            span: self.span_from(start),
        };
        if self.peek(TokenKind::BraceL) {
            return Ok(Parsed::Opens(SetOwner::Field(field)));
        }
        Ok(Parsed::Done(Selection::Field(field)))
    }

    fn parse_arguments(&mut self, is_const: bool) -> ParseResult<Vec<Argument>> {
        self.optional_many(
            TokenKind::ParenL,
            |p| {
                let start = p.token.start;
                let name = p.parse_name()?;
                p.expect(TokenKind::Colon)?;
                let value = p.parse_value(is_const)?;
                Ok(Argument {
                    name,
                    value,
                    span: p.span_from(start),
                })
            },
            TokenKind::ParenR,
        )
    }

    /// A fragment spread, or an inline fragment up to the `{` of its selection set.
    fn parse_fragment(&mut self) -> ParseResult<Parsed<Selection, SetOwner>> {
        let start = self.expect(TokenKind::Spread)?.start;
        let has_type_condition = self.expect_optional_keyword("on")?;
        if !has_type_condition && self.peek(TokenKind::Name) {
            let name = self.parse_fragment_name()?;
            let directives = self.parse_directives(false)?;
            return Ok(Parsed::Done(Selection::FragmentSpread(FragmentSpread {
                name,
                directives,
                span: self.span_from(start),
            })));
        }
        let type_condition = if has_type_condition {
            Some(self.parse_name()?)
        } else {
            None
        };
        let directives = self.parse_directives(false)?;
        Ok(Parsed::Opens(SetOwner::InlineFragment {
            start,
            type_condition,
            directives,
        }))
    }

    fn parse_fragment_definition(&mut self) -> ParseResult<FragmentDefinition> {
        let start = self.token.start;
        let description = self.parse_description()?;
        self.expect_keyword("fragment")?;
        let name = self.parse_fragment_name()?;
        self.expect_keyword("on")?;
        let type_condition = self.parse_name()?;
        let directives = self.parse_directives(false)?;
        let selection_set = self.parse_selection_set()?;
        Ok(FragmentDefinition {
            description,
            name,
            type_condition,
            directives,
            selection_set,
            span: self.span_from(start),
        })
    }

    /// A fragment's name: any name but `on`.
    fn parse_fragment_name(&mut self) -> ParseResult<Name> {
        // graphql-js compares the token's value whatever its kind (a string "on" too).
        if self.value() == Some("on") {
            return Err(self.unexpected());
        }
        self.parse_name()
    }

    // ---- values, directives, types ----

    /// A value and everything nested in it, iteratively (see `parse_selection_set`).
    fn parse_value(&mut self, is_const: bool) -> ParseResult<Value> {
        let mut open: Vec<OpenValue> = Vec::new();
        loop {
            let mut value = match self.token.kind {
                TokenKind::BracketL | TokenKind::BraceL => {
                    let bracket = self.advance()?;
                    self.nest(bracket.span())?;
                    open.push(if bracket.kind == TokenKind::BracketL {
                        OpenValue::List {
                            start: bracket.start,
                            values: Vec::new(),
                        }
                    } else {
                        OpenValue::Object {
                            start: bracket.start,
                            fields: Vec::new(),
                            field: None,
                        }
                    });
                    None
                }
                _ => Some(self.parse_scalar_value(is_const)?),
            };
            // Add the value to the innermost list or object, close those that end here,
            // and stop where the next value starts.
            loop {
                let Some(mut top) = open.pop() else {
                    return Ok(value.expect("a value is complete when nothing is open"));
                };
                let closed = match &mut top {
                    OpenValue::List { values, .. } => {
                        values.extend(value.take());
                        self.expect_optional(TokenKind::BracketR)?
                    }
                    OpenValue::Object { fields, field, .. } => {
                        if let (Some(value), Some((start, name))) = (value.take(), field.take()) {
                            fields.push(ObjectField {
                                name,
                                value,
                                span: self.span_from(start),
                            });
                        }
                        let closed = self.expect_optional(TokenKind::BraceR)?;
                        if !closed {
                            let start = self.token.start;
                            let name = self.parse_name()?;
                            self.expect(TokenKind::Colon)?;
                            *field = Some((start, name));
                        }
                        closed
                    }
                };
                if !closed {
                    open.push(top);
                    break;
                }
                self.unnest();
                value = Some(match top {
                    OpenValue::List { start, values } => Value {
                        kind: ValueKind::List(values),
                        span: self.span_from(start),
                    },
                    OpenValue::Object { start, fields, .. } => Value {
                        kind: ValueKind::Object(fields),
                        span: self.span_from(start),
                    },
                });
            }
        }
    }

    /// A value that is not a list or an object.
    fn parse_scalar_value(&mut self, is_const: bool) -> ParseResult<Value> {
        let start = self.token.start;
        let kind = match self.token.kind {
            TokenKind::Int => {
                let token = self.advance()?;
                ValueKind::Int(self.text[token.start..token.end].to_string())
            }
            TokenKind::Float => {
                let token = self.advance()?;
                ValueKind::Float(self.text[token.start..token.end].to_string())
            }
            TokenKind::String | TokenKind::BlockString => {
                let token = self.advance()?;
                ValueKind::String {
                    block: token.kind == TokenKind::BlockString,
                    value: token.string.unwrap_or_default(),
                }
            }
            TokenKind::Name => {
                let token = self.advance()?;
                match &self.text[token.start..token.end] {
                    "true" => ValueKind::Boolean(true),
                    "false" => ValueKind::Boolean(false),
                    "null" => ValueKind::Null,
                    name => ValueKind::Enum(name.to_string()),
                }
            }
            TokenKind::Dollar if is_const => {
                let dollar = self.advance()?;
                return Err(match self.token.kind {
                    TokenKind::Name => syntax_error(
                        dollar.span(),
                        format_args!(
                            "Unexpected variable \"${}\" in constant value.",
                            self.value().unwrap_or_default()
                        ),
                    ),
                    _ => self.unexpected_token(&dollar),
                });
            }
            TokenKind::Dollar => ValueKind::Variable(self.parse_variable()?.value),
            _ => return Err(self.unexpected()),
        };
        Ok(Value {
            kind,
            span: self.span_from(start),
        })
    }

    fn parse_directives(&mut self, is_const: bool) -> ParseResult<Vec<Directive>> {
        let mut directives = Vec::new();
        while self.peek(TokenKind::At) {
            let start = self.advance()?.start;
            let name = self.parse_name()?;
            let arguments = self.parse_arguments(is_const)?;
            directives.push(Directive {
                name,
                arguments,
                span: self.span_from(start),
            });
        }
        Ok(directives)
    }

    /// `Name`, `[Type]`, `Type!`, iteratively: the open `[`s are counted, not recursed into.
    fn parse_type_reference(&mut self) -> ParseResult<TypeRef> {
        let mut open = Vec::new();
        while self.peek(TokenKind::BracketL) {
            let bracket = self.advance()?;
            self.nest(bracket.span())?;
            open.push(bracket.start);
        }
        let name = self.parse_name()?;
        let start = name.span.start as usize;
        let mut ty = self.parse_non_null(TypeRef::Named(name), start)?;
        while let Some(start) = open.pop() {
            self.expect(TokenKind::BracketR)?;
            self.unnest();
            ty = TypeRef::List(Box::new(ty), self.span_from(start));
            ty = self.parse_non_null(ty, start)?;
        }
        Ok(ty)
    }

    /// `ty` followed by an optional `!`.
    fn parse_non_null(&mut self, ty: TypeRef, start: usize) -> ParseResult<TypeRef> {
        if self.expect_optional(TokenKind::Bang)? {
            return Ok(TypeRef::NonNull(Box::new(ty), self.span_from(start)));
        }
        Ok(ty)
    }

    // ---- type-system definitions and extensions: checked, then reduced to kind, name and
    // the parts validation looks at ----

    /// Keeps a named type of a type-system definition.
    fn keep_named_type(&mut self, name: Name) {
        self.parts.push(TypeSystemPart::NamedType(name));
    }

    /// The const directives of a type-system node applied at `location`, the node's parts
    /// starting at `node_start`; whether there were any.
    fn parse_type_system_directives(
        &mut self,
        location: DirectiveLocation,
        node_start: usize,
    ) -> ParseResult<bool> {
        let directives = self.parse_directives(true)?;
        if directives.is_empty() {
            return Ok(false);
        }
        self.parts.push(TypeSystemPart::Directives {
            location,
            directives,
            node_start,
        });
        Ok(true)
    }

    /// A type reference in a type-system definition; its named type is kept.
    fn parse_type_system_type(&mut self) -> ParseResult<TypeRef> {
        let ty = self.parse_type_reference()?;
        self.keep_named_type(ty.named().clone());
        Ok(ty)
    }

    fn parse_type_system_definition(&mut self) -> ParseResult<TypeSystemDefinition> {
        let start = self.token.start;
        self.parts.clear();
        self.parse_description()?;
        let keyword = self.value().unwrap_or_default().to_string();
        self.advance()?;
        let mut directive = None;
        let (kind, name) = match keyword.as_str() {
            "schema" => {
                self.parse_type_system_directives(DirectiveLocation::Schema, 0)?;
                self.many(
                    TokenKind::BraceL,
                    Self::parse_operation_type_definition,
                    TokenKind::BraceR,
                )?;
                ("SchemaDefinition", None)
            }
            "scalar" => {
                let name = self.parse_name()?;
                self.parse_type_system_directives(DirectiveLocation::Scalar, 0)?;
                ("ScalarTypeDefinition", Some(name))
            }
            "type" | "interface" => {
                let name = self.parse_name()?;
                self.parse_implements_interfaces()?;
                let (kind, location) = if keyword == "type" {
                    ("ObjectTypeDefinition", DirectiveLocation::Object)
                } else {
                    ("InterfaceTypeDefinition", DirectiveLocation::Interface)
                };
                self.parse_type_system_directives(location, 0)?;
                self.parse_fields_definition()?;
                (kind, Some(name))
            }
            "union" => {
                let name = self.parse_name()?;
                self.parse_type_system_directives(DirectiveLocation::Union, 0)?;
                self.parse_union_member_types()?;
                ("UnionTypeDefinition", Some(name))
            }
            "enum" => {
                let name = self.parse_name()?;
                self.parse_type_system_directives(DirectiveLocation::Enum, 0)?;
                self.parse_enum_values_definition()?;
                ("EnumTypeDefinition", Some(name))
            }
            "input" => {
                let name = self.parse_name()?;
                self.parse_type_system_directives(DirectiveLocation::InputObject, 0)?;
                self.parse_input_fields_definition()?;
                ("InputObjectTypeDefinition", Some(name))
            }
            _ => {
                // `directive`: the only keyword left (see `parse_definition`).
                self.expect(TokenKind::At)?;
                let name = self.parse_name()?;
                let arguments = self.parse_argument_definitions()?;
                self.parse_type_system_directives(DirectiveLocation::DirectiveDefinition, 0)?;
                let repeatable = self.expect_optional_keyword("repeatable")?;
                self.expect_keyword("on")?;
                let locations =
                    self.delimited_many(TokenKind::Pipe, Self::parse_directive_location)?;
                directive = Some(DeclaredDirective {
                    arguments,
                    repeatable,
                    locations,
                });
                ("DirectiveDefinition", Some(name))
            }
        };
        Ok(TypeSystemDefinition {
            kind,
            name,
            parts: std::mem::take(&mut self.parts),
            directive,
            span: self.span_from(start),
        })
    }

    /// `extend <keyword> ...`: at least one optional part must be present, as in graphql-js.
    fn parse_type_system_extension(&mut self) -> ParseResult<TypeSystemDefinition> {
        let start = self.token.start;
        let keyword_token = self.lookahead()?.clone();
        let keyword = match keyword_token.kind {
            TokenKind::Name => keyword_token.value(self.text).unwrap_or_default(),
            _ => "",
        };
        let kind = match keyword {
            "schema" => "SchemaExtension",
            "scalar" => "ScalarTypeExtension",
            "type" => "ObjectTypeExtension",
            "interface" => "InterfaceTypeExtension",
            "union" => "UnionTypeExtension",
            "enum" => "EnumTypeExtension",
            "input" => "InputObjectTypeExtension",
            "directive" => "DirectiveExtension",
            _ => return Err(self.unexpected_token(&keyword_token)),
        };
        let keyword = keyword.to_string();
        self.parts.clear();
        self.advance()?; // `extend`
        self.advance()?; // the keyword
        let name = match keyword.as_str() {
            "schema" => None,
            "directive" => {
                self.expect(TokenKind::At)?;
                Some(self.parse_name()?)
            }
            _ => Some(self.parse_name()?),
        };
        let has_interfaces = matches!(keyword.as_str(), "type" | "interface")
            && !self.parse_implements_interfaces()?.is_empty();
        let location = match keyword.as_str() {
            "schema" => DirectiveLocation::Schema,
            "scalar" => DirectiveLocation::Scalar,
            "type" => DirectiveLocation::Object,
            "interface" => DirectiveLocation::Interface,
            "union" => DirectiveLocation::Union,
            "enum" => DirectiveLocation::Enum,
            "input" => DirectiveLocation::InputObject,
            _ => DirectiveLocation::DirectiveDefinition,
        };
        let has_directives = self.parse_type_system_directives(location, 0)?;
        let has_body = match keyword.as_str() {
            "schema" => !self
                .optional_many(
                    TokenKind::BraceL,
                    Self::parse_operation_type_definition,
                    TokenKind::BraceR,
                )?
                .is_empty(),
            "type" | "interface" => !self.parse_fields_definition()?.is_empty(),
            "union" => !self.parse_union_member_types()?.is_empty(),
            "enum" => !self.parse_enum_values_definition()?.is_empty(),
            "input" => !self.parse_input_fields_definition()?.is_empty(),
            _ => false,
        };
        if !(has_interfaces || has_directives || has_body) {
            return Err(self.unexpected());
        }
        Ok(TypeSystemDefinition {
            kind,
            name,
            parts: std::mem::take(&mut self.parts),
            directive: None,
            span: self.span_from(start),
        })
    }

    fn parse_operation_type_definition(&mut self) -> ParseResult<()> {
        self.parse_operation_type()?;
        self.expect(TokenKind::Colon)?;
        let name = self.parse_name()?;
        self.keep_named_type(name);
        Ok(())
    }

    /// A named type of a type-system definition, kept.
    fn parse_type_system_name(&mut self) -> ParseResult<()> {
        let name = self.parse_name()?;
        self.keep_named_type(name);
        Ok(())
    }

    fn parse_implements_interfaces(&mut self) -> ParseResult<Vec<()>> {
        if self.expect_optional_keyword("implements")? {
            return self.delimited_many(TokenKind::Amp, Self::parse_type_system_name);
        }
        Ok(Vec::new())
    }

    fn parse_fields_definition(&mut self) -> ParseResult<Vec<()>> {
        self.optional_many(
            TokenKind::BraceL,
            |p| {
                let node_start = p.parts.len();
                p.parse_description()?;
                p.parse_name()?;
                p.parse_argument_definitions()?;
                p.expect(TokenKind::Colon)?;
                p.parse_type_system_type()?;
                p.parse_type_system_directives(DirectiveLocation::FieldDefinition, node_start)?;
                Ok(())
            },
            TokenKind::BraceR,
        )
    }

    fn parse_argument_definitions(&mut self) -> ParseResult<Vec<DeclaredArgument>> {
        self.optional_many(
            TokenKind::ParenL,
            |p| p.parse_input_value_definition(DirectiveLocation::ArgumentDefinition),
            TokenKind::ParenR,
        )
    }

    fn parse_input_fields_definition(&mut self) -> ParseResult<Vec<DeclaredArgument>> {
        self.optional_many(
            TokenKind::BraceL,
            |p| p.parse_input_value_definition(DirectiveLocation::InputFieldDefinition),
            TokenKind::BraceR,
        )
    }

    fn parse_input_value_definition(
        &mut self,
        location: DirectiveLocation,
    ) -> ParseResult<DeclaredArgument> {
        let node_start = self.parts.len();
        self.parse_description()?;
        let name = self.parse_name()?;
        self.expect(TokenKind::Colon)?;
        let ty = self.parse_type_system_type()?;
        let has_default = self.expect_optional(TokenKind::Equals)?;
        if has_default {
            let value = self.parse_value(true)?;
            self.parts.push(TypeSystemPart::DefaultValue(value));
        }
        self.parse_type_system_directives(location, node_start)?;
        Ok(DeclaredArgument {
            name,
            ty,
            has_default,
        })
    }

    fn parse_union_member_types(&mut self) -> ParseResult<Vec<()>> {
        if self.expect_optional(TokenKind::Equals)? {
            return self.delimited_many(TokenKind::Pipe, Self::parse_type_system_name);
        }
        Ok(Vec::new())
    }

    fn parse_enum_values_definition(&mut self) -> ParseResult<Vec<()>> {
        self.optional_many(
            TokenKind::BraceL,
            |p| {
                p.parse_description()?;
                if matches!(p.value(), Some("true" | "false" | "null")) {
                    return Err(syntax_error(
                        p.token.span(),
                        format_args!(
                            "{} is reserved and cannot be used for an enum value.",
                            p.token.describe(p.text)
                        ),
                    ));
                }
                p.parse_name()?;
                let node_start = p.parts.len();
                p.parse_type_system_directives(DirectiveLocation::EnumValue, node_start)?;
                Ok(())
            },
            TokenKind::BraceR,
        )
    }

    fn parse_directive_location(&mut self) -> ParseResult<Name> {
        let token = self.token.clone();
        let name = self.parse_name()?;
        if DIRECTIVE_LOCATIONS.contains(&name.value.as_str()) {
            return Ok(name);
        }
        Err(self.unexpected_token(&token))
    }
}

/// What parsing a construct up to a nested selection set gave: the construct, or the owner
/// of the selection set that opens next.
enum Parsed<T, Owner> {
    Done(T),
    Opens(Owner),
}

/// A selection set being parsed.
struct OpenSelectionSet {
    start: usize,
    selections: Vec<Selection>,
    owner: SetOwner,
}

/// What an open selection set belongs to, complete but for the selection set.
enum SetOwner {
    /// An operation or a fragment definition: the outermost set.
    Definition,
    Field(Field),
    InlineFragment {
        start: usize,
        type_condition: Option<Name>,
        directives: Vec<Directive>,
    },
}

/// A list or object value being parsed.
enum OpenValue {
    List {
        start: usize,
        values: Vec<Value>,
    },
    Object {
        start: usize,
        fields: Vec<ObjectField>,
        /// The field whose value is being parsed: where it starts, its name.
        field: Option<(usize, Name)>,
    },
}

/// graphql-js's `DirectiveLocation` values.
const DIRECTIVE_LOCATIONS: &[&str] = &[
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "FRAGMENT_VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
    "DIRECTIVE_DEFINITION",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// graphql-js's message (without `Syntax Error: `) and 1-based line and column.
    fn error(text: &str) -> (String, (usize, usize)) {
        let e = parse_document(text).expect_err("a syntax error");
        assert_eq!(e.rule, "SyntaxError");
        let lc = SourceFile::new("t", text).line_column(e.spans[0].start);
        let message = e.message.strip_prefix("Syntax Error: ").expect("prefixed");
        (message.to_string(), (lc.line, lc.column))
    }

    fn parse(text: &str) -> Document {
        parse_document(text).unwrap_or_else(|e| panic!("{text:?}: {}", e.message))
    }

    fn operation(document: &Document) -> &OperationDefinition {
        document.operations().next().expect("an operation")
    }

    /// Syntax errors: (document, graphql-js message, graphql-js line and column).
    #[test]
    fn syntax_errors_match_graphql_js() {
        let cases = [
            ("", "Unexpected <EOF>.", (1, 1)),
            ("   ", "Unexpected <EOF>.", (1, 4)),
            ("# only a comment", "Unexpected <EOF>.", (1, 17)),
            ("query", "Expected \"{\", found <EOF>.", (1, 6)),
            ("query Q", "Expected \"{\", found <EOF>.", (1, 8)),
            ("query Q { a } extra", "Unexpected Name \"extra\".", (1, 15)),
            ("query Q { a } {", "Expected Name, found <EOF>.", (1, 16)),
            ("bogus { a }", "Unexpected Name \"bogus\".", (1, 1)),
            ("123", "Unexpected Int \"123\".", (1, 1)),
            ("\"just a string\"", "Unexpected <EOF>.", (1, 16)),
            ("$", "Unexpected \"$\".", (1, 1)),
            (
                "\"desc\" { a }",
                "Unexpected description, descriptions are not supported on shorthand queries.",
                (1, 1),
            ),
            (
                "\"desc\" foo",
                "Unexpected description, only GraphQL definitions support descriptions.",
                (1, 1),
            ),
            ("\"desc\" 123", "Unexpected Int \"123\".", (1, 8)),
            (
                "\"desc\" extend type T { a: Int }",
                "Unexpected description, only GraphQL definitions support descriptions.",
                (1, 1),
            ),
            ("\"desc\"", "Unexpected <EOF>.", (1, 7)),
            ("{ a(x: $) }", "Expected Name, found \")\".", (1, 9)),
            ("{ a(x: ) }", "Unexpected \")\".", (1, 8)),
            ("{ a(x: 1 }", "Expected Name, found \"}\".", (1, 10)),
            ("{ a(: 1) }", "Expected Name, found \":\".", (1, 5)),
            ("{ a(x) }", "Expected \":\", found \")\".", (1, 6)),
            ("{ a: b: c }", "Expected Name, found \":\".", (1, 7)),
            ("{ a: }", "Expected Name, found \"}\".", (1, 6)),
            ("{ a @ }", "Expected Name, found \"}\".", (1, 7)),
            ("{ a @d( }", "Expected Name, found \"}\".", (1, 9)),
            ("{ a @d() }", "Expected Name, found \")\".", (1, 8)),
            ("{ a() }", "Expected Name, found \")\".", (1, 5)),
            ("{ ...on }", "Expected Name, found \"}\".", (1, 9)),
            ("{ ... on }", "Expected Name, found \"}\".", (1, 10)),
            ("{ ...  }", "Expected \"{\", found \"}\".", (1, 8)),
            ("{ ... on T }", "Expected \"{\", found \"}\".", (1, 12)),
            ("fragment on on T { a }", "Unexpected Name \"on\".", (1, 10)),
            (
                "fragment F on { a }",
                "Expected Name, found \"{\".",
                (1, 15),
            ),
            (
                "fragment F T { a }",
                "Expected \"on\", found Name \"T\".",
                (1, 12),
            ),
            (
                "fragment \"on\" on T { a }",
                "Unexpected String \"on\".",
                (1, 10),
            ),
            ("fragment F on T", "Expected \"{\", found <EOF>.", (1, 16)),
            (
                "fragment F on T @d",
                "Expected \"{\", found <EOF>.",
                (1, 19),
            ),
            ("{ a ] }", "Expected Name, found \"]\".", (1, 5)),
            ("{ a ) }", "Expected Name, found \")\".", (1, 5)),
            (
                "{ a \"str\" }",
                "Expected Name, found String \"str\".",
                (1, 5),
            ),
            (
                "{ a \"\"\"blk\"\"\" }",
                "Expected Name, found BlockString \"blk\".",
                (1, 5),
            ),
            ("{ a 1 }", "Expected Name, found Int \"1\".", (1, 5)),
            ("{ a ! }", "Expected Name, found \"!\".", (1, 5)),
            (
                "{ a\n  b\n  c(x: [1, 2, {a: }])\n}",
                "Unexpected \"}\".",
                (3, 19),
            ),
            (
                "query ($v: Int = $w) { a }",
                "Unexpected variable \"$w\" in constant value.",
                (1, 18),
            ),
            (
                "query ($v: [Int] = [$w]) { a }",
                "Unexpected variable \"$w\" in constant value.",
                (1, 21),
            ),
            (
                "query ($v: In = { a: $w }) { a }",
                "Unexpected variable \"$w\" in constant value.",
                (1, 22),
            ),
            ("query ($v: Int = $) { a }", "Unexpected \"$\".", (1, 18)),
            ("query ($v: Int = $1) { a }", "Unexpected \"$\".", (1, 18)),
            ("query Q($a) { a }", "Expected \":\", found \")\".", (1, 11)),
            (
                "query Q($a: ) { a }",
                "Expected Name, found \")\".",
                (1, 13),
            ),
            (
                "query Q($a: [Int) { a }",
                "Expected \"]\", found \")\".",
                (1, 17),
            ),
            (
                "query Q($a: Int!!) { a }",
                "Expected \"$\", found \"!\".",
                (1, 17),
            ),
            (
                "query Q(a: Int) { a }",
                "Expected \"$\", found Name \"a\".",
                (1, 9),
            ),
            ("query Q() { a }", "Expected \"$\", found \")\".", (1, 9)),
            (
                "query Q($a: Int @d(x: $y)) { a }",
                "Unexpected variable \"$y\" in constant value.",
                (1, 23),
            ),
            (
                "query Q($a: Int) @d(x: 1) \"x\" { a }",
                "Expected \"{\", found String \"x\".",
                (1, 27),
            ),
            (
                "query Q {\n  a(x: {b: [1 2 }) \n}",
                "Unexpected \"}\".",
                (2, 17),
            ),
            ("extend", "Unexpected <EOF>.", (1, 7)),
            ("extend foo", "Unexpected Name \"foo\".", (1, 8)),
            ("extend schema", "Unexpected <EOF>.", (1, 14)),
            ("extend schema { }", "Expected Name, found \"}\".", (1, 17)),
            ("extend scalar S", "Unexpected <EOF>.", (1, 16)),
            ("extend type T", "Unexpected <EOF>.", (1, 14)),
            (
                "extend type T implements",
                "Expected Name, found <EOF>.",
                (1, 25),
            ),
            ("extend interface I", "Unexpected <EOF>.", (1, 19)),
            ("extend union U", "Unexpected <EOF>.", (1, 15)),
            ("extend union U =", "Expected Name, found <EOF>.", (1, 17)),
            ("extend enum E", "Unexpected <EOF>.", (1, 14)),
            (
                "extend enum E { true }",
                "Name \"true\" is reserved and cannot be used for an enum value.",
                (1, 17),
            ),
            (
                "extend enum E { \"x\" null }",
                "Name \"null\" is reserved and cannot be used for an enum value.",
                (1, 21),
            ),
            (
                "extend enum E { false: 1 }",
                "Name \"false\" is reserved and cannot be used for an enum value.",
                (1, 17),
            ),
            (
                "extend input I { a: Int = $x }",
                "Unexpected variable \"$x\" in constant value.",
                (1, 27),
            ),
            ("extend input I", "Unexpected <EOF>.", (1, 15)),
            ("extend directive @d", "Unexpected <EOF>.", (1, 20)),
            (
                "extend directive d",
                "Expected \"@\", found Name \"d\".",
                (1, 18),
            ),
            ("schema { foo: Q }", "Unexpected Name \"foo\".", (1, 10)),
            ("schema {}", "Expected Name, found \"}\".", (1, 9)),
            ("schema @a", "Expected \"{\", found <EOF>.", (1, 10)),
            ("type T { }", "Expected Name, found \"}\".", (1, 10)),
            ("type T { a }", "Expected \":\", found \"}\".", (1, 12)),
            ("type T { a: }", "Expected Name, found \"}\".", (1, 13)),
            (
                "type T { a(b): Int }",
                "Expected \":\", found \")\".",
                (1, 13),
            ),
            ("union U = ", "Expected Name, found <EOF>.", (1, 11)),
            ("enum E { }", "Expected Name, found \"}\".", (1, 10)),
            ("input I { a = 1 }", "Expected \":\", found \"=\".", (1, 13)),
            ("directive @d on FOO", "Unexpected Name \"FOO\".", (1, 17)),
            ("directive @d on", "Expected Name, found <EOF>.", (1, 16)),
            (
                "directive d on FIELD",
                "Expected \"@\", found Name \"d\".",
                (1, 11),
            ),
            (
                "directive @d repeatable FIELD",
                "Expected \"on\", found Name \"FIELD\".",
                (1, 25),
            ),
            (
                "directive @d(a: Int = $v) on FIELD",
                "Unexpected variable \"$v\" in constant value.",
                (1, 23),
            ),
            ("scalar", "Expected Name, found <EOF>.", (1, 7)),
            ("type", "Expected Name, found <EOF>.", (1, 5)),
            (
                "type T implements & { a: Int }",
                "Expected Name, found \"{\".",
                (1, 21),
            ),
        ];
        for (text, message, location) in cases {
            assert_eq!(error(text), (message.to_string(), location), "{text:?}");
        }
    }

    #[test]
    fn spans_start_where_graphql_js_locates_nodes() {
        let text = r#""op" query Q("var" $v: [Int!]! = [1] @d, $w: In = {a: 1}) @dir(a: $v) {
  alias: field(arg: {x: [$v, 2.5]}) @skip(if: true) { id }
  ...F @include(if: $v)
  ... on T { id }
}
"""frag""" fragment F on T { id }"#;
        let document = parse(text);
        let at = |span: Span| &text[span.range()];
        let op = operation(&document);
        assert_eq!(op.kind, OperationKind::Query);
        assert!(!op.shorthand);
        assert!(at(op.span).starts_with("\"op\" query Q(") && at(op.span).ends_with("{ id }\n}"));
        let description = op.description.as_ref().expect("description");
        assert_eq!(
            (description.value.as_str(), description.block),
            ("op", false)
        );
        assert_eq!(at(op.name.as_ref().expect("name").span), "Q");

        let [v, w] = &op.variable_definitions[..] else {
            panic!("two variables")
        };
        assert_eq!(at(v.span), "\"var\" $v: [Int!]! = [1] @d");
        assert_eq!(
            v.description.as_ref().map(|d| d.value.as_str()),
            Some("var")
        );
        assert_eq!(
            (v.variable.value.as_str(), at(v.variable.span)),
            ("v", "$v")
        );
        assert_eq!(at(v.ty.span()), "[Int!]!");
        let TypeRef::NonNull(list, _) = &v.ty else {
            panic!("non-null")
        };
        assert_eq!(at(list.span()), "[Int!]");
        let TypeRef::List(item, _) = list.as_ref() else {
            panic!("list")
        };
        assert_eq!(at(item.span()), "Int!");
        assert_eq!(
            (v.ty.named().value.as_str(), at(v.ty.named().span)),
            ("Int", "Int")
        );
        assert_eq!(v.ty.to_string(), "[Int!]!");
        assert_eq!(at(v.default_value.as_ref().expect("default").span), "[1]");
        assert_eq!(at(v.directives[0].span), "@d");
        assert_eq!(at(w.span), "$w: In = {a: 1}");
        assert_eq!(at(op.directives[0].span), "@dir(a: $v)");
        assert_eq!(at(op.directives[0].name.span), "dir");
        assert_eq!(at(op.selection_set.span).lines().next(), Some("{"));

        let [Selection::Field(field), Selection::FragmentSpread(spread), Selection::InlineFragment(inline)] =
            &op.selection_set.selections[..]
        else {
            panic!("field, spread, inline fragment")
        };
        assert_eq!(
            at(field.span),
            "alias: field(arg: {x: [$v, 2.5]}) @skip(if: true) { id }"
        );
        assert_eq!(field.response_key(), "alias");
        assert_eq!(at(field.name.span), "field");
        let argument = &field.arguments[0];
        assert_eq!(at(argument.span), "arg: {x: [$v, 2.5]}");
        assert_eq!(at(argument.value.span), "{x: [$v, 2.5]}");
        let ValueKind::Object(fields) = &argument.value.kind else {
            panic!("object")
        };
        assert_eq!(at(fields[0].span), "x: [$v, 2.5]");
        let ValueKind::List(items) = &fields[0].value.kind else {
            panic!("list")
        };
        assert_eq!(items[0].kind, ValueKind::Variable("v".into()));
        assert_eq!(at(items[0].span), "$v");
        assert_eq!(items[1].kind, ValueKind::Float("2.5".into()));
        assert_eq!(
            at(field.selection_set.as_ref().expect("subselection").span),
            "{ id }"
        );
        assert_eq!(at(spread.span), "...F @include(if: $v)");
        assert_eq!(at(spread.name.span), "F");
        assert_eq!(at(inline.span), "... on T { id }");
        assert_eq!(at(inline.type_condition.as_ref().expect("type").span), "T");

        let fragment = document.fragments().next().expect("a fragment");
        assert_eq!(at(fragment.span), "\"\"\"frag\"\"\" fragment F on T { id }");
        assert_eq!(fragment.description.as_ref().map(|d| d.block), Some(true));
        assert_eq!(at(fragment.type_condition.span), "T");
    }

    #[test]
    fn reads_every_kind_of_value() {
        let document = parse(
            r#"{ f(a: $v, b: -1, c: 1e3, d: "s", e: """b""", f: true, g: false, h: null, i: RED, j: [], k: {}) }"#,
        );
        let Selection::Field(field) = &operation(&document).selection_set.selections[0] else {
            panic!("field")
        };
        let kinds: Vec<_> = field
            .arguments
            .iter()
            .map(|a| a.value.kind.clone())
            .collect();
        assert_eq!(
            kinds,
            [
                ValueKind::Variable("v".into()),
                ValueKind::Int("-1".into()),
                ValueKind::Float("1e3".into()),
                ValueKind::String {
                    value: "s".into(),
                    block: false
                },
                ValueKind::String {
                    value: "b".into(),
                    block: true
                },
                ValueKind::Boolean(true),
                ValueKind::Boolean(false),
                ValueKind::Null,
                ValueKind::Enum("RED".into()),
                ValueKind::List(vec![]),
                ValueKind::Object(vec![]),
            ]
        );
    }

    #[test]
    fn shorthand_queries_and_operation_kinds() {
        let document = parse("{ a } query { b } mutation M { c } subscription S { d }");
        let ops: Vec<_> = document
            .operations()
            .map(|op| {
                (
                    op.kind,
                    op.shorthand,
                    op.name.as_ref().map(|n| n.value.as_str()),
                )
            })
            .collect();
        assert_eq!(
            ops,
            [
                (OperationKind::Query, true, None),
                (OperationKind::Query, false, None),
                (OperationKind::Mutation, false, Some("M")),
                (OperationKind::Subscription, false, Some("S")),
            ]
        );
        assert_eq!(operation(&document).span, Span::new(0, 5));
    }

    #[test]
    fn keeps_kind_and_name_of_type_system_definitions() {
        let text = "type T { a(x: [Int] = [1]): Int } \"d\" scalar S @x extend schema @d \
                    schema { query: Q } directive @dir(a: Int) repeatable on FIELD | QUERY \
                    extend directive @dir @x interface I implements A & B union U = | A | B \
                    enum E { A B } input In { a: Int = 1 } extend type T implements I \
                    extend interface I @x extend union U = C extend enum E { C } \
                    extend input In { b: Int } extend scalar S @y";
        let document = parse(text);
        let found: Vec<_> = document
            .definitions
            .iter()
            .map(|d| match d {
                Definition::TypeSystem(t) => (t.kind, t.name.as_ref().map(|n| n.value.clone())),
                _ => panic!("only type-system definitions"),
            })
            .collect();
        let name = |n: &str| Some(n.to_string());
        assert_eq!(
            found,
            [
                ("ObjectTypeDefinition", name("T")),
                ("ScalarTypeDefinition", name("S")),
                ("SchemaExtension", None),
                ("SchemaDefinition", None),
                ("DirectiveDefinition", name("dir")),
                ("DirectiveExtension", name("dir")),
                ("InterfaceTypeDefinition", name("I")),
                ("UnionTypeDefinition", name("U")),
                ("EnumTypeDefinition", name("E")),
                ("InputObjectTypeDefinition", name("In")),
                ("ObjectTypeExtension", name("T")),
                ("InterfaceTypeExtension", name("I")),
                ("UnionTypeExtension", name("U")),
                ("EnumTypeExtension", name("E")),
                ("InputObjectTypeExtension", name("In")),
                ("ScalarTypeExtension", name("S")),
            ]
        );
        let Definition::TypeSystem(first) = &document.definitions[0] else {
            panic!("type")
        };
        assert_eq!(
            &text[first.span.range()],
            "type T { a(x: [Int] = [1]): Int }"
        );
        let Definition::TypeSystem(scalar) = &document.definitions[1] else {
            panic!("scalar")
        };
        assert_eq!(&text[scalar.span.range()], "\"d\" scalar S @x");
    }

    /// The parts of each type-system definition, in source order: `T` for a named type,
    /// `@a@b LOCATION <node start>` for a node's directives, `=value` for a default value.
    fn parts(text: &str) -> Vec<Vec<String>> {
        parse(text)
            .definitions
            .iter()
            .map(|d| match d {
                Definition::TypeSystem(t) => t
                    .parts
                    .iter()
                    .map(|p| match p {
                        TypeSystemPart::NamedType(n) => n.value.clone(),
                        TypeSystemPart::Directives {
                            location,
                            directives,
                            node_start,
                        } => {
                            let names: String = directives
                                .iter()
                                .map(|d| format!("@{}", d.name.value))
                                .collect();
                            format!("{names} {} {node_start}", location.as_str())
                        }
                        TypeSystemPart::DefaultValue(v) => {
                            format!("={}", crate::document::print_value(v))
                        }
                    })
                    .collect(),
                _ => panic!("only type-system definitions"),
            })
            .collect()
    }

    #[test]
    fn keeps_named_types_directives_and_default_values_in_source_order() {
        assert_eq!(
            parts(
                "type T implements A & B @o { f(a: [In!] = [{x: 1}] @arg): [R]! @f1 @f2 g: G } \
                 extend schema @s { query: Q } \
                 enum E @e { V @v W } union U @u = A | B \
                 input In { x: Int = 1 @i } \
                 directive @d(a: Int! @da) @dd repeatable on FIELD | DIRECTIVE_DEFINITION"
            ),
            [
                vec![
                    "A",
                    "B",
                    "@o OBJECT 0",
                    "In",
                    "=[{ x: 1 }]",
                    "@arg ARGUMENT_DEFINITION 3",
                    "R",
                    "@f1@f2 FIELD_DEFINITION 3",
                    "G",
                ],
                vec!["@s SCHEMA 0", "Q"],
                vec!["@e ENUM 0", "@v ENUM_VALUE 1"],
                vec!["@u UNION 0", "A", "B"],
                vec!["Int", "=1", "@i INPUT_FIELD_DEFINITION 0"],
                vec![
                    "Int",
                    "@da ARGUMENT_DEFINITION 0",
                    "@dd DIRECTIVE_DEFINITION 0"
                ],
            ]
        );
    }

    #[test]
    fn keeps_what_directive_definitions_declare() {
        let document = parse("directive @d(a: Int!, b: [ID!]! = []) repeatable on FIELD | QUERY");
        let Definition::TypeSystem(TypeSystemDefinition {
            directive: Some(declared),
            ..
        }) = &document.definitions[0]
        else {
            panic!("a directive definition")
        };
        let arguments: Vec<_> = declared
            .arguments
            .iter()
            .map(|a| (a.name.value.as_str(), a.ty.to_string(), a.is_required()))
            .collect();
        assert_eq!(
            arguments,
            [
                ("a", "Int!".to_string(), true),
                ("b", "[ID!]!".to_string(), false)
            ]
        );
        assert!(declared.repeatable);
        let locations: Vec<_> = declared
            .locations
            .iter()
            .map(|l| l.value.as_str())
            .collect();
        assert_eq!(locations, ["FIELD", "QUERY"]);
    }

    /// graphql-js 17 accepts `{}`; the spec grammar (and gqlforge) do not.
    #[test]
    fn empty_selection_sets_are_syntax_errors() {
        let expected = |column| ("Expected Name, found \"}\".".to_string(), (1, column));
        assert_eq!(error("{}"), expected(2));
        assert_eq!(error("{ a { } }"), expected(7));
        assert_eq!(error("{ ... on T { } }"), expected(14));
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_a_syntax_error() {
        let too_deep = format!("Document nesting is too deep (more than {MAX_DEPTH} levels).");
        let selections = |depth: usize| format!("{}{}", "{ a ".repeat(depth), "}".repeat(depth));
        parse(&selections(MAX_DEPTH));
        assert_eq!(
            error(&selections(MAX_DEPTH + 1)),
            (too_deep.clone(), (1, 4 * MAX_DEPTH + 1))
        );

        // The operation's selection set is one level; the value or type nests inside it.
        let lists =
            |depth: usize| format!("{{ a(x: {}1{}) }}", "[".repeat(depth), "]".repeat(depth));
        parse(&lists(MAX_DEPTH - 1));
        assert_eq!(
            error(&lists(MAX_DEPTH)),
            (too_deep.clone(), (1, 8 + MAX_DEPTH - 1))
        );
        let objects =
            |depth: usize| format!("{{ a(x: {}1{}) }}", "{a: ".repeat(depth), "}".repeat(depth));
        parse(&objects(MAX_DEPTH - 1));
        assert_eq!(error(&objects(MAX_DEPTH)).0, too_deep);
        let types = |depth: usize| {
            format!(
                "query($x: {}Int{}) {{ a }}",
                "[".repeat(depth),
                "]".repeat(depth)
            )
        };
        parse(&types(MAX_DEPTH));
        assert_eq!(
            error(&types(MAX_DEPTH + 1)),
            (too_deep.clone(), (1, 11 + MAX_DEPTH))
        );
        let inline = |depth: usize| format!("{{{}a{}}}", "... { ".repeat(depth), "}".repeat(depth));
        assert_eq!(error(&inline(MAX_DEPTH)).0, too_deep);

        for depth in [100_000, 1_000_000] {
            assert_eq!(error(&selections(depth)).0, too_deep);
            assert_eq!(error(&lists(depth)).0, too_deep);
            assert_eq!(error(&objects(depth)).0, too_deep);
            assert_eq!(error(&types(depth)).0, too_deep);
            assert_eq!(error(&inline(depth)).0, too_deep);
        }
    }

    /// Siblings do not add up: only nesting counts.
    #[test]
    fn many_siblings_are_not_nesting() {
        let wide = format!("{{ {} }}", "a { b } ".repeat(10 * MAX_DEPTH));
        let document = parse(&wide);
        assert_eq!(
            operation(&document).selection_set.selections.len(),
            10 * MAX_DEPTH
        );
        let long_list = format!("{{ a(x: [{}]) }}", "[1], ".repeat(10 * MAX_DEPTH));
        parse(&long_list);
    }

    fn graphql_files(dir: &std::path::Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "graphql"))
            .map(|path| {
                let text = std::fs::read_to_string(&path).expect("readable");
                (path.display().to_string(), text)
            })
            .collect();
        files.sort();
        files
    }

    /// Every corpus operation parses; every invalid case graphql-js rejects as a syntax
    /// error is rejected with its message and location, and the others parse.
    #[test]
    fn parses_the_corpus_as_graphql_js() {
        let Some(dir) = gqlforge_corpus::require("parses_the_corpus_as_graphql_js") else {
            return;
        };
        let mut schemas: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus readable")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.join("operations").is_dir())
            .collect();
        schemas.sort();
        assert!(!schemas.is_empty(), "no schemas in {}", dir.display());
        let (mut operations, mut syntax_errors) = (0, 0);
        for schema in schemas {
            for (path, text) in graphql_files(&schema.join("operations")) {
                parse_document(&text).unwrap_or_else(|e| panic!("{path}: {}", e.message));
                operations += 1;
            }
            let expected: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(schema.join("invalid/expected.json"))
                    .expect("expected.json"),
            )
            .expect("expected.json is JSON");
            for (path, text) in graphql_files(&schema.join("invalid")) {
                let file = path.rsplit('/').next().expect("a file name");
                let syntax_error = expected[file]
                    .as_array()
                    .and_then(|errors| errors.iter().find(|e| e["rule"] == "SyntaxError"));
                match (parse_document(&text), syntax_error) {
                    (Ok(_), None) => {}
                    (Err(e), Some(want)) => {
                        syntax_errors += 1;
                        assert_eq!(
                            e.message,
                            want["message"].as_str().unwrap_or_default(),
                            "{path}"
                        );
                        let lc = SourceFile::new(file, text.as_str()).line_column(e.spans[0].start);
                        let location = &want["locations"][0];
                        assert_eq!(
                            (Some(lc.line as u64), Some(lc.column as u64)),
                            (location["line"].as_u64(), location["column"].as_u64()),
                            "{path}"
                        );
                    }
                    (Ok(_), Some(want)) => panic!("{path}: parses, graphql-js says {want}"),
                    (Err(e), None) => panic!("{path}: {}", e.message),
                }
            }
        }
        assert!(operations > 0 && syntax_errors > 0);
    }
}
