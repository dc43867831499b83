//! Tokens of GraphQL source text (spec section 2.1, "Source Text"), read one at a time.
//!
//! A port of graphql-js 17's lexer: the same tokens, the same block-string dedent
//! (`dedentBlockStringLines`), and syntax errors worded and placed as graphql-js words and
//! places them. Ignored tokens (white space, line terminators, commas, the byte order mark
//! and comments) are skipped. Offsets are byte offsets into the text.

use crate::diagnostics::Diagnostic;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
    Eof,
    Bang,
    Dollar,
    Amp,
    ParenL,
    ParenR,
    Spread,
    Colon,
    Equals,
    At,
    BracketL,
    BracketR,
    BraceL,
    Pipe,
    BraceR,
    Name,
    Int,
    Float,
    String,
    BlockString,
}

impl TokenKind {
    /// How graphql-js names the kind in messages: punctuators quoted (`"{"`).
    pub(super) fn describe(self) -> &'static str {
        match self {
            TokenKind::Eof => "<EOF>",
            TokenKind::Bang => "\"!\"",
            TokenKind::Dollar => "\"$\"",
            TokenKind::Amp => "\"&\"",
            TokenKind::ParenL => "\"(\"",
            TokenKind::ParenR => "\")\"",
            TokenKind::Spread => "\"...\"",
            TokenKind::Colon => "\":\"",
            TokenKind::Equals => "\"=\"",
            TokenKind::At => "\"@\"",
            TokenKind::BracketL => "\"[\"",
            TokenKind::BracketR => "\"]\"",
            TokenKind::BraceL => "\"{\"",
            TokenKind::Pipe => "\"|\"",
            TokenKind::BraceR => "\"}\"",
            TokenKind::Name => "Name",
            TokenKind::Int => "Int",
            TokenKind::Float => "Float",
            TokenKind::String => "String",
            TokenKind::BlockString => "BlockString",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// A string's value, escapes resolved and block strings dedented; `None` for other kinds.
    pub string: Option<String>,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The token's value as graphql-js has it: the text of a name or number, the value of a
    /// string; `None` for punctuators and the end of input.
    pub fn value<'t>(&'t self, text: &'t str) -> Option<&'t str> {
        match self.kind {
            TokenKind::Name | TokenKind::Int | TokenKind::Float => text.get(self.start..self.end),
            TokenKind::String | TokenKind::BlockString => self.string.as_deref(),
            _ => None,
        }
    }

    /// graphql-js `getTokenDesc`: `Name "foo"`, `"{"`, `<EOF>`.
    pub fn describe(&self, text: &str) -> String {
        match self.value(text) {
            Some(value) => format!("{} \"{value}\"", self.kind.describe()),
            None => self.kind.describe().to_string(),
        }
    }
}

/// A syntax error at byte offset `at`, as graphql-js words it (`Syntax Error: ...`).
pub(super) fn syntax_error(at: Span, message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new("SyntaxError", format!("Syntax Error: {message}"), vec![at])
}

pub(super) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

type LexResult<T> = Result<T, Diagnostic>;

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            bytes: text.as_bytes(),
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn error(&self, at: usize, message: impl std::fmt::Display) -> Diagnostic {
        let next = self.text.get(at..).and_then(|s| s.chars().next());
        let end = next.map_or(at, |c| at + c.len_utf8());
        syntax_error(Span::new(at, end), message)
    }

    /// graphql-js `printCodePointAt`: `"a"`, `'"'`, `U+00E9`, or `<EOF>`.
    fn describe_char_at(&self, at: usize) -> String {
        match self.text.get(at..).and_then(|s| s.chars().next()) {
            None => "<EOF>".to_string(),
            Some('"') => "'\"'".to_string(),
            Some(c @ ' '..='~') => format!("\"{c}\""),
            Some(c) => format!("U+{:04X}", c as u32),
        }
    }

