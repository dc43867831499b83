//! A conflict between fields, as graphql-js words and locates it: the reason, the
//! fields on each side, nested conflicts of sub-fields folded into one (spec 5.3.2).

use std::borrow::Cow;

use crate::source::Span;

/// Reasons and response names longer than this (in UTF-16 units) are cut, and the
/// `subfields ...` list stops growing past it.
const MAX_CONFLICT_DETAIL_LENGTH: usize = 1000;
/// At most this many fields are listed on each side of a conflict.
const MAX_CONFLICT_NODES: usize = 20;

/// Two sets of fields with one response name that cannot be merged.
#[derive(Debug)]
pub(super) struct Conflict<'a> {
    pub response_name: &'a str,
    pub reason: String,
    /// The field on the first side, then the conflicting sub-fields on that side.
    pub fields1: Vec<Span>,
    pub fields2: Vec<Span>,
}

impl Conflict<'_> {
    /// The error message, as graphql-js words it.
    pub(super) fn message(&self) -> String {
        format!(
            "Fields \"{}\" conflict because {}. Use different aliases on the fields to fetch both if this was intentional.",
            abbreviate(self.response_name),
            self.reason
        )
    }

    /// The fields of the first side, then those of the second.
    pub(super) fn into_locations(self) -> Vec<Span> {
        let mut fields = self.fields1;
        fields.extend(self.fields2);
        fields
    }
}

/// The conflict of two fields whose sub-selections conflict, if they do: the reasons
/// joined (`subfields "x" conflict because ...`), the sub-fields after each field.
pub(super) fn subfield_conflicts<'a>(
    conflicts: Vec<Conflict<'a>>,
    response_name: &'a str,
    node1: Span,
    node2: Span,
) -> Option<Conflict<'a>> {
    if conflicts.is_empty() {
        return None;
    }
    let mut message = String::new();
    for conflict in &conflicts {
        if !message.is_empty() {
            message.push_str(" and ");
        }
        message.push_str(&format!(
            "subfields \"{}\" conflict because {}",
            abbreviate(conflict.response_name),
            conflict.reason
        ));
        if utf16_len(&message) > MAX_CONFLICT_DETAIL_LENGTH {
            break;
        }
    }
    Some(Conflict {
        response_name,
        reason: abbreviate(&message).into_owned(),
        fields1: conflict_nodes(node1, &conflicts, |c| &c.fields1),
        fields2: conflict_nodes(node2, &conflicts, |c| &c.fields2),
    })
}

/// A field, then the last sub-fields of each conflict that fit in
/// [`MAX_CONFLICT_NODES`].
fn conflict_nodes<'c>(
    node: Span,
    conflicts: &'c [Conflict<'_>],
    side: impl Fn(&'c Conflict<'_>) -> &'c [Span],
) -> Vec<Span> {
    let mut nodes = vec![node];
    for conflict in conflicts {
        let fields = side(conflict);
        let remaining = MAX_CONFLICT_NODES - nodes.len();
        nodes.extend_from_slice(&fields[fields.len().saturating_sub(remaining)..]);
        if nodes.len() == MAX_CONFLICT_NODES {
            break;
        }
    }
    nodes
}

/// The text cut to [`MAX_CONFLICT_DETAIL_LENGTH`] UTF-16 units, with `...`, if longer.
pub(super) fn abbreviate(text: &str) -> Cow<'_, str> {
    if utf16_len(text) <= MAX_CONFLICT_DETAIL_LENGTH {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_CONFLICT_DETAIL_LENGTH
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}...", &text[..end]))
}

/// Length as JavaScript counts it.
fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}
