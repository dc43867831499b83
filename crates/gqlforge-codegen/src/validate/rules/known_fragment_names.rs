//! KnownFragmentNamesRule (spec 5.5.2.1 Fragment Spread Target Defined): every fragment
//! spread names a fragment defined in the document.

use crate::document::FragmentSpread;
use crate::validate::{Rule, ValidationContext};

const RULE: &str = "KnownFragmentNamesRule";

#[derive(Default)]
pub(crate) struct KnownFragmentNamesRule;

impl<'a> Rule<'a> for KnownFragmentNamesRule {
    fn enter_fragment_spread(
        &mut self,
        cx: &mut ValidationContext<'a>,
        spread: &'a FragmentSpread,
    ) {
        if cx.fragment(&spread.name.value).is_none() {
            cx.report(
                RULE,
                format!("Unknown fragment \"{}\".", spread.name.value),
                vec![spread.name.span],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    #[test]
    fn known_fragment_names_are_valid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human(id: 4) {
                ...HumanFields1
                ... on Human {
                  ...HumanFields2
                }
                ... {
                  name
                }
              }
            }
            fragment HumanFields1 on Human {
              name
              ...HumanFields3
            }
            fragment HumanFields2 on Human {
              name
            }
            fragment HumanFields3 on Human {
              name
            }
            "#,
            &[],
        );
    }

    #[test]
    fn unknown_fragment_names_are_invalid() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human(id: 4) {
                ...UnknownFragment1
                ... on Human {
                  ...UnknownFragment2
                }
              }
            }
            fragment HumanFields on Human {
              name
              ...UnknownFragment3
            }
            "#,
            &[
                ("Unknown fragment \"UnknownFragment1\".", &[(4, 20)]),
                ("Unknown fragment \"UnknownFragment2\".", &[(6, 22)]),
                ("Unknown fragment \"UnknownFragment3\".", &[(12, 18)]),
            ],
        );
    }

    #[test]
    fn unknown_fragments_in_directive_positions_are_reported_at_their_name() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              human(id: 4) {
                ...   Unknown @include(if: true)
              }
            }
            "#,
            &[("Unknown fragment \"Unknown\".", &[(4, 23)])],
        );
    }
}
