//! UniqueFragmentNamesRule (spec 5.5.1.1 Fragment Name Uniqueness): every fragment's name
//! is unique in the document.

use crate::fast_hash::FastMap;

use crate::document::{FragmentDefinition, OperationDefinition};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueFragmentNamesRule";

#[derive(Default)]
pub(crate) struct UniqueFragmentNamesRule<'a> {
    known: FastMap<&'a str, Span>,
}

impl<'a> Rule<'a> for UniqueFragmentNamesRule<'a> {
    fn enter_operation(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        _op: &'a OperationDefinition,
    ) -> Flow {
        Flow::SkipChildren
    }

    fn enter_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        let name = &fragment.name;
        match self.known.get(name.value.as_str()) {
            Some(first) => cx.report(
                RULE,
                format!("There can be only one fragment named \"{}\".", name.value),
                vec![*first, name.span],
            ),
            None => {
                self.known.insert(&name.value, name.span);
            }
        }
        Flow::SkipChildren
    }
}
