//! FieldsOnCorrectTypeRule (spec 5.3.1 Field Selections): every selected field is defined
//! on the type it is selected on.
//!
//! Like graphql-js, the error suggests the types (among the possible types of an abstract
//! type, and their interfaces) that define the field, most used first; failing that, the
//! fields of the type with a similar name.

use crate::fast_hash::FastMap;
use std::cmp::Ordering;

use crate::diagnostics::{did_you_mean, natural_compare, suggestion_list};
use crate::document::Field;
use crate::schema::{SchemaIndex, TypeId, TypeKind};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "FieldsOnCorrectTypeRule";

#[derive(Default)]
pub(crate) struct FieldsOnCorrectTypeRule<'a> {
    /// The message for each unknown field of a type, computed once.
    messages: FastMap<(TypeId, &'a str), String>,
}

impl<'a> Rule<'a> for FieldsOnCorrectTypeRule<'a> {
    fn enter_field(&mut self, cx: &mut ValidationContext<'a>, field: &'a Field) -> Flow {
        let Some(parent) = cx.parent_type() else {
            return Flow::Continue;
        };
        if cx.field_def().is_some() {
            return Flow::Continue;
        }
        let schema = cx.schema;
        let name = field.name.value.as_str();
        let message = self.messages.entry((parent, name)).or_insert_with(|| {
            let mut suggestion = did_you_mean(
                Some("to use an inline fragment on"),
                &suggested_type_names(schema, parent, name),
            );
            if suggestion.is_empty() {
                suggestion = did_you_mean(None, &suggested_field_names(schema, parent, name));
            }
            format!(
                "Cannot query field \"{name}\" on type \"{}\".{suggestion}",
                schema.type_name(parent)
            )
        });
        cx.report(RULE, message.clone(), vec![field.span]);
        Flow::Continue
    }
}

/// For an abstract type: the possible types defining the field, with those of their
/// interfaces that define it, ordered as graphql-js orders them (the interfaces that
/// more possible types share first, an interface before the types implementing it,
/// then by name).
fn suggested_type_names<'s>(schema: &'s SchemaIndex, parent: TypeId, field: &str) -> Vec<&'s str> {
    if !schema.is_abstract(parent) {
        return Vec::new();
    }
    let mut suggested: Vec<TypeId> = Vec::new();
    let mut usage_count: FastMap<TypeId, usize> = FastMap::default();
    for &possible in schema.possible_types(parent) {
        if !defines_field(schema, possible, field) {
            continue;
        }
        if usage_count.insert(possible, 1).is_none() {
            suggested.push(possible);
        }
        for &interface in schema.interfaces(possible) {
            if !defines_field(schema, interface, field) {
                continue;
            }
            let count = usage_count.entry(interface).or_insert(0);
            if *count == 0 {
                suggested.push(interface);
            }
            *count += 1;
        }
    }
    sort_like_v8(&mut suggested, |a, b| {
        usage_count[&b].cmp(&usage_count[&a]).then_with(|| {
            if schema.is_interface(a) && schema.is_sub_type(a, b) {
                Ordering::Less
            } else if schema.is_interface(b) && schema.is_sub_type(b, a) {
                Ordering::Greater
            } else {
                natural_compare(schema.type_name(a), schema.type_name(b))
            }
        })
    });
    suggested.into_iter().map(|t| schema.type_name(t)).collect()
}

/// For an object or interface type: its fields with a name close to `field`.
fn suggested_field_names<'s>(schema: &'s SchemaIndex, parent: TypeId, field: &str) -> Vec<&'s str> {
    suggestion_list(field, schema.fields(parent).iter().map(|f| f.name.as_str()))
}

/// Does an object or interface type define this field itself (meta-fields aside)?
fn defines_field(schema: &SchemaIndex, ty: TypeId, field: &str) -> bool {
    match &schema.ty(ty).kind {
        TypeKind::Object(o) | TypeKind::Interface(o) => o.field(field).is_some(),
        _ => false,
    }
}

/// Sorts as V8's `Array.prototype.sort` sorts fewer than 64 elements: the leading run
/// (reversed if strictly descending) is extended by binary insertion. graphql-js's
/// comparison of suggested types is not always a total order (an interface goes before
/// the types implementing it, other types go by name), so the algorithm shows in the
/// result; for longer arrays V8 also merges runs, which only differs from this when the
/// comparison is inconsistent. Never panics, whatever the comparison.
fn sort_like_v8<T: Copy>(items: &mut [T], mut compare: impl FnMut(T, T) -> Ordering) {
    let n = items.len();
    if n < 2 {
        return;
    }
    let descending = compare(items[1], items[0]) == Ordering::Less;
    let mut run = 2;
    while run < n {
        let order = compare(items[run], items[run - 1]);
        if (order == Ordering::Less) != descending {
            break;
        }
        run += 1;
    }
    if descending {
        items[..run].reverse();
    }
    for start in run..n {
        let pivot = items[start];
        let (mut left, mut right) = (0, start);
        while left < right {
            let mid = left + (right - left) / 2;
            if compare(pivot, items[mid]) == Ordering::Less {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        items.copy_within(left..start, left + 1);
        items[left] = pivot;
    }
}

#[cfg(test)]
mod tests {
    use super::sort_like_v8;

    #[test]
    fn sorts_like_v8_with_any_comparison() {
        let mut items = [5, 3, 9, 1, 1, 8, 2];
        sort_like_v8(&mut items, |a: i32, b: i32| a.cmp(&b));
        assert_eq!(items, [1, 1, 2, 3, 5, 8, 9]);
        let mut descending = [9, 7, 4, 4, 1];
        sort_like_v8(&mut descending, |a: i32, b: i32| a.cmp(&b));
        assert_eq!(descending, [1, 4, 4, 7, 9]);
        // A comparison that is not an order at all still terminates without panicking.
        let mut items: Vec<u32> = (0..100).collect();
        sort_like_v8(&mut items, |a, b| {
            if (a + b) % 3 == 0 {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }
        });
        assert_eq!(items.len(), 100);
    }
}
