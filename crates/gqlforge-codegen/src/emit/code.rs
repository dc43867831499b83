//! Rust source text, written line by line already formatted: the layout prettyplease gives
//! the same items (a test holds the two equal over the corpus), without building `syn` nodes
//! or tokens. Both front doors take the text: the xtask writes it, the macro hands it to the
//! compiler's lexer. In a proc macro, which downstream crates build unoptimized, building and
//! printing tokens cost many times writing the text.
//!
//! What breaks where a line would pass [`MARGIN`]: attribute lists, generic arguments,
//! a call's arguments, a method call off its receiver, a match arm's body; each as
//! prettyplease breaks it.

use std::fmt::Write as _;

/// The widest line prettyplease keeps unbroken (bytes, indentation included).
const MARGIN: usize = 89;
const INDENT: usize = 4;
const SPACES: &str = "                                                                ";

/// A module's text being written.
pub(crate) struct Code {
    text: String,
    indent: usize,
}

impl Code {
    pub(crate) fn new() -> Code {
        Code {
            text: String::with_capacity(16 * 1024),
            indent: 0,
        }
    }

    pub(crate) fn into_text(self) -> String {
        self.text
    }

    fn pad(&mut self) {
        let mut left = self.indent;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.text.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    /// Whether a line of these parts fits at the current indentation.
    pub(crate) fn fits(&self, parts: &[&str]) -> bool {
        self.indent + parts.iter().map(|p| p.len()).sum::<usize>() <= MARGIN
    }

    /// One line, its parts joined.
    pub(crate) fn line(&mut self, parts: &[&str]) {
        self.pad();
        for part in parts {
            self.text.push_str(part);
        }
        self.text.push('\n');
    }

    /// A line continuing the one before, one level in.
    pub(crate) fn continuation(&mut self, parts: &[&str]) {
        self.indent += INDENT;
        self.line(parts);
        self.indent -= INDENT;
    }

    /// A line that opens a block (`... {`): what follows is indented.
    pub(crate) fn open(&mut self, parts: &[&str]) {
        self.line(parts);
        self.indent += INDENT;
    }

    /// The line closing a block (`}`).
    pub(crate) fn close(&mut self, parts: &[&str]) {
        self.indent -= INDENT;
        self.line(parts);
    }

    /// A line between two blocks (`) -> T {`): closes one, opens the next.
    pub(crate) fn reopen(&mut self, parts: &[&str]) {
        self.indent -= INDENT;
        self.line(parts);
        self.indent += INDENT;
    }

    /// `/// line` per line of a description.
    pub(crate) fn docs(&mut self, text: Option<&str>) {
        if let Some(text) = text {
            for line in text.lines() {
                self.doc_parts(&[" ", line]);
            }
        }
    }

    /// One line of documentation, as written after `///` (with its leading space).
    pub(crate) fn doc(&mut self, text: &str) {
        self.doc_parts(&[text]);
    }

    /// A doc line as prettyplease prints `#[doc = ".."]`: `///`, the text, trailing spaces
    /// trimmed. Text from a schema may hold line breaks (a description, a default value an
    /// introspection result carries): each `\n`, `\r\n` or lone `\r` starts another `///`
    /// line, so no text can end the comment and be read as code (a lone carriage return
    /// cannot be in a doc comment at all).
    fn doc_parts(&mut self, parts: &[&str]) {
        if parts.iter().any(|p| p.contains(['\n', '\r'])) {
            let joined = parts.concat().replace("\r\n", "\n").replace('\r', "\n");
            for (i, line) in joined.split('\n').enumerate() {
                if i == 0 {
                    self.doc_line(&[line]);
                } else {
                    self.doc_line(&[" ", line]);
                }
            }
            return;
        }
        self.doc_line(parts);
    }

    /// One `///` line of `parts`, which hold no line break.
    fn doc_line(&mut self, parts: &[&str]) {
        self.pad();
        self.text.push_str("///");
        let start = self.text.len();
        for part in parts {
            self.text.push_str(part);
        }
        let kept = start + self.text[start..].trim_end_matches(' ').len();
        self.text.truncate(kept);
        self.text.push('\n');
    }

    /// `#[name(a, b)]`, or when that is too long, one item a line. `trailing`: the items end
    /// with a comma (printed only when broken).
    pub(crate) fn attribute(&mut self, name: &str, items: &[&str], trailing: bool) {
        let width = name.len() + 5 + items.iter().map(|i| i.len() + 2).sum::<usize>();
        if self.indent + width - 2 <= MARGIN || items.is_empty() {
            self.pad();
            self.text.push_str("#[");
            self.text.push_str(name);
            self.text.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.text.push_str(", ");
                }
                self.text.push_str(item);
            }
            self.text.push_str(")]\n");
            return;
        }
        self.open(&["#[", name, "("]);
        for (i, item) in items.iter().enumerate() {
            let comma = if i + 1 < items.len() || trailing {
                ","
            } else {
                ""
            };
            self.line(&[item, comma]);
        }
        self.close(&[")]"]);
    }

    /// `before type after` on one line, or the type's generic arguments broken over lines
    /// when that is too long (`Option<` / `Vec<T>,` / `>`).
    pub(crate) fn typed_line(&mut self, before: &str, ty: &str, after: &str) {
        if self.fits(&[before, ty, after]) {
            self.line(&[before, ty, after]);
            return;
        }
        match split_generic(ty) {
            Some((head, arguments)) => {
                self.open(&[before, head, "<"]);
                for argument in arguments {
                    self.typed_line("", argument, ",");
                }
                self.close(&[">", after]);
            }
            None => self.line(&[before, ty, after]),
        }
    }

    /// `before receiver.method::<generics>(arguments)after`. When too long, the call goes on
    /// a line of its own (`receiver` / `.method..`); when still too long, the turbofish breaks
    /// (one generic argument a line), then the arguments.
    pub(crate) fn method_line(
        &mut self,
        before: &str,
        receiver: &str,
        method: &str,
        generics: &[&str],
        arguments: &[&str],
        after: &str,
    ) {
        let turbofish = if generics.is_empty() {
            String::new()
        } else {
            format!("::<{}>", generics.join(", "))
        };
        let joined = arguments.join(", ");
        let call = [".", method, &turbofish, "(", &joined, ")", after];
        if self.fits(&[&[before, receiver][..], &call[..]].concat()) {
            self.line(&[&[before, receiver][..], &call[..]].concat());
            return;
        }
        self.line(&[before, receiver]);
        self.indent += INDENT;
        if self.fits(&call) {
            self.line(&call);
        } else if generics.is_empty() {
            self.arguments(&[".", method], arguments, after);
        } else {
            self.open(&[".", method, "::<"]);
            for generic in generics {
                self.line(&[generic, ","]);
            }
            self.indent -= INDENT;
            self.arguments(&[">"], arguments, after);
        }
        self.indent -= INDENT;
    }

    /// `callee(arguments)after`, or the arguments one a line when too long.
    pub(crate) fn arguments(&mut self, callee: &[&str], arguments: &[&str], after: &str) {
        let joined = arguments.join(", ");
        let line = [callee, &["(", &joined, ")", after][..]].concat();
        if arguments.is_empty() || self.fits(&line) {
            self.line(&line);
        } else {
            self.open(&[callee, &["("][..]].concat());
            for argument in arguments {
                self.line(&[argument, ","]);
            }
            self.close(&[")", after]);
        }
    }

    /// `before items after` (an array: `before` ends with `[`, `after` starts with `]`), or
    /// one item a line when too long.
    pub(crate) fn list(&mut self, before: &str, items: &[String], after: &str) {
        let joined = items.join(", ");
        if items.is_empty() || self.fits(&[before, &joined, after]) {
            self.line(&[before, &joined, after]);
        } else {
            self.open(&[before]);
            for item in items {
                self.line(&[item, ","]);
            }
            self.close(&[after]);
        }
    }

    /// A match arm: `pattern => body,`, or the body in a block when too long.
    pub(crate) fn arm(&mut self, pattern: &str, body: &str) {
        if self.fits(&[pattern, " => ", body, ","]) {
            self.line(&[pattern, " => ", body, ","]);
        } else {
            self.open(&[pattern, " => {"]);
            self.line(&[body]);
            self.close(&["}"]);
        }
    }

    /// A match arm whose body is a call: `pattern => callee(argument),`, or the call in a
    /// block, itself broken when still too long.
    pub(crate) fn arm_call(&mut self, pattern: &str, callee: &str, argument: &str) {
        if self.fits(&[pattern, " => ", callee, "(", argument, "),"]) {
            self.line(&[pattern, " => ", callee, "(", argument, "),"]);
        } else {
            self.open(&[pattern, " => {"]);
            self.call_line(callee, argument, "");
            self.close(&["}"]);
        }
    }

    /// `before(argument)after`, or the argument on a line of its own when too long.
    pub(crate) fn call_line(&mut self, before: &str, argument: &str, after: &str) {
        self.arguments(&[before], &[argument], after);
    }
}

