//! What a `gql!` invocation says: its options and its GraphQL text.
//!
//! ```text
//! gql! { [schema = "PATH",] [scalars = { Name = "Type", ... },] [derives = ["Eq", ...],] DOCUMENT }
//! ```
//!
//! DOCUMENT is GraphQL written as tokens, or one string literal holding it. The token form
//! is turned back into text laid out as in the source (same lines, same columns, so messages
//! say where the user looks), with a map from each token's bytes in that text to its span,
//! so an error lands on the offending token.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// An error in the invocation itself, at a span.
#[derive(Debug)]
pub(crate) struct InputError {
    pub span: Span,
    pub message: String,
}

fn error(span: Span, message: impl Into<String>) -> InputError {
    InputError {
        span,
        message: message.into(),
    }
}

/// Options given in the invocation; `None`/empty when not given.
#[derive(Debug, Default)]
pub(crate) struct InvocationOptions {
    /// The schema path as written, and the literal's span.
    pub schema: Option<(String, Span)>,
    /// `scalars = { Name = "Type" }`: (scalar, Rust type, span of the binding).
    pub scalars: Vec<(String, String, Span)>,
    /// `derives = ["Eq"]`: (path, span).
    pub derives: Vec<(String, Span)>,
}

/// The GraphQL document of an invocation.
#[derive(Debug)]
pub(crate) struct Query {
    pub text: String,
    pub form: Form,
}

#[derive(Debug)]
pub(crate) enum Form {
    /// Written as tokens: `(start byte in text, span)` per token, sorted by start.
    Tokens(Vec<(usize, Span)>),
    /// Written as one string literal (all errors point at it).
    Literal(Span),
}

impl Query {
    /// The span to report an error at byte `offset` of the text.
    pub fn span_at(&self, offset: usize) -> Span {
        match &self.form {
            Form::Literal(span) => *span,
            Form::Tokens(tokens) => {
                let i = tokens.partition_point(|(start, _)| *start <= offset);
                tokens
                    .get(i.saturating_sub(1))
                    .map_or_else(Span::call_site, |(_, span)| *span)
            }
        }
    }

    /// A span covering the whole document (its first token).
    pub fn first_span(&self) -> Span {
        self.span_at(0)
    }
}

/// Where a token starts and ends in its source file: 1-based line, column counted in
/// characters. `None` where the compiler does not say (outside a macro expansion).
pub(crate) type Locate<'a> = &'a dyn Fn(Span) -> Option<((usize, usize), (usize, usize))>;

/// Splits an invocation into its options and its document.
pub(crate) fn parse(
    input: TokenStream,
    locate: Locate<'_>,
) -> Result<(InvocationOptions, Query), InputError> {
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    let mut options = InvocationOptions::default();
    let mut rest = &tokens[..];
    // `name = value ,` pairs: a GraphQL document never starts with a name followed by `=`.
    while let [TokenTree::Ident(name), TokenTree::Punct(eq), ..] = rest {
        if eq.as_char() != '=' {
            break;
        }
        let Some(value) = rest.get(2) else {
            return Err(error(eq.span(), format!("`{name} =` needs a value")));
        };
        match name.to_string().as_str() {
            "schema" => options.schema = Some((string_literal(value)?, value.span())),
            "scalars" => options.scalars = scalar_bindings(value)?,
            "derives" => options.derives = derives(value)?,
            other => {
                return Err(error(
                    name.span(),
                    format!(
                        "unknown option `{other}`: gql! takes `schema`, `scalars` and `derives`"
                    ),
                ))
            }
        }
        rest = &rest[3..];
        match rest {
            [TokenTree::Punct(p), tail @ ..] if p.as_char() == ',' => rest = tail,
            [] => {}
            [next, ..] => {
                return Err(error(
                    next.span(),
                    "expected `,` after the option, then the GraphQL document",
                ))
            }
        }
    }
    let query = match rest {
        [] => return Err(error(
            Span::call_site(),
            "gql! needs a GraphQL document: `gql! { query Name { field } }` or `gql!(r#\"...\"#)`",
        )),
        [literal @ TokenTree::Literal(_)] if string_literal(literal).is_ok() => Query {
            text: string_literal(literal)?,
            form: Form::Literal(literal.span()),
        },
        tokens => tokens_to_text(tokens, locate),
    };
    Ok((options, query))
}

fn string_literal(tree: &TokenTree) -> Result<String, InputError> {
    let TokenTree::Literal(lit) = tree else {
        return Err(error(tree.span(), "expected a string literal"));
    };
    match syn::parse2::<syn::LitStr>(TokenStream::from(tree.clone())) {
        Ok(s) => Ok(s.value()),
        Err(_) => Err(error(
            lit.span(),
            format!("expected a string literal, found `{lit}`"),
        )),
    }
}

