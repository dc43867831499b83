//! The one home of redaction: what the client knows to be secret (tokens, passwords, client
//! secrets, extra header values, a URL's password) and every way a server may echo it back.
//!
//! A server that echoes what it was sent seldom echoes it byte for byte: a token comes back
//! inside JSON (`\/`, `\"`, `\u00e9`, surrogate pairs), a form-encoded secret as
//! `s3cr%2Fet%2BKEY%3D`, a Basic credential as base64. `Secrets::redact` replaces each
//! secret in any of these forms, mixed within one occurrence, with `[redacted]`:
//!
//! - text: each character of the secret literally, as a JSON escape (`\/`, `\"`, `\\`,
//!   `\n`..., `\uXXXX` in either case, a surrogate pair), or each of its UTF-8 bytes as `%XX`
//!   (either case; `+` for a space) or `\xNN` (a header value's bytes in a `Debug` output);
//! - base64 (standard and URL-safe alphabets): of the `user:secret` pair of a Basic header,
//!   exactly as sent and unencoded, and of the secret itself (raw and form-encoded) at each of
//!   the three alignments it can have inside a longer base64 text, so that it is found in
//!   `base64(anything + secret + anything)`.
//!
//! Every place that shows a server's text (error excerpts, GraphQL error messages, OAuth2
//! error descriptions, messages built from a parser's error) goes through `Secrets`; types
//! holding secrets print [`REDACTED`] in their `Debug`. [`shown_url`] is a URL as messages,
//! `Debug` output and generated files may show it.

use std::borrow::Cow;
use std::cell::OnceCell;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Excerpt, EXCERPT_CHARS};

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Base64 forms shorter than this are not searched for at every alignment (a short core
/// would match unrelated base64 text); the secret's own full encoding always is.
const MIN_BASE64_CORE: usize = 8;

/// The secrets a text must not show. Cheap to build (nothing is derived until the first
/// [`Secrets::redact`]), so it is made wherever a text is about to be shown.
#[derive(Default)]
pub(crate) struct Secrets<'a> {
    /// Matched in any text encoding (see the module's documentation).
    texts: Vec<Cow<'a, str>>,
    /// `(user, password)` of a Basic credential: the base64 of the pair is a secret too.
    basic: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// The base64 forms, derived on first use.
    base64: OnceCell<Vec<String>>,
}

