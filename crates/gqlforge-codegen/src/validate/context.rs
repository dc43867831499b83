//! What every rule can ask while the document is walked: the schema, the document's
//! fragments, and the type information at the current node (graphql-js's `TypeInfo`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::document::{
    Document, FragmentDefinition, FragmentSpread, Selection, SelectionSet, TypeRef,
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
    /// Whether the position (argument or input field) has a default value.
    pub has_location_default: bool,
}

/// Which executable definition a node belongs to: index into `Document::definitions`.
pub(crate) type DefinitionIndex = usize;

pub(crate) struct ValidationContext<'a> {
    pub schema: &'a SchemaIndex,
    pub document: &'a Document,
    errors: Vec<Diagnostic>,
    /// Set by [`ValidationContext::abort`]: no rule hook runs after it.
    aborted: bool,
    fragments: HashMap<&'a str, &'a FragmentDefinition>,

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
    pub(super) variable_usages: HashMap<DefinitionIndex, Vec<VariableUsage<'a>>>,
}

impl<'a> ValidationContext<'a> {
    pub(crate) fn new(schema: &'a SchemaIndex, document: &'a Document) -> Self {
        let mut fragments = HashMap::new();
        for f in document.fragments() {
            fragments.entry(f.name.value.as_str()).or_insert(f);
        }
        ValidationContext {
            schema,
            document,
            errors: Vec::new(),
            aborted: false,
            fragments,
            type_stack: Vec::new(),
            parent_type_stack: Vec::new(),
            input_type_stack: Vec::new(),
            field_def_stack: Vec::new(),
            default_value_stack: Vec::new(),
            directive: None,
            argument: None,
            current_definition: None,
            variable_usages: HashMap::new(),
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

    /// The first fragment definition with this name.
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

    /// Every fragment an operation reaches through spreads, transitively; each once,
    /// in the order they are first reached. Unknown names are skipped.
    pub(crate) fn recursively_referenced_fragments(
        &self,
        set: &'a SelectionSet,
    ) -> Vec<&'a FragmentDefinition> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut result = Vec::new();
        let mut to_visit = vec![set];
        while let Some(set) = to_visit.pop() {
            for spread in self.fragment_spreads(set) {
                let name = spread.name.value.as_str();
                if seen.insert(name) {
                    if let Some(fragment) = self.fragment(name) {
                        result.push(fragment);
                        to_visit.push(&fragment.selection_set);
                    }
                }
            }
        }
        result
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
