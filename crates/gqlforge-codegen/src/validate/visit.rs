//! One traversal of the document drives every rule, like graphql-js's `visitInParallel`
//! with `visitWithTypeInfo`: at each node the type information is updated first, then
//! each rule's hook runs, in rule order. Once a rule aborts the validation
//! (`ValidationContext::abort`), no hook runs any more.

use crate::fast_hash::FastMap;
use std::borrow::Cow;

use super::context::{DefinitionIndex, ValidationContext, VariableUsage};
use crate::document::*;
use crate::schema::{DirectiveLocation, SchemaIndex, Type};

/// What a rule wants after its `enter_*` hook: go on, or skip the node's children
/// (for this rule only; the other rules still see them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    SkipChildren,
}

/// A validation rule. Every hook defaults to doing nothing.
#[allow(unused_variables)]
pub(crate) trait Rule<'a> {
    fn enter_document(&mut self, cx: &mut ValidationContext<'a>, doc: &'a Document) {}
    /// Runs after the whole document was walked; variable usages are complete here.
    fn leave_document(&mut self, cx: &mut ValidationContext<'a>, doc: &'a Document) {}
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_operation(&mut self, cx: &mut ValidationContext<'a>, op: &'a OperationDefinition) {}
    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_fragment(&mut self, cx: &mut ValidationContext<'a>, fragment: &'a FragmentDefinition) {
    }
    /// A type-system definition inside an executable document. Its parts are visited
    /// next, in source order: named types, directives, default values.
    fn enter_type_system_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a TypeSystemDefinition,
    ) {
    }
    /// The directives of one node of a type-system definition, when the node is entered
    /// (before its parts).
    fn enter_type_system_directives(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a TypeSystemDefinition,
        directives: &'a [Directive],
        location: DirectiveLocation,
    ) {
    }
    fn enter_variable_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a VariableDefinition,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_variable_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a VariableDefinition,
    ) {
    }
    /// A named type: in a variable definition's type, a type condition, or a type-system
    /// definition.
    fn enter_named_type(&mut self, cx: &mut ValidationContext<'a>, name: &'a Name) {}
    fn enter_selection_set(
        &mut self,
        cx: &mut ValidationContext<'a>,
        set: &'a SelectionSet,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_selection_set(&mut self, cx: &mut ValidationContext<'a>, set: &'a SelectionSet) {}
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        Flow::Continue
    }
    fn leave_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) {}
    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
    }
    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) {
    }
    /// A directive, with the location it is used at.
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        location: DirectiveLocation,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_directive(&mut self, cx: &mut ValidationContext<'a>, directive: &'a Directive) {}
    /// An argument of a field or directive (`cx.argument()` is its definition, if known).
    fn enter_argument(&mut self, cx: &mut ValidationContext<'a>, argument: &'a Argument) -> Flow {
        Flow::Continue
    }
    fn leave_argument(&mut self, cx: &mut ValidationContext<'a>, argument: &'a Argument) {}
    /// Every value node: argument values, default values, list items, object field values.
    /// For a list, `cx.input_type()` is already the item type (as in graphql-js).
    fn enter_value(&mut self, cx: &mut ValidationContext<'a>, value: &'a Value) -> Flow {
        Flow::Continue
    }
    fn leave_value(&mut self, cx: &mut ValidationContext<'a>, value: &'a Value) {}
    /// A field of an object value; `cx.input_type()` is the field's type.
    fn enter_object_field(
        &mut self,
        cx: &mut ValidationContext<'a>,
        field: &'a ObjectField,
    ) -> Flow {
        Flow::Continue
    }
    fn leave_object_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a ObjectField) {}
}

/// The variable usages of every executable definition, from a walk with type information
/// and no rule: for a rule that needs the usages of fragments the main walk has not
/// reached yet (graphql-js computes them on demand with a `TypeInfo` of their own).
pub(crate) fn variable_usages_by_definition<'a>(
    schema: &'a SchemaIndex,
    document: &'a Document,
) -> FastMap<DefinitionIndex, Vec<VariableUsage<'a>>> {
    let mut walker = Walker::new(ValidationContext::new(schema, document), Vec::new());
    walker.walk_document(document);
    walker.cx.variable_usages
}