impl<'a> Secrets<'a> {
    /// No secrets.
    pub(crate) fn new() -> Secrets<'a> {
        Secrets::default()
    }

    /// Adds `secret` (ignored when empty).
    pub(crate) fn add(&mut self, secret: &'a str) -> &mut Secrets<'a> {
        self.push(Cow::Borrowed(secret))
    }

    /// Adds a [`SecretString`]'s value.
    pub(crate) fn add_secret(&mut self, secret: &'a SecretString) -> &mut Secrets<'a> {
        self.add(secret.expose_secret())
    }

    /// Adds an owned secret (one found in a body, e.g. a token a malformed answer carried).
    pub(crate) fn add_owned(&mut self, secret: SecretString) -> &mut Secrets<'a> {
        self.push(Cow::Owned(secret.expose_secret().to_string()))
    }

    /// Adds the password of a Basic credential and the credential itself: base64 of
    /// `user:password` as sent (both form-encoded first, as RFC 6749 asks) and unencoded.
    pub(crate) fn add_basic(&mut self, user: &'a str, password: &'a str) -> &mut Secrets<'a> {
        self.basic
            .push((Cow::Borrowed(user), Cow::Borrowed(password)));
        self.add(password)
    }

    fn push(&mut self, secret: Cow<'a, str>) -> &mut Secrets<'a> {
        if !secret.is_empty() && !self.texts.contains(&secret) {
            self.texts.push(secret);
            self.base64 = OnceCell::new();
        }
        self
    }

    /// Whether there is nothing to redact.
    pub(crate) fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The longest any secret can be in the text, in bytes, in any of the forms searched
    /// (a `\uXXXX` escape per byte is the longest).
    fn longest_form(&self) -> usize {
        let texts = self.texts.iter().map(|s| s.len() * 6);
        let base64 = self.base64_forms().iter().map(String::len);
        texts.chain(base64).max().unwrap_or(0)
    }

    fn base64_forms(&self) -> &[String] {
        self.base64.get_or_init(|| {
            let mut forms = Vec::new();
            for (user, password) in &self.basic {
                let sent = format!(
                    "{}:{}",
                    crate::auth::form_urlencode(user),
                    crate::auth::form_urlencode(password)
                );
                for pair in [sent, format!("{user}:{password}")] {
                    forms.push(STANDARD.encode(&pair));
                    forms.push(URL_SAFE.encode(&pair));
                }
            }
            for secret in &self.texts {
                let encoded = crate::auth::form_urlencode(secret);
                for text in [secret.as_ref(), encoded.as_str()] {
                    forms.push(STANDARD.encode(text));
                    base64_cores(text.as_bytes(), &mut forms);
                }
            }
            forms.retain(|f| !f.is_empty());
            forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            forms.dedup();
            forms
        })
    }

    /// `text` with every secret, in any form searched, replaced by [`REDACTED`].
    pub(crate) fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.redact_until(text, usize::MAX).0
    }

    /// [`Secrets::redact`] of the start of `text`, stopping once `max_chars` characters are
    /// written; also where in `text` it stopped.
    fn redact_until<'t>(&self, text: &'t str, max_chars: usize) -> (Cow<'t, str>, usize) {
        if self.is_empty() {
            return match text.char_indices().nth(max_chars) {
                Some((at, _)) => (Cow::Borrowed(&text[..at]), at),
                None => (Cow::Borrowed(text), text.len()),
            };
        }
        let base64 = self.base64_forms();
        let bytes = text.as_bytes();
        let mut out: Option<String> = None;
        // Bytes before `copied` are already in `out` (or need no change).
        let mut copied = 0;
        let mut written = 0;
        let mut i = 0;
        while i < bytes.len() && written < max_chars {
            let end = self
                .texts
                .iter()
                .filter_map(|secret| match_encoded(bytes, i, secret))
                .chain(
                    base64
                        .iter()
                        .filter(|form| bytes[i..].starts_with(form.as_bytes()))
                        .map(|form| i + form.len()),
                )
                .max();
            match end {
                Some(end) => {
                    let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                    out.push_str(&text[copied..i]);
                    out.push_str(REDACTED);
                    written += REDACTED.len();
                    // Matches start on a character boundary (no form starts with a UTF-8
                    // continuation byte); one could end inside a character only in broken
                    // text: go on at a boundary.
                    i = end;
                    while !text.is_char_boundary(i) {
                        i += 1;
                    }
                    copied = i;
                }
                None => {
                    i += 1;
                    while !text.is_char_boundary(i) {
                        i += 1;
                    }
                    written += 1;
                }
            }
        }
        let redacted = match out {
            None => Cow::Borrowed(&text[..i]),
            Some(mut out) => {
                out.push_str(&text[copied..i]);
                Cow::Owned(out)
            }
        };
        (redacted, i)
    }

    /// [`Secrets::redact`] into a `String`.
    pub(crate) fn redacted(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }

    /// The [`Excerpt`] of a body: its first [`EXCERPT_CHARS`] characters, redacted. Only as
    /// much of the body is read as that needs (every secret that begins among those
    /// characters read whole), however long the body is.
    pub(crate) fn excerpt(&self, body: &[u8]) -> Excerpt {
        // A `\uXXXX` per byte is the longest form a text secret takes; the margin covers a
        // character cut by the window, which the lossy conversion turns into U+FFFD.
        let longest = self.longest_form() + 4;
        let mut window = (EXCERPT_CHARS * 4 + longest).min(body.len());
        loop {
            let start = String::from_utf8_lossy(&body[..window]);
            let (text, stopped) = self.redact_until(&start, EXCERPT_CHARS + 1);
            let complete = window == body.len() || stopped + longest <= start.len();
            if complete {
                let mut chars = text.char_indices();
                return match chars.nth(EXCERPT_CHARS) {
                    Some((at, _)) => Excerpt::from_parts(text[..at].to_string(), true),
                    None => Excerpt::from_parts(text.into_owned(), false),
                };
            }
            window = (window * 2).min(body.len());
        }
    }
}

