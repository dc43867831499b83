//! The pass over SDL tokens before graphql-parser sees the text (spec section 3).
//!
//! It rejects what graphql-parser would misread or choke on, handles the spec constructs
//! graphql-parser 0.4 cannot parse, and writes the text graphql-parser gets:
//! - brackets nested deeper than [`MAX_DEPTH`] are an error (graphql-parser recurses once
//!   per bracket; its own limit, 50, is reported as a bare "Recursion limit exceeded");
//! - a variable is an error (graphql-parser accepts `@d(a: $v)` in a schema);
//! - an operation or fragment where a definition should start is an error naming it
//!   (also covering operation descriptions and directives on variables, which only
//!   occur inside operations);
//! - the description of the schema definition and `extend schema` are read here, and
//!   left out of the text graphql-parser gets;
//! - the text graphql-parser gets has every token at its original line and column, with
//!   comments, tabs, `\r` and the byte order mark turned into spaces, and every string,
//!   number and block string replaced by a placeholder graphql-parser cannot misread
//!   (`""`, `0`, `0.0`, `""""""`). Values are then read from the tokens, not from
//!   graphql-parser's tree.

use super::lexer::{Kind, Token};
use crate::source::LineColumn;

/// How deep brackets (`(`, `[`, `{`) may nest. Real schemas stay under 10.
pub(super) const MAX_DEPTH: usize = 32;

/// A problem found by the pre-scan.
#[derive(Debug)]
pub(super) struct PrescanError {
    pub message: String,
    pub location: LineColumn,
    pub hint: &'static str,
}

/// One root operation type of an `extend schema`.
#[derive(Debug)]
pub(super) struct RootOperation {
    /// `query`, `mutation` or `subscription`.
    pub operation: String,
    pub type_name: String,
    pub location: LineColumn,
}

/// What the pre-scan read itself, and the text for graphql-parser.
#[derive(Debug)]
pub(super) struct Prescan {
    pub text: String,
    pub schema_description: Option<String>,
    pub schema_extensions: Vec<RootOperation>,
    /// Operations and fragments, left out of the text: what to warn of, and where.
    pub ignored: Vec<(String, LineColumn)>,
}

pub(super) fn prescan(source: &str, tokens: &[Token]) -> Result<Prescan, PrescanError> {
    let mut scan = Cursor {
        source,
        tokens,
        i: 0,
    };
    let mut left_out = vec![false; tokens.len()];
    let mut schema_description = None;
    let mut schema_extensions = Vec::new();
    let mut ignored = Vec::new();
    while let Some(first) = scan.peek() {
        let start = scan.i;
        let has_description = first.is_string();
        if has_description {
            scan.i += 1;
        }
        let Some(keyword) = scan.peek() else { break };
        if keyword.is_punctuator(b'{')
            || ["query", "mutation", "subscription", "fragment"]
                .iter()
                .any(|k| keyword.is_name(source, k))
        {
            // graphql-js's `buildSchema` ignores executable definitions; so does this, with
            // a warning: the file may not be the schema meant.
            let what = if keyword.is_name(source, "fragment") {
                "a fragment"
            } else {
                "an operation"
            };
            let at = keyword.location;
            scan.skip_executable().ok_or_else(|| PrescanError {
                hint: "an operation or fragment in the schema is cut short; schema files \
                       hold type system definitions only",
                ..scan.unexpected()
            })?;
            left_out[start..scan.i].fill(true);
            ignored.push((
                format!("{what} in a schema is ignored, as graphql-js ignores it"),
                at,
            ));
            continue;
        }
        if keyword.is_name(source, "schema") && has_description {
            schema_description = tokens[start].value.clone();
            left_out[start] = true;
        }
        if keyword.is_name(source, "schema") {
            check_root_operations(source, &tokens[scan.i + 1..])?;
        }
        if keyword.is_name(source, "extend")
            && !has_description
            && scan.peek_at(1).is_some_and(|t| t.is_name(source, "schema"))
        {
            scan.i += 2;
            schema_extensions.extend(scan.schema_extension()?);
            left_out[start..scan.i].fill(true);
            continue;
        }
        if scan.skip_definition().is_none() {
            // Not a definition graphql-parser can read either: it reports the error.
            break;
        }
    }
    check_tokens(source, tokens, &left_out)?;
    Ok(Prescan {
        text: placeholder_text(source, tokens, &left_out),
        schema_description,
        schema_extensions,
        ignored,
    })
}

