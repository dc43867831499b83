//! What every rule can ask while the document is walked: the schema, the document's
//! fragments, and the type information at the current node (graphql-js's `TypeInfo`).

use crate::fast_hash::{FastMap, FastSet};
use std::borrow::Cow;
use std::rc::Rc;

use crate::diagnostics::Diagnostic;
use crate::document::{
    Directive, Document, FragmentDefinition, FragmentSpread, OperationDefinition, Selection,
    SelectionSet, TypeRef, Value, ValueKind,
};
use crate::schema::{DirectiveDef, FieldDef, InputValueDef, SchemaIndex, Type, TypeId};
use crate::source::Span;

/// One use of a variable inside an operation or fragment, with the input type expected
/// where it is used (graphql-js's `VariableUsage`).
#[derive(Clone, Debug)]
pub(crate) struct VariableUsage<'a> {
    pub name: &'a str,
    pub span: Span,
    /// The input type at the position of the variable; `None` where it is unknown.
    pub ty: Option<Type>,
    /// The input type around the position (the list or input object the variable is in).
    pub parent_ty: Option<Type>,
    /// Whether the position (argument or input field) has a default value.
    pub has_location_default: bool,
}

/// Which executable definition a node belongs to: index into `Document::definitions`.
pub(crate) type DefinitionIndex = usize;

/// graphql-js's budget for work through fragments (`spendFragmentWork`), shared by the
/// rules that follow spreads; past it the validation is aborted.
const FRAGMENT_WORK_BUDGET: usize = 50_000;

/// The budget for work through fragments is spent: the rule aborts the validation.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FragmentWorkSpent;

/// A variable used somewhere: its name and the span of the `$name`.
pub(crate) type VariableRef<'a> = (&'a str, Span);

pub(crate) struct ValidationContext<'a> {
    pub schema: &'a SchemaIndex,
    pub document: &'a Document,
    errors: Vec<Diagnostic>,
    /// Set by [`ValidationContext::abort`]: no rule hook runs after it.
    aborted: bool,
    fragments: FastMap<&'a str, &'a FragmentDefinition>,
    /// What is left of the budget for work through fragments.
    fragment_work_left: usize,
    /// The fragments reached from each set of spread names (sorted). As in graphql-js, a
    /// set met again gets the fragments in the order they were first found.
    reached_fragments: FastMap<Vec<&'a str>, Rc<[&'a FragmentDefinition]>>,
    /// The variables used in the fragments of each entry of `reached_fragments`.
    fragment_variables: FastMap<Vec<&'a str>, Rc<[VariableRef<'a>]>>,
    /// The variables each operation uses, directly or not, by where the operation starts.
    operation_variables: FastMap<u32, Rc<[VariableRef<'a>]>>,

    // TypeInfo
    pub(super) type_stack: Vec<Option<&'a Type>>,
    pub(super) parent_type_stack: Vec<Option<TypeId>>,
    pub(super) input_type_stack: Vec<Option<Cow<'a, Type>>>,
    pub(super) field_def_stack: Vec<Option<&'a FieldDef>>,
    pub(super) default_value_stack: Vec<Option<&'a str>>,
    pub(super) directive: Option<&'a DirectiveDef>,
    pub(super) argument: Option<&'a InputValueDef>,
    /// The executable definition being walked.
    pub(super) current_definition: Option<DefinitionIndex>,

    /// Variable usages per executable definition, filled during the walk
    /// (complete when the document is left).
    pub(super) variable_usages: FastMap<DefinitionIndex, Vec<VariableUsage<'a>>>,
}

impl<'a> ValidationContext<'a> {
    pub(crate) fn new(schema: &'a SchemaIndex, document: &'a Document) -> Self {
        let mut fragments = FastMap::default();
        for f in document.fragments() {
            // The last definition of a name wins, as in graphql-js's `getFragment`.
            fragments.insert(f.name.value.as_str(), f);
        }
        ValidationContext {
            schema,
            document,
            errors: Vec::new(),
            aborted: false,
            fragments,
            fragment_work_left: FRAGMENT_WORK_BUDGET,
            reached_fragments: FastMap::default(),
            fragment_variables: FastMap::default(),
            operation_variables: FastMap::default(),
            type_stack: Vec::new(),
            parent_type_stack: Vec::new(),
            input_type_stack: Vec::new(),
            field_def_stack: Vec::new(),
            default_value_stack: Vec::new(),
            directive: None,
            argument: None,
            current_definition: None,
            variable_usages: FastMap::default(),
        }
    }