    /// The text from `start` spanning `units` UTF-16 code units (what JavaScript's
    /// `slice` would take), clamped to the end of the text.
    fn slice_units(&self, start: usize, units: usize) -> &'a str {
        let mut taken = 0;
        let mut end = start;
        for c in self.text.get(start..).unwrap_or_default().chars() {
            if taken >= units {
                break;
            }
            taken += c.len_utf16();
            end += c.len_utf8();
        }
        &self.text[start..end]
    }

    /// Reads the token that starts at or after `position`, skipping ignored tokens.
    pub fn read_token(&self, position: usize) -> LexResult<Token> {
        let mut pos = position;
        while let Some(b) = self.byte(pos) {
            let token = move |kind, len| {
                Ok(Token {
                    kind,
                    start: pos,
                    end: pos + len,
                    string: None,
                })
            };
            match b {
                b'\t' | b' ' | b',' | b'\n' | b'\r' => pos += 1,
                0xEF if self.bytes[pos..].starts_with("\u{FEFF}".as_bytes()) => pos += 3,
                b'#' => {
                    while !matches!(self.byte(pos), None | Some(b'\n' | b'\r')) {
                        pos += 1;
                    }
                }
                b'!' => return token(TokenKind::Bang, 1),
                b'$' => return token(TokenKind::Dollar, 1),
                b'&' => return token(TokenKind::Amp, 1),
                b'(' => return token(TokenKind::ParenL, 1),
                b')' => return token(TokenKind::ParenR, 1),
                b':' => return token(TokenKind::Colon, 1),
                b'=' => return token(TokenKind::Equals, 1),
                b'@' => return token(TokenKind::At, 1),
                b'[' => return token(TokenKind::BracketL, 1),
                b']' => return token(TokenKind::BracketR, 1),
                b'{' => return token(TokenKind::BraceL, 1),
                b'|' => return token(TokenKind::Pipe, 1),
                b'}' => return token(TokenKind::BraceR, 1),
                b'.' => match self.byte(pos + 1) {
                    Some(b'.') if self.byte(pos + 2) == Some(b'.') => {
                        return token(TokenKind::Spread, 3)
                    }
                    Some(b'.') => {
                        return Err(self.error(pos, "Unexpected \"..\", did you mean \"...\"?"))
                    }
                    Some(b'0'..=b'9') => {
                        let end = self.read_digits(pos + 1)?;
                        return Err(self.error(
                            pos,
                            format_args!(
                                "Invalid number, expected digit before \".\", did you mean \"0.{}\"?",
                                &self.text[pos + 1..end]
                            ),
                        ));
                    }
                    _ => return Err(self.error(pos, "Unexpected character: \".\".")),
                },
                b'"' if self.bytes[pos..].starts_with(b"\"\"\"") => {
                    return self.read_block_string(pos)
                }
                b'"' => return self.read_string(pos),
                b'-' | b'0'..=b'9' => return self.read_number(pos),
                b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                    let mut end = pos + 1;
                    while matches!(
                        self.byte(end),
                        Some(b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9')
                    ) {
                        end += 1;
                    }
                    return token(TokenKind::Name, end - pos);
                }
                b'\'' => {
                    return Err(self.error(
                        pos,
                        "Unexpected single quote character ('), did you mean to use a double quote (\")?",
                    ))
                }
                _ => {
                    let c = self.describe_char_at(pos);
                    return Err(self.error(pos, format_args!("Unexpected character: {c}.")));
                }
            }
        }
        Ok(Token {
            kind: TokenKind::Eof,
            start: self.text.len(),
            end: self.text.len(),
            string: None,
        })
    }

    /// IntValue or FloatValue (spec 2.9.1, 2.9.2), with graphql-js's errors for malformed ones.
    fn read_number(&self, start: usize) -> LexResult<Token> {
        let mut pos = start;
        let mut is_float = false;
        if self.byte(pos) == Some(b'-') {
            pos += 1;
        }
        if self.byte(pos) == Some(b'0') {
            pos += 1;
            if self.byte(pos).is_some_and(|b| b.is_ascii_digit()) {
                let c = self.describe_char_at(pos);
                return Err(self.error(
                    pos,
                    format_args!("Invalid number, unexpected digit after 0: {c}."),
                ));
            }
        } else {
            pos = self.read_digits(pos)?;
        }
        if self.byte(pos) == Some(b'.') {
            is_float = true;
            pos = self.read_digits(pos + 1)?;
        }
        if matches!(self.byte(pos), Some(b'e' | b'E')) {
            is_float = true;
            pos += 1;
            if matches!(self.byte(pos), Some(b'+' | b'-')) {
                pos += 1;
            }
            pos = self.read_digits(pos)?;
        }
        if matches!(
            self.byte(pos),
            Some(b'.' | b'_' | b'a'..=b'z' | b'A'..=b'Z')
        ) {
            let c = self.describe_char_at(pos);
            return Err(self.error(
                pos,
                format_args!("Invalid number, expected digit but got: {c}."),
            ));
        }
        Ok(Token {
            kind: if is_float {
                TokenKind::Float
            } else {
                TokenKind::Int
            },
            start,
            end: pos,
            string: None,
        })
    }

    /// One or more digits from `start`; returns where they end.
    fn read_digits(&self, start: usize) -> LexResult<usize> {
        if !self.byte(start).is_some_and(|b| b.is_ascii_digit()) {
            let c = self.describe_char_at(start);
            return Err(self.error(
                start,
                format_args!("Invalid number, expected digit but got: {c}."),
            ));
        }
        let mut pos = start + 1;
        while self.byte(pos).is_some_and(|b| b.is_ascii_digit()) {
            pos += 1;
        }
        Ok(pos)
    }

    /// A `"..."` string (spec 2.9.4) with its escape sequences resolved.
    fn read_string(&self, start: usize) -> LexResult<Token> {
        let mut pos = start + 1;
        let mut chunk_start = pos;
        let mut value = String::new();
        while let Some(b) = self.byte(pos) {
            match b {
                b'"' => {
                    value.push_str(&self.text[chunk_start..pos]);
                    return Ok(Token {
                        kind: TokenKind::String,
                        start,
                        end: pos + 1,
                        string: Some(value),
                    });
                }
                b'\\' => {
                    value.push_str(&self.text[chunk_start..pos]);
                    let (c, size) = match (self.byte(pos + 1), self.byte(pos + 2)) {
                        (Some(b'u'), Some(b'{')) => self.read_unicode_variable_width(pos)?,
                        (Some(b'u'), _) => self.read_unicode_fixed_width(pos)?,
                        _ => self.read_escaped_character(pos)?,
                    };
                    value.push(c);
                    pos += size;
                    chunk_start = pos;
                }
                b'\n' | b'\r' => break,
                _ => pos += 1,
            }
        }
        Err(self.error(pos, "Unterminated string."))
    }

    /// `\u{1F600}`: one to eight hex digits naming a Unicode scalar value.
    fn read_unicode_variable_width(&self, at: usize) -> LexResult<(char, usize)> {
        let mut point: i32 = 0;
        let mut size = 3;
        while size < 12 {
            let b = self.byte(at + size);
            size += 1;
            if b == Some(b'}') {
                match char::from_u32(point as u32) {
                    Some(c) if size >= 5 => return Ok((c, size)),
                    _ => break,
                }
            }
            // As graphql-js: 32-bit arithmetic, and a non-hex digit makes the point negative.
            point = point.wrapping_shl(4) | hex_digit(b);
            if point < 0 {
                break;
            }
        }
        let sequence = self.slice_units(at, size);
        Err(self.error(
            at,
            format_args!("Invalid Unicode escape sequence: \"{sequence}\"."),
        ))
    }

    /// `\u00E9`, or a surrogate pair `\uD83D\uDE00`.
    fn read_unicode_fixed_width(&self, at: usize) -> LexResult<(char, usize)> {
        let code = self.read_16_bit_hex(at + 2);
        if let Some(c) = u32::try_from(code).ok().and_then(char::from_u32) {
            return Ok((c, 6));
        }
        if (0xD800..=0xDBFF).contains(&code)
            && self.byte(at + 6) == Some(b'\\')
            && self.byte(at + 7) == Some(b'u')
        {
            let trailing = self.read_16_bit_hex(at + 8);
            if (0xDC00..=0xDFFF).contains(&trailing) {
                let point = 0x10000 + ((code - 0xD800) << 10) + (trailing - 0xDC00);
                if let Some(c) = char::from_u32(point as u32) {
                    return Ok((c, 12));
                }
            }
        }
        let sequence = self.slice_units(at, 6);
        Err(self.error(
            at,
            format_args!("Invalid Unicode escape sequence: \"{sequence}\"."),
        ))
    }

    /// Four hex digits at `at`; negative when one is not a hex digit.
    fn read_16_bit_hex(&self, at: usize) -> i32 {
        (0..4).fold(0, |acc, i| (acc << 4) | hex_digit(self.byte(at + i)))
    }

    fn read_escaped_character(&self, at: usize) -> LexResult<(char, usize)> {
        let c = match self.byte(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            _ => {
                let sequence = self.slice_units(at, 2);
                return Err(self.error(
                    at,
                    format_args!("Invalid character escape sequence: \"{sequence}\"."),
                ));
            }
        };
        Ok((c, 2))
    }

    /// A `"""..."""` block string (spec 2.9.4): raw lines, `\"""` unescaped, then dedented.
    fn read_block_string(&self, start: usize) -> LexResult<Token> {
        let mut pos = start + 3;
        let mut chunk_start = pos;
        let mut current = String::new();
        let mut lines = Vec::new();
        while let Some(b) = self.byte(pos) {
            if self.bytes[pos..].starts_with(b"\"\"\"") {
                current.push_str(&self.text[chunk_start..pos]);
                lines.push(current);
                return Ok(Token {
                    kind: TokenKind::BlockString,
                    start,
                    end: pos + 3,
                    string: Some(dedent_block_string_lines(&lines).join("\n")),
                });
            }
            if self.bytes[pos..].starts_with(b"\\\"\"\"") {
                current.push_str(&self.text[chunk_start..pos]);
                chunk_start = pos + 1;
                pos += 4;
                continue;
            }
            if b == b'\n' || b == b'\r' {
                current.push_str(&self.text[chunk_start..pos]);
                lines.push(std::mem::take(&mut current));
                pos += if self.bytes[pos..].starts_with(b"\r\n") {
                    2
                } else {
                    1
                };
                chunk_start = pos;
                continue;
            }
            pos += 1;
        }
        Err(self.error(pos, "Unterminated string."))
    }
}