/// The root operation types of a schema definition (`tokens` start after `schema`) name
/// each operation once (graphql-js's UniqueOperationTypes; graphql-parser would only say
/// the definition does not parse).
fn check_root_operations(source: &str, tokens: &[Token]) -> Result<(), PrescanError> {
    // The first `{` outside the directives' arguments.
    let mut parens = 0usize;
    let open = tokens.iter().position(|t| {
        if t.is_punctuator(b'(') {
            parens += 1;
        } else if t.is_punctuator(b')') {
            parens = parens.saturating_sub(1);
        }
        parens == 0 && t.is_punctuator(b'{')
    });
    let Some(open) = open else {
        return Ok(());
    };
    let mut seen: Vec<&str> = Vec::new();
    for pair in tokens[open + 1..].chunks(3) {
        let [operation, colon, _] = pair else { break };
        if !colon.is_punctuator(b':') || operation.kind != Kind::Name {
            break;
        }
        let name = operation.text(source);
        if seen.contains(&name) {
            return Err(PrescanError {
                message: format!("There can be only one {name} type in schema."),
                location: operation.location,
                hint: "name each root operation type once",
            });
        }
        seen.push(name);
    }
    Ok(())
}

/// Brackets nest at most [`MAX_DEPTH`] deep, and no variable appears: a schema's values
/// are constant, and a `$` outside an operation cannot be anything else.
fn check_tokens(source: &str, tokens: &[Token], left_out: &[bool]) -> Result<(), PrescanError> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().filter(|&(i, _)| !left_out[i]) {
        match t.kind {
            Kind::Punctuator(b'$') => {
                let name = tokens.get(i + 1).filter(|n| n.kind == Kind::Name);
                return Err(PrescanError {
                    message: format!(
                        "Syntax Error: Unexpected variable \"${}\" in constant value.",
                        name.map_or("", |n| n.text(source))
                    ),
                    location: t.location,
                    hint: "values in a schema are constants; variables belong to operations",
                });
            }
            Kind::Punctuator(b'(' | b'[' | b'{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(PrescanError {
                        message: format!(
                            "Syntax Error: brackets are nested more than {MAX_DEPTH} deep."
                        ),
                        location: t.location,
                        hint: "no schema needs this much nesting; is the file damaged?",
                    });
                }
            }
            Kind::Punctuator(b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The text graphql-parser parses: each kept token at its line and column, values
/// replaced by placeholders.
fn placeholder_text(source: &str, tokens: &[Token], left_out: &[bool]) -> String {
    let mut out = String::with_capacity(source.len());
    let (mut line, mut column) = (1, 1);
    for (t, _) in tokens.iter().zip(left_out).filter(|(_, &out)| !out) {
        if line < t.location.line {
            pad(&mut out, NEWLINES, t.location.line - line);
            line = t.location.line;
            column = 1;
        }
        if column < t.location.column {
            pad(&mut out, SPACES, t.location.column - column);
            column = t.location.column;
        }
        let placeholder = match t.kind {
            Kind::Int => "0",
            Kind::Float => "0.0",
            Kind::String => "\"\"",
            // The lines a block string spans become the padding before the next token.
            Kind::BlockString => "\"\"\"\"\"\"",
            Kind::Name | Kind::Punctuator(_) | Kind::Spread => t.text(source),
        };
        out.push_str(placeholder);
        column += placeholder.len();
    }
    out
}

const SPACES: &str = "                                ";
const NEWLINES: &str = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";

/// Appends `n` of the one character `fill` repeats.
fn pad(out: &mut String, fill: &str, mut n: usize) {
    while n > 0 {
        let chunk = n.min(fill.len());
        out.push_str(&fill[..chunk]);
        n -= chunk;
    }
}

struct Cursor<'a> {
    source: &'a str,
    tokens: &'a [Token],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.i)
    }

    fn peek_at(&self, ahead: usize) -> Option<&'a Token> {
        self.tokens.get(self.i + ahead)
    }

    fn eat_punctuator(&mut self, c: u8) -> bool {
        let found = self.peek().is_some_and(|t| t.is_punctuator(c));
        if found {
            self.i += 1;
        }
        found
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.peek().is_some_and(|t| t.is_name(self.source, keyword));
        if found {
            self.i += 1;
        }
        found
    }

    fn eat_name(&mut self) -> Option<&'a Token> {
        let t = self.peek().filter(|t| t.kind == Kind::Name)?;
        self.i += 1;
        Some(t)
    }

    /// Skips one definition, from its keyword. `None` when it is not one.
    fn skip_definition(&mut self) -> Option<()> {
        self.eat_keyword("extend");
        let keyword = self.eat_name()?.text(self.source);
        match keyword {
            "schema" => {
                self.skip_directives()?;
                self.skip_group(b'{', b'}')
            }
            "scalar" => {
                self.eat_name()?;
                self.skip_directives()
            }
            "type" | "interface" => {
                self.eat_name()?;
                if self.eat_keyword("implements") {
                    self.eat_punctuator(b'&');
                    self.eat_name()?;
                    while self.eat_punctuator(b'&') {
                        self.eat_name()?;
                    }
                }
                self.skip_directives()?;
                self.skip_optional_group(b'{', b'}')
            }
            "union" => {
                self.eat_name()?;
                self.skip_directives()?;
                if self.eat_punctuator(b'=') {
                    self.eat_punctuator(b'|');
                    self.eat_name()?;
                    while self.eat_punctuator(b'|') {
                        self.eat_name()?;
                    }
                }
                Some(())
            }
            "enum" | "input" => {
                self.eat_name()?;
                self.skip_directives()?;
                self.skip_optional_group(b'{', b'}')
            }
            "directive" => {
                self.eat_punctuator(b'@').then_some(())?;
                self.eat_name()?;
                self.skip_optional_group(b'(', b')')?;
                self.eat_keyword("repeatable");
                self.eat_keyword("on").then_some(())?;
                self.eat_punctuator(b'|');
                self.eat_name()?;
                while self.eat_punctuator(b'|') {
                    self.eat_name()?;
                }
                Some(())
            }
            _ => None,
        }
    }

    fn skip_directives(&mut self) -> Option<()> {
        while self.eat_punctuator(b'@') {
            self.eat_name()?;
            self.skip_optional_group(b'(', b')')?;
        }
        Some(())
    }

    fn skip_optional_group(&mut self, open: u8, close: u8) -> Option<()> {
        if self.peek().is_some_and(|t| t.is_punctuator(open)) {
            self.skip_group(open, close)
        } else {
            Some(())
        }
    }

    /// Skips from an opening bracket to its closing one.
    /// Skips an operation or fragment: to its selection set (the first `{` outside
    /// parentheses), then the set.
    fn skip_executable(&mut self) -> Option<()> {
        let mut parens = 0usize;
        while let Some(t) = self.peek() {
            match t.kind {
                Kind::Punctuator(b'{') if parens == 0 => return self.skip_group(b'{', b'}'),
                Kind::Punctuator(b'(') => parens += 1,
                Kind::Punctuator(b')') => parens = parens.checked_sub(1)?,
                _ => {}
            }
            self.i += 1;
        }
        None
    }

    fn skip_group(&mut self, open: u8, close: u8) -> Option<()> {
        self.eat_punctuator(open).then_some(())?;
        let mut depth = 1usize;
        while let Some(t) = self.peek() {
            self.i += 1;
            match t.kind {
                Kind::Punctuator(b'(' | b'[' | b'{') => depth += 1,
                Kind::Punctuator(c @ (b')' | b']' | b'}')) => {
                    depth -= 1;
                    if depth == 0 {
                        return (c == close).then_some(());
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn unexpected(&self) -> PrescanError {
        match self.peek() {
            Some(t) => PrescanError {
                message: format!("Syntax Error: Unexpected {}.", t.describe(self.source)),
                location: t.location,
                hint: "write `extend schema @directive` or `extend schema { mutation: Mutation }`",
            },
            None => PrescanError {
                message: "Syntax Error: Unexpected <EOF>.".to_string(),
                location: self
                    .tokens
                    .last()
                    .map_or(LineColumn { line: 1, column: 1 }, |t| t.location),
                hint: "the schema extension is cut short",
            },
        }
    }

    /// `extend schema`, after those two words: directives, then root operation types.
    fn schema_extension(&mut self) -> Result<Vec<RootOperation>, PrescanError> {
        let has_directives = self.peek().is_some_and(|t| t.is_punctuator(b'@'));
        self.skip_directives().ok_or_else(|| self.unexpected())?;
        if !self.eat_punctuator(b'{') {
            return if has_directives {
                Ok(Vec::new())
            } else {
                Err(self.unexpected())
            };
        }
        let mut operations = Vec::new();
        loop {
            if self.peek().is_some_and(|t| t.is_punctuator(b'}')) && !operations.is_empty() {
                self.i += 1;
                return Ok(operations);
            }
            let Some(operation) = self.eat_name() else {
                return Err(self.unexpected());
            };
            let operation_name = operation.text(self.source);
            if !["query", "mutation", "subscription"].contains(&operation_name) {
                self.i -= 1;
                return Err(self.unexpected());
            }
            if !self.eat_punctuator(b':') {
                return Err(self.unexpected());
            }
            let Some(type_name) = self.eat_name() else {
                return Err(self.unexpected());
            };
            operations.push(RootOperation {
                operation: operation_name.to_string(),
                type_name: type_name.text(self.source).to_string(),
                location: operation.location,
            });
        }
    }
}
