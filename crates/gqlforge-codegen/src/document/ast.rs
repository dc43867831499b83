//! The syntax tree of an executable GraphQL document, with a byte span on every node.
//!
//! Spans are what graphql-js calls `loc`: a node's location is the start of its span
//! (a field's is its alias when it has one, a variable's is its `$`).

use std::collections::HashMap;

use crate::schema::DirectiveLocation;
use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub definitions: Vec<Definition>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Definition {
    Operation(OperationDefinition),
    Fragment(FragmentDefinition),
    /// A type-system definition or extension (`type Foo { .. }`, `extend schema ..`):
    /// an ExecutableDefinitions error, kept for the rules that still look inside it;
    /// never executed.
    TypeSystem(TypeSystemDefinition),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
}

impl OperationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Query => "query",
            OperationKind::Mutation => "mutation",
            OperationKind::Subscription => "subscription",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationDefinition {
    /// `{ ... }` shorthand is a `Query` with `shorthand: true`.
    pub kind: OperationKind,
    pub shorthand: bool,
    pub description: Option<StringValue>,
    pub name: Option<Name>,
    pub variable_definitions: Vec<VariableDefinition>,
    pub directives: Vec<Directive>,
    pub selection_set: SelectionSet,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FragmentDefinition {
    pub description: Option<StringValue>,
    pub name: Name,
    pub type_condition: Name,
    pub directives: Vec<Directive>,
    pub selection_set: SelectionSet,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeSystemDefinition {
    /// e.g. `"ObjectTypeDefinition"`, `"SchemaExtension"`: graphql-js's `Kind` names.
    pub kind: &'static str,
    /// The defined type or directive's name; `None` for `schema` definitions and extensions.
    pub name: Option<Name>,
    /// What graphql-js's rules visit inside the definition, in source order (which is
    /// graphql-js's visiting order).
    pub parts: Vec<TypeSystemPart>,
    /// What a directive definition declares; `None` for every other kind.
    pub directive: Option<DeclaredDirective>,
    pub span: Span,
}

/// What a `directive @name(...) repeatable on ...` definition declares: graphql-js's rules
/// learn the directive from it, as if the schema defined it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredDirective {
    pub arguments: Vec<DeclaredArgument>,
    pub repeatable: bool,
    /// As written: `FIELD`, `QUERY`.
    pub locations: Vec<Name>,
}

/// An argument of a directive definition.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredArgument {
    pub name: Name,
    pub ty: TypeRef,
    pub has_default: bool,
}

impl DeclaredArgument {
    /// Non-null without a default value (graphql-js's `isRequiredArgumentNode`).
    pub fn is_required(&self) -> bool {
        matches!(self.ty, TypeRef::NonNull(..)) && !self.has_default
    }
}

/// A node inside a type-system definition that validation rules look at.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeSystemPart {
    /// A named type: a field's, argument's or input field's type, an implemented
    /// interface, a union member, a root operation type.
    NamedType(Name),
    /// The directives of one node (the definition itself, a field, an argument, an enum
    /// value, an input field), applied at `location`. The node begins just before the
    /// part at index `node_start` (graphql-js checks the list when entering the node).
    Directives {
        location: DirectiveLocation,
        directives: Vec<Directive>,
        node_start: usize,
    },
    /// The default value of an argument or input field definition.
    DefaultValue(Value),
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariableDefinition {
    pub description: Option<StringValue>,
    /// The variable's name, without `$`; its span starts at the `$`.
    pub variable: Name,
    pub ty: TypeRef,
    pub default_value: Option<Value>,
    pub directives: Vec<Directive>,
    pub span: Span,
}

/// A type as written in a document: `Int`, `[Int!]`, `String!`.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    Named(Name),
    List(Box<TypeRef>, Span),
    NonNull(Box<TypeRef>, Span),
}

impl TypeRef {
    pub fn span(&self) -> Span {
        match self {
            TypeRef::Named(n) => n.span,
            TypeRef::List(_, s) | TypeRef::NonNull(_, s) => *s,
        }
    }