fn hex_digit(b: Option<u8>) -> i32 {
    match b {
        Some(b @ b'0'..=b'9') => i32::from(b - b'0'),
        Some(b @ b'A'..=b'F') => i32::from(b - b'A' + 10),
        Some(b @ b'a'..=b'f') => i32::from(b - b'a' + 10),
        _ => -1,
    }
}

/// graphql-js `dedentBlockStringLines` (spec: BlockStringValue): removes the common indent
/// of all lines but the first, and leading and trailing blank lines.
pub(super) fn dedent_block_string_lines(lines: &[String]) -> Vec<&str> {
    let mut common_indent = usize::MAX;
    let mut first_non_empty = None;
    let mut last_non_empty = None;
    for (i, line) in lines.iter().enumerate() {
        let indent = leading_white_space(line);
        if indent == line.len() {
            continue;
        }
        first_non_empty.get_or_insert(i);
        last_non_empty = Some(i);
        if i != 0 {
            common_indent = common_indent.min(indent);
        }
    }
    let (Some(first), Some(last)) = (first_non_empty, last_non_empty) else {
        return Vec::new();
    };
    lines[first..=last]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if first + i == 0 {
                line.as_str()
            } else {
                // The first `common_indent` bytes of every line are ASCII white space.
                &line[common_indent.min(line.len())..]
            }
        })
        .collect()
}

