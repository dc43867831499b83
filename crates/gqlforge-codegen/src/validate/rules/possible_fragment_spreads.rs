//! PossibleFragmentSpreadsRule (spec 5.5.2.3 Fragment Spread Is Possible): a fragment is
//! only spread where some object could be of both the fragment's type and the enclosing
//! selection's type.

use crate::document::{FragmentSpread, InlineFragment};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "PossibleFragmentSpreadsRule";

#[derive(Default)]
pub(crate) struct PossibleFragmentSpreadsRule;

impl<'a> Rule<'a> for PossibleFragmentSpreadsRule {
    fn enter_inline_fragment(
        &mut self,
        cx: &mut ValidationContext<'a>,
        fragment: &'a InlineFragment,
    ) -> Flow {
        let schema = cx.schema;
        let fragment_type = cx.output_type().map(|t| t.named());
        if let (Some(fragment_type), Some(parent)) = (fragment_type, cx.parent_type()) {
            if schema.is_composite(fragment_type) && !schema.types_overlap(fragment_type, parent) {
                cx.report(
                    RULE,
                    format!(
                        "Fragment cannot be spread here as objects of type \"{}\" can never be of type \"{}\".",
                        schema.type_name(parent),
                        schema.type_name(fragment_type)
                    ),
                    vec![fragment.span],
                );
            }
        }
        Flow::Continue
    }

    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
        let schema = cx.schema;
        let fragment_type = cx
            .fragment(&spread.name.value)
            .and_then(|f| schema.type_by_name(&f.type_condition.value))
            .filter(|&t| schema.is_composite(t));
        if let (Some(fragment_type), Some(parent)) = (fragment_type, cx.parent_type()) {
            if !schema.types_overlap(fragment_type, parent) {
                cx.report(
                    RULE,
                    format!(
                        "Fragment \"{}\" cannot be spread here as objects of type \"{}\" can never be of type \"{}\".",
                        spread.name.value,
                        schema.type_name(parent),
                        schema.type_name(fragment_type)
                    ),
                    vec![spread.span],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::expect_errors;

    const SCHEMA: &str = r#"
interface Being {
  name: String
}

interface Pet implements Being {
  name: String
}

type Dog implements Being & Pet {
  name: String
  barkVolume: Int
}

type Cat implements Being & Pet {
  name: String
  meowVolume: Int
}

union CatOrDog = Cat | Dog

interface Intelligent {
  iq: Int
}

type Human implements Being & Intelligent {
  name: String
  pets: [Pet]
  iq: Int
}

type Alien implements Being & Intelligent {
  name: String
  iq: Int
}

union DogOrHuman = Dog | Human

union HumanOrAlien = Human | Alien

type Query {
  catOrDog: CatOrDog
  dogOrHuman: DogOrHuman
  humanOrAlien: HumanOrAlien
}
"#;

    #[test]
    fn of_the_same_object() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment objectWithinObject on Dog { ...dogFragment }
            fragment dogFragment on Dog { barkVolume }
            "#,
            &[],
        );
    }

    #[test]
    fn of_the_same_object_with_inline_fragment() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment objectWithinObjectAnon on Dog { ... on Dog { barkVolume } }
            "#,
            &[],
        );
    }

    #[test]
    fn object_into_an_implemented_interface() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment objectWithinInterface on Pet { ...dogFragment }
            fragment dogFragment on Dog { barkVolume }
            "#,
            &[],
        );
    }

    #[test]
    fn object_into_containing_union() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment objectWithinUnion on CatOrDog { ...dogFragment }
            fragment dogFragment on Dog { barkVolume }
            "#,
            &[],
        );
    }

    #[test]
    fn union_into_contained_object() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment unionWithinObject on Dog { ...catOrDogFragment }
            fragment catOrDogFragment on CatOrDog { __typename }
            "#,
            &[],
        );
    }

    #[test]
    fn union_into_overlapping_interface() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment unionWithinInterface on Pet { ...catOrDogFragment }
            fragment catOrDogFragment on CatOrDog { __typename }
            "#,
            &[],
        );
    }

    #[test]
    fn union_into_overlapping_union() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment unionWithinUnion on DogOrHuman { ...catOrDogFragment }
            fragment catOrDogFragment on CatOrDog { __typename }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_into_implemented_object() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment interfaceWithinObject on Dog { ...petFragment }
            fragment petFragment on Pet { name }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_into_overlapping_interface() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment interfaceWithinInterface on Pet { ...beingFragment }
            fragment beingFragment on Being { name }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_into_overlapping_interface_in_inline_fragment() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment interfaceWithinInterface on Pet { ... on Being { name } }
            "#,
            &[],
        );
    }

    #[test]
    fn interface_into_overlapping_union() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment interfaceWithinUnion on CatOrDog { ...petFragment }
            fragment petFragment on Pet { name }
            "#,
            &[],
        );
    }

    #[test]
    fn ignores_incorrect_type_caught_by_fragments_on_composite_types() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment petFragment on Pet { ...badInADifferentWay }
            fragment badInADifferentWay on String { name }
            "#,
            &[],
        );
    }

    #[test]
    fn ignores_unknown_fragments_caught_by_known_fragment_names() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment petFragment on Pet { ...UnknownFragment }
            "#,
            &[],
        );
    }

    #[test]
    fn different_object_into_object() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidObjectWithinObject on Cat { ...dogFragment }
            fragment dogFragment on Dog { barkVolume }
            "#,
            &[("Fragment \"dogFragment\" cannot be spread here as objects of type \"Cat\" can never be of type \"Dog\".", &[(2, 57)])],
        );
    }

    #[test]
    fn different_object_into_object_in_inline_fragment() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidObjectWithinObjectAnon on Cat {
              ... on Dog { barkVolume }
            }
            "#,
            &[("Fragment cannot be spread here as objects of type \"Cat\" can never be of type \"Dog\".", &[(3, 15)])],
        );
    }

    #[test]
    fn object_into_not_implementing_interface() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidObjectWithinInterface on Pet { ...humanFragment }
            fragment humanFragment on Human { pets { name } }
            "#,
            &[("Fragment \"humanFragment\" cannot be spread here as objects of type \"Pet\" can never be of type \"Human\".", &[(2, 60)])],
        );
    }

    #[test]
    fn object_into_not_containing_union() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidObjectWithinUnion on CatOrDog { ...humanFragment }
            fragment humanFragment on Human { pets { name } }
            "#,
            &[("Fragment \"humanFragment\" cannot be spread here as objects of type \"CatOrDog\" can never be of type \"Human\".", &[(2, 61)])],
        );
    }

    #[test]
    fn union_into_not_contained_object() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidUnionWithinObject on Human { ...catOrDogFragment }
            fragment catOrDogFragment on CatOrDog { __typename }
            "#,
            &[("Fragment \"catOrDogFragment\" cannot be spread here as objects of type \"Human\" can never be of type \"CatOrDog\".", &[(2, 58)])],
        );
    }

    #[test]
    fn union_into_non_overlapping_interface() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidUnionWithinInterface on Pet { ...humanOrAlienFragment }
            fragment humanOrAlienFragment on HumanOrAlien { __typename }
            "#,
            &[("Fragment \"humanOrAlienFragment\" cannot be spread here as objects of type \"Pet\" can never be of type \"HumanOrAlien\".", &[(2, 59)])],
        );
    }

    #[test]
    fn union_into_non_overlapping_union() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidUnionWithinUnion on CatOrDog { ...humanOrAlienFragment }
            fragment humanOrAlienFragment on HumanOrAlien { __typename }
            "#,
            &[("Fragment \"humanOrAlienFragment\" cannot be spread here as objects of type \"CatOrDog\" can never be of type \"HumanOrAlien\".", &[(2, 60)])],
        );
    }

    #[test]
    fn interface_into_non_implementing_object() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidInterfaceWithinObject on Cat { ...intelligentFragment }
            fragment intelligentFragment on Intelligent { iq }
            "#,
            &[("Fragment \"intelligentFragment\" cannot be spread here as objects of type \"Cat\" can never be of type \"Intelligent\".", &[(2, 60)])],
        );
    }

    #[test]
    fn interface_into_non_overlapping_interface() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidInterfaceWithinInterface on Pet {
              ...intelligentFragment
            }
            fragment intelligentFragment on Intelligent { iq }
            "#,
            &[("Fragment \"intelligentFragment\" cannot be spread here as objects of type \"Pet\" can never be of type \"Intelligent\".", &[(3, 15)])],
        );
    }

    #[test]
    fn interface_into_non_overlapping_interface_in_inline_fragment() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidInterfaceWithinInterfaceAnon on Pet {
              ...on Intelligent { iq }
            }
            "#,
            &[("Fragment cannot be spread here as objects of type \"Pet\" can never be of type \"Intelligent\".", &[(3, 15)])],
        );
    }

    #[test]
    fn interface_into_non_overlapping_union() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment invalidInterfaceWithinUnion on HumanOrAlien { ...petFragment }
            fragment petFragment on Pet { name }
            "#,
            &[("Fragment \"petFragment\" cannot be spread here as objects of type \"HumanOrAlien\" can never be of type \"Pet\".", &[(2, 68)])],
        );
    }

    #[test]
    fn the_last_fragment_of_a_name_is_spread() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            fragment petFragment on Pet { ...dogFragment @include(if: true) }
            fragment dogFragment on Dog { barkVolume }
            fragment dogFragment on Human { name }
            "#,
            &[("Fragment \"dogFragment\" cannot be spread here as objects of type \"Pet\" can never be of type \"Human\".", &[(2, 43)])],
        );
    }

    #[test]
    fn inline_fragments_on_input_or_unknown_types_are_ignored() {
        expect_errors(
            RULE,
            SCHEMA,
            r#"
            { catOrDog { ... on Unknown { name } ... on String { name } } }
            "#,
            &[],
        );
    }
}