/// `{ DateTime = "String", URI = "url::Url" }`
fn scalar_bindings(value: &TokenTree) -> Result<Vec<(String, String, Span)>, InputError> {
    let TokenTree::Group(group) = value else {
        return Err(error(
            value.span(),
            "expected `{ Scalar = \"RustType\", ... }`",
        ));
    };
    if group.delimiter() != Delimiter::Brace {
        return Err(error(
            group.span(),
            "expected `{ Scalar = \"RustType\", ... }`",
        ));
    }
    let items: Vec<TokenTree> = group.stream().into_iter().collect();
    let mut bindings = Vec::new();
    for chunk in items.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        match chunk {
            [] => {}
            [TokenTree::Ident(name), TokenTree::Punct(eq), ty] if eq.as_char() == '=' => {
                let span = name.span().join(ty.span()).unwrap_or_else(|| name.span());
                bindings.push((name.to_string(), string_literal(ty)?, span));
            }
            [first, ..] => {
                return Err(error(
                    first.span(),
                    "expected `Scalar = \"RustType\"` (the Rust type as a string)",
                ))
            }
        }
    }
    Ok(bindings)
}

/// `["Eq", "Hash"]`
fn derives(value: &TokenTree) -> Result<Vec<(String, Span)>, InputError> {
    let TokenTree::Group(group) = value else {
        return Err(error(value.span(), "expected `[\"Derive\", ...]`"));
    };
    if group.delimiter() != Delimiter::Bracket {
        return Err(error(group.span(), "expected `[\"Derive\", ...]`"));
    }
    let mut out = Vec::new();
    for tree in group.stream() {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => {}
            _ => out.push((string_literal(&tree)?, tree.span())),
        }
    }
    Ok(out)
}

/// Lays the tokens out as text. With locations, each token goes at its own line and column
/// (line 1 is the first token's line; columns are the source's, so indentation shows as
/// written). Without, tokens are separated by one space, except where GraphQL needs them
/// joined (`...`, `-1`).
fn tokens_to_text(tokens: &[TokenTree], locate: Locate<'_>) -> Query {
    let mut writer = Writer {
        text: String::new(),
        map: Vec::new(),
        base_line: None,
        at: (1, 1),
        glue: true,
        locate,
    };
    for tree in tokens {
        writer.tree(tree);
    }
    Query {
        text: writer.text,
        form: Form::Tokens(writer.map),
    }
}

struct Writer<'a> {
    text: String,
    map: Vec<(usize, Span)>,
    /// The source line of the first token.
    base_line: Option<usize>,
    /// Where the text ends, as (line in the text, column).
    at: (usize, usize),
    /// Without locations: whether the next token joins the previous one.
    glue: bool,
    locate: Locate<'a>,
}