fn leading_white_space(line: &str) -> usize {
    line.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token of `text`: kind, source text, string value.
    fn tokens(text: &str) -> Vec<(TokenKind, &str, Option<String>)> {
        let lexer = Lexer::new(text);
        let mut found = Vec::new();
        let mut position = 0;
        loop {
            let token = lexer.read_token(position).expect("lexes");
            if token.kind == TokenKind::Eof {
                assert_eq!((token.start, token.end), (text.len(), text.len()));
                return found;
            }
            position = token.end;
            found.push((token.kind, &text[token.span().range()], token.string));
        }
    }

    fn string_value(text: &str) -> String {
        match tokens(text).as_slice() {
            [(TokenKind::String | TokenKind::BlockString, _, Some(value))] => value.clone(),
            other => panic!("not one string: {other:?}"),
        }
    }

    /// graphql-js's message (without `Syntax Error: `) and 1-based line and column.
    fn error(text: &str) -> (String, (usize, usize)) {
        let e = crate::document::parse_document(text).expect_err("a syntax error");
        assert_eq!(e.rule, "SyntaxError");
        let lc = crate::source::SourceFile::new("t", text).line_column(e.spans[0].start);
        let message = e.message.strip_prefix("Syntax Error: ").expect("prefixed");
        (message.to_string(), (lc.line, lc.column))
    }

    #[test]
    fn reads_every_token_kind_with_its_span() {
        use TokenKind::*;
        let text =
            "! $ & ( ) ... : = @ [ ] { | } _name9 0 -12 1.5 -0.5e-3 2E+10 \"s\" \"\"\"b\"\"\"";
        let kinds: Vec<_> = tokens(text).into_iter().map(|(k, s, _)| (k, s)).collect();
        assert_eq!(
            kinds,
            [
                (Bang, "!"),
                (Dollar, "$"),
                (Amp, "&"),
                (ParenL, "("),
                (ParenR, ")"),
                (Spread, "..."),
                (Colon, ":"),
                (Equals, "="),
                (At, "@"),
                (BracketL, "["),
                (BracketR, "]"),
                (BraceL, "{"),
                (Pipe, "|"),
                (BraceR, "}"),
                (Name, "_name9"),
                (Int, "0"),
                (Int, "-12"),
                (Float, "1.5"),
                (Float, "-0.5e-3"),
                (Float, "2E+10"),
                (String, "\"s\""),
                (BlockString, "\"\"\"b\"\"\""),
            ]
        );
    }

    #[test]
    fn skips_white_space_commas_comments_and_the_byte_order_mark() {
        let text = "\u{feff}\t a,,b # a comment, with \"quotes\"\r\n#another\rc\n";
        let names: Vec<_> = tokens(text).into_iter().map(|(_, s, _)| s).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let lexer = Lexer::new(text);
        assert_eq!(lexer.read_token(0).expect("lexes").start, 5);
        assert!(tokens("# only a comment").is_empty());
        assert!(tokens("").is_empty());
    }

    #[test]
    fn describes_tokens_as_graphql_js_does() {
        let text = "{ name 12 1.5 \"s\\n\" \"\"\"b\"\"\"";
        let lexer = Lexer::new(text);
        let mut position = 0;
        let mut described = Vec::new();
        loop {
            let token = lexer.read_token(position).expect("lexes");
            described.push(token.describe(text));
            if token.kind == TokenKind::Eof {
                break;
            }
            position = token.end;
        }
        assert_eq!(
            described,
            [
                "\"{\"",
                "Name \"name\"",
                "Int \"12\"",
                "Float \"1.5\"",
                "String \"s\n\"",
                "BlockString \"b\"",
                "<EOF>"
            ]
        );
    }

    #[test]
    fn resolves_escape_sequences() {
        assert_eq!(
            string_value(r#""q\" b\\ s\/ \b\f\n\r\t""#),
            "q\" b\\ s/ \u{8}\u{c}\n\r\t"
        );
        assert_eq!(string_value(r#""\u0041\u00e9\u00E9""#), "Aéé");
        assert_eq!(string_value(r#""\u{41}\u{1F600}\u{00000041}""#), "A😀A");
        assert_eq!(string_value(r#""\uD83D\uDE00""#), "😀");
        assert_eq!(
            string_value("\"unicode é 😀 and \u{0} controls\""),
            "unicode é 😀 and \u{0} controls"
        );
        assert_eq!(string_value(r#""""#), "");
    }

    #[test]
    fn block_strings_keep_escapes_raw_and_unescape_triple_quotes() {
        assert_eq!(
            string_value(r#""""a \n \u0041 \"""""""#),
            r#"a \n \u0041 """"#
        );
        assert_eq!(string_value("\"\"\"\"\"\""), "");
        assert_eq!(
            string_value("\"\"\"\n    hello\r\n      world\r    \n\n  \"\"\""),
            "hello\n  world"
        );
        assert_eq!(
            string_value("\"\"\"  first\n    second\n  third\"\"\""),
            "  first\n  second\nthird"
        );
    }

    fn dedent(lines: &[&str]) -> Vec<String> {
        let owned: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        dedent_block_string_lines(&owned)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The cases of graphql-js's `dedentBlockStringLines` tests.
    #[test]
    fn dedents_block_string_lines_as_graphql_js() {
        assert!(dedent(&[]).is_empty());
        assert!(dedent(&["", " ", "  ", "\t"]).is_empty());
        let expected = ["Hello,", "  World!", "", "Yours,", "  GraphQL."];
        assert_eq!(
            dedent(&[
                "",
                "    Hello,",
                "      World!",
                "",
                "    Yours,",
                "      GraphQL."
            ]),
            expected
        );
        assert_eq!(
            dedent(&[
                "",
                "",
                "    Hello,",
                "      World!",
                "",
                "    Yours,",
                "      GraphQL.",
                "",
                ""
            ]),
            expected
        );
        assert_eq!(
            dedent(&[
                "  ",
                "        ",
                "    Hello,",
                "      World!",
                "",
                "    Yours,",
                "      GraphQL.",
                "        ",
                "  "
            ]),
            expected
        );
        assert_eq!(
            dedent(&[
                "    Hello,",
                "      World!",
                "",
                "    Yours,",
                "      GraphQL."
            ]),
            ["    Hello,", "  World!", "", "Yours,", "  GraphQL."]
        );
        assert_eq!(
            dedent(&[
                "               ",
                "    Hello,     ",
                "      World!   ",
                "               ",
                "    Yours,     ",
                "      GraphQL. ",
                "               "
            ]),
            [
                "Hello,     ",
                "  World!   ",
                "           ",
                "Yours,     ",
                "  GraphQL. "
            ]
        );
        assert_eq!(
            dedent(&["", "\t\tHello", "\t\t\tWorld", "  \t"]),
            ["Hello", "\tWorld"]
        );
        assert_eq!(
            dedent(&["  first", "   x", " y "]),
            ["  first", "  x", "y "]
        );
    }

    /// Lexical errors: (document, graphql-js message, graphql-js line and column).
    #[test]
    fn lexical_errors_match_graphql_js() {
        let cases = [
            (
                "{ a(x: ..) }",
                "Unexpected \"..\", did you mean \"...\"?",
                (1, 8),
            ),
            (
                "{ a(x: .5) }",
                "Invalid number, expected digit before \".\", did you mean \"0.5\"?",
                (1, 8),
            ),
            ("{ a(x: .) }", "Unexpected character: \".\".", (1, 8)),
            (
                "{ a(x: 'str') }",
                "Unexpected single quote character ('), did you mean to use a double quote (\")?",
                (1, 8),
            ),
            ("{ a ? }", "Unexpected character: \"?\".", (1, 5)),
            ("{ a \u{e9} }", "Unexpected character: U+00E9.", (1, 5)),
            ("{ a \u{a0} }", "Unexpected character: U+00A0.", (1, 5)),
            ("{\u{0}}", "Unexpected character: U+0000.", (1, 2)),
            ("{ a ~ }", "Unexpected character: \"~\".", (1, 5)),
            (
                "{ a(x: 01) }",
                "Invalid number, unexpected digit after 0: \"1\".",
                (1, 9),
            ),
            (
                "{ a(x: 1.) }",
                "Invalid number, expected digit but got: \")\".",
                (1, 10),
            ),
            (
                "{ a(x: 1.e5) }",
                "Invalid number, expected digit but got: \"e\".",
                (1, 10),
            ),
            (
                "{ a(x: 1e) }",
                "Invalid number, expected digit but got: \")\".",
                (1, 10),
            ),
            (
                "{ a(x: 1e+) }",
                "Invalid number, expected digit but got: \")\".",
                (1, 11),
            ),
            (
                "{ a(x: -) }",
                "Invalid number, expected digit but got: \")\".",
                (1, 9),
            ),
            (
                "{ a(x: -a) }",
                "Invalid number, expected digit but got: \"a\".",
                (1, 9),
            ),
            (
                "{ a(x: 1a) }",
                "Invalid number, expected digit but got: \"a\".",
                (1, 9),
            ),
            (
                "{ a(x: 1.5a) }",
                "Invalid number, expected digit but got: \"a\".",
                (1, 11),
            ),
            (
                "{ a(x: 1_) }",
                "Invalid number, expected digit but got: \"_\".",
                (1, 9),
            ),
            (
                "{ a(x: 1.5.) }",
                "Invalid number, expected digit but got: \".\".",
                (1, 11),
            ),
            (
                "{ a(x: 1.5e5.0) }",
                "Invalid number, expected digit but got: \".\".",
                (1, 13),
            ),
            (
                "{ a(x: 0x1) }",
                "Invalid number, expected digit but got: \"x\".",
                (1, 9),
            ),
            ("{ a(x: 12", "Expected Name, found <EOF>.", (1, 10)),
            ("{ a(x: \"abc", "Unterminated string.", (1, 12)),
            ("{ a(x: \"abc\n\") }", "Unterminated string.", (1, 12)),
            ("{ a(x: \"\"\"abc", "Unterminated string.", (1, 14)),
            ("{ a(x: \"\"\"abc\\\"\"\" ", "Unterminated string.", (1, 19)),
            (
                "{ a(x: \"\\x\") }",
                "Invalid character escape sequence: \"\\x\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\",
                "Invalid character escape sequence: \"\\\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u12\") }",
                "Invalid Unicode escape sequence: \"\\u12\")\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u12G4\") }",
                "Invalid Unicode escape sequence: \"\\u12G4\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\uD800\") }",
                "Invalid Unicode escape sequence: \"\\uD800\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\uD800\\u0041\") }",
                "Invalid Unicode escape sequence: \"\\uD800\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\uDC00\") }",
                "Invalid Unicode escape sequence: \"\\uDC00\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{}\") }",
                "Invalid Unicode escape sequence: \"\\u{}\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{110000}\") }",
                "Invalid Unicode escape sequence: \"\\u{110000}\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{D800}\") }",
                "Invalid Unicode escape sequence: \"\\u{D800}\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{000000041}\") }",
                "Invalid Unicode escape sequence: \"\\u{000000041\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{FFFFFFFF}\") }",
                "Invalid Unicode escape sequence: \"\\u{FFFFFFFF\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{12G}\") }",
                "Invalid Unicode escape sequence: \"\\u{12G\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{12\") }",
                "Invalid Unicode escape sequence: \"\\u{12\"\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u{1",
                "Invalid Unicode escape sequence: \"\\u{1\".",
                (1, 9),
            ),
            (
                "{ a(x: \"\\u",
                "Invalid Unicode escape sequence: \"\\u\".",
                (1, 9),
            ),
        ];
        for (text, message, location) in cases {
            assert_eq!(error(text), (message.to_string(), location), "{text:?}");
        }
    }

    #[test]
    fn describes_characters_by_code_point() {
        let lexer = Lexer::new("a\"é😀");
        assert_eq!(lexer.describe_char_at(0), "\"a\"");
        assert_eq!(lexer.describe_char_at(1), "'\"'");
        assert_eq!(lexer.describe_char_at(2), "U+00E9");
        assert_eq!(lexer.describe_char_at(4), "U+1F600");
        assert_eq!(lexer.describe_char_at(8), "<EOF>");
    }
}
