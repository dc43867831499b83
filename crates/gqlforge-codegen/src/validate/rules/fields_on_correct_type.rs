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
    use super::{sort_like_v8, RULE};
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

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

    const NO_SUGGESTIONS: &str = r#"
type T {
  fieldWithVeryLongNameThatWillNeverBeSuggested: String
}
type Query { t: T }
"#;

    const TWO_TYPES: &str = r#"
union T = A | B
type Query { t: T }

type A { f: String }
type B { f: String }
"#;

    const TWO_FIELDS: &str = r#"
type T {
  y: String
  z: String
}
type Query { t: T }
"#;

    const TYPES_BEFORE_FIELDS: &str = r#"
interface T {
  y: String
  w: String
}
type Query { t: T }

type A implements T {
  f: String
  y: String
  w: String
}
"#;

    const INHERITANCE_ORDER: &str = r#"
interface T { bar: String }
type Query { t: T }

interface Z implements T {
  foo: String
  bar: String
}

interface Y implements Z & T {
  foo: String
  bar: String
}

type X implements Y & Z & T {
  foo: String
  bar: String
}
"#;

    const INTERFACE_SUBTYPES_FIRST: &str = r#"
interface T { bar: String }
type Query { t: T }

interface Animal implements T {
  foo: String
  bar: String
}

type Zebra implements T & Animal {
  foo: String
  bar: String
}

type Bird implements T & Animal {
  foo: String
  bar: String
}

type Ant implements T {
  foo: String
  bar: String
}
"#;

    const NOT_A_TOTAL_ORDER: &str = r#"
interface T { bar: String }
type Query { t: T }

interface Zed {
  foo: String
}

type Bee implements T & Zed {
  foo: String
  bar: String
}

type Cat implements T {
  foo: String
  bar: String
}

type Ape implements T {
  foo: String
  bar: String
}
"#;

    const MANY_TYPES: &str = r#"
union T = A | B | C | D | E | F
type Query { t: T }

type A { f: String }
type B { f: String }
type C { f: String }
type D { f: String }
type E { f: String }
type F { f: String }
"#;

    const MANY_FIELDS: &str = r#"
