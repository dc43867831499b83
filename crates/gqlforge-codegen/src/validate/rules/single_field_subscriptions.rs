//! SingleFieldSubscriptionsRule (spec 5.2.3.1 Single Root Field): a subscription selects
//! exactly one root field, which is not an introspection field, and its root selection
//! does not use `@skip` or `@include`.
//!
//! The root fields are collected as graphql-js 17's `collectFields` does for this rule:
//! fragments are expanded when their type condition applies to the subscription type,
//! each fragment once (or once more under a `@defer` not seen yet), and a `@skip` or
//! `@include` anywhere on the way is an error instead of a condition. The work is charged
//! to graphql-js's budget for work through fragments.

use crate::fast_hash::FastMap;

use crate::document::{
    Directive, Field, Name, OperationDefinition, OperationKind, Selection, SelectionSet, ValueKind,
};
use crate::schema::TypeId;
use crate::source::Span;
use crate::validate::{Flow, FragmentWorkSpent, Rule, ValidationContext};

const RULE: &str = "SingleFieldSubscriptionsRule";

#[derive(Default)]
pub(crate) struct SingleFieldSubscriptionsRule;

impl<'a> Rule<'a> for SingleFieldSubscriptionsRule {
    fn enter_operation(
        &mut self,
        cx: &mut ValidationContext<'a>,
        op: &'a OperationDefinition,
    ) -> Flow {
        if op.kind == OperationKind::Subscription {
            if let Some(root) = cx.schema.subscription_type() {
                check_subscription(cx, op, root);
            }
        }
        Flow::SkipChildren
    }
}

fn check_subscription<'a>(
    cx: &mut ValidationContext<'a>,
    op: &'a OperationDefinition,
    root: TypeId,
) {
    let subject = match &op.name {
        Some(name) => format!("Subscription \"{}\"", name.value),
        None => "Anonymous Subscription".to_string(),
    };
    let budget = cx.fragment_work_left();
    let Ok(collected) = collect_root_fields(cx, root, &op.selection_set, budget)
        .and_then(|collected| cx.spend_fragment_work(collected.work).map(|()| collected))
    else {
        cx.abort(RULE);
        return;
    };
    if !collected.forbidden.is_empty() {
        cx.report(
            RULE,
            format!(
                "{subject} must not use `@skip` or `@include` directives in the top level selection."
            ),
            collected.forbidden.iter().map(|d| d.span).collect(),
        );
        return;
    }
    match collected.groups.len() {
        0 => cx.report(
            RULE,
            format!("{subject} must select one top level field."),
            vec![op.selection_set.span],
        ),
        1 => {}
        _ => cx.report(
            RULE,
            format!("{subject} must select only one top level field."),
            collected.groups[1..]
                .iter()
                .flatten()
                .map(|f| f.span)
                .collect(),
        ),
    }
    for fields in &collected.groups {
        if fields[0].name.value.starts_with("__") {
            cx.report(
                RULE,
                format!("{subject} must not select an introspection top level field."),
                fields.iter().map(|f| f.span).collect(),
            );
        }
    }
}

/// The root fields grouped by response key (in the order the keys first appear), the
/// `@skip` / `@include` directives met on the way, and the work graphql-js counts for it.
struct RootFields<'a> {
    groups: Vec<Vec<&'a Field>>,
    forbidden: Vec<&'a Directive>,
    work: usize,
}

/// Collects the root fields, unless that takes more work than `budget`.
fn collect_root_fields<'a>(
    cx: &ValidationContext<'a>,
    root: TypeId,
    set: &'a SelectionSet,
    budget: usize,
) -> Result<RootFields<'a>, FragmentWorkSpent> {
    let mut groups: Vec<Vec<&'a Field>> = Vec::new();
    let mut group_of_key: FastMap<&'a str, usize> = FastMap::default();
    let mut forbidden = Vec::new();
    // Per fragment: the `@defer` directives (by span; `None` for none) it was expanded under.
    let mut expanded: FastMap<&'a str, Vec<Option<Span>>> = FastMap::default();
    // Depth first, in document order: each entry is a selection set being read and the
    // `@defer` it is under.
    let mut stack = vec![(set.selections.iter(), None::<Span>)];
    let mut work = work_to_visit(set);
    while let Some((selections, defer)) = stack.last_mut() {
        if work > budget {
            return Err(FragmentWorkSpent);
        }
        let defer = *defer;
        let Some(selection) = selections.next() else {
            stack.pop();
            continue;
        };
        if let Some(directive) = skip_or_include(selection.directives()) {
            forbidden.push(directive);
            continue;
        }
        match selection {
            Selection::Field(field) => match group_of_key.get(field.response_key()) {
                Some(&i) => groups[i].push(field),
                None => {
                    group_of_key.insert(field.response_key(), groups.len());
                    groups.push(vec![field]);
                }
            },
            Selection::InlineFragment(fragment) => {
                if condition_applies(cx, fragment.type_condition.as_ref(), root) {
                    let defer = deferred_by(&fragment.directives).or(defer);
                    work += work_to_visit(&fragment.selection_set);
                    stack.push((fragment.selection_set.selections.iter(), defer));
                }
            }
            Selection::FragmentSpread(spread) => {
                let Some(fragment) = cx.fragment(&spread.name.value) else {
                    continue;
                };
                if !condition_applies(cx, Some(&fragment.type_condition), root) {
                    continue;
                }
                let defer = deferred_by(&spread.directives).or(defer);
                let seen = expanded.entry(&spread.name.value).or_default();
                if seen.contains(&None) || (defer.is_some() && seen.contains(&defer)) {
                    continue;
                }
                seen.push(defer);
                work += work_to_visit(&fragment.selection_set);
                stack.push((fragment.selection_set.selections.iter(), defer));
            }
        }
    }
    if work > budget {
        return Err(FragmentWorkSpent);
    }
    Ok(RootFields {
        groups,
        forbidden,
        work,
    })
}