    pub(crate) fn report(
        &mut self,
        rule: &'static str,
        message: impl Into<String>,
        spans: Vec<Span>,
    ) {
        self.errors.push(Diagnostic::new(rule, message, spans));
    }

    /// Stops the validation, as graphql-js does when a rule exceeds its work budget:
    /// a "Validation aborted." error without location ends the list, and no rule hook
    /// runs after this one.
    pub(crate) fn abort(&mut self, rule: &'static str) {
        self.report(rule, "Validation aborted.", vec![]);
        self.aborted = true;
    }

    pub(crate) fn is_aborted(&self) -> bool {
        self.aborted
    }

    pub(crate) fn into_errors(self) -> Vec<Diagnostic> {
        self.errors
    }

    // ---- TypeInfo ------------------------------------------------------------------

    /// The output type of the current field (or of the operation / fragment).
    pub(crate) fn output_type(&self) -> Option<&'a Type> {
        self.type_stack.last().copied().flatten()
    }

    /// The composite type whose selection set we are in.
    pub(crate) fn parent_type(&self) -> Option<TypeId> {
        self.parent_type_stack.last().copied().flatten()
    }

    /// The input type expected at the current argument, list item or object field.
    pub(crate) fn input_type(&self) -> Option<&Type> {
        self.input_type_stack.last().and_then(|t| t.as_deref())
    }

    /// The input type one level out (the list or input object around the current value).
    pub(crate) fn parent_input_type(&self) -> Option<&Type> {
        let n = self.input_type_stack.len();
        if n < 2 {
            return None;
        }
        self.input_type_stack[n - 2].as_deref()
    }

    pub(crate) fn field_def(&self) -> Option<&'a FieldDef> {
        self.field_def_stack.last().copied().flatten()
    }

    /// The default value of the current argument or input field, printed as GraphQL.
    pub(crate) fn default_value(&self) -> Option<&'a str> {
        self.default_value_stack.last().copied().flatten()
    }

    /// The current field definition as graphql-js prints it: `Parent.field`, or
    /// `<meta>.__type` for a meta-field.
    pub(crate) fn field_coordinate(&self) -> Option<String> {
        let field = self.field_def()?;
        if self.schema.is_meta_field(field) {
            return Some(format!("<meta>.{}", field.name));
        }
        let parent = self.schema.type_name(self.parent_type()?);
        Some(format!("{parent}.{}", field.name))
    }

    pub(crate) fn directive(&self) -> Option<&'a DirectiveDef> {
        self.directive
    }

    pub(crate) fn argument(&self) -> Option<&'a InputValueDef> {
        self.argument
    }

    /// The schema type a document type reference denotes, if every name in it is known.
    pub(crate) fn type_from_ref(&self, r: &TypeRef) -> Option<Type> {
        Some(match r {
            TypeRef::Named(n) => Type::Named(self.schema.type_by_name(&n.value)?),
            TypeRef::List(t, _) => Type::List(Box::new(self.type_from_ref(t)?)),
            TypeRef::NonNull(t, _) => Type::NonNull(Box::new(self.type_from_ref(t)?)),
        })
    }

    // ---- Document ------------------------------------------------------------------

    /// The fragment definition with this name (the last one, if there are several).
    pub(crate) fn fragment(&self, name: &str) -> Option<&'a FragmentDefinition> {
        self.fragments.get(name).copied()
    }

    /// Every fragment spread in a selection set, nested selection sets included,
    /// but not following the spreads into their fragments.
    pub(crate) fn fragment_spreads(&self, set: &'a SelectionSet) -> Vec<&'a FragmentSpread> {
        let mut spreads = Vec::new();
        let mut stack = vec![set];
        while let Some(set) = stack.pop() {
            for selection in &set.selections {
                match selection {
                    Selection::FragmentSpread(s) => spreads.push(s),
                    Selection::Field(f) => stack.extend(f.selection_set.as_ref()),
                    Selection::InlineFragment(f) => stack.push(&f.selection_set),
                }
            }
        }
        spreads
    }

    /// Spends some of graphql-js's budget for work through fragments.
    pub(crate) fn spend_fragment_work(&mut self, cost: usize) -> Result<(), FragmentWorkSpent> {
        match self.fragment_work_left.checked_sub(cost) {
            Some(left) => {
                self.fragment_work_left = left;
                Ok(())
            }
            None => {
                self.fragment_work_left = 0;
                Err(FragmentWorkSpent)
            }
        }
    }

    /// What is left of the budget for work through fragments.
    pub(crate) fn fragment_work_left(&self) -> usize {
        self.fragment_work_left
    }

    /// Every fragment an operation reaches through spreads, transitively; each once.
    /// Unknown names are skipped.
    pub(crate) fn recursively_referenced_fragments(
        &self,
        set: &'a SelectionSet,
    ) -> Vec<&'a FragmentDefinition> {
        let names = self.spread_names([set]);
        match self.reached_fragments.get(&sorted(&names)) {
            Some(fragments) => fragments.to_vec(),
            None => self.reach(names).0,
        }
    }

    /// Every fragment some operation reaches through spreads, transitively; each once.
    /// Charged to the work budget unless the same names were followed before.
    pub(crate) fn recursively_referenced_fragments_for_operations(
        &mut self,
        operations: &[&'a OperationDefinition],
    ) -> Result<Rc<[&'a FragmentDefinition]>, FragmentWorkSpent> {
        let names = self.spread_names(operations.iter().map(|op| &op.selection_set));
        self.reach_cached(names).map(|(_, fragments)| fragments)
    }

    /// The variables an operation uses (every `$name` outside its variable definitions),
    /// directly and in the fragments it reaches, in graphql-js's order, charged to the
    /// work budget as graphql-js's `getRecursiveVariableUsages` is. Unlike
    /// [`Self::recursive_variable_usages`] this needs no type information, so it is
    /// complete before the walk reaches the fragments.
    pub(crate) fn recursive_variables(
        &mut self,
        op: &'a OperationDefinition,
    ) -> Result<Rc<[VariableRef<'a>]>, FragmentWorkSpent> {
        if let Some(found) = self.operation_variables.get(&op.span.start) {
            return Ok(found.clone());
        }
        let names = self.spread_names([&op.selection_set]);
        let (key, fragments) = self.reach_cached(names)?;
        let in_fragments = match self.fragment_variables.get(&key) {
            Some(found) => found.clone(),
            None => {
                let mut found = Vec::new();
                for fragment in fragments.iter() {
                    variables_in(&fragment.directives, &fragment.selection_set, &mut found);
                }
                self.spend_fragment_work(fragments.len() + found.len())?;
                let found: Rc<[VariableRef<'a>]> = found.into();
                self.fragment_variables.insert(key, found.clone());
                found
            }
        };
        self.spend_fragment_work(in_fragments.len())?;
        let mut found = Vec::new();
        variables_in(&op.directives, &op.selection_set, &mut found);
        found.extend(in_fragments.iter().copied());
        let found: Rc<[VariableRef<'a>]> = found.into();
        self.operation_variables
            .insert(op.span.start, found.clone());
        Ok(found)
    }

    /// The names spread in some selection sets, each once, in graphql-js's order.
    fn spread_names(&self, sets: impl IntoIterator<Item = &'a SelectionSet>) -> Vec<&'a str> {
        let mut seen = FastSet::default();
        let mut names = Vec::new();
        for set in sets {
            for spread in self.fragment_spreads(set) {
                if seen.insert(spread.name.value.as_str()) {
                    names.push(spread.name.value.as_str());
                }
            }
        }
        names
    }

    /// The fragments reached from spread names: cached by the set of names, charged to
    /// the work budget when first followed. Also returns the cache key.
    fn reach_cached(
        &mut self,
        names: Vec<&'a str>,
    ) -> Result<(Vec<&'a str>, Rc<[&'a FragmentDefinition]>), FragmentWorkSpent> {
        let key = sorted(&names);
        if let Some(fragments) = self.reached_fragments.get(&key) {
            return Ok((key, fragments.clone()));
        }
        let (fragments, work) = self.reach(names);
        self.spend_fragment_work(work)?;
        let fragments: Rc<[&'a FragmentDefinition]> = fragments.into();
        self.reached_fragments
            .insert(key.clone(), fragments.clone());
        Ok((key, fragments))
    }

    /// The fragments reached from spread names, in graphql-js 17's order: the names
    /// themselves first, then breadth first through the fragments; with the work
    /// graphql-js counts for it (the names, and the spreads in each fragment found).
    fn reach(&self, mut names: Vec<&'a str>) -> (Vec<&'a FragmentDefinition>, usize) {
        let mut seen: FastSet<&str> = names.iter().copied().collect();
        let mut work = names.len();
        let mut fragments = Vec::new();
        let mut next = 0;
        while let Some(&name) = names.get(next) {
            next += 1;
            if let Some(fragment) = self.fragment(name) {
                fragments.push(fragment);
                let spreads = self.fragment_spreads(&fragment.selection_set);
                work += spreads.len();
                for spread in spreads {
                    if seen.insert(&spread.name.value) {
                        names.push(&spread.name.value);
                    }
                }
            }
        }
        (fragments, work)
    }

    /// Index in `Document::definitions` of a fragment definition (the first of its name).
    pub(crate) fn definition_index_of_fragment(
        &self,
        fragment: &FragmentDefinition,
    ) -> Option<DefinitionIndex> {
        self.document.definitions.iter().position(|d| match d {
            crate::document::Definition::Fragment(f) => std::ptr::eq(f, fragment),
            _ => false,
        })
    }

    /// The executable definition being walked: its index in `Document::definitions`.
    pub(crate) fn current_definition(&self) -> Option<DefinitionIndex> {
        self.current_definition
    }

    /// Variable usages directly inside one executable definition (not through spreads).
    /// Complete only once the whole document has been walked (use it in `leave_document`).
    pub(crate) fn variable_usages(&self, definition: DefinitionIndex) -> &[VariableUsage<'a>] {
        self.variable_usages
            .get(&definition)
            .map_or(&[], |v| v.as_slice())
    }

    /// Variable usages of an operation, including those in every fragment it reaches.
    /// Complete only once the whole document has been walked (use it in `leave_document`).
    pub(crate) fn recursive_variable_usages(
        &self,
        operation: DefinitionIndex,
        selection_set: &'a SelectionSet,
    ) -> Vec<VariableUsage<'a>> {
        let mut usages = self.variable_usages(operation).to_vec();
        for fragment in self.recursively_referenced_fragments(selection_set) {
            if let Some(i) = self.definition_index_of_fragment(fragment) {
                usages.extend_from_slice(self.variable_usages(i));
            }
        }
        usages
    }
}

/// Names sorted: graphql-js's cache key for a set of names.
fn sorted<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut key = names.to_vec();
    key.sort_unstable();
    key
}

/// Appends the variables used in some directives and a selection set, in document order
/// (arguments, then directives, then sub-selections), without recursion.
fn variables_in<'a>(
    directives: &'a [Directive],
    set: &'a SelectionSet,
    found: &mut Vec<VariableRef<'a>>,
) {
    enum Node<'a> {
        Selection(&'a Selection),
        Value(&'a Value),
    }
    fn push_directives<'a>(stack: &mut Vec<Node<'a>>, directives: &'a [Directive]) {
        for d in directives.iter().rev() {
            stack.extend(d.arguments.iter().rev().map(|a| Node::Value(&a.value)));
        }
    }
    let mut stack: Vec<Node<'a>> = set.selections.iter().rev().map(Node::Selection).collect();
    push_directives(&mut stack, directives);
    while let Some(node) = stack.pop() {
        match node {
            Node::Value(value) => match &value.kind {
                ValueKind::Variable(name) => found.push((name, value.span)),
                ValueKind::List(items) => stack.extend(items.iter().rev().map(Node::Value)),
                ValueKind::Object(fields) => {
                    stack.extend(fields.iter().rev().map(|f| Node::Value(&f.value)))
                }
                _ => {}
            },
            Node::Selection(Selection::Field(field)) => {
                if let Some(set) = &field.selection_set {
                    stack.extend(set.selections.iter().rev().map(Node::Selection));
                }
                push_directives(&mut stack, &field.directives);
                stack.extend(field.arguments.iter().rev().map(|a| Node::Value(&a.value)));
            }
            Node::Selection(Selection::FragmentSpread(spread)) => {
                push_directives(&mut stack, &spread.directives);
            }
            Node::Selection(Selection::InlineFragment(fragment)) => {
                stack.extend(
                    fragment
                        .selection_set
                        .selections
                        .iter()
                        .rev()
                        .map(Node::Selection),
                );
                push_directives(&mut stack, &fragment.directives);
            }
        }
    }
}