type T {
  u: String
  v: String
  w: String
  x: String
  y: String
  z: String
}
type Query { t: T }
"#;

    #[test]
    fn object_field_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment objectFieldSelection on Dog {
              __typename
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn aliased_object_field_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment aliasedObjectFieldSelection on Dog {
              tn : __typename
              otherName : name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_field_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment interfaceFieldSelection on Pet {
              __typename
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn aliased_interface_field_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment interfaceFieldSelection on Pet {
              otherName : name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn lying_alias_selection() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment lyingAliasSelection on Dog {
              name : nickname
            }
            "#,
            &[],
        );
    }

    #[test]
    fn ignores_fields_on_unknown_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment unknownSelection on UnknownType {
              unknownField
            }
            "#,
            &[],
        );
    }

    #[test]
    fn reports_errors_when_type_is_known_again() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment typeKnownAgain on Pet {
              unknown_pet_field {
                ... on Cat {
                  unknown_cat_field
                }
              }
            }
            "#,
            &[
                (
                    "Cannot query field \"unknown_pet_field\" on type \"Pet\".",
                    &[(3, 15)],
                ),
                (
                    "Cannot query field \"unknown_cat_field\" on type \"Cat\".",
                    &[(5, 19)],
                ),
            ],
        );
    }

    #[test]
    fn field_not_defined_on_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fieldNotDefined on Dog {
              meowVolume
            }
            "#,
            &[(
                "Cannot query field \"meowVolume\" on type \"Dog\". Did you mean \"barkVolume\"?",
                &[(3, 15)],
            )],
        );
    }

    #[test]
    fn ignores_deeply_unknown_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment deepFieldNotDefined on Dog {
              unknown_field {
                deeper_unknown_field
              }
            }
            "#,
            &[(
                "Cannot query field \"unknown_field\" on type \"Dog\".",
                &[(3, 15)],
            )],
        );
    }

    #[test]
    fn sub_field_not_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment subFieldNotDefined on Human {
              pets {
                unknown_field
              }
            }
            "#,
            &[(
                "Cannot query field \"unknown_field\" on type \"Pet\".",
                &[(4, 17)],
            )],
        );
    }

    #[test]
    fn field_not_defined_on_inline_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment fieldNotDefined on Pet {
              ... on Dog {
                meowVolume
              }
            }
            "#,
            &[(
                "Cannot query field \"meowVolume\" on type \"Dog\". Did you mean \"barkVolume\"?",
                &[(4, 17)],
            )],
        );
    }

    #[test]
    fn aliased_field_target_not_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment aliasedFieldTargetNotDefined on Dog {
              volume : mooVolume
            }
            "#,
            &[(
                "Cannot query field \"mooVolume\" on type \"Dog\". Did you mean \"barkVolume\"?",
                &[(3, 15)],
            )],
        );
    }

    #[test]
    fn aliased_lying_field_target_not_defined() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment aliasedLyingFieldTargetNotDefined on Dog {
              barkVolume : kawVolume
            }
            "#,
            &[(
                "Cannot query field \"kawVolume\" on type \"Dog\". Did you mean \"barkVolume\"?",
                &[(3, 15)],
            )],
        );
    }

    #[test]
    fn not_defined_on_interface() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment notDefinedOnInterface on Pet {
              tailLength
            }
            "#,
            &[(
                "Cannot query field \"tailLength\" on type \"Pet\".",
                &[(3, 15)],
            )],
        );
    }

    #[test]
    fn defined_on_implementors_but_not_on_interface() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment definedOnImplementorsButNotInterface on Pet {
              nickname
            }
            "#,
            &[("Cannot query field \"nickname\" on type \"Pet\". Did you mean to use an inline fragment on \"Cat\" or \"Dog\"?", &[(3, 15)])],
        );
    }

    #[test]
    fn meta_field_selection_on_union() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment directFieldSelectionOnUnion on CatOrDog {
              __typename
            }
            "#,
            &[],
        );
    }

    #[test]
    fn direct_field_selection_on_union() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment directFieldSelectionOnUnion on CatOrDog {
              directField
            }
            "#,
            &[(
                "Cannot query field \"directField\" on type \"CatOrDog\".",
                &[(3, 15)],
            )],
        );
    }

    #[test]
    fn defined_on_implementors_queried_on_union() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment definedOnImplementorsQueriedOnUnion on CatOrDog {
              name
            }
            "#,
            &[("Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline fragment on \"Pet\", \"Canine\", \"Cat\", or \"Dog\"?", &[(3, 15)])],
        );
    }

    #[test]
    fn valid_field_in_inline_fragment() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            fragment objectFieldSelection on Pet {
              ... on Dog {
                name
              }
              ... {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn schema_meta_fields_only_on_the_query_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              __schema { queryType { name } }
              dog { __schema { queryType { name } } __type(name: "Dog") { name } }
            }
            "#,
            &[
                (
                    "Cannot query field \"__schema\" on type \"Dog\".",
                    &[(4, 21)],
                ),
                ("Cannot query field \"__type\" on type \"Dog\".", &[(4, 53)]),
            ],
        );
    }

    #[test]
    fn works_with_no_suggestions() {
        expect_errors(
            RULE,
            NO_SUGGESTIONS,
            r#"
            { t { f } }
            "#,
            &[("Cannot query field \"f\" on type \"T\".", &[(2, 19)])],
        );
    }

    #[test]
    fn works_with_no_small_numbers_of_type_suggestions() {
        expect_errors(
            RULE,
            TWO_TYPES,
            r#"
            { t { f } }
            "#,
            &[("Cannot query field \"f\" on type \"T\". Did you mean to use an inline fragment on \"A\" or \"B\"?", &[(2, 19)])],
        );
    }

    #[test]
    fn works_with_no_small_numbers_of_field_suggestions() {
        expect_errors(
            RULE,
            TWO_FIELDS,
            r#"
            { t { f } }
            "#,
            &[(
                "Cannot query field \"f\" on type \"T\". Did you mean \"y\" or \"z\"?",
                &[(2, 19)],
            )],
        );
    }

    #[test]
    fn only_shows_one_set_of_suggestions_at_a_time_preferring_types() {
        expect_errors(
            RULE,
            TYPES_BEFORE_FIELDS,
            r#"
            { t { f } }
            "#,
            &[("Cannot query field \"f\" on type \"T\". Did you mean to use an inline fragment on \"A\"?", &[(2, 19)])],
        );
    }

    #[test]
    fn sort_type_suggestions_based_on_inheritance_order() {
        expect_errors(
            RULE,
            INHERITANCE_ORDER,
            r#"
            { t { foo } }
            "#,
            &[("Cannot query field \"foo\" on type \"T\". Did you mean to use an inline fragment on \"Z\", \"Y\", or \"X\"?", &[(2, 19)])],
        );
    }

    #[test]
    fn interfaces_come_before_their_implementations() {
        expect_errors(
            RULE,
            INTERFACE_SUBTYPES_FIRST,
            r#"
            { t { foo } }
            "#,
            &[("Cannot query field \"foo\" on type \"T\". Did you mean to use an inline fragment on \"Animal\", \"Ant\", \"Bird\", or \"Zebra\"?", &[(2, 19)])],
        );
    }

    #[test]
    fn an_inconsistent_comparison_sorts_as_v8_does() {
        expect_errors(
            RULE,
            NOT_A_TOTAL_ORDER,
            r#"
            { t { foo } }
            "#,
            &[("Cannot query field \"foo\" on type \"T\". Did you mean to use an inline fragment on \"Ape\", \"Cat\", \"Zed\", or \"Bee\"?", &[(2, 19)])],
        );
    }

    #[test]
    fn limits_lots_of_type_suggestions() {
        expect_errors(
            RULE,
            MANY_TYPES,
            r#"
            { t { f } }
            "#,
            &[("Cannot query field \"f\" on type \"T\". Did you mean to use an inline fragment on \"A\", \"B\", \"C\", \"D\", or \"E\"?", &[(2, 19)])],
        );
    }

    #[test]
    fn limits_lots_of_field_suggestions() {
        expect_errors(
            RULE,
            MANY_FIELDS,
            r#"
            { t { f } }
            "#,
            &[("Cannot query field \"f\" on type \"T\". Did you mean \"u\", \"v\", \"w\", \"x\", or \"y\"?", &[(2, 19)])],
        );
    }
}