impl Writer<'_> {
    fn tree(&mut self, tree: &TokenTree) {
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                if !open.is_empty() {
                    self.token(open, group.span_open(), false);
                }
                for inner in group.stream() {
                    self.tree(&inner);
                }
                if !close.is_empty() {
                    self.token(close, group.span_close(), false);
                }
            }
            TokenTree::Punct(p) => {
                let joins_next = p.spacing() == proc_macro2::Spacing::Joint || p.as_char() == '-';
                self.token(&p.as_char().to_string(), p.span(), joins_next);
            }
            TokenTree::Ident(i) => self.token(&i.to_string(), i.span(), false),
            TokenTree::Literal(l) => self.token(&l.to_string(), l.span(), false),
        }
    }

    fn token(&mut self, text: &str, span: Span, joins_next: bool) {
        match (self.locate)(span) {
            Some(((line, column), end)) => {
                let base = *self.base_line.get_or_insert(line);
                let line = line.saturating_sub(base) + 1;
                let end_line = end.0.saturating_sub(base) + 1;
                if line > self.at.0 {
                    for _ in self.at.0..line {
                        self.text.push('\n');
                    }
                    self.at = (line, 1);
                }
                if column > self.at.1 {
                    self.text
                        .extend(std::iter::repeat_n(' ', column - self.at.1));
                } else if !self.text.is_empty() && self.at.1 > column && line == self.at.0 {
                    // Tokens that share a position (a doc comment's parts): keep them apart.
                    self.text.push(' ');
                }
                self.map.push((self.text.len(), span));
                self.text.push_str(text);
                self.at = (end_line.max(line), end.1);
            }
            None => {
                if !self.glue {
                    self.text.push(' ');
                }
                self.map.push((self.text.len(), span));
                self.text.push_str(text);
                self.glue = joins_next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn no_locations(_: Span) -> Option<((usize, usize), (usize, usize))> {
        None
    }

    fn text(tokens: TokenStream) -> (InvocationOptions, String) {
        let (options, query) = parse(tokens, &no_locations).expect("parses");
        (options, query.text)
    }

    #[test]
    fn tokens_become_graphql_text() {
        let (_, text) = text(quote! {
            query Q($id: Int! = -1, $f: [String!]) @live {
                subscription(id: $id) { ... on Sub { id } ...Frag @include(if: true) }
            }
        });
        assert_eq!(
            text,
            "query Q ( $ id : Int ! = -1 , $ f : [ String ! ] ) @ live { subscription ( id : $ id ) { ... on Sub { id } ... Frag @ include ( if : true ) } }"
        );
        let document = gqlforge_codegen::parse_document(&text);
        assert!(document.is_ok(), "{document:?}");
    }

    #[test]
    fn options_come_first() {
        let (options, text) = text(quote! {
            schema = "other.graphql",
            scalars = { DateTime = "String", URI = "url::Url" },
            derives = ["Eq", "Hash"],
            query Q { a }
        });
        assert_eq!(
            options.schema.map(|s| s.0).as_deref(),
            Some("other.graphql")
        );
        let scalars: Vec<(String, String)> = options
            .scalars
            .into_iter()
            .map(|(a, b, _)| (a, b))
            .collect();
        assert_eq!(
            scalars,
            [
                ("DateTime".into(), "String".into()),
                ("URI".into(), "url::Url".into())
            ]
        );
        let derives: Vec<String> = options.derives.into_iter().map(|d| d.0).collect();
        assert_eq!(derives, ["Eq", "Hash"]);
        assert_eq!(text, "query Q { a }");
    }

    #[test]
    fn a_string_literal_is_the_document() {
        let (options, query) = parse(
            quote!(schema = "s.graphql", r#"query Q { a(x: "y") }"#),
            &no_locations,
        )
        .expect("parses");
        assert!(options.schema.is_some());
        assert_eq!(query.text, r#"query Q { a(x: "y") }"#);
        assert!(matches!(query.form, Form::Literal(_)));
    }

    #[test]
    fn bad_options_are_errors() {
        for (tokens, message) in [
            (quote!(), "gql! needs a GraphQL document"),
            (quote!(shema = "x", query Q { a }), "unknown option `shema`"),
            (
                quote!(schema = 3, query Q { a }),
                "expected a string literal",
            ),
            (
                quote!(schema = "x" query Q { a }),
                "expected `,` after the option",
            ),
            (quote!(scalars = [A], query Q { a }), "expected `{ Scalar"),
            (
                quote!(scalars = { A: "B" }, query Q { a }),
                "expected `Scalar = \"RustType\"`",
            ),
            (
                quote!(derives = { A }, query Q { a }),
                "expected `[\"Derive\"",
            ),
        ] {
            let e = parse(tokens.clone(), &no_locations).expect_err(&tokens.to_string());
            assert!(e.message.contains(message), "{tokens}: {}", e.message);
        }
    }

    #[test]
    fn with_locations_the_layout_follows_the_source() {
        // Fake locations: each token at the column its index says, on line 10 + its index / 3.
        let tokens: Vec<TokenTree> = quote!(query Q { a b }).into_iter().collect();
        let spans = std::cell::RefCell::new(0usize);
        let locate = |_: Span| {
            let mut n = spans.borrow_mut();
            let i = *n;
            *n += 1;
            let line = 10 + i / 3;
            let column = 5 + (i % 3) * 4;
            Some(((line, column), (line, column + 1)))
        };
        let query = tokens_to_text(&tokens, &locate);
        // query Q { | a b } → line 1: query, Q, {; line 2: a, b, }
        assert_eq!(query.text, "    query   Q   {\n    a   b   }");
        let Form::Tokens(map) = &query.form else {
            panic!("token form")
        };
        assert_eq!(map.len(), 6);
        assert_eq!(&query.text[map[3].0..map[3].0 + 1], "a");
    }

    #[test]
    fn errors_map_to_the_token_at_an_offset() {
        let (_, query) = parse(quote!(query Q { viweer }), &no_locations).expect("parses");
        let Form::Tokens(map) = &query.form else {
            panic!("token form")
        };
        let offset = query.text.find("viweer").expect("in the text");
        assert_eq!(map.iter().position(|(start, _)| *start == offset), Some(3));
        // Any offset inside the token maps to it (spans compare by location only in rustc,
        // so check through the map instead).
        let i = map.partition_point(|(start, _)| *start <= offset + 2);
        assert_eq!(i - 1, 3);
    }
}