/// `Head<A, B>` → (`Head`, [`A`, `B`]); `None` for a type without generic arguments.
fn split_generic(ty: &str) -> Option<(&str, Vec<&str>)> {
    let open = ty.find('<')?;
    let inner = ty.strip_suffix('>')?.get(open + 1..)?;
    let mut arguments = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, byte) in inner.bytes().enumerate() {
        match byte {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' | b')' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                arguments.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    arguments.push(inner[start..].trim());
    Some((&ty[..open], arguments))
}

/// A string literal's source text, escaped as proc-macro2 escapes it (`char::escape_debug`,
/// except `'` and `\0`): printable ASCII, newlines and tabs take the fast path.
pub(crate) fn string_literal(text: &str) -> String {
    let mut repr = String::with_capacity(text.len() + text.len() / 16 + 2);
    repr.push('"');
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b' '..=b'~' => continue,
            _ => return escaped_literal(text),
        };
        repr.push_str(&text[plain..i]);
        repr.push_str(escaped);
        plain = i + 1;
    }
    repr.push_str(&text[plain..]);
    repr.push('"');
    repr
}

fn escaped_literal(text: &str) -> String {
    let mut repr = String::with_capacity(text.len() + 8);
    repr.push('"');
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\0' if chars
                .as_str()
                .starts_with(|next: char| next.is_ascii_digit()) =>
            {
                repr.push_str("\\x00");
            }
            '\0' => repr.push_str("\\0"),
            '\'' => repr.push('\''),
            _ => {
                let _ = write!(repr, "{}", ch.escape_debug());
            }
        }
    }
    repr.push('"');
    repr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_trim_trailing_spaces_and_break_at_carriage_returns() {
        let mut code = Code::new();
        code.docs(Some("first  \n\n   \nsecond\rhalf"));
        code.doc("");
        code.doc(" a\nb\r\nc\r");
        assert_eq!(
            code.into_text(),
            "/// first\n///\n///\n/// second\n/// half\n///\n/// a\n/// b\n/// c\n///\n"
        );
    }
}