/// Walks a document, calling every rule at every node.
pub(crate) struct Walker<'r, 'a> {
    pub cx: ValidationContext<'a>,
    rules: Vec<Box<dyn Rule<'a> + 'r>>,
    /// Per rule: the depth at which it asked to skip children, if it did.
    skipping: Vec<Option<usize>>,
    depth: usize,
    /// Inside a variable definition, variables are not usages.
    in_variable_definition: bool,
}

macro_rules! enter {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {{
        $self.depth += 1;
        for i in 0..$self.rules.len() {
            if $self.cx.is_aborted() {
                break;
            }
            if $self.skipping[i].is_none()
                && $self.rules[i].$method(&mut $self.cx, $($arg),*) == Flow::SkipChildren
            {
                $self.skipping[i] = Some($self.depth);
            }
        }
    }};
}

macro_rules! leave {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {{
        for i in 0..$self.rules.len() {
            if $self.cx.is_aborted() {
                break;
            }
            match $self.skipping[i] {
                None => $self.rules[i].$method(&mut $self.cx, $($arg),*),
                Some(d) if d == $self.depth => {
                    $self.skipping[i] = None;
                    $self.rules[i].$method(&mut $self.cx, $($arg),*);
                }
                Some(_) => {}
            }
        }
        $self.depth -= 1;
    }};
}

macro_rules! visit {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {{
        for i in 0..$self.rules.len() {
            if $self.cx.is_aborted() {
                break;
            }
            if $self.skipping[i].is_none() {
                $self.rules[i].$method(&mut $self.cx, $($arg),*);
            }
        }
    }};
}

impl<'r, 'a> Walker<'r, 'a> {
    pub(crate) fn new(cx: ValidationContext<'a>, rules: Vec<Box<dyn Rule<'a> + 'r>>) -> Self {
        let skipping = vec![None; rules.len()];
        Walker {
            cx,
            rules,
            skipping,
            depth: 0,
            in_variable_definition: false,
        }
    }

    pub(crate) fn walk_document(&mut self, doc: &'a Document) {
        visit!(self, enter_document(doc));
        for (index, def) in doc.definitions.iter().enumerate() {
            self.cx.current_definition = Some(index);
            match def {
                Definition::Operation(op) => self.walk_operation(op),
                Definition::Fragment(f) => self.walk_fragment(f),
                Definition::TypeSystem(t) => self.walk_type_system_definition(t),
            }
            self.cx.current_definition = None;
        }
        visit!(self, leave_document(doc));
    }

    fn walk_operation(&mut self, op: &'a OperationDefinition) {
        let root = self.cx.schema.root_type(op.kind);
        let root_ty = root
            .filter(|id| self.cx.schema.is_object(*id))
            .map(|id| self.cx.schema.named_type(id));
        self.cx.type_stack.push(root_ty);
        enter!(self, enter_operation(op));
        for v in &op.variable_definitions {
            self.walk_variable_definition(v);
        }
        let location = match op.kind {
            OperationKind::Query => DirectiveLocation::Query,
            OperationKind::Mutation => DirectiveLocation::Mutation,
            OperationKind::Subscription => DirectiveLocation::Subscription,
        };
        self.walk_directives(&op.directives, location);
        self.walk_selection_set(&op.selection_set);
        leave!(self, leave_operation(op));
        self.cx.type_stack.pop();
    }

    fn walk_fragment(&mut self, f: &'a FragmentDefinition) {
        let ty = self
            .cx
            .schema
            .type_by_name(&f.type_condition.value)
            .map(|id| self.cx.schema.named_type(id));
        self.cx.type_stack.push(ty);
        enter!(self, enter_fragment(f));
        visit!(self, enter_named_type(&f.type_condition));
        self.walk_directives(&f.directives, DirectiveLocation::FragmentDefinition);
        self.walk_selection_set(&f.selection_set);
        leave!(self, leave_fragment(f));
        self.cx.type_stack.pop();
    }