/// The base64 of `secret` as it appears inside a longer base64 text, at each of the three
/// alignments (the secret starting at a byte offset ≡ 0, 1, 2 mod 3): the characters that
/// depend on the secret's bytes only. Standard and URL-safe alphabets.
fn base64_cores(secret: &[u8], forms: &mut Vec<String>) {
    for offset in 0..3usize {
        let mut padded = vec![0u8; offset];
        padded.extend_from_slice(secret);
        let encoded = STANDARD_NO_PAD.encode(&padded);
        // The characters holding bits of the leading padding, and past the last whole
        // 6 bits of the secret.
        let skip = (offset * 8).div_ceil(6);
        let end = (padded.len() * 8) / 6;
        if end > skip && end - skip >= MIN_BASE64_CORE {
            let core = &encoded[skip..end];
            forms.push(core.to_string());
            let url_safe = URL_SAFE_NO_PAD.encode(&padded);
            forms.push(url_safe[skip..end].to_string());
        }
    }
}

/// Where a match of `secret` starting at `text[at]` ends, each character of the secret
/// literal, JSON-escaped, or percent-encoded (see the module's documentation).
fn match_encoded(text: &[u8], at: usize, secret: &str) -> Option<usize> {
    let secret = secret.as_bytes();
    let (mut i, mut k) = (at, 0);
    while k < secret.len() {
        let b = secret[k];
        let c = *text.get(i)?;
        if c == b {
            i += 1;
            k += 1;
        } else if c == b'%' {
            let decoded = hex_byte(text.get(i + 1..i + 3)?)?;
            if decoded != b {
                return None;
            }
            i += 3;
            k += 1;
        } else if c == b'+' && b == b' ' {
            i += 1;
            k += 1;
        } else if c == b'\\' && text.get(i + 1) == Some(&b'x') {
            // `\xNN`: a byte as Rust's and many other languages' `Debug` write it.
            if hex_byte(text.get(i + 2..i + 4)?)? != b {
                return None;
            }
            i += 4;
            k += 1;
        } else if c == b'\\' {
            let (ch, len) = json_escape(&text[i..])?;
            let mut buf = [0u8; 4];
            let utf8 = ch.encode_utf8(&mut buf).as_bytes();
            if !secret[k..].starts_with(utf8) {
                return None;
            }
            i += len;
            k += utf8.len();
        } else {
            return None;
        }
    }
    Some(i)
}

/// The character a JSON escape at the start of `text` stands for, and the escape's length.
fn json_escape(text: &[u8]) -> Option<(char, usize)> {
    let short = match text.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex_u16(text.get(2..6)?)?;
            if (0xD800..0xDC00).contains(&unit) {
                // A high surrogate: the low one must follow as `\uXXXX`.
                if text.get(6..8)? != b"\\u" {
                    return None;
                }
                let low = hex_u16(text.get(8..12)?)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                return Some((char::from_u32(code)?, 12));
            }
            return Some((char::from_u32(u32::from(unit))?, 6));
        }
        _ => return None,
    };
    Some((short, 2))
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(digits).ok()?;
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(text, 16).ok()
}

