//! UniqueDirectivesPerLocationRule (spec 5.7.3 Directives Are Unique Per Location): a
//! directive that is not `repeatable` appears at most once on each node.
//!
//! Unknown directives are left to KnownDirectivesRule. As in graphql-js, directive
//! definitions in the document (an ExecutableDefinitionsRule error) also define
//! directives, replacing the schema's.
//!
//! In type-system definitions (also rejected by ExecutableDefinitionsRule, but checked by
//! graphql-js all the same), the directives of all `schema` definitions and extensions
//! count as one location, and so do those of all definitions and extensions of one type,
//! or of one directive.

use std::collections::HashMap;

use crate::fast_hash::FastMap;

use crate::document::{
    DeclaredDirective, Directive, Document, Field, FragmentDefinition, FragmentSpread,
    InlineFragment, OperationDefinition, TypeSystemDefinition, VariableDefinition,
};
use crate::schema::DirectiveLocation;
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueDirectivesPerLocationRule";

/// The first use of each non-repeatable directive at one location.
type Seen<'a> = FastMap<&'a str, Span>;

#[derive(Default)]
pub(crate) struct UniqueDirectivesPerLocationRule<'a> {
    declared: HashMap<&'a str, &'a DeclaredDirective>,
    /// Type-system locations shared by several definitions: `None` for the schema, else
    /// the type's or directive's name (with whether it is a directive's).
    shared: FastMap<Option<(bool, &'a str)>, Seen<'a>>,
}

impl<'a> UniqueDirectivesPerLocationRule<'a> {
    /// Reports every repeated use of a non-repeatable directive in one node's list,
    /// with the first use of the name.
    fn check(&self, cx: &mut ValidationContext<'_>, directives: &'a [Directive]) {
        check_at(&self.declared, cx, directives, &mut FastMap::default());
    }
}

/// Like [`UniqueDirectivesPerLocationRule::check`], the first uses at the location being
/// `seen` already.
fn check_at<'a>(
    declared: &HashMap<&'a str, &'a DeclaredDirective>,
    cx: &mut ValidationContext<'_>,
    directives: &'a [Directive],
    seen: &mut Seen<'a>,
) {
    for directive in directives {
        let name = directive.name.value.as_str();
        let unique = match declared.get(name) {
            Some(declared) => !declared.repeatable,
            None => cx.schema.directive(name).is_some_and(|d| !d.repeatable),
        };
        if !unique {
            continue;
        }
        match seen.get(name) {
            Some(&first) => cx.report(
                RULE,
                format!("The directive \"@{name}\" can only be used once at this location."),
                vec![first, directive.span],
            ),
            None => {
                seen.insert(name, directive.span);
            }
        }
    }
}

impl<'a> Rule<'a> for UniqueDirectivesPerLocationRule<'a> {
    fn enter_document(&mut self, _cx: &mut ValidationContext<'a>, doc: &'a Document) {
        self.declared = doc.declared_directives();
    }

    fn enter_type_system_directives(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a TypeSystemDefinition,
        directives: &'a [Directive],
        location: DirectiveLocation,
    ) {
        let name = def.name.as_ref().map(|n| n.value.as_str());
        let key = match location {
            DirectiveLocation::Schema => None,
            DirectiveLocation::DirectiveDefinition => name.map(|n| (true, n)),
            DirectiveLocation::Scalar
            | DirectiveLocation::Object
            | DirectiveLocation::Interface
            | DirectiveLocation::Union
            | DirectiveLocation::Enum
            | DirectiveLocation::InputObject => name.map(|n| (false, n)),
            // A field, argument, enum value or input field: a location of its own.
            _ => return self.check(cx, directives),
        };
        check_at(
            &self.declared,
            cx,
            directives,
            self.shared.entry(key).or_default(),
        );
    }

    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        self.check(cx, &op.directives);
        Flow::Continue
    }

    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        self.check(cx, &fragment.directives);
        Flow::Continue
    }

    fn enter_variable_definition(
        &mut self,
        cx: &mut ValidationContext<'a>,
        def: &'a VariableDefinition,
    ) -> Flow {
        self.check(cx, &def.directives);
        Flow::Continue
    }

    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        self.check(cx, &field.directives);
        Flow::Continue
    }

    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
        self.check(cx, &spread.directives);
    }

    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        self.check(cx, &fragment.directives);
        Flow::Continue
    }
}
