//! Constant values in SDL (default values, directive arguments; spec section 2.9, "Input
//! Values"), read from the tokens and printed back as graphql-js 17's `print` does, which is
//! what its introspection reports as `defaultValue`.

use super::lexer::{Kind, Token};
use crate::source::LineColumn;

/// graphql-js's printer wraps lists and objects longer than this over several lines.
const MAX_LINE_LENGTH: usize = 80;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum ConstValue {
    /// Numbers as written: GraphQL does not bound them, and graphql-js prints them as is.
    Int(String),
    Float(String),
    String {
        value: String,
        block: bool,
    },
    Boolean(bool),
    Null,
    Enum(String),
    List(Vec<ConstValue>),
    /// Fields in source order.
    Object(Vec<(String, ConstValue)>),
}

/// Tokens that are not a value.
#[derive(Debug)]
pub(super) struct ValueError {
    pub message: String,
    pub location: LineColumn,
}

/// Reads the value starting at token `i`; returns it and the index after it.
/// Nesting is bounded by the pre-scan, so the recursion is too.
pub(super) fn parse_const_value(
    source: &str,
    tokens: &[Token],
    i: usize,
) -> Result<(ConstValue, usize), ValueError> {
    let unexpected = |i: usize| match tokens.get(i) {
        Some(t) => ValueError {
            message: format!("Syntax Error: Unexpected {}.", t.describe(source)),
            location: t.location,
        },
        None => ValueError {
            message: "Syntax Error: Unexpected <EOF>.".to_string(),
            location: tokens
                .last()
                .map_or(LineColumn { line: 1, column: 1 }, |t| t.location),
        },
    };
    let Some(t) = tokens.get(i) else {
        return Err(unexpected(i));
    };
    let text = t.text(source);
    let value = match t.kind {
        Kind::Int => ConstValue::Int(text.to_string()),
        Kind::Float => ConstValue::Float(text.to_string()),
        Kind::String | Kind::BlockString => ConstValue::String {
            value: t.value.clone().unwrap_or_default(),
            block: t.kind == Kind::BlockString,
        },
        Kind::Name => match text {
            "true" => ConstValue::Boolean(true),
            "false" => ConstValue::Boolean(false),
            "null" => ConstValue::Null,
            _ => ConstValue::Enum(text.to_string()),
        },
        Kind::Punctuator(b'[') => {
            let mut items = Vec::new();
            let mut j = i + 1;
            while !tokens.get(j).is_some_and(|t| t.is_punctuator(b']')) {
                let (item, next) = parse_const_value(source, tokens, j)?;
                items.push(item);
                j = next;
            }
            return Ok((ConstValue::List(items), j + 1));
        }
        Kind::Punctuator(b'{') => {
            let mut fields = Vec::new();
            let mut j = i + 1;
            while !tokens.get(j).is_some_and(|t| t.is_punctuator(b'}')) {
                let name = tokens.get(j).filter(|t| t.kind == Kind::Name);
                let colon = tokens.get(j + 1).is_some_and(|t| t.is_punctuator(b':'));
                let (Some(name), true) = (name, colon) else {
                    return Err(unexpected(if name.is_some() { j + 1 } else { j }));
                };
                let (value, next) = parse_const_value(source, tokens, j + 2)?;
                let name_text = name.text(source);
                // graphql-js's UniqueInputFieldNames, which its SDL validation runs too.
                if fields.iter().any(|(other, _)| other == name_text) {
                    return Err(ValueError {
                        message: format!(
                            "There can be only one input field named \"{name_text}\"."
                        ),
                        location: name.location,
                    });
                }
                fields.push((name_text.to_string(), value));
                j = next;
            }
            return Ok((ConstValue::Object(fields), j + 1));
        }
        Kind::Punctuator(_) | Kind::Spread => return Err(unexpected(i)),
    };
    Ok((value, i + 1))
}

impl ConstValue {
    /// The value as graphql-js `print` writes it: `{ a: 1, b: [2] }`, `"x\n"`.
    pub fn print(&self) -> String {
        match self {
            ConstValue::Int(s) | ConstValue::Float(s) | ConstValue::Enum(s) => s.clone(),
            ConstValue::String { value, block: true } => print_block_string(value),
            ConstValue::String {
                value,
                block: false,
            } => print_string(value),
            ConstValue::Boolean(b) => b.to_string(),
            ConstValue::Null => "null".to_string(),
            ConstValue::List(items) => {
                let items: Vec<String> = items.iter().map(ConstValue::print).collect();
                if 2 + joined_length(&items) > MAX_LINE_LENGTH {
                    format!("[\n{}\n]", indent(&items.join("\n")))
                } else {
                    format!("[{}]", items.join(", "))
                }
            }
            ConstValue::Object(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", value.print()))
                    .collect();
                if 4 + joined_length(&fields) > MAX_LINE_LENGTH {
                    format!("{{\n{}\n}}", indent(&fields.join("\n")))
                } else {
                    format!("{{ {} }}", fields.join(", "))
                }
            }
        }
    }
}