fn hex_u16(digits: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(digits).ok()?;
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

/// The string values of the keys `keys` anywhere in a JSON text, read leniently: the text may
/// be truncated or malformed (a value cut off by the end of the text runs to its end). For
/// bodies that could not be parsed but may hold tokens: what is found is redacted from
/// whatever is shown of the body.
pub(crate) fn json_string_values(body: &[u8], keys: &[&str]) -> Vec<SecretString> {
    let mut found = Vec::new();
    for key in keys {
        let quoted = format!("\"{key}\"");
        let mut from = 0;
        while let Some(pos) = find(&body[from..], quoted.as_bytes()) {
            let mut i = from + pos + quoted.len();
            from = i;
            while body.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if body.get(i) != Some(&b':') {
                continue;
            }
            i += 1;
            while body.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if body.get(i) != Some(&b'"') {
                continue;
            }
            i += 1;
            let mut value = Vec::new();
            while let Some(&c) = body.get(i) {
                match c {
                    b'"' => break,
                    b'\\' => match json_escape(&body[i..]) {
                        Some((ch, len)) => {
                            let mut buf = [0u8; 4];
                            value.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            i += len;
                        }
                        // A malformed or cut-off escape: keep its text.
                        None => {
                            value.push(c);
                            i += 1;
                        }
                    },
                    _ => {
                        value.push(c);
                        i += 1;
                    }
                }
            }
            from = i;
            let value = String::from_utf8_lossy(&value).into_owned();
            if !value.is_empty() {
                found.push(SecretString::from(value));
            }
        }
    }
    found
}

/// What is wrong with a JSON text that may hold tokens, without the values serde_json quotes
/// in some messages (`invalid type: string "..."`): syntax errors and missing fields as
/// serde_json words them, a value of the wrong type by its position only.
pub(crate) fn json_error(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("at line {} column {}", error.line(), error.column());
    match error.classify() {
        Category::Eof => format!("the body ends too early (truncated?) {at}"),
        Category::Data => {
            let text = error.to_string();
            if text.starts_with("missing field") || text.starts_with("duplicate field") {
                text
            } else {
                format!("a value of the wrong type {at}")
            }
        }
        Category::Syntax | Category::Io => error.to_string(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `text` (e.g. a Redis error) with `secret` (the password it logged in with), in any form
/// [`Secrets`] searches, redacted.
#[cfg(feature = "redis")]
pub(crate) fn without_secret(text: &str, secret: Option<&str>) -> String {
    let mut secrets = Secrets::new();
    if let Some(secret) = secret {
        secrets.add(secret);
    }
    secrets.redacted(text)
}

/// The text of a transport error: what failed and its causes, without reqwest's own text
/// (which names the URL, query string included).
pub(crate) fn transport_message(error: &reqwest::Error) -> String {
    match transport_detail(error) {
        detail if error.is_timeout() || error.is_connect() => detail,
        detail => format!("transport error: {detail}"),
    }
}

/// [`transport_message`] without the words "transport error" (for a message that says it
/// already): `cannot connect` or `timed out` when that is what happened, then the causes.
pub(crate) fn transport_detail(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    if error.is_timeout() {
        parts.push("timed out".to_string());
    } else if error.is_connect() {
        parts.push("cannot connect".to_string());
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    if parts.is_empty() {
        parts.push("the connection failed".to_string());
    }
    parts.join(": ")
}

/// `error` with its URL cut as [`shown_url`] cuts it: reqwest's own text names the URL, and
/// the error is kept as the source of [`Error::Transport`](crate::Error::Transport).
pub(crate) fn url_shown(mut error: reqwest::Error) -> reqwest::Error {
    let shown = error
        .url()
        .map(|url| reqwest::Url::parse(&shown_url(url.as_str())));
    match (error.url_mut(), shown) {
        (Some(url), Some(Ok(shown))) => *url = shown,
        (Some(_), _) => return error.without_url(),
        (None, _) => {}
    }
    error
}

/// `url` as messages, `Debug` output and generated files show it: scheme, host, port and
/// path; the user name and password, the query string (it may hold an API key) and the
/// fragment are left out. Text that is not a URL is cut the same way, as text.
pub fn shown_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.has_host() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.set_query(None);
            parsed.set_fragment(None);
            parsed.to_string()
        }
        _ => {
            let cut = url.find(['?', '#']).unwrap_or(url.len());
            let url = &url[..cut];
            match url.split_once("://") {
                Some((scheme, rest)) => {
                    let authority_end = rest.find('/').unwrap_or(rest.len());
                    match rest[..authority_end].rfind('@') {
                        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
                        None => url.to_string(),
                    }
                }
                None => url.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr/et+KEY=\"é€😀";

    fn secrets() -> Secrets<'static> {
        let mut secrets = Secrets::new();
        secrets.add(SECRET);
        secrets
    }

    #[test]
    fn every_text_encoding_of_a_secret_is_redacted() {
        let forms = [
            SECRET.to_string(),
            // JSON, as serde_json writes it and with every escape a server may choose.
            serde_json::to_string(SECRET)
                .unwrap()
                .trim_matches('"')
                .to_string(),
            r#"s3cr\/et+KEY=\"\u00e9\u20AC\ud83d\ude00"#.to_string(),
            r#"\u0073\u0033cr\/et\u002bKEY\u003d\u0022é€😀"#.to_string(),
            // Form and percent encoding, either case, mixed with literal characters.
            crate::auth::form_urlencode(SECRET),
            "s3cr%2fet%2bKEY%3d%22%c3%a9%E2%82%AC%F0%9F%98%80".to_string(),
            "s3cr/et%2BKEY=\"é€😀".to_string(),
            r#"s3cr/et+KEY=\"\xc3\xa9\xE2\x82\xAC😀"#.to_string(),
        ];
        for form in forms {
            let text = format!("before {form} after");
            assert_eq!(secrets().redact(&text), "before [redacted] after", "{form}");
        }
        assert_eq!(secrets().redact("no secret here"), "no secret here");
        assert!(matches!(secrets().redact("plain"), Cow::Borrowed(_)));
        // A space may come back as `+` (form encoding).
        let mut spaced = Secrets::new();
        spaced.add("a secret value");
        assert_eq!(spaced.redact("x=a+secret%20value&"), "x=[redacted]&");
    }

    #[test]
    fn base64_forms_are_redacted_at_any_alignment_and_in_basic_credentials() {
        let mut secrets = Secrets::new();
        secrets.add_basic("my client", SECRET);
        let sent = format!(
            "{}:{}",
            crate::auth::form_urlencode("my client"),
            crate::auth::form_urlencode(SECRET)
        );
        let basic = STANDARD.encode(sent);
        assert_eq!(
            secrets.redact(&format!("got Basic {basic}.")),
            "got Basic [redacted]."
        );
        let raw_pair = URL_SAFE.encode(format!("my client:{SECRET}"));
        assert!(!secrets.redact(&raw_pair).contains(&raw_pair[4..]));
        for prefix in ["", "x", "xy", "xyz", "a longer prefix!"] {
            for text in [SECRET.to_string(), crate::auth::form_urlencode(SECRET)] {
                let blob = STANDARD.encode(format!("{prefix}{text}-and more"));
                let redacted = secrets.redact(&blob);
                assert!(redacted.contains(REDACTED), "{prefix:?}: {blob}");
                // What is left around the mark cannot spell the secret.
                assert!(redacted.len() < blob.len(), "{prefix:?}");
            }
        }
    }

    #[test]
    fn excerpts_read_only_the_start_and_redact_secrets_across_the_cut() {
        let mut secrets = Secrets::new();
        secrets.add("TOKEN-xyz");
        // A secret straddling the 200th character is redacted, not cut in half.
        let body = format!(
            "{}TOKEN\\u002dxyz{}",
            "a".repeat(195),
            "b".repeat(10_000_000)
        );
        let excerpt = secrets.excerpt(body.as_bytes());
        assert!(excerpt.is_truncated());
        assert_eq!(excerpt.as_str().chars().count(), EXCERPT_CHARS);
        assert!(excerpt.as_str().ends_with("a[reda"), "{excerpt}");
        let short = secrets.excerpt(b"short TOKEN-xyz");
        assert_eq!(short.as_str(), "short [redacted]");
        assert!(!short.is_truncated());
        assert_eq!(Secrets::new().excerpt(b"").to_string(), "(empty)");
    }

    #[test]
    fn token_values_are_found_in_truncated_and_malformed_json() {
        let values = |body: &str| -> Vec<String> {
            json_string_values(body.as_bytes(), &["accessToken", "refreshToken"])
                .iter()
                .map(|s| s.expose_secret().to_string())
                .collect()
        };
        assert_eq!(
            values(
                r#"{"data":{"signIn":{"accessToken":"A\/1","refreshToken" : "R-2"}},"errors":{}}"#
            ),
            ["A/1", "R-2"]
        );
        assert_eq!(
            values(r#"{"data":{"signIn":{"accessToken":"AAA","refreshToken":"RR"#),
            ["AAA", "RR"]
        );
        assert_eq!(
            values(r#"{"accessToken": 7, "x": "accessToken"}"#),
            Vec::<String>::new()
        );
    }

    #[test]
    fn urls_are_shown_without_credentials_query_or_fragment() {
        assert_eq!(
            shown_url("https://user:p%40ss@api.example/graphql?api_key=k#top"),
            "https://api.example/graphql"
        );
        assert_eq!(
            shown_url("http://127.0.0.1:8080/a@b?x"),
            "http://127.0.0.1:8080/a@b"
        );
        assert_eq!(shown_url("not a url?key=1"), "not a url");
        assert_eq!(shown_url("weird://u:p@host?k"), "weird://host");
    }
}
