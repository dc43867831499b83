//! Tokens of SDL text, read as the spec reads them (section 2.1, "Source Text"), with
//! graphql-js 17's lexer messages.
//!
//! graphql-parser reads names and punctuators well but strings and numbers badly: it
//! rejects `\u{1F600}` and surrogate pairs, decodes `\b` as U+0010, dedents block strings
//! with the wrong whitespace (and panics on some), keeps no trace of whether a string was a
//! block string, reorders object fields, and cannot hold integers beyond 64 bits. So every
//! token is read here first; graphql-parser only checks the grammar (see [`super::prescan`]),
//! and values and descriptions are taken from these tokens.

use std::borrow::Cow;
use std::cell::Cell;

use crate::source::LineColumn;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `!`, `$`, `&`, `(`, `)`, `:`, `=`, `@`, `[`, `]`, `{`, `|`, `}`.
    Punctuator(u8),
    /// `...`
    Spread,
    Name,
    Int,
    Float,
    String,
    BlockString,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    /// Byte offsets of the token in the text.
    pub start: usize,
    pub end: usize,
    pub location: LineColumn,
    /// The value of a string, escapes decoded and block strings dedented.
    pub value: Option<String>,
}

impl Token {
    pub fn text<'t>(&self, source: &'t str) -> &'t str {
        &source[self.start..self.end]
    }

    pub fn is_punctuator(&self, c: u8) -> bool {
        self.kind == Kind::Punctuator(c)
    }

    pub fn is_name(&self, source: &str, name: &str) -> bool {
        self.kind == Kind::Name && self.text(source) == name
    }

    pub fn is_string(&self) -> bool {
        matches!(self.kind, Kind::String | Kind::BlockString)
    }

    /// How graphql-js names a token in its messages: `Name "id"`, `"{"`.
    pub fn describe(&self, source: &str) -> String {
        match self.kind {
            Kind::Punctuator(_) | Kind::Spread => format!("\"{}\"", self.text(source)),
            Kind::Name => format!("Name \"{}\"", self.text(source)),
            Kind::Int => format!("Int \"{}\"", self.text(source)),
            Kind::Float => format!("Float \"{}\"", self.text(source)),
            Kind::String => format!("String \"{}\"", self.value.as_deref().unwrap_or_default()),
            Kind::BlockString => format!(
                "BlockString \"{}\"",
                self.value.as_deref().unwrap_or_default()
            ),
        }
    }
}

/// A character the lexer cannot read, worded as graphql-js words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LexError {
    pub message: String,
    pub location: LineColumn,
}

/// Splits `source` into tokens. Comments, white space, commas and line terminators go.
pub(super) fn tokenize(source: &str) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer {
        source,
        bytes: source.as_bytes(),
        position: 0,
        line: 1,
        line_start: 0,
        column_mark: Cell::new((0, 0)),
    };
    // About one token in eight bytes of real schemas, descriptions included.
    let mut tokens = Vec::with_capacity(source.len() / 8);
    while let Some(token) = lexer.next_token()? {
        tokens.push(token);
    }
    Ok(tokens)
}

struct Lexer<'a> {
    source: &'a str,
    bytes: &'a [u8],
    position: usize,
    line: usize,
    line_start: usize,
    /// An offset on the current line whose column was last computed, and the characters
    /// before it on its line: the next token's column counts on from there.
    column_mark: Cell<(usize, usize)>,
}

impl<'a> Lexer<'a> {
    fn location(&self, offset: usize) -> LineColumn {
        let (mark, before) = self.column_mark.get();
        let (from, before) = if (self.line_start..=offset).contains(&mark) {
            (mark, before)
        } else {
            (self.line_start, 0)
        };
        let column = match self.source.get(from..offset) {
            Some(s) => {
                let column = before + s.chars().count();
                self.column_mark.set((offset, column));
                column
            }
            None => offset - self.line_start,
        };
        LineColumn {
            line: self.line,
            column: column + 1,
        }
    }

    fn error(&self, offset: usize, message: String) -> LexError {
        LexError {
            message,
            location: self.location(offset),
        }
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(offset).copied()
    }

    /// `"x"` for printable ASCII, `U+00E9` otherwise, `<EOF>` past the end (graphql-js
    /// `printCodePointAt`).
    fn print_char_at(&self, offset: usize) -> String {
        match self.source.get(offset..).and_then(|s| s.chars().next()) {
            None => "<EOF>".to_string(),
            Some('"') => "'\"'".to_string(),
            Some(c @ ' '..='~') => format!("\"{c}\""),
            Some(c) => format!("U+{:04X}", c as u32),
        }
    }