/// The work graphql-js counts for visiting a selection set in this rule: its selections,
/// their directives, and the arguments of their first `@defer`.
fn work_to_visit(set: &SelectionSet) -> usize {
    set.selections.len()
        + set
            .selections
            .iter()
            .map(|s| {
                let directives = s.directives();
                let defer = directives.iter().find(|d| d.name.value == "defer");
                directives.len() + defer.map_or(0, |d| d.arguments.len())
            })
            .sum::<usize>()
}

/// The directive that would make the selection conditional: the first `@skip`, or else
/// the first `@include`.
fn skip_or_include(directives: &[Directive]) -> Option<&Directive> {
    let named = |name: &str| directives.iter().find(|d| d.name.value == name);
    named("skip").or_else(|| named("include"))
}

/// The span of the first `@defer`, unless its `if` argument is the literal `false`.
fn deferred_by(directives: &[Directive]) -> Option<Span> {
    let defer = directives.iter().find(|d| d.name.value == "defer")?;
    let condition = defer.arguments.iter().rev().find(|a| a.name.value == "if");
    match condition.map(|a| &a.value.kind) {
        Some(ValueKind::Boolean(false)) => None,
        _ => Some(defer.span),
    }
}

/// Does a fragment with this type condition apply to the root type?
fn condition_applies(cx: &ValidationContext<'_>, condition: Option<&Name>, root: TypeId) -> bool {
    let Some(condition) = condition else {
        return true;
    };
    match cx.schema.type_by_name(&condition.value) {
        Some(ty) if ty == root => true,
        Some(ty) => cx.schema.is_abstract(ty) && cx.schema.is_sub_type(ty, root),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;

    const SCHEMA: &str = r#"
type Message {
  body: String
  sender: String
}

type SubscriptionRoot implements Root {
  importantEmails: [String]
  notImportantEmails: [String]
  moreImportantEmails: [String]
  spamEmails: [String]
  deletedEmails: [String]
  newMessage: Message
}

interface Root {
  importantEmails: [String]
}

union Roots = SubscriptionRoot | QueryRoot

type QueryRoot {
  dummy: String
}

schema {
  query: QueryRoot
  subscription: SubscriptionRoot
}
"#;

    /// A subscription spreading `n` fragments of ten root fields each: graphql-js
    /// counts 11 units of work per fragment for this rule, then 2 for NoUndefinedVariables.
    fn wide_subscription(n: usize) -> String {
        let spreads: Vec<String> = (0..n).map(|i| format!("...F{i}")).collect();
        let fields: Vec<String> = (0..10).map(|j| format!("a{j}: importantEmails")).collect();
        let mut doc = format!("subscription S {{ {} }}\n", spreads.join(" "));
        for i in 0..n {
            doc.push_str(&format!(
                "fragment F{i} on SubscriptionRoot {{ {} }}\n",
                fields.join(" ")
            ));
        }
        doc
    }

    #[test]
    fn the_work_budget_is_shared_as_in_graphql_js() {
        // 11 × 4545 = 49995 units: within the budget; NoUndefinedVariables then exceeds it.
        let found = crate::validate::testing::errors(SCHEMA, &wide_subscription(4545));
        let rules: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            rules,
            ["SingleFieldSubscriptionsRule", "NoUndefinedVariablesRule"]
        );
        assert_eq!(
            found[0].1,
            "Subscription \"S\" must select only one top level field."
        );
        assert_eq!(found[1].1, "Validation aborted.");
        // 11 × 4546 = 50006 units: this rule exceeds it, and nothing else is reported.
        let found = crate::validate::testing::errors(SCHEMA, &wide_subscription(4546));
        assert_eq!(
            found,
            vec![(RULE.to_string(), "Validation aborted.".to_string(), vec![])]
        );
    }
}
