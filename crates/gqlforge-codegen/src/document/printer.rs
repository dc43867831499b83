//! Prints documents and values back to GraphQL text, byte for byte as graphql-js 17's
//! `print` does (its `printer.js`, `printString` and `printBlockString`).
//!
//! graphql-js builds the text bottom-up in "print buffers" that know their length and line
//! count, so that a parent can decide whether its children fit on one line (80 columns) before
//! it indents them; [`Buffer`] is that structure. Lengths are counted as graphql-js counts
//! them, in UTF-16 code units.
//!
//! Type-system definitions are kept by the parser only in part (what validation reads), so
//! they are not printed.

use std::borrow::Cow;

use super::ast::*;

/// graphql-js's `MAX_LINE_LENGTH`.
const MAX_LINE_LENGTH: usize = 80;

/// A value as graphql-js prints it (`print(valueNode)`): `{ a: [1, 2] }`, `"text"`, `$var`.
pub fn print_value(value: &Value) -> String {
    value_buffer(value).render()
}

/// A document as graphql-js prints it (`print(documentNode)`): two-space indentation, one
/// selection a line, definitions separated by a blank line.
///
/// Selection sets, most of a document, are written straight into the text at their depth;
/// the parts whose layout depends on their length (arguments, values, variables) are
/// measured in buffers first, as graphql-js does.
pub fn print_document(document: &Document) -> String {
    let mut writer = Writer {
        out: String::with_capacity(1024),
        depth: 0,
    };
    for definition in &document.definitions {
        if matches!(definition, Definition::TypeSystem(_)) {
            continue;
        }
        if !writer.out.is_empty() {
            writer.out.push_str("\n\n");
        }
        match definition {
            Definition::Operation(op) => writer.operation(op),
            Definition::Fragment(fragment) => writer.fragment_definition(fragment),
            Definition::TypeSystem(_) => {}
        }
    }
    writer.out
}

/// The text of a document being printed, and the depth (in two-space steps) of its line.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    /// A buffer's text at this point of a line: its lines after the first at this depth.
    fn buffer(&mut self, buffer: &Buffer<'_>) {
        buffer.render_into(&mut self.out, self.depth);
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn operation(&mut self, op: &OperationDefinition) {
        let prefix = operation_prefix(op);
        if !prefix.is_empty() {
            self.buffer(&prefix);
            self.out.push(' ');
        }
        self.selection_set(&op.selection_set);
    }

    fn fragment_definition(&mut self, fragment: &FragmentDefinition) {
        self.buffer(&description(fragment.description.as_ref()));
        self.out.push_str("fragment ");
        self.out.push_str(&fragment.name.value);
        self.out.push_str(" on ");
        self.out.push_str(&fragment.type_condition.value);
        self.out.push(' ');
        self.directives(&fragment.directives, "", " ");
        self.selection_set(&fragment.selection_set);
    }

    /// ` @a @b(..)` with `before` and `after` around them, or nothing without directives.
    fn directives(&mut self, list: &[Directive], before: &str, after: &str) {
        let printed = directives(list);
        if !printed.is_empty() {
            self.out.push_str(before);
            self.buffer(&printed);
            self.out.push_str(after);
        }
    }

    /// graphql-js `block`: `{`, the selections one a line one level in, `}`.
    fn selection_set(&mut self, set: &SelectionSet) {
        if set.selections.is_empty() {
            self.out.push_str("{}");
            return;
        }
        self.out.push('{');
        self.depth += 1;
        for selection in &set.selections {
            self.newline();
            self.selection(selection);
        }
        self.depth -= 1;
        self.newline();
        self.out.push('}');
    }

    fn selection(&mut self, selection: &Selection) {
        match selection {
            Selection::Field(field) => {
                let mut prefix_len = 0;
                if let Some(alias) = &field.alias {
                    self.out.push_str(&alias.value);
                    self.out.push_str(": ");
                    prefix_len += utf16_len(&alias.value) + 2;
                }
                self.out.push_str(&field.name.value);
                prefix_len += utf16_len(&field.name.value);
                self.arguments(prefix_len, &field.arguments);
                self.directives(&field.directives, " ", "");
                if let Some(set) = &field.selection_set {
                    self.out.push(' ');
                    self.selection_set(set);
                }
            }
            Selection::FragmentSpread(spread) => {
                self.out.push_str("...");
                self.out.push_str(&spread.name.value);
                self.directives(&spread.directives, " ", "");
            }
            Selection::InlineFragment(inline) => {
                self.out.push_str("...");
                if let Some(condition) = &inline.type_condition {
                    self.out.push_str(" on ");
                    self.out.push_str(&condition.value);
                }
                self.directives(&inline.directives, " ", "");
                self.out.push(' ');
                self.selection_set(&inline.selection_set);
            }
        }
    }

    /// A field's `(args)` after its `prefix_len` units of alias and name, one a line when they
    /// do not fit in 80 columns (graphql-js `wrappedLineAndArgs`).
    fn arguments(&mut self, prefix_len: usize, arguments: &[Argument]) {
        if arguments.is_empty() {
            return;
        }
        let printed: Vec<Buffer> = arguments.iter().map(argument).collect();
        let joined = joined_length(&printed, ", ");
        if joined == 0 {
            return;
        }
        let printed = printed.iter().filter(|a| !a.is_empty());
        self.out.push('(');
        if prefix_len + joined + 2 > MAX_LINE_LENGTH {
            self.depth += 1;
            for argument in printed {
                self.newline();
                self.buffer(argument);
            }
            self.depth -= 1;
            self.newline();
        } else {
            for (i, argument) in printed.enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.buffer(argument);
            }
        }
        self.out.push(')');
    }
}

fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    }
}

/// graphql-js `PrintBuffer`: text pieces, with where indentation starts and ends.
#[derive(Default)]
struct Buffer<'a> {
    pieces: Vec<Piece<'a>>,
    /// The rendered length as graphql-js counts it: UTF-16 code units, indentation included.
    len: usize,
    newlines: usize,
}

struct Piece<'a> {
    /// Borrowed from the document or a constant where it can be (most pieces are names and
    /// punctuation).
    text: Cow<'a, str>,
    /// Levels of indentation that start before this piece.
    indent_before: usize,
    /// Levels of indentation that end after it.
    dedent_after: usize,
}

impl<'a> From<&'a str> for Buffer<'a> {
    fn from(text: &'a str) -> Buffer<'a> {
        Buffer::from(Cow::Borrowed(text))
    }
}

impl From<String> for Buffer<'_> {
    fn from(text: String) -> Self {
        Buffer::from(Cow::Owned(text))
    }
}

impl<'a> From<Cow<'a, str>> for Buffer<'a> {
    fn from(text: Cow<'a, str>) -> Buffer<'a> {
        if text.is_empty() {
            return Buffer::default();
        }
        Buffer {
            len: utf16_len(&text),
            newlines: text.matches('\n').count(),
            pieces: vec![Piece {
                text,
                indent_before: 0,
                dedent_after: 0,
            }],
        }
    }
}

impl<'a> Buffer<'a> {
    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn append(mut self, other: impl Into<Buffer<'a>>) -> Buffer<'a> {
        let other = other.into();
        if other.is_empty() {
            return self;
        }
        self.len += other.len;
        self.newlines += other.newlines;
        self.pieces.extend(other.pieces);
        self
    }

    /// Indents every line of the buffer by two spaces.
    fn indent(mut self) -> Buffer<'a> {
        if self.is_empty() {
            return self;
        }
        if let Some(first) = self.pieces.first_mut() {
            first.indent_before += 1;
        }
        if let Some(last) = self.pieces.last_mut() {
            last.dedent_after += 1;
        }
        self.len += 2 * (self.newlines + 1);
        self
    }

    fn render(&self) -> String {
        let mut out = String::with_capacity(self.len);
        self.render_into(&mut out, 0);
        out
    }

    /// The text appended to `out`, its lines after the first indented `depth` levels more.
    fn render_into(&self, out: &mut String, mut depth: usize) {
        for piece in &self.pieces {
            depth += piece.indent_before;
            out.extend(std::iter::repeat_n("  ", piece.indent_before));
            let mut lines = piece.text.split('\n');
            out.push_str(lines.next().unwrap_or_default());
            for line in lines {
                out.push('\n');
                out.extend(std::iter::repeat_n("  ", depth));
                out.push_str(line);
            }
            depth = depth.saturating_sub(piece.dedent_after);
        }
    }
}

