//! NoUnusedFragmentsRule (spec 5.5.1.4 Fragments Must Be Used): every fragment is spread,
//! directly or through other fragments, by some operation.

use crate::fast_hash::FastSet;

use crate::document::{Document, FragmentDefinition, OperationDefinition};
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "NoUnusedFragmentsRule";

#[derive(Default)]
pub(crate) struct NoUnusedFragmentsRule<'a> {
    operations: Vec<&'a OperationDefinition>,
    fragments: Vec<&'a FragmentDefinition>,
}

impl<'a> Rule<'a> for NoUnusedFragmentsRule<'a> {
    fn enter_operation(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        self.operations.push(op);
        Flow::SkipChildren
    }

    fn enter_fragment(
        &mut self,
        _cx: &mut ValidationContext<'a>,
        fragment: &'a FragmentDefinition,
    ) -> Flow {
        self.fragments.push(fragment);
        Flow::SkipChildren
    }

    fn leave_document(&mut self, cx: &mut ValidationContext<'a>, _doc: &'a Document) {
        let Ok(reached) = cx.recursively_referenced_fragments_for_operations(&self.operations)
        else {
            cx.abort(RULE);
            return;
        };
        let used: FastSet<&str> = reached.iter().map(|f| f.name.value.as_str()).collect();
        for fragment in &self.fragments {
            if !used.contains(fragment.name.value.as_str()) {
                cx.report(
                    RULE,
                    format!("Fragment \"{}\" is never used.", fragment.name.value),
                    vec![fragment.span],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::TEST_SCHEMA;

    /// `n` operations, the i-th spreading the i-th of a chain of `n` fragments: graphql-js
    /// counts n(n + 1) units of work for the operations' variables, then 2n - 1 for this
    /// rule (the set of every name spread by an operation was not met before).
    fn chain(n: usize) -> String {
        let mut doc = String::new();
        for i in 0..n {
            let next = if i + 1 < n {
                format!(" ...F{}", i + 1)
            } else {
                String::new()
            };
            doc.push_str(&format!("fragment F{i} on Dog {{ name{next} }}\n"));
        }
        for i in 0..n {
            doc.push_str(&format!("query Q{i} {{ dog {{ ...F{i} }} }}\n"));
        }
        doc
    }

    #[test]
    fn the_work_budget_is_shared_as_in_graphql_js() {
        // 222 × 223 + 443 = 49949 units: within the budget.
        assert_eq!(
            crate::validate::testing::errors(TEST_SCHEMA, &chain(222)),
            vec![]
        );
        // 223 × 224 + 445 = 50397 units: this rule exceeds it.
        assert_eq!(
            crate::validate::testing::errors(TEST_SCHEMA, &chain(223)),
            vec![(RULE.to_string(), "Validation aborted.".to_string(), vec![])]
        );
        // 224 × 225 = 50400 units: NoUndefinedVariablesRule exceeds it first.
        assert_eq!(
            crate::validate::testing::errors(TEST_SCHEMA, &chain(224)),
            vec![(
                "NoUndefinedVariablesRule".to_string(),
                "Validation aborted.".to_string(),
                vec![]
            )]
        );
    }
}