/// JavaScript string length (UTF-16 code units), as graphql-js measures lines.
fn js_length(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The length of `items` joined with `", "`.
fn joined_length(items: &[String]) -> usize {
    items.iter().map(|s| js_length(s)).sum::<usize>() + 2 * items.len().saturating_sub(1)
}

/// Two spaces before every line.
fn indent(s: &str) -> String {
    format!("  {}", s.replace('\n', "\n  "))
}

/// A string literal as graphql-js `printString` writes it.
pub(super) fn print_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A block string as graphql-js `printBlockString` writes it.
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
            .all(|l| l.is_empty() || is_white_space(l.chars().next()));
    let has_trailing_triple_quotes = escaped.ends_with("\\\"\"\"");
    let has_trailing_quote = value.ends_with('"') && !has_trailing_triple_quotes;
    let has_trailing_slash = value.ends_with('\\');
    let force_trailing_new_line = has_trailing_quote || has_trailing_slash;
    let print_as_multiple_lines = !is_single_line
        || js_length(value) > 70
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
    use super::super::lexer::tokenize;
    use super::*;

    fn reprint(source: &str) -> String {
        let tokens = tokenize(source).expect("tokenizes");
        let (value, end) = parse_const_value(source, &tokens, 0).expect("parses");
        assert_eq!(end, tokens.len());
        value.print()
    }

    // Expected outputs are graphql-js 17's (introspection `defaultValue`, `printBlockString`) `defaultValue`s for these literals.
    #[test]
    fn prints_like_graphql_js() {
        assert_eq!(reprint("{}"), "{  }");
        assert_eq!(reprint("[]"), "[]");
        assert_eq!(
            reprint(r#"{x: 1, y: [1,2], z: "a\u00e9\"\n\u{1F600}\uD83D\uDE00"}"#),
            r#"{ x: 1, y: [1, 2], z: "aé\"\n😀😀" }"#
        );
        assert_eq!(
            reprint("{field: LOGIN, direction: ASC}"),
            "{ field: LOGIN, direction: ASC }"
        );
        assert_eq!(reprint("1.50e3"), "1.50e3");
        assert_eq!(
            reprint("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
        assert_eq!(
            reprint("\"\"\"  hi\n   there\"\"\""),
            "\"\"\"\n  hi\nthere\n\"\"\""
        );
        assert_eq!(reprint("[true, false, null]"), "[true, false, null]");
        assert_eq!(reprint(r#""\u0001\u007f\b""#), r#""\u0001\u007F\b""#);
        assert_eq!(
            reprint(
                r#"{x: 123456789012345678901234567890, y: [1111111111, 2222222222, 3333333333,4444444444,5555555555,6666666666,7777777777], z: "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}"#
            ),
            "{\n  x: 123456789012345678901234567890\n  y: [\n    1111111111\n    2222222222\n    3333333333\n    4444444444\n    5555555555\n    6666666666\n    7777777777\n  ]\n  z: \"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"\n}"
        );
    }

    #[test]
    fn prints_block_strings_like_graphql_js() {
        assert_eq!(print_block_string("short"), "\"\"\"short\"\"\"");
        assert_eq!(print_block_string(" lead"), "\"\"\" lead\"\"\"");
        assert_eq!(
            print_block_string("ends with \""),
            "\"\"\"\nends with \"\n\"\"\""
        );
        assert_eq!(print_block_string("ends\\"), "\"\"\"\nends\\\n\"\"\"");
        assert_eq!(print_block_string(""), "\"\"\"\"\"\"");
        let long = "x".repeat(71);
        assert_eq!(print_block_string(&long), format!("\"\"\"\n{long}\n\"\"\""));
        assert_eq!(print_block_string("a\"\"\"b"), "\"\"\"a\\\"\"\"b\"\"\"");
        assert_eq!(print_block_string("a\n b"), "\"\"\"\na\n b\n\"\"\"");
    }

    #[test]
    fn tokens_that_are_not_a_value_are_an_error() {
        let source = "[1, $v]";
        let tokens = tokenize(source).unwrap();
        let e = parse_const_value(source, &tokens, 0).unwrap_err();
        assert_eq!(e.message, "Syntax Error: Unexpected \"$\".");
        assert_eq!((e.location.line, e.location.column), (1, 5));
        let e = parse_const_value(source, &tokens[..2], 0).unwrap_err();
        assert_eq!(e.message, "Syntax Error: Unexpected <EOF>.");
    }
}
