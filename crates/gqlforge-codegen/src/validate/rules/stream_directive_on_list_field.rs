//! StreamDirectiveOnListFieldRule (incremental delivery RFC; not yet in the spec):
//! `@stream` is only used on fields of list type.
//!
//! As in graphql-js, `@stream` is recognised by name, whether or not the schema defines
//! it, and the field is the innermost field around the directive.

use crate::document::Directive;
use crate::schema::{DirectiveLocation, Type};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "StreamDirectiveOnListFieldRule";

#[derive(Default)]
pub(crate) struct StreamDirectiveOnListFieldRule;

impl<'a> Rule<'a> for StreamDirectiveOnListFieldRule {
    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        if directive.name.value != "stream" {
            return Flow::Continue;
        }
        let (Some(field), Some(parent)) = (cx.field_def(), cx.parent_type()) else {
            return Flow::Continue;
        };
        if !matches!(field.ty.nullable(), Type::List(_)) {
            cx.report(
                RULE,
                format!(
                    "Directive \"@stream\" cannot be used on non-list field \"{}.{}\".",
                    cx.schema.type_name(parent),
                    field.name
                ),
                vec![directive.span],
            );
        }
        Flow::Continue
    }
}
