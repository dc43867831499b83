//! Errors a user can cause: what, where (file:line:column, a caret snippet), and what to do.

use std::fmt;

use crate::source::{LineColumn, SourceFile, Span};

/// One problem in an executable document: a syntax error or a validation rule's finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule as graphql-js names it (`FieldsOnCorrectTypeRule`), or `SyntaxError`.
    pub rule: &'static str,
    /// The message, worded like graphql-js's, "Did you mean ...?" included.
    pub message: String,
    /// The nodes it is about, in the order graphql-js lists their locations.
    pub spans: Vec<Span>,
    /// The file of each span when they are in several files (an operation and a fragment it
    /// spreads from another file of the module); empty when every span is in the file the
    /// diagnostic is reported with.
    pub files: Vec<SourceFile>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, message: impl Into<String>, spans: Vec<Span>) -> Diagnostic {
        Diagnostic {
            rule,
            message: message.into(),
            spans,
            files: Vec::new(),
        }
    }

    /// The file the span at `index` is in: its own file, else `file` (the one the
    /// diagnostic is reported with).
    pub fn file_of<'a>(&'a self, index: usize, file: &'a SourceFile) -> &'a SourceFile {
        self.files.get(index).unwrap_or(file)
    }

    pub fn locations(&self, file: &SourceFile) -> Vec<LineColumn> {
        self.spans
            .iter()
            .enumerate()
            .map(|(i, s)| self.file_of(i, file).line_column(s.start))
            .collect()
    }

    /// `error[Rule]: message` and `--> file:line:column`, followed by a caret snippet per
    /// location (a location in another file than the one before it gets its own `-->`).
    pub fn render(&self, file: &SourceFile) -> String {
        let mut out = String::new();
        let first = self.spans.first().map(|s| {
            let in_file = self.file_of(0, file);
            (in_file, in_file.line_column(s.start))
        });
        match first {
            Some((in_file, lc)) => out.push_str(&format!(
                "error[{}]: {}\n  --> {}:{}:{}\n",
                self.rule,
                self.message,
                in_file.name(),
                lc.line,
                lc.column
            )),
            None => out.push_str(&format!(
                "error[{}]: {}\n  --> {}\n",
                self.rule,
                self.message,
                file.name()
            )),
        }
        for (i, span) in self.spans.iter().enumerate() {
            let in_file = self.file_of(i, file);
            if i > 0 && in_file.name() != self.file_of(i - 1, file).name() {
                let lc = in_file.line_column(span.start);
                out.push_str(&format!(
                    "  --> {}:{}:{}\n",
                    in_file.name(),
                    lc.line,
                    lc.column
                ));
            }
            out.push_str(&in_file.snippet(*span));
            out.push('\n');
        }
        out
    }
}

/// A schema that cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct SchemaError {
    pub message: String,
    /// The schema file, when known.
    pub file: Option<String>,
    pub location: Option<LineColumn>,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

impl SchemaError {
    pub fn new(message: impl Into<String>) -> SchemaError {
        SchemaError {
            message: message.into(),
            file: None,
            location: None,
            hint: None,
        }
    }

    /// Sets the location unless one is already known.
    pub fn at(mut self, location: Option<LineColumn>) -> SchemaError {
        if self.location.is_none() {
            self.location = location;
        }
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> SchemaError {
        self.file = Some(file.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> SchemaError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.location) {
            (Some(file), Some(lc)) => write!(f, "{file}:{}:{}: ", lc.line, lc.column)?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(lc)) => write!(f, "{}:{}: ", lc.line, lc.column)?,
            (None, None) => {}
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Something odd in a schema that was loaded anyway (e.g. a field defined twice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaWarning {
    pub message: String,
    pub file: Option<String>,
    pub location: Option<LineColumn>,
}

impl fmt::Display for SchemaWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.location) {
            (Some(file), Some(lc)) => write!(f, "{file}:{}:{}: ", lc.line, lc.column)?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(lc)) => write!(f, "{}:{}: ", lc.line, lc.column)?,
            (None, None) => {}
        }
        write!(f, "warning: {}", self.message)
    }
}

/// The `Did you mean "a", "b", or "c"?` tail graphql-js appends (at most five names),
/// with a leading space; empty when there is nothing to suggest.
pub fn did_you_mean(sub_message: Option<&str>, suggestions: &[impl AsRef<str>]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = suggestions
        .iter()
        .take(5)
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect();
    match sub_message {
        Some(sub) => format!(" Did you mean {sub} {}?", or_list(&quoted)),
        None => format!(" Did you mean {}?", or_list(&quoted)),
    }
}

