//! Source text with a line index: byte spans → 1-based line:column, and caret snippets.

use std::fmt::Write as _;
use std::sync::Arc;

/// `path` with `.` and `..` removed lexically, without touching the file system
/// (as cargo resolves `package.workspace`): `/w/member/./../root` → `/w/root`.
pub fn normalize_path(path: &std::path::Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A half-open byte range `start..end` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and column, as graphql-js reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// A named source text (a file, or a macro invocation) with its line starts.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    line_starts: Vec<usize>,
}

/// Two files are equal when their names and texts are.
impl PartialEq for SourceFile {
    fn eq(&self, other: &SourceFile) -> bool {
        self.name == other.name && (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
    }
}

impl Eq for SourceFile {}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Line and column of a byte offset. Columns count UTF-16 code units, as graphql-js
    /// (and the Language Server Protocol) do.
    pub fn line_column(&self, offset: u32) -> LineColumn {
        let offset = (offset as usize).min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.encode_utf16().count());
        LineColumn {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// A rustc-style snippet: the line of `span` with carets under it.
    pub fn snippet(&self, span: Span) -> String {
        let lc = self.line_column(span.start);
        let line = self.line_text(lc.line);
        let gutter = lc.line.to_string();
        let pad = " ".repeat(gutter.len());
        let line_start = (span.start as usize).saturating_sub(self.column_bytes(span.start));
        let before = line
            .get(..(span.start as usize - line_start).min(line.len()))
            .unwrap_or("");
        let underlined = self.text.get(self.caret_span(span).range()).unwrap_or("");
        let indent: String = before
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let carets = "^".repeat(underlined.chars().count().max(1));
        let mut out = String::new();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{gutter} | {line}");
        let _ = write!(out, "{pad} | {indent}{carets}");
        out
    }

    /// The part of `span` a snippet underlines: the node's head on its first line (see
    /// `head`), so a field with a selection set is marked by its name alone.
    pub fn caret_span(&self, span: Span) -> Span {
        let underlined = self
            .text
            .get(span.range())
            .map_or("", |s| head(s.lines().next().unwrap_or("")));
        Span::new(span.start as usize, span.start as usize + underlined.len())
    }

    /// Bytes between the start of the line holding `offset` and `offset`.
    fn column_bytes(&self, offset: u32) -> usize {
        let offset = (offset as usize).min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        offset - self.line_starts[line]
    }
}

/// What a caret underlines of a node's first line: its head, up to its arguments,
/// directives or selection set (`viewer` of `viewer { id }`, `query Q` of
/// `query Q($a: Int) {`), or the whole line when the node starts with one of those.
fn head(first_line: &str) -> &str {
    let end = first_line
        .char_indices()
        .skip(1)
        .find(|&(_, c)| matches!(c, '(' | '{' | '@'))
        .map_or(first_line.len(), |(i, _)| i);
    first_line[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_columns_are_one_based_and_count_characters() {
        let f = SourceFile::new("q.graphql", "query {\r\n  héllo\n  x\n}");
        assert_eq!(f.line_column(0), LineColumn { line: 1, column: 1 });
        assert_eq!(f.line_column(11), LineColumn { line: 2, column: 3 });
        let x = f.text().find('x').unwrap() as u32;
        assert_eq!(f.line_column(x), LineColumn { line: 3, column: 3 });
        assert_eq!(f.line_text(2), "  héllo");
    }

    #[test]
    fn columns_count_utf16_units_as_graphql_js_does() {
        // An emoji outside the Basic Multilingual Plane is two UTF-16 units.
        let f = SourceFile::new("q.graphql", "# 😀\n{ a(s: \"😀\") b }");
        let b = f.text().find(" b").unwrap() as u32 + 1;
        assert_eq!(
            f.line_column(b),
            LineColumn {
                line: 2,
                column: 14
            }
        );
    }

    #[test]
    fn the_caret_span_is_the_head_of_the_node() {
        let f = SourceFile::new("q.graphql", "{\n  viweer(a: 1) {\n    id\n  }\n}\n");
        let start = f.text().find("viweer").unwrap();
        let end = f.text().rfind('}').unwrap();
        assert_eq!(
            f.caret_span(Span::new(start, end)),
            Span::new(start, start + 6)
        );
    }

    #[test]
    fn snippet_puts_carets_under_the_span() {
        let f = SourceFile::new("q.graphql", "{\n  viweer { id }\n}\n");
        let start = f.text().find("viweer").unwrap();
        let s = f.snippet(Span::new(start, start + 6));
        assert_eq!(s, "  |\n2 |   viweer { id }\n  |   ^^^^^^");
    }

    #[test]
    fn snippet_underlines_the_head_of_a_node_spanning_lines() {
        let text = "{\n  a: repo(x: 1) @skip(if: true) {\n    id\n  }\n}\n";
        let f = SourceFile::new("q.graphql", text);
        let start = text.find("a:").unwrap();
        let end = text.rfind('}').unwrap() - 1;
        let s = f.snippet(Span::new(start, end));
        assert!(s.ends_with("\n  |   ^^^^^^^"), "{s}");
        // After a character outside the BMP, carets still line up by characters.
        let f = SourceFile::new("q.graphql", "{ a(s: \"😀\") b }");
        let b = f.text().find(" b").unwrap() + 1;
        assert!(f
            .snippet(Span::new(b, b + 1))
            .ends_with(&format!("| {}^", " ".repeat(12))));
    }
}