    /// As graphql-js's `TypeInfo`, which knows no type-system nodes: directive arguments
    /// get their types, default values none.
    fn walk_type_system_definition(&mut self, def: &'a TypeSystemDefinition) {
        visit!(self, enter_type_system_definition(def));
        // Each node's directive list is checked as a whole when the node is entered: where
        // several nodes begin at once, the outer one (whose list comes later) first.
        let mut node_starts: Vec<(usize, std::cmp::Reverse<usize>)> = def
            .parts
            .iter()
            .enumerate()
            .filter_map(|(index, part)| match part {
                TypeSystemPart::Directives { node_start, .. } => {
                    Some((*node_start, std::cmp::Reverse(index)))
                }
                _ => None,
            })
            .collect();
        node_starts.sort_unstable();
        let mut node_starts = node_starts.into_iter().peekable();
        for (index, part) in def.parts.iter().enumerate() {
            while let Some((_, std::cmp::Reverse(owner))) =
                node_starts.next_if(|(start, _)| *start <= index)
            {
                if let Some(TypeSystemPart::Directives {
                    location,
                    directives,
                    ..
                }) = def.parts.get(owner)
                {
                    visit!(
                        self,
                        enter_type_system_directives(def, directives, *location)
                    );
                }
            }
            match part {
                TypeSystemPart::NamedType(name) => visit!(self, enter_named_type(name)),
                TypeSystemPart::Directives {
                    location,
                    directives,
                    ..
                } => self.walk_directives(directives, *location),
                TypeSystemPart::DefaultValue(value) => {
                    self.cx.input_type_stack.push(None);
                    self.cx.default_value_stack.push(None);
                    self.walk_value(value);
                    self.cx.default_value_stack.pop();
                    self.cx.input_type_stack.pop();
                }
            }
        }
    }

    fn walk_variable_definition(&mut self, v: &'a VariableDefinition) {
        let ty = self
            .cx
            .type_from_ref(&v.ty)
            .filter(|t| self.cx.schema.is_input_type(t));
        self.cx.input_type_stack.push(ty.map(Cow::Owned));
        self.in_variable_definition = true;
        enter!(self, enter_variable_definition(v));
        self.walk_type_ref(&v.ty);
        if let Some(default) = &v.default_value {
            self.walk_value(default);
        }
        self.walk_directives(&v.directives, DirectiveLocation::VariableDefinition);
        leave!(self, leave_variable_definition(v));
        self.in_variable_definition = false;
        self.cx.input_type_stack.pop();
    }

    fn walk_type_ref(&mut self, t: &'a TypeRef) {
        match t {
            TypeRef::Named(n) => visit!(self, enter_named_type(n)),
            TypeRef::List(inner, _) | TypeRef::NonNull(inner, _) => self.walk_type_ref(inner),
        }
    }

    fn walk_selection_set(&mut self, set: &'a SelectionSet) {
        let parent = self
            .cx
            .output_type()
            .map(Type::named)
            .filter(|id| self.cx.schema.is_composite(*id));
        self.cx.parent_type_stack.push(parent);
        enter!(self, enter_selection_set(set));
        for selection in &set.selections {
            match selection {
                Selection::Field(f) => self.walk_field(f),
                Selection::FragmentSpread(s) => self.walk_fragment_spread(s),
                Selection::InlineFragment(f) => self.walk_inline_fragment(f),
            }
        }
        leave!(self, leave_selection_set(set));
        self.cx.parent_type_stack.pop();
    }

    fn walk_field(&mut self, field: &'a Field) {
        let def = self
            .cx
            .parent_type()
            .and_then(|p| self.cx.schema.field(p, &field.name.value));
        self.cx.field_def_stack.push(def);
        self.cx.type_stack.push(def.map(|d| &d.ty));
        enter!(self, enter_field(field));
        self.walk_arguments(&field.arguments);
        self.walk_directives(&field.directives, DirectiveLocation::Field);
        if let Some(set) = &field.selection_set {
            self.walk_selection_set(set);
        }
        leave!(self, leave_field(field));
        self.cx.type_stack.pop();
        self.cx.field_def_stack.pop();
    }

    fn walk_fragment_spread(&mut self, spread: &'a FragmentSpread) {
        self.depth += 1;
        visit!(self, enter_fragment_spread(spread));
        self.walk_directives(&spread.directives, DirectiveLocation::FragmentSpread);
        self.depth -= 1;
    }