/// `a`, `a or b`, `a, b, or c` (graphql-js `orList`).
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} or {b}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// The options close enough to `input` to suggest, nearest first (graphql-js `suggestionList`).
pub fn suggestion_list<'a>(
    input: &str,
    options: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let threshold = input.encode_utf16().count() * 2 / 5 + 1;
    let input_lower: Vec<u16> = input.to_lowercase().encode_utf16().collect();
    let mut found: Vec<(&str, usize)> = Vec::new();
    for option in options {
        if found.iter().any(|(o, _)| *o == option) {
            continue;
        }
        if let Some(d) = lexical_distance(input, &input_lower, option, threshold) {
            found.push((option, d));
        }
    }
    found.sort_by(|(a, da), (b, db)| da.cmp(db).then_with(|| natural_compare(a, b)));
    found.into_iter().map(|(o, _)| o).collect()
}

/// Damerau-Levenshtein distance (optimal string alignment), case-insensitive, bounded.
fn lexical_distance(
    input: &str,
    input_lower: &[u16],
    option: &str,
    threshold: usize,
) -> Option<usize> {
    if input == option {
        return Some(0);
    }
    let option_lower: Vec<u16> = option.to_lowercase().encode_utf16().collect();
    if option_lower == input_lower {
        return Some(1);
    }
    let (a, b) = if option_lower.len() < input_lower.len() {
        (input_lower, option_lower.as_slice())
    } else {
        (option_lower.as_slice(), input_lower)
    };
    if a.len() - b.len() > threshold {
        return None;
    }
    let mut rows = [
        vec![0usize; b.len() + 1],
        vec![0; b.len() + 1],
        vec![0; b.len() + 1],
    ];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut smallest = i;
        rows[i % 3][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut cell = (rows[(i - 1) % 3][j] + 1)
                .min(rows[i % 3][j - 1] + 1)
                .min(rows[(i - 1) % 3][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(rows[(i - 2) % 3][j - 2] + 1);
            }
            smallest = smallest.min(cell);
            rows[i % 3][j] = cell;
        }
        if smallest > threshold {
            return None;
        }
    }
    let d = rows[a.len() % 3][b.len()];
    (d <= threshold).then_some(d)
}

/// Compares strings with runs of digits ordered by value (graphql-js `naturalCompare`).
pub fn natural_compare(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
    let (mut i, mut j) = (0, 0);
    let digit = |c: Option<&u16>| c.is_some_and(|c| (b'0' as u16..=b'9' as u16).contains(c));
    while i < a.len() && j < b.len() {
        if digit(a.get(i)) && digit(b.get(j)) {
            let mut an: u64 = 0;
            loop {
                an = an
                    .saturating_mul(10)
                    .saturating_add((a[i] - b'0' as u16) as u64);
                i += 1;
                if !(digit(a.get(i)) && an > 0) {
                    break;
                }
            }
            let mut bn: u64 = 0;
            loop {
                bn = bn
                    .saturating_mul(10)
                    .saturating_add((b[j] - b'0' as u16) as u64);
                j += 1;
                if !(digit(b.get(j)) && bn > 0) {
                    break;
                }
            }
            match an.cmp(&bn) {
                Ordering::Equal => {}
                o => return o,
            }
        } else {
            match a[i].cmp(&b[j]) {
                Ordering::Equal => {}
                o => return o,
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() as i64)
        .cmp(&(b.len() as i64))
        .then(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_nearest_first() {
        let options = ["repository", "repositoryOwner", "viewer", "node"];
        assert_eq!(suggestion_list("repoistory", options), vec!["repository"]);
        assert_eq!(suggestion_list("viweer", options), vec!["viewer"]);
        assert!(suggestion_list("zzzzzz", options).is_empty());
        assert_eq!(suggestion_list("NODE", options), vec!["node"]);
    }

    #[test]
    fn did_you_mean_lists_at_most_five() {
        let s = did_you_mean(None, &["a", "b", "c", "d", "e", "f"]);
        assert_eq!(s, " Did you mean \"a\", \"b\", \"c\", \"d\", or \"e\"?");
        assert_eq!(
            did_you_mean(None, &["first", "last"]),
            " Did you mean \"first\" or \"last\"?"
        );
        assert_eq!(did_you_mean(None, &[] as &[&str]), "");
        assert_eq!(
            did_you_mean(Some("the enum value"), &["OPEN"]),
            " Did you mean the enum value \"OPEN\"?"
        );
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        use std::cmp::Ordering::*;
        assert_eq!(natural_compare("a2", "a10"), Less);
        assert_eq!(natural_compare("abc", "abd"), Less);
        assert_eq!(natural_compare("ab", "abc"), Less);
        assert_eq!(natural_compare("x", "x"), Equal);
    }
}