/// The non-empty items, separated by `separator` (graphql-js `join`).
fn join<'a>(items: impl IntoIterator<Item = Buffer<'a>>, separator: &'a str) -> Buffer<'a> {
    let mut result = Buffer::default();
    for item in items {
        if item.is_empty() {
            continue;
        }
        result = if result.is_empty() {
            item
        } else {
            result.append(separator).append(item)
        };
    }
    result
}

/// `start buffer end`, or nothing when the buffer is empty (graphql-js `wrap`).
fn wrap<'a>(start: &'a str, buffer: Buffer<'a>, end: &'a str) -> Buffer<'a> {
    if buffer.is_empty() {
        return buffer;
    }
    Buffer::from(start).append(buffer).append(end)
}

/// The length of the items joined by `separator` (graphql-js `joinedLength`).
fn joined_length(items: &[Buffer], separator: &str) -> usize {
    items
        .iter()
        .filter(|i| !i.is_empty())
        .fold(0, |length, item| {
            length + if length == 0 { 0 } else { separator.len() } + item.len
        })
}

/// `{`, the items one a line and indented, `}`.
fn block(items: Vec<Buffer<'_>>) -> Buffer<'_> {
    wrap("{\n", join(items, "\n").indent(), "\n}")
}

fn name(name: &Name) -> Buffer<'_> {
    Buffer::from(name.value.as_str())
}

fn optional<'a, T>(node: Option<&'a T>, print: impl Fn(&'a T) -> Buffer<'a>) -> Buffer<'a> {
    node.map(print).unwrap_or_default()
}

fn description(description: Option<&StringValue>) -> Buffer<'_> {
    let string = |d: &StringValue| string_value(&d.value, d.block);
    wrap("", optional(description, string), "\n")
}

fn directives(directives: &[Directive]) -> Buffer<'_> {
    join(directives.iter().map(directive), " ")
}

fn directive(directive: &Directive) -> Buffer<'_> {
    let arguments = join(directive.arguments.iter().map(argument), ", ");
    join(
        [
            Buffer::from("@"),
            name(&directive.name),
            wrap("(", arguments, ")"),
        ],
        "",
    )
}

fn argument(argument: &Argument) -> Buffer<'_> {
    join(
        [
            name(&argument.name),
            Buffer::from(": "),
            value_buffer(&argument.value),
        ],
        "",
    )
}

/// What comes before an operation's selection set: description, kind, name, variables,
/// directives; nothing for an anonymous query with nothing more to say (the shorthand).
fn operation_prefix(op: &OperationDefinition) -> Buffer<'_> {
    let variables: Vec<Buffer> = op.variable_definitions.iter().map(variable).collect();
    let variables = if variables.iter().any(|v| v.newlines != 0) {
        wrap("(\n", join(variables, "\n"), "\n)")
    } else {
        wrap("(", join(variables, ", "), ")")
    };
    let kind = op.kind.as_str();
    let prefix = join(
        [
            description(op.description.as_ref()),
            join(
                [
                    Buffer::from(kind),
                    join([optional(op.name.as_ref(), name), variables], ""),
                    directives(&op.directives),
                ],
                " ",
            ),
        ],
        "",
    );
    if op.kind == OperationKind::Query && prefix.len == kind.len() {
        Buffer::default()
    } else {
        prefix
    }
}

fn variable(definition: &VariableDefinition) -> Buffer<'_> {
    let default_value = optional(definition.default_value.as_ref(), value_buffer);
    join(
        [
            description(definition.description.as_ref()),
            Buffer::from("$"),
            name(&definition.variable),
            Buffer::from(": "),
            Buffer::from(definition.ty.to_string()),
            wrap(" = ", default_value, ""),
            wrap(" ", directives(&definition.directives), ""),
        ],
        "",
    )
}

