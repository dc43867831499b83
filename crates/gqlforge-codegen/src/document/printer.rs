//! Prints documents and values back to GraphQL text, byte for byte as graphql-js 17's
//! `print` does (its `printer.js`, `printString` and `printBlockString`).
//!
//! graphql-js builds the text bottom-up in "print buffers" that know their length and line
//! count, so that a parent can decide whether its children fit on one line (80 columns) before
//! it indents them; [`Buffer`] is that structure. Lengths are counted as graphql-js counts
//! them, in UTF-16 code units.
//!
//! Type-system definitions are kept by the parser only as kind and name, so they are not
//! printed.

use super::ast::*;

/// graphql-js's `MAX_LINE_LENGTH`.
const MAX_LINE_LENGTH: usize = 80;

/// A value as graphql-js prints it (`print(valueNode)`): `{ a: [1, 2] }`, `"text"`, `$var`.
pub fn print_value(value: &Value) -> String {
    value_buffer(value).render()
}

/// A document as graphql-js prints it (`print(documentNode)`): two-space indentation, one
/// selection a line, definitions separated by a blank line.
pub fn print_document(document: &Document) -> String {
    let definitions = document.definitions.iter().map(|d| match d {
        Definition::Operation(op) => operation(op),
        Definition::Fragment(fragment) => fragment_definition(fragment),
        Definition::TypeSystem(_) => Buffer::default(),
    });
    join(definitions, "\n\n").render()
}

/// graphql-js `PrintBuffer`: text pieces, with where indentation starts and ends.
#[derive(Default)]
struct Buffer {
    pieces: Vec<Piece>,
    /// The rendered length as graphql-js counts it: UTF-16 code units, indentation included.
    len: usize,
    newlines: usize,
}

struct Piece {
    text: String,
    /// Levels of indentation that start before this piece.
    indent_before: usize,
    /// Levels of indentation that end after it.
    dedent_after: usize,
}

impl From<&str> for Buffer {
    fn from(text: &str) -> Buffer {
        Buffer::from(text.to_string())
    }
}

impl From<String> for Buffer {
    fn from(text: String) -> Buffer {
        if text.is_empty() {
            return Buffer::default();
        }
        Buffer {
            len: text.encode_utf16().count(),
            newlines: text.matches('\n').count(),
            pieces: vec![Piece {
                text,
                indent_before: 0,
                dedent_after: 0,
            }],
        }
    }
}

impl Buffer {
    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn append(mut self, other: impl Into<Buffer>) -> Buffer {
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
    fn indent(mut self) -> Buffer {
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
        let mut depth = 0;
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
        out
    }
}

/// The non-empty items, separated by `separator` (graphql-js `join`).
fn join(items: impl IntoIterator<Item = Buffer>, separator: &str) -> Buffer {
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
fn wrap(start: &str, buffer: Buffer, end: &str) -> Buffer {
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
fn block(items: Vec<Buffer>) -> Buffer {
    wrap("{\n", join(items, "\n").indent(), "\n}")
}

/// `prefix(args)`, the arguments one a line when they do not fit in 80 columns.
fn wrapped_line_and_args(prefix: Buffer, arguments: &[Argument]) -> Buffer {
    if arguments.is_empty() {
        return prefix;
    }
    let arguments: Vec<Buffer> = arguments.iter().map(argument).collect();
    let arguments = if prefix.len + joined_length(&arguments, ", ") + 2 > MAX_LINE_LENGTH {
        wrap("(\n", join(arguments, "\n").indent(), "\n)")
    } else {
        wrap("(", join(arguments, ", "), ")")
    };
    join([prefix, arguments], "")
}

fn name(name: &Name) -> Buffer {
    Buffer::from(name.value.as_str())
}

fn optional<T>(node: Option<&T>, print: impl Fn(&T) -> Buffer) -> Buffer {
    node.map(print).unwrap_or_default()
}

fn description(description: Option<&StringValue>) -> Buffer {
    let string = |d: &StringValue| string_value(&d.value, d.block);
    wrap("", optional(description, string), "\n")
}

fn directives(directives: &[Directive]) -> Buffer {
    join(directives.iter().map(directive), " ")
}

fn directive(directive: &Directive) -> Buffer {
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

fn argument(argument: &Argument) -> Buffer {
    join(
        [
            name(&argument.name),
            Buffer::from(": "),
            value_buffer(&argument.value),
        ],
        "",
    )
}

fn operation(op: &OperationDefinition) -> Buffer {
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
    // An anonymous query with nothing more to say prints as its selection set alone.
    let prefix = if op.kind == OperationKind::Query && prefix.len == kind.len() {
        Buffer::default()
    } else {
        prefix.append(" ")
    };
    join([prefix, selection_set(&op.selection_set)], "")
}

fn variable(definition: &VariableDefinition) -> Buffer {
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

fn fragment_definition(fragment: &FragmentDefinition) -> Buffer {
    join(
        [
            description(fragment.description.as_ref()),
            Buffer::from("fragment "),
            name(&fragment.name),
            Buffer::from(" on "),
            name(&fragment.type_condition),
            Buffer::from(" "),
            wrap("", directives(&fragment.directives), " "),
            selection_set(&fragment.selection_set),
        ],
        "",
    )
}

fn selection_set(set: &SelectionSet) -> Buffer {
    if set.selections.is_empty() {
        return Buffer::from("{}");
    }
    block(set.selections.iter().map(selection).collect())
}

fn selection(selection: &Selection) -> Buffer {
    match selection {
        Selection::Field(field) => {
            let alias = wrap("", optional(field.alias.as_ref(), name), ": ");
            let prefix = join([alias, name(&field.name)], "");
            join(
                [
                    wrapped_line_and_args(prefix, &field.arguments),
                    wrap(" ", directives(&field.directives), ""),
                    wrap(
                        " ",
                        optional(field.selection_set.as_ref(), selection_set),
                        "",
                    ),
                ],
                "",
            )
        }
        Selection::FragmentSpread(spread) => join(
            [
                Buffer::from("..."),
                name(&spread.name),
                wrap(" ", directives(&spread.directives), ""),
            ],
            "",
        ),
        Selection::InlineFragment(inline) => join(
            [
                Buffer::from("..."),
                wrap("on ", optional(inline.type_condition.as_ref(), name), ""),
                directives(&inline.directives),
                selection_set(&inline.selection_set),
            ],
            " ",
        ),
    }
}

fn value_buffer(value: &Value) -> Buffer {
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

fn string_value(value: &str, block: bool) -> Buffer {
    Buffer::from(if block {
        print_block_string(value)
    } else {
        print_string(value)
    })
}

/// A `"..."` string with graphql-js's escapes (`printString`).
fn print_string(value: &str) -> String {
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
fn print_block_string(value: &str) -> String {
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