    /// The innermost named type.
    pub fn named(&self) -> &Name {
        match self {
            TypeRef::Named(n) => n,
            TypeRef::List(t, _) | TypeRef::NonNull(t, _) => t.named(),
        }
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Named(n) => f.write_str(&n.value),
            TypeRef::List(t, _) => write!(f, "[{t}]"),
            TypeRef::NonNull(t, _) => write!(f, "{t}!"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SelectionSet {
    pub selections: Vec<Selection>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Field(Field),
    FragmentSpread(FragmentSpread),
    InlineFragment(InlineFragment),
}

impl Selection {
    pub fn span(&self) -> Span {
        match self {
            Selection::Field(f) => f.span,
            Selection::FragmentSpread(f) => f.span,
            Selection::InlineFragment(f) => f.span,
        }
    }

    pub fn directives(&self) -> &[Directive] {
        match self {
            Selection::Field(f) => &f.directives,
            Selection::FragmentSpread(f) => &f.directives,
            Selection::InlineFragment(f) => &f.directives,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub alias: Option<Name>,
    pub name: Name,
    pub arguments: Vec<Argument>,
    pub directives: Vec<Directive>,
    pub selection_set: Option<SelectionSet>,
    pub span: Span,
}

impl Field {
    /// The key this field has in the response: its alias, or else its name.
    pub fn response_key(&self) -> &str {
        self.alias.as_ref().unwrap_or(&self.name).value.as_str()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FragmentSpread {
    pub name: Name,
    pub directives: Vec<Directive>,
    /// From `...` to the end of the last directive.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InlineFragment {
    pub type_condition: Option<Name>,
    pub directives: Vec<Directive>,
    pub selection_set: SelectionSet,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    /// The name without `@`; the directive's span starts at the `@`.
    pub name: Name,
    pub arguments: Vec<Argument>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Argument {
    pub name: Name,
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringValue {
    /// The string's value, escapes resolved and block strings dedented.
    pub value: String,
    pub block: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `$name`, stored without the `$`.
    Variable(String),
    /// The literal's text, as written (`-12`).
    Int(String),
    /// The literal's text, as written (`1.5e3`).
    Float(String),
    String {
        value: String,
        block: bool,
    },
    Boolean(bool),
    Null,
    Enum(String),
    List(Vec<Value>),
    Object(Vec<ObjectField>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectField {
    pub name: Name,
    pub value: Value,
    pub span: Span,
}

impl Document {
    pub fn operations(&self) -> impl Iterator<Item = &OperationDefinition> {
        self.definitions.iter().filter_map(|d| match d {
            Definition::Operation(op) => Some(op),
            _ => None,
        })
    }

    /// The directives the document's directive definitions declare, by name; of two
    /// definitions of one name, the later one counts (as in graphql-js's rules).
    pub fn declared_directives(&self) -> HashMap<&str, &DeclaredDirective> {
        self.definitions
            .iter()
            .filter_map(|d| match d {
                Definition::TypeSystem(TypeSystemDefinition {
                    name: Some(name),
                    directive: Some(directive),
                    ..
                }) => Some((name.value.as_str(), directive)),
                _ => None,
            })
            .collect()
    }

    pub fn fragments(&self) -> impl Iterator<Item = &FragmentDefinition> {
        self.definitions.iter().filter_map(|d| match d {
            Definition::Fragment(f) => Some(f),
            _ => None,
        })
    }
}

impl Definition {
    /// Every span moved `by` bytes further: a module's documents are validated together with
    /// the fragments they spread from its other files, each file at its own offset.
    pub(crate) fn shift_spans(&mut self, by: u32) {
        let shift = Shift(by);
        match self {
            Definition::Operation(op) => {
                shift.span(&mut op.span);
                if let Some(d) = &mut op.description {
                    shift.span(&mut d.span);
                }
                if let Some(name) = &mut op.name {
                    shift.span(&mut name.span);
                }
                for v in &mut op.variable_definitions {
                    shift.span(&mut v.span);
                    if let Some(d) = &mut v.description {
                        shift.span(&mut d.span);
                    }
                    shift.span(&mut v.variable.span);
                    shift.type_ref(&mut v.ty);
                    if let Some(value) = &mut v.default_value {
                        shift.value(value);
                    }
                    shift.directives(&mut v.directives);
                }
                shift.directives(&mut op.directives);
                shift.selection_set(&mut op.selection_set);
            }
            Definition::Fragment(fragment) => {
                shift.span(&mut fragment.span);
                if let Some(d) = &mut fragment.description {
                    shift.span(&mut d.span);
                }
                shift.span(&mut fragment.name.span);
                shift.span(&mut fragment.type_condition.span);
                shift.directives(&mut fragment.directives);
                shift.selection_set(&mut fragment.selection_set);
            }
            Definition::TypeSystem(definition) => {
                shift.span(&mut definition.span);
                if let Some(name) = &mut definition.name {
                    shift.span(&mut name.span);
                }
                for part in &mut definition.parts {
                    match part {
                        TypeSystemPart::NamedType(name) => shift.span(&mut name.span),
                        TypeSystemPart::Directives { directives, .. } => {
                            shift.directives(directives)
                        }
                        TypeSystemPart::DefaultValue(value) => shift.value(value),
                    }
                }
                if let Some(directive) = &mut definition.directive {
                    for argument in &mut directive.arguments {
                        shift.span(&mut argument.name.span);
                        shift.type_ref(&mut argument.ty);
                    }
                    for location in &mut directive.locations {
                        shift.span(&mut location.span);
                    }
                }
            }
        }
    }
}

/// Moves spans by a number of bytes, on explicit stacks (selection sets and values nest as
/// deep as the parser allows).
struct Shift(u32);

impl Shift {
    fn span(&self, span: &mut Span) {
        span.start += self.0;
        span.end += self.0;
    }

    fn type_ref(&self, ty: &mut TypeRef) {
        let mut ty = ty;
        loop {
            match ty {
                TypeRef::Named(name) => return self.span(&mut name.span),
                TypeRef::List(inner, span) | TypeRef::NonNull(inner, span) => {
                    self.span(span);
                    ty = inner;
                }
            }
        }
    }

    fn value(&self, value: &mut Value) {
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            self.span(&mut value.span);
            match &mut value.kind {
                ValueKind::List(items) => stack.extend(items.iter_mut()),
                ValueKind::Object(fields) => {
                    for field in fields {
                        self.span(&mut field.span);
                        self.span(&mut field.name.span);
                        stack.push(&mut field.value);
                    }
                }
                _ => {}
            }
        }
    }

    fn arguments(&self, arguments: &mut [Argument]) {
        for argument in arguments {
            self.span(&mut argument.span);
            self.span(&mut argument.name.span);
            self.value(&mut argument.value);
        }
    }

    fn directives(&self, directives: &mut [Directive]) {
        for directive in directives {
            self.span(&mut directive.span);
            self.span(&mut directive.name.span);
            self.arguments(&mut directive.arguments);
        }
    }

    fn selection_set(&self, set: &mut SelectionSet) {
        let mut stack = vec![set];
        while let Some(set) = stack.pop() {
            self.span(&mut set.span);
            for selection in &mut set.selections {
                match selection {
                    Selection::Field(field) => {
                        self.span(&mut field.span);
                        if let Some(alias) = &mut field.alias {
                            self.span(&mut alias.span);
                        }
                        self.span(&mut field.name.span);
                        self.arguments(&mut field.arguments);
                        self.directives(&mut field.directives);
                        stack.extend(field.selection_set.as_mut());
                    }
                    Selection::FragmentSpread(spread) => {
                        self.span(&mut spread.span);
                        self.span(&mut spread.name.span);
                        self.directives(&mut spread.directives);
                    }
                    Selection::InlineFragment(inline) => {
                        self.span(&mut inline.span);
                        if let Some(condition) = &mut inline.type_condition {
                            self.span(&mut condition.span);
                        }
                        self.directives(&mut inline.directives);
                        stack.push(&mut inline.selection_set);
                    }
                }
            }
        }
    }
}
