//! UniqueArgumentNamesRule (spec 5.4.2 Argument Uniqueness): a field or directive is given
//! each argument at most once.

use crate::fast_hash::FastMap;

use crate::document::{Argument, Directive, Field};
use crate::schema::DirectiveLocation;
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueArgumentNamesRule";

#[derive(Default)]
pub(crate) struct UniqueArgumentNamesRule;

/// Reports each name given more than once, at all its uses, names in the order they first
/// appear.
fn check_arguments(cx: &mut ValidationContext<'_>, arguments: &[Argument]) {
    let mut groups: Vec<(&str, Vec<Span>)> = Vec::new();
    let mut group_of: FastMap<&str, usize> = FastMap::default();
    for argument in arguments {
        let name = argument.name.value.as_str();
        match group_of.get(name) {
            Some(&i) => groups[i].1.push(argument.name.span),
            None => {
                group_of.insert(name, groups.len());
                groups.push((name, vec![argument.name.span]));
            }
        }
    }
    for (name, spans) in groups {
        if spans.len() > 1 {
            cx.report(
                RULE,
                format!("There can be only one argument named \"{name}\"."),
                spans,
            );
        }
    }
}

impl<'a> Rule<'a> for UniqueArgumentNamesRule {
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        check_arguments(cx, &field.arguments);
        Flow::Continue
    }

    fn enter_directive(
        &mut self,
        cx: &mut ValidationContext<'a>,
        directive: &'a Directive,
        _location: DirectiveLocation,
    ) -> Flow {
        check_arguments(cx, &directive.arguments);
        Flow::Continue
    }
}