    fn walk_inline_fragment(&mut self, f: &'a InlineFragment) {
        let ty = match &f.type_condition {
            Some(tc) => self
                .cx
                .schema
                .type_by_name(&tc.value)
                .map(|id| self.cx.schema.named_type(id)),
            None => self
                .cx
                .output_type()
                .map(|t| self.cx.schema.named_type(t.named())),
        };
        self.cx.type_stack.push(ty);
        enter!(self, enter_inline_fragment(f));
        if let Some(tc) = &f.type_condition {
            visit!(self, enter_named_type(tc));
        }
        self.walk_directives(&f.directives, DirectiveLocation::InlineFragment);
        self.walk_selection_set(&f.selection_set);
        leave!(self, leave_inline_fragment(f));
        self.cx.type_stack.pop();
    }

    fn walk_directives(&mut self, directives: &'a [Directive], location: DirectiveLocation) {
        for d in directives {
            self.cx.directive = self.cx.schema.directive(&d.name.value);
            enter!(self, enter_directive(d, location));
            self.walk_arguments(&d.arguments);
            leave!(self, leave_directive(d));
            self.cx.directive = None;
        }
    }

    fn walk_arguments(&mut self, arguments: &'a [Argument]) {
        for arg in arguments {
            let def = match self.cx.directive {
                Some(d) => d.argument(&arg.name.value),
                None => self
                    .cx
                    .field_def()
                    .and_then(|f| f.argument(&arg.name.value)),
            };
            self.cx.argument = def;
            self.cx
                .default_value_stack
                .push(def.and_then(|d| d.default_value.as_deref()));
            let ty = def
                .map(|d| &d.ty)
                .filter(|t| self.cx.schema.is_input_type(t));
            self.cx.input_type_stack.push(ty.map(Cow::Borrowed));
            enter!(self, enter_argument(arg));
            self.walk_value(&arg.value);
            leave!(self, leave_argument(arg));
            self.cx.input_type_stack.pop();
            self.cx.default_value_stack.pop();
            self.cx.argument = None;
        }
    }

    fn walk_value(&mut self, value: &'a Value) {
        match &value.kind {
            ValueKind::List(items) => {
                let item = match self.cx.input_type().map(Type::nullable) {
                    Some(Type::List(item)) => Some(Cow::Owned((**item).clone())),
                    _ => None,
                };
                self.cx.default_value_stack.push(None);
                self.cx.input_type_stack.push(item);
                enter!(self, enter_value(value));
                for v in items {
                    self.walk_value(v);
                }
                leave!(self, leave_value(value));
                self.cx.input_type_stack.pop();
                self.cx.default_value_stack.pop();
            }
            ValueKind::Object(fields) => {
                enter!(self, enter_value(value));
                for f in fields {
                    self.walk_object_field(f);
                }
                leave!(self, leave_value(value));
            }
            ValueKind::Variable(name) => {
                self.record_variable_usage(name, value);
                enter!(self, enter_value(value));
                leave!(self, leave_value(value));
            }
            _ => {
                enter!(self, enter_value(value));
                leave!(self, leave_value(value));
            }
        }
    }

    fn walk_object_field(&mut self, field: &'a ObjectField) {
        let schema = self.cx.schema;
        let def = self.cx.input_type().map(Type::named).and_then(|id| {
            schema
                .input_fields(id)
                .iter()
                .find(|f| f.name == field.name.value)
        });
        self.cx
            .default_value_stack
            .push(def.and_then(|d| d.default_value.as_deref()));
        let ty = def.map(|d| &d.ty).filter(|t| schema.is_input_type(t));
        self.cx.input_type_stack.push(ty.map(Cow::Borrowed));
        enter!(self, enter_object_field(field));
        self.walk_value(&field.value);
        leave!(self, leave_object_field(field));
        self.cx.input_type_stack.pop();
        self.cx.default_value_stack.pop();
    }

    /// Variable usages are collected for the variable rules. A variable inside a
    /// variable definition's default value is not a usage (graphql-js skips those).
    fn record_variable_usage(&mut self, name: &'a str, value: &'a Value) {
        let Some(def) = self.cx.current_definition else {
            return;
        };
        if self.in_variable_definition {
            return;
        }
        let usage = VariableUsage {
            name,
            span: value.span,
            ty: self.cx.input_type().cloned(),
            parent_ty: self.cx.parent_input_type().cloned(),
            has_location_default: self.cx.default_value().is_some(),
        };
        self.cx.variable_usages.entry(def).or_default().push(usage);
    }
}
