//! UniqueInputFieldNamesRule (spec 5.6.3 Input Object Field Uniqueness): an input object
//! value gives each field at most once.

use crate::fast_hash::FastMap;

use crate::document::{ObjectField, Value, ValueKind};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "UniqueInputFieldNamesRule";

#[derive(Default)]
pub(crate) struct UniqueInputFieldNamesRule<'a> {
    /// For each object value being walked, innermost last: the names of its fields seen
    /// so far. A duplicate is reported when its field is entered, as graphql-js does, so
    /// errors inside an earlier field's value come first.
    known_names: Vec<FastMap<&'a str, Span>>,
}

impl<'a> Rule<'a> for UniqueInputFieldNamesRule<'a> {
    fn enter_value(&mut self, _cx: &mut ValidationContext<'a>, value: &'a Value) -> Flow {
        if matches!(value.kind, ValueKind::Object(_)) {
            self.known_names.push(FastMap::default());
        }
        Flow::Continue
    }

    fn leave_value(&mut self, _cx: &mut ValidationContext<'a>, value: &'a Value) {
        if matches!(value.kind, ValueKind::Object(_)) {
            self.known_names.pop();
        }
    }

    fn enter_object_field(
        &mut self,
        cx: &mut ValidationContext<'a>,
        field: &'a ObjectField,
    ) -> Flow {
        let Some(known) = self.known_names.last_mut() else {
            return Flow::Continue;
        };
        let name = field.name.value.as_str();
        match known.get(name) {
            Some(&first) => cx.report(
                RULE,
                format!("There can be only one input field named \"{name}\"."),
                vec![first, field.name.span],
            ),
            None => {
                known.insert(name, field.name.span);
            }
        }
        Flow::Continue
    }
}