    fn newline(&mut self, next_line_start: usize) {
        self.line += 1;
        self.line_start = next_line_start;
    }

    fn token(&self, kind: Kind, start: usize, end: usize, value: Option<String>) -> Token {
        Token {
            kind,
            start,
            end,
            location: self.location(start),
            value,
        }
    }

    fn next_token(&mut self) -> Result<Option<Token>, LexError> {
        while let Some(b) = self.peek(self.position) {
            let start = self.position;
            match b {
                b'\t' | b' ' | b',' => self.position += 1,
                b'\n' => {
                    self.position += 1;
                    self.newline(self.position);
                }
                b'\r' => {
                    self.position += if self.peek(start + 1) == Some(b'\n') {
                        2
                    } else {
                        1
                    };
                    self.newline(self.position);
                }
                b'#' => {
                    while self
                        .peek(self.position)
                        .is_some_and(|b| b != b'\n' && b != b'\r')
                    {
                        self.position += 1;
                    }
                }
                b'!' | b'$' | b'&' | b'(' | b')' | b':' | b'=' | b'@' | b'[' | b']' | b'{'
                | b'|' | b'}' => {
                    self.position += 1;
                    return Ok(Some(self.token(
                        Kind::Punctuator(b),
                        start,
                        start + 1,
                        None,
                    )));
                }
                b'.' => {
                    let next = self.peek(start + 1);
                    if next == Some(b'.') && self.peek(start + 2) == Some(b'.') {
                        self.position += 3;
                        return Ok(Some(self.token(Kind::Spread, start, start + 3, None)));
                    }
                    if next == Some(b'.') {
                        return Err(self.error(
                            start,
                            "Unexpected \"..\", did you mean \"...\"?".to_string(),
                        ));
                    }
                    if next.is_some_and(|b| b.is_ascii_digit()) {
                        let end = self.digits_end(start + 1);
                        return Err(self.error(
                            start,
                            format!(
                                "Invalid number, expected digit before \".\", did you mean \"0.{}\"?",
                                &self.source[start + 1..end]
                            ),
                        ));
                    }
                    return Err(self.unexpected_character(start));
                }
                b'"' => {
                    return if self.bytes[start..].starts_with(b"\"\"\"") {
                        self.block_string(start).map(Some)
                    } else {
                        self.string(start).map(Some)
                    }
                }
                b'-' | b'0'..=b'9' => return self.number(start).map(Some),
                b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                    let mut end = start + 1;
                    while self
                        .peek(end)
                        .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
                    {
                        end += 1;
                    }
                    self.position = end;
                    return Ok(Some(self.token(Kind::Name, start, end, None)));
                }
                _ if self.source[start..].starts_with('\u{feff}') => self.position += 3,
                _ => return Err(self.unexpected_character(start)),
            }
        }
        Ok(None)
    }

    fn unexpected_character(&self, offset: usize) -> LexError {
        let message = if self.peek(offset) == Some(b'\'') {
            "Unexpected single quote character ('), did you mean to use a double quote (\")?"
                .to_string()
        } else {
            format!("Unexpected character: {}.", self.print_char_at(offset))
        };
        self.error(offset, message)
    }

    fn digits_end(&self, mut offset: usize) -> usize {
        while self.peek(offset).is_some_and(|b| b.is_ascii_digit()) {
            offset += 1;
        }
        offset
    }

    /// Digits at `offset`, at least one; returns where they end.
    fn digits(&self, offset: usize) -> Result<usize, LexError> {
        if !self.peek(offset).is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.error(
                offset,
                format!(
                    "Invalid number, expected digit but got: {}.",
                    self.print_char_at(offset)
                ),
            ));
        }
        Ok(self.digits_end(offset))
    }

    fn number(&mut self, start: usize) -> Result<Token, LexError> {
        let mut position = start;
        let mut is_float = false;
        if self.peek(position) == Some(b'-') {
            position += 1;
        }
        if self.peek(position) == Some(b'0') {
            position += 1;
            if self.peek(position).is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error(
                    position,
                    format!(
                        "Invalid number, unexpected digit after 0: {}.",
                        self.print_char_at(position)
                    ),
                ));
            }
        } else {
            position = self.digits(position)?;
        }
        if self.peek(position) == Some(b'.') {
            is_float = true;
            position = self.digits(position + 1)?;
        }
        if matches!(self.peek(position), Some(b'e' | b'E')) {
            is_float = true;
            position += 1;
            if matches!(self.peek(position), Some(b'+' | b'-')) {
                position += 1;
            }
            position = self.digits(position)?;
        }
        if self
            .peek(position)
            .is_some_and(|b| b == b'.' || b == b'_' || b.is_ascii_alphabetic())
        {
            return Err(self.error(
                position,
                format!(
                    "Invalid number, expected digit but got: {}.",
                    self.print_char_at(position)
                ),
            ));
        }
        self.position = position;
        let kind = if is_float { Kind::Float } else { Kind::Int };
        Ok(self.token(kind, start, position, None))
    }

    fn string(&mut self, start: usize) -> Result<Token, LexError> {
        let mut value = String::new();
        let mut position = start + 1;
        let mut chunk_start = position;
        loop {
            match self.peek(position) {
                None | Some(b'\n' | b'\r') => {
                    return Err(self.error(position, "Unterminated string.".to_string()))
                }
                Some(b'"') => {
                    value.push_str(&self.source[chunk_start..position]);
                    self.position = position + 1;
                    return Ok(self.token(Kind::String, start, position + 1, Some(value)));
                }
                Some(b'\\') => {
                    value.push_str(&self.source[chunk_start..position]);
                    let (c, size) = self.escape(position)?;
                    value.push(c);
                    position += size;
                    chunk_start = position;
                }
                Some(_) => position += 1,
            }
        }
    }

    /// The escape sequence at `offset` (a backslash): the character and the sequence's length.
    fn escape(&self, offset: usize) -> Result<(char, usize), LexError> {
        let simple = match self.peek(offset + 1) {
            Some(b'"') => Some('"'),
            Some(b'\\') => Some('\\'),
            Some(b'/') => Some('/'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            Some(b'n') => Some('\n'),
            Some(b'r') => Some('\r'),
            Some(b't') => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            return Ok((c, 2));
        }
        if self.peek(offset + 1) != Some(b'u') {
            let end = self.char_end(offset + 1);
            return Err(self.error(
                offset,
                format!(
                    "Invalid character escape sequence: \"{}\".",
                    &self.source[offset..end]
                ),
            ));
        }
        if self.peek(offset + 2) == Some(b'{') {
            return self.variable_width_escape(offset);
        }
        let invalid = |lexer: &Self| {
            let end = lexer.char_end_n(offset, 6);
            lexer.error(
                offset,
                format!(
                    "Invalid Unicode escape sequence: \"{}\".",
                    &lexer.source[offset..end]
                ),
            )
        };
        let Some(code) = self.hex4(offset + 2) else {
            return Err(invalid(self));
        };
        if let Some(c) = char::from_u32(code) {
            return Ok((c, 6));
        }
        if (0xD800..=0xDBFF).contains(&code) && self.bytes[offset + 6..].starts_with(b"\\u") {
            if let Some(trailing @ 0xDC00..=0xDFFF) = self.hex4(offset + 8) {
                let combined = 0x10000 + ((code - 0xD800) << 10) + (trailing - 0xDC00);
                if let Some(c) = char::from_u32(combined) {
                    return Ok((c, 12));
                }
            }
        }
        Err(invalid(self))
    }

    /// `\u{1F600}`: up to the closing brace, a Unicode scalar value.
    fn variable_width_escape(&self, offset: usize) -> Result<(char, usize), LexError> {
        let mut point: u32 = 0;
        let mut size = 3;
        while size < 12 {
            let b = self.peek(offset + size);
            size += 1;
            if b == Some(b'}') {
                if size < 5 {
                    break;
                }
                match char::from_u32(point) {
                    Some(c) => return Ok((c, size)),
                    None => break,
                }
            }
            match b.and_then(|b| (b as char).to_digit(16)) {
                Some(digit) if point < 0x0800_0000 => point = (point << 4) | digit,
                _ => break,
            }
        }
        let end = self.char_end_n(offset, size);
        Err(self.error(
            offset,
            format!(
                "Invalid Unicode escape sequence: \"{}\".",
                &self.source[offset..end]
            ),
        ))
    }

    fn hex4(&self, offset: usize) -> Option<u32> {
        let digits = self.bytes.get(offset..offset + 4)?;
        digits.iter().try_fold(0, |acc, &b| {
            (b as char).to_digit(16).map(|digit| (acc << 4) | digit)
        })
    }

    /// The end of the character starting at `offset` (or the text's end).
    fn char_end(&self, offset: usize) -> usize {
        self.source
            .get(offset..)
            .and_then(|s| s.chars().next())
            .map_or(self.source.len(), |c| offset + c.len_utf8())
    }

    /// `offset + n` bytes, moved forward to a character boundary and kept in the text.
    fn char_end_n(&self, offset: usize, n: usize) -> usize {
        let mut end = (offset + n).min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    fn block_string(&mut self, start: usize) -> Result<Token, LexError> {
        let location = self.location(start);
        // Lines borrow the text, unless they hold an escaped `\"""`.
        let mut lines: Vec<Cow<'_, str>> = Vec::new();
        let mut current = String::new();
        let mut position = start + 3;
        let mut chunk_start = position;
        let end_line = |current: &mut String, chunk: &'a str| {
            if current.is_empty() {
                Cow::Borrowed(chunk)
            } else {
                current.push_str(chunk);
                Cow::Owned(std::mem::take(current))
            }
        };
        loop {
            // Only quotes, backslashes and line terminators matter.
            position += self.bytes[position..]
                .iter()
                .position(|b| matches!(b, b'"' | b'\\' | b'\n' | b'\r'))
                .unwrap_or(self.bytes.len() - position);
            let rest = &self.bytes[position..];
            if rest.starts_with(b"\"\"\"") {
                lines.push(end_line(&mut current, &self.source[chunk_start..position]));
                self.position = position + 3;
                return Ok(Token {
                    kind: Kind::BlockString,
                    start,
                    end: position + 3,
                    location,
                    value: Some(dedent_block_string_lines(&lines).join("\n")),
                });
            }
            if rest.starts_with(b"\\\"\"\"") {
                current.push_str(&self.source[chunk_start..position]);
                chunk_start = position + 1;
                position += 4;
                continue;
            }
            match rest.first() {
                None => return Err(self.error(position, "Unterminated string.".to_string())),
                Some(b'\n' | b'\r') => {
                    lines.push(end_line(&mut current, &self.source[chunk_start..position]));
                    position += if rest.starts_with(b"\r\n") { 2 } else { 1 };
                    chunk_start = position;
                    self.newline(position);
                }
                Some(_) => position += 1,
            }
        }
    }
}