fn value_buffer(value: &Value) -> Buffer<'_> {
    match &value.kind {
        ValueKind::Variable(variable) => Buffer::from(format!("${variable}")),
        ValueKind::Int(text) | ValueKind::Float(text) | ValueKind::Enum(text) => {
            Buffer::from(text.as_str())
        }
        ValueKind::String { value, block } => string_value(value, *block),
        ValueKind::Boolean(true) => Buffer::from("true"),
        ValueKind::Boolean(false) => Buffer::from("false"),
        ValueKind::Null => Buffer::from("null"),
        ValueKind::List(values) => {
            let values: Vec<Buffer> = values.iter().map(value_buffer).collect();
            if 2 + joined_length(&values, ", ") > MAX_LINE_LENGTH {
                wrap("[\n", join(values, "\n").indent(), "\n]")
            } else {
                join(
                    [Buffer::from("["), join(values, ", "), Buffer::from("]")],
                    "",
                )
            }
        }
        ValueKind::Object(fields) => {
            let fields: Vec<Buffer> = fields
                .iter()
                .map(|field| {
                    join(
                        [
                            name(&field.name),
                            Buffer::from(": "),
                            value_buffer(&field.value),
                        ],
                        "",
                    )
                })
                .collect();
            if 4 + joined_length(&fields, ", ") > MAX_LINE_LENGTH {
                block(fields)
            } else {
                join(
                    [Buffer::from("{ "), join(fields, ", "), Buffer::from(" }")],
                    "",
                )
            }
        }
    }
}

fn string_value(value: &str, block: bool) -> Buffer<'static> {
    Buffer::from(if block {
        print_block_string(value)
    } else {
        print_string(value)
    })
}