/// The lines of a block string without their common indentation and without blank lines
/// at both ends (spec `BlockStringValue()`, graphql-js `dedentBlockStringLines`).
fn dedent_block_string_lines<'l>(lines: &'l [Cow<'_, str>]) -> Vec<&'l str> {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let mut common_indent = usize::MAX;
    let mut first_non_empty = None;
    let mut last_non_empty = None;
    for (i, line) in lines.iter().enumerate() {
        let n = indent(line);
        if n == line.len() {
            continue;
        }
        first_non_empty.get_or_insert(i);
        last_non_empty = Some(i);
        if i != 0 {
            common_indent = common_indent.min(n);
        }
    }
    let (Some(first), Some(last)) = (first_non_empty, last_non_empty) else {
        return Vec::new();
    };
    lines
        .iter()
        .enumerate()
        .take(last + 1)
        .skip(first)
        .map(|(i, line)| {
            if i == 0 {
                line.as_ref()
            } else {
                // The indentation is spaces and tabs, one byte each.
                line.get(common_indent.min(line.len())..)
                    .unwrap_or_default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(source: &str) -> Vec<String> {
        tokenize(source)
            .expect("tokenizes")
            .into_iter()
            .map(|t| {
                t.value
                    .clone()
                    .unwrap_or_else(|| t.text(source).to_string())
            })
            .collect()
    }

    fn error(source: &str) -> (String, usize, usize) {
        let e = tokenize(source).expect_err("is rejected");
        (e.message, e.location.line, e.location.column)
    }

    #[test]
    fn reads_names_punctuators_and_numbers() {
        assert_eq!(
            values("type Q{a(x:[Int!]=-1.5e+3,y:0 z:12):Int @d}...# comment\n&|"),
            [
                "type", "Q", "{", "a", "(", "x", ":", "[", "Int", "!", "]", "=", "-1.5e+3", "y",
                ":", "0", "z", ":", "12", ")", ":", "Int", "@", "d", "}", "...", "&", "|"
            ]
        );
    }

    #[test]
    fn decodes_escapes_including_surrogate_pairs_and_braced_code_points() {
        assert_eq!(
            values(r#""a\"\\\/\b\f\n\r\t\u00e9\u{1F600}\uD83D\uDE00""#),
            ["a\"\\/\u{8}\u{c}\n\r\t\u{e9}😀😀"]
        );
    }

    #[test]
    fn dedents_block_strings_like_the_spec() {
        assert_eq!(
            values("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\""),
            ["Hello,\n  World!\n\nYours,\n  GraphQL."]
        );
        assert_eq!(
            values("\"\"\"  first\n   x \\\"\"\" y\"\"\""),
            ["  first\nx \"\"\" y"]
        );
        assert_eq!(values("\"\"\" \n\t\n \"\"\""), [""]);
        // U+3000 is not GraphQL white space: it stays (graphql-parser panics here).
        assert_eq!(values("\"\"\"\n  x\n\u{3000}y\"\"\""), ["  x\n\u{3000}y"]);
    }

    #[test]
    fn locations_count_lines_and_characters() {
        let tokens = tokenize("\u{feff}a\r\nb\rc\n\t\"é\" d\n\"\"\"\n\n\"\"\" e").unwrap();
        let at: Vec<(usize, usize)> = tokens
            .iter()
            .map(|t| (t.location.line, t.location.column))
            .collect();
        assert_eq!(at, [(1, 2), (2, 1), (3, 1), (4, 2), (4, 6), (5, 1), (7, 5)]);
    }

    #[test]
    fn reports_errors_as_graphql_js_words_them() {
        assert_eq!(
            error("a\n  %"),
            ("Unexpected character: \"%\".".into(), 2, 3)
        );
        assert_eq!(error("é"), ("Unexpected character: U+00E9.".into(), 1, 1));
        assert_eq!(
            error("'a'"),
            (
                "Unexpected single quote character ('), did you mean to use a double quote (\")?"
                    .into(),
                1,
                1
            )
        );
        assert_eq!(error("\"abc"), ("Unterminated string.".into(), 1, 5));
        assert_eq!(error("\"a\nb\""), ("Unterminated string.".into(), 1, 3));
        assert_eq!(error("\"\"\"abc"), ("Unterminated string.".into(), 1, 7));
        assert_eq!(
            error(r#""\x""#),
            ("Invalid character escape sequence: \"\\x\".".into(), 1, 2)
        );
        assert_eq!(
            error(r#""\uD83D""#),
            ("Invalid Unicode escape sequence: \"\\uD83D\".".into(), 1, 2)
        );
        assert_eq!(
            error(r#""\u{110000}""#),
            (
                "Invalid Unicode escape sequence: \"\\u{110000}\".".into(),
                1,
                2
            )
        );
        assert_eq!(
            error(r#""\u{}""#),
            ("Invalid Unicode escape sequence: \"\\u{}\".".into(), 1, 2)
        );
        assert_eq!(
            error(r#""\u12""#),
            ("Invalid Unicode escape sequence: \"\\u12\"\".".into(), 1, 2)
        );
        assert_eq!(
            error("01"),
            (
                "Invalid number, unexpected digit after 0: \"1\".".into(),
                1,
                2
            )
        );
        assert_eq!(
            error("1.x"),
            (
                "Invalid number, expected digit but got: \"x\".".into(),
                1,
                3
            )
        );
        assert_eq!(
            error("12a"),
            (
                "Invalid number, expected digit but got: \"a\".".into(),
                1,
                3
            )
        );
        assert_eq!(
            error("-"),
            (
                "Invalid number, expected digit but got: <EOF>.".into(),
                1,
                2
            )
        );
        assert_eq!(
            error(".5"),
            (
                "Invalid number, expected digit before \".\", did you mean \"0.5\"?".into(),
                1,
                1
            )
        );
        assert_eq!(
            error(".."),
            ("Unexpected \"..\", did you mean \"...\"?".into(), 1, 1)
        );
    }

    #[test]
    fn never_panics_on_cut_escapes() {
        for source in [
            "\"\\",
            "\"\\u",
            "\"\\u{",
            "\"\\u{1",
            "\"\\uD83D\\u",
            "\"\\é\"",
            "\"\\u{é}\"",
        ] {
            assert!(tokenize(source).is_err(), "{source:?}");
        }
    }
}