/// A `"..."` string with graphql-js's escapes (`printString`).
pub(crate) fn print_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `"""..."""` block string laid out as graphql-js lays it out (`printBlockString`).
pub(crate) fn print_block_string(value: &str) -> String {
    let is_white_space = |c: Option<char>| matches!(c, Some(' ' | '\t'));
    let escaped = value.replace("\"\"\"", "\\\"\"\"");
    let lines: Vec<&str> = escaped
        .split("\r\n")
        .flat_map(|l| l.split(['\n', '\r']))
        .collect();
    let is_single_line = lines.len() == 1;
    let force_leading_new_line = lines.len() > 1
        && lines[1..]
            .iter()
            .all(|line| line.is_empty() || is_white_space(line.chars().next()));
    let has_trailing_triple_quotes = escaped.ends_with("\\\"\"\"");
    let has_trailing_quote = value.ends_with('"') && !has_trailing_triple_quotes;
    let has_trailing_slash = value.ends_with('\\');
    let force_trailing_new_line = has_trailing_quote || has_trailing_slash;
    let print_as_multiple_lines = !is_single_line
        || value.encode_utf16().count() > 70
        || force_trailing_new_line
        || force_leading_new_line
        || has_trailing_triple_quotes;
    let skip_leading_new_line = is_single_line && is_white_space(value.chars().next());

    let mut out = String::from("\"\"\"");
    if (print_as_multiple_lines && !skip_leading_new_line) || force_leading_new_line {
        out.push('\n');
    }
    out.push_str(&escaped);
    if print_as_multiple_lines || force_trailing_new_line {
        out.push('\n');
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_document;

    fn print(text: &str) -> String {
        print_document(&parse_document(text).unwrap_or_else(|e| panic!("{text:?}: {}", e.message)))
    }

    /// The value of the first argument of `{ f(x: VALUE) }`.
    fn value(text: &str) -> Value {
        let document = parse_document(&format!("{{ f(x: {text}) }}")).expect("parses");
        let op = document.operations().next().expect("an operation");
        match &op.selection_set.selections[0] {
            Selection::Field(field) => field.arguments[0].value.clone(),
            _ => panic!("a field"),
        }
    }

    /// The document's `Debug` text without its spans and shorthand flags: the tree modulo
    /// locations (an anonymous `query { .. }` prints as a shorthand `{ .. }`, as in graphql-js).
    fn without_spans(document: &Document) -> String {
        let debug = format!("{document:?}").replace("shorthand: true", "shorthand: false");
        let mut out = String::with_capacity(debug.len());
        let mut rest = debug.as_str();
        while let Some(at) = rest.find("Span { start: ") {
            out.push_str(&rest[..at]);
            let end = rest[at..].find('}').expect("a span ends");
            rest = &rest[at + end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Expected outputs from graphql-js 17.1 `print(parse(text))`.
    #[test]
    fn prints_documents_as_graphql_js() {
        let cases = [
            (
                "query Q(\"var\" $a: Int = 1 @d, $b: [In!]!) @op { alias: f(x: $a, y: {k: [1, 2.5, \"s\", ENUM, null, true]}) @skip(if: false) { ...F ... on T { id } ... @include(if: true) { id } } }\n\"\"\"desc\"\"\" fragment F on T @f { id }",
                "query Q(\n\"var\"\n$a: Int = 1 @d\n$b: [In!]!\n) @op {\n  alias: f(x: $a, y: { k: [1, 2.5, \"s\", ENUM, null, true] }) @skip(if: false) {\n    ...F\n    ... on T {\n      id\n    }\n    ... @include(if: true) {\n      id\n    }\n  }\n}\n\n\"\"\"desc\"\"\"\nfragment F on T @f {\n  id\n}",
            ),
            (
                "{ someVeryLongFieldNameThatGoesOnAndOn(argumentNumberOne: \"value one\", argumentNumberTwo: \"value two\") { id } }",
                "{\n  someVeryLongFieldNameThatGoesOnAndOn(\n    argumentNumberOne: \"value one\"\n    argumentNumberTwo: \"value two\"\n  ) {\n    id\n  }\n}",
            ),
            (
                "{ a(list: [\"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\", \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\", {s: [\"tttttttttttttttttttttttttttttttttttttttt\"]}]) { b(y: {u: [\"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\", \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwww\"]}) } }",
                "{\n  a(\n    list: [\n      \"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\"\n      \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\"\n      { s: [\"tttttttttttttttttttttttttttttttttttttttt\"] }\n    ]\n  ) {\n    b(\n      y: { u: [\"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\", \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwww\"] }\n    )\n  }\n}",
            ),
            (
                "{ a(x: \"\"\"block\"\"\", y: \"\"\"two\n  lines\"\"\", z: \"\"\"ends with quote\" \"\"\", q: \"\"\"has \\\"\"\" inside\"\"\", w: \"esc \\\" \\\\ \\n \\u0001 \\u007F é\") }\n",
                "{\n  a(\n    x: \"\"\"block\"\"\"\n    y: \"\"\"\n    two\n    lines\n    \"\"\"\n    z: \"\"\"ends with quote\" \"\"\"\n    q: \"\"\"has \\\"\"\" inside\"\"\"\n    w: \"esc \\\" \\\\ \\n \\u0001 \\u007F é\"\n  )\n}",
            ),
            ("query { a }", "{\n  a\n}"),
            ("query Q { a } mutation { b }", "query Q {\n  a\n}\n\nmutation {\n  b\n}"),
            ("\"d\" query { a }", "\"d\"\nquery {\n  a\n}"),
            ("query ($a: Int) @d { a }", "query ($a: Int) @d {\n  a\n}"),
        ];
        for (text, expected) in cases {
            assert_eq!(print(text), expected, "{text:?}");
        }
    }

    /// Expected outputs from graphql-js 17.1 `print(parseValue(text))`.
    #[test]
    fn prints_values_as_graphql_js() {
        let cases = [
            ("{a: 1}", "{ a: 1 }"),
            ("[]", "[]"),
            ("{}", "{  }"),
            ("\"s\"", "\"s\""),
            ("$v", "$v"),
            ("[1, {b: [ENUM, null]}]", "[1, { b: [ENUM, null] }]"),
            ("\"\"\"x\"\"\"", "\"\"\"x\"\"\""),
            ("-1.5e3", "-1.5e3"),
            ("true", "true"),
        ];
        for (text, expected) in cases {
            assert_eq!(print_value(&value(text)), expected, "{text:?}");
        }
    }

    #[test]
    fn escapes_strings_as_graphql_js() {
        assert_eq!(
            print_string("q\" b\\ s/ \u{8}\u{c}\n\r\t \u{0}\u{b}\u{1f}\u{7f}\u{9f}\u{a0}é😀"),
            "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u000B\\u001F\\u007F\\u009F\u{a0}é😀\""
        );
    }

    /// Expected outputs from graphql-js 17.1 `printBlockString`.
    #[test]
    fn lays_out_block_strings_as_graphql_js() {
        let cases = [
            ("", "\"\"\"\"\"\""),
            ("\n", "\"\"\"\n\n\n\"\"\""),
            ("\n\n", "\"\"\"\n\n\n\n\"\"\""),
            ("one line", "\"\"\"one line\"\"\""),
            ("with \"\"\" triple", "\"\"\"with \\\"\"\" triple\"\"\""),
            ("ends with \"\"\"", "\"\"\"\nends with \\\"\"\"\n\"\"\""),
            ("ends with quote\"", "\"\"\"\nends with quote\"\n\"\"\""),
            ("ends with slash\\", "\"\"\"\nends with slash\\\n\"\"\""),
            ("    space-led", "\"\"\"    space-led\"\"\""),
            ("\tspace-led\n", "\"\"\"\n\tspace-led\n\n\"\"\""),
            ("first\n  second", "\"\"\"\nfirst\n  second\n\"\"\""),
            ("first\nsecond", "\"\"\"\nfirst\nsecond\n\"\"\""),
            ("first\r\nsecond", "\"\"\"\nfirst\r\nsecond\n\"\"\""),
        ];
        for (value, expected) in cases {
            assert_eq!(print_block_string(value), expected, "{value:?}");
        }
        let long = "x".repeat(71);
        assert_eq!(print_block_string(&long), format!("\"\"\"\n{long}\n\"\"\""));
        let short = "é".repeat(70);
        assert_eq!(print_block_string(&short), format!("\"\"\"{short}\"\"\""));
    }

    /// Lengths are UTF-16 code units, as in JavaScript: 😀 counts two (not one, not four).
    #[test]
    fn measures_lines_in_utf16_code_units() {
        let list = |a: usize, b: usize| format!("[\"{}\", \"{}\"]", "😀".repeat(a), "😀".repeat(b));
        assert_eq!(print_value(&value(&list(18, 18))), list(18, 18));
        assert_eq!(
            print_value(&value(&list(19, 18))),
            format!("[\n  \"{}\"\n  \"{}\"\n]", "😀".repeat(19), "😀".repeat(18))
        );
    }

    #[test]
    fn deeply_nested_documents_round_trip() {
        let depth = crate::document::MAX_DEPTH - 1;
        let lists = format!("{{ a(x: {}1{}) }}", "[".repeat(depth), "]".repeat(depth));
        let selections = format!("{}{}", "{ a ".repeat(depth + 1), "}".repeat(depth + 1));
        for text in [lists, selections] {
            let document = parse_document(&text).expect("parses");
            let reparsed = parse_document(&print_document(&document)).expect("printed text parses");
            assert_eq!(without_spans(&reparsed), without_spans(&document));
        }
    }

    /// The operations of the shared corpus (`dir`, from [`gqlforge_corpus::require`]).
    fn corpus_operations(dir: &std::path::Path) -> Vec<(String, String)> {
        let mut files = Vec::new();
        for schema in std::fs::read_dir(dir).expect("corpus readable") {
            let operations = schema.expect("directory entry").path().join("operations");
            let Ok(entries) = std::fs::read_dir(&operations) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("directory entry").path();
                let text = std::fs::read_to_string(&path).expect("readable");
                files.push((path.display().to_string(), text));
            }
        }
        files.sort();
        assert!(!files.is_empty(), "no operations in {}", dir.display());
        files
    }

    /// parse → print → parse gives the same tree (modulo spans), and printing is idempotent.
    #[test]
    fn corpus_operations_round_trip() {
        let Some(corpus) = gqlforge_corpus::require("corpus_operations_round_trip") else {
            return;
        };
        for (path, text) in corpus_operations(&corpus) {
            let document =
                parse_document(&text).unwrap_or_else(|e| panic!("{path}: {}", e.message));
            let printed = print_document(&document);
            let reparsed = parse_document(&printed)
                .unwrap_or_else(|e| panic!("{path}: printed text does not parse: {}", e.message));
            assert_eq!(without_spans(&reparsed), without_spans(&document), "{path}");
            assert_eq!(print_document(&reparsed), printed, "{path}");
        }
    }
}
