//! The errors a [`Client`](crate::Client) returns: one [`Error`] enum to match on, with
//! [`AuthError`] for everything about obtaining a token.
//!
//! No error holds a secret: tokens, passwords and client secrets never reach an error's text,
//! and the excerpts of response bodies they carry have every secret the client knows redacted.

use std::fmt;
use std::time::Duration;

use crate::GraphQLError;

/// Everything [`Client::execute`](crate::Client::execute) can fail with.
///
/// HTTP statuses the APIs document have their own variant; any other non-success status is
/// [`Error::UnexpectedStatus`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `400`: the request was incomplete or malformed (for most servers, also an invalid
    /// GraphQL document).
    #[error("bad request (HTTP 400){}", .0.summary())]
    BadRequest(ErrorResponse),
    /// `401` for a request sent with a token, after one retry with a renewed token (or for an
    /// unauthenticated request).
    #[error("unauthorized (HTTP 401){}", .0.summary())]
    Unauthorized(ErrorResponse),
    /// `402`: the server rejected the request's parameters.
    #[error("invalid parameters (HTTP 402){}", .0.summary())]
    InvalidParameters(ErrorResponse),
    /// `404`: the resource (e.g. the id passed) does not exist, or the endpoint is wrong.
    #[error("not found (HTTP 404){}", .0.summary())]
    NotFound(ErrorResponse),
    /// `429`: over the server's rate limit, and the retries the
    /// [`RetryPolicy`](crate::RetryPolicy) allows after a `429` are used up (or the wait asked
    /// is longer than it accepts). `retry_after` is the last response's `Retry-After`
    /// (delta-seconds or HTTP-date), `None` when missing or unreadable.
    #[error("rate limited (HTTP 429){}", match .retry_after {
        Some(d) => format!(", retry after {} s", d.as_secs()),
        None => String::new(),
    })]
    RateLimited {
        /// The last response's `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// The limiter granted no permit, and nothing was sent: the operation's quota
    /// ([`LimitsBuilder::operation_quota`](crate::limit::LimitsBuilder::operation_quota)) is used
    /// up ([`LimitError::QuotaExhausted`](crate::LimitError::QuotaExhausted)), or the shared
    /// backend (Redis) is unreachable and the limiter fails closed
    /// ([`LimitError::BackendUnreachable`](crate::LimitError::BackendUnreachable)).
    #[error(transparent)]
    Limiter(#[from] crate::limit::LimitError),
    /// A `5xx` status.
    #[error("server error (HTTP {}){}", .0.status, .0.summary())]
    Server(ErrorResponse),
    /// Any other non-success status (3xx not followed, 403, 405, 409, ...).
    #[error("unexpected HTTP status {}{}", .0.status, .0.summary())]
    UnexpectedStatus(ErrorResponse),
    /// The server answered with GraphQL `errors`; `data` is whatever partial data came with them.
    #[error("GraphQL error: {}", graphql_summary(.errors))]
    GraphQL {
        /// The response's `errors` (never empty).
        errors: Vec<GraphQLError>,
        /// The response's `data`, as JSON: `None` when it was missing or `null`.
        data: Option<serde_json::Value>,
    },
    /// The request could not be sent or its response not read (connection refused or reset, DNS,
    /// TLS, ...). Its `source()` is the HTTP stack's error.
    #[error(transparent)]
    Transport(TransportError),
    /// The request (or the token request) took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The response was not the JSON a GraphQL server sends.
    #[error("cannot decode the response (HTTP {status}): {message}; body: {excerpt}")]
    Decode {
        /// The response's HTTP status.
        status: u16,
        /// What could not be read, and where.
        message: String,
        /// The start of the body (or of its `data`), secrets redacted.
        excerpt: Excerpt,
    },
    /// The response body is larger than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes), 64 MiB
    /// by default): refused by its `Content-Length` before anything was read, or as soon as the
    /// bytes read passed the limit. The rest is not read and the connection is closed. Not
    /// retried.
    #[error("{} (HTTP {status})", too_large(*.limit, *.content_length))]
    ResponseTooLarge {
        /// The response's HTTP status.
        status: u16,
        /// The client's limit, in bytes.
        limit: u64,
        /// The `Content-Length` the server declared, if it declared one.
        content_length: Option<u64>,
    },
    /// No token could be obtained.
    #[error("authentication failed: {0}")]
    Auth(#[from] AuthError),
    /// The variables could not be serialized to JSON.
    #[error("cannot serialize the variables: {0}")]
    Variables(String),
}

/// Why a request could not be sent or its response not read: a message naming every cause
/// (never the URL's query string or credentials), and, as its
/// [`source`](std::error::Error::source), the HTTP stack's own error (a `reqwest::Error`
/// today: downcast it to look closer; its URL is cut as
/// [`shown_url`](crate::redact::shown_url) cuts it).
#[derive(Debug)]
pub struct TransportError {
    message: String,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// `message` (already free of secrets), caused by `source`.
    pub(crate) fn new(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> TransportError {
        TransportError {
            message: message.into(),
            source: source.into(),
        }
    }

    /// What went wrong, with its causes: the error's text after `transport error: `
    /// (`cannot connect: ...` when no connection could be made).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The text of a body over the limit: what, and what to do.
pub(crate) fn too_large(limit: u64, content_length: Option<u64>) -> String {
    let hint = "(raise ClientBuilder::max_response_bytes if such responses are expected)";
    match content_length {
        Some(length) => format!(
            "the response body declares {length} bytes (Content-Length), over the {limit} bytes \
             this client accepts; it was not read and the connection was closed {hint}"
        ),
        None => format!(
            "the response body is longer than the {limit} bytes this client accepts; the rest \
             was not read and the connection was closed {hint}"
        ),
    }
}

/// A non-success HTTP response: its status, the GraphQL `errors` of its body when it holds
/// some, and a short excerpt of the body.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The `errors` of a GraphQL response body; empty when the body holds none.
    pub errors: Vec<GraphQLError>,
    /// The start of the body, secrets redacted.
    pub excerpt: Excerpt,
}

impl ErrorResponse {
    /// `": first error message"` or `": body excerpt"`, for the error's text.
    fn summary(&self) -> String {
        if !self.errors.is_empty() {
            format!(": {}", graphql_summary(&self.errors))
        } else if self.excerpt.is_empty() {
            String::new()
        } else {
            format!(": {}", self.excerpt)
        }
    }
}

fn graphql_summary(errors: &[GraphQLError]) -> String {
    match errors {
        [] => "(no message)".to_string(),
        [only] => only.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

/// Why no token could be obtained. Cloned to every caller that waited for the same token
/// request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The provider rejected the credentials (`invalid_client`, `invalid_grant`, `400`/`401`
    /// from a token endpoint, an error from a sign-in mutation). They are not tried again:
    /// every later request gets this error without contacting the provider until the
    /// credentials are reset or replaced ([`Client::reset_auth`](crate::Client::reset_auth),
    /// [`Client::set_token_source`](crate::Client::set_token_source)), because providers lock
    /// an account after a few failed logins.
    #[error(
        "the credentials were rejected: {reason} (not retried; reset or replace the credentials)"
    )]
    CredentialsRejected {
        /// What the provider answered (an OAuth2 `error` and its description, a status, the
        /// sign-in mutation's error message).
        reason: String,
    },
    /// The token endpoint could not be reached or answered `5xx`/`408`/`429`; retried with
    /// backoff, and this after `attempts` tries.
    #[error("the token endpoint is unavailable after {attempts} attempt(s): {message}")]
    Unavailable {
        /// The last attempt's failure.
        message: String,
        /// How many token requests were made.
        attempts: u32,
    },
    /// The token endpoint answered with a status that is neither success nor a rejection of
    /// the credentials (e.g. `404`: a wrong token URL). Not retried.
    #[error("the token endpoint answered HTTP {status}: {excerpt}")]
    UnexpectedStatus {
        /// The token endpoint's HTTP status.
        status: u16,
        /// The start of its body, secrets redacted.
        excerpt: Excerpt,
    },
    /// The token endpoint's answer is not a usable token (not JSON, no `access_token`, a
    /// token type other than `Bearer`). Not retried.
    #[error("invalid token response: {message}; body: {excerpt}")]
    InvalidResponse {
        /// What is wrong with it.
        message: String,
        /// The start of the body, secrets redacted.
        excerpt: Excerpt,
    },
    /// The token source is misconfigured (reported before any request is sent).
    #[error("invalid token source configuration: {0}")]
    Config(String),
}

impl AuthError {
    /// Whether the token request may succeed when tried again (transport errors, `5xx`).
    pub fn is_transient(&self) -> bool {
        matches!(self, AuthError::Unavailable { .. })
    }
}

/// An error building a [`Client`](crate::Client).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The endpoint or token URL is not a URL.
    #[error("invalid URL {url:?}: {message}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it does not parse.
        message: String,
    },
    /// An `http://` URL that is not on a loopback address, without
    /// [`ClientBuilder::allow_insecure_http`](crate::ClientBuilder::allow_insecure_http).
    #[error("refusing the plain-HTTP URL {0} (tokens would travel unencrypted): use https://, or allow_insecure_http()")]
    InsecureUrl(String),
    /// A user name or password in a URL where the client cannot send it: the endpoint's
    /// together with a token source (two `Authorization` headers), or a token source's URL.
    #[error("the URL {url} holds a user name or password: {hint}")]
    CredentialsInUrl {
        /// The URL, without its user name, password and query string.
        url: String,
        /// Why it cannot be used, and what to do instead.
        hint: String,
    },
    /// An extra header whose name or value is not valid HTTP.
    #[error("invalid header {0:?}")]
    InvalidHeader(String),
    /// The `Authorization` header is set by the token source, not as an extra header.
    #[error("the Authorization header cannot be set as an extra header: use a token source")]
    AuthorizationHeader,
    /// The limits given to [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit)
    /// would never let a request through.
    #[error("invalid limits: {0}")]
    Limits(crate::limit::LimitsConfigError),
    /// The HTTP client could not be created.
    #[error("cannot create the HTTP client: {0}")]
    Http(String),
}

/// At most this many characters of a body are kept in an [`Excerpt`].
pub const EXCERPT_CHARS: usize = 200;

/// A short excerpt of a response body for error messages: at most 200 characters
/// (`EXCERPT_CHARS`), with every secret the client knows replaced by `[redacted]` in any
/// encoding a server may echo it in (JSON escapes, percent encoding, base64). Displayed quoted
/// and escaped, so control characters and HTML cannot garble a log line.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    text: String,
    truncated: bool,
}

impl Excerpt {
    /// An excerpt of text already cut and redacted (see `redact::Secrets::excerpt`, the only
    /// way a body becomes an excerpt).
    pub(crate) fn from_parts(text: String, truncated: bool) -> Excerpt {
        Excerpt { text, truncated }
    }

    /// The excerpt's text (without quotes or escapes).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the body was longer than the excerpt.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Whether the body was empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text.is_empty() {
            return f.write_str("(empty)");
        }
        write!(f, "{:?}", self.text)?;
        if self.truncated {
            f.write_str("...")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::redact::Secrets;

    #[test]
    fn excerpt_redacts_secrets_and_truncates_on_char_boundaries() {
        let body = format!("token abc123 is bad {}", "é".repeat(300));
        let excerpt = Secrets::new()
            .add("abc123")
            .add("")
            .excerpt(body.as_bytes());
        assert!(excerpt.as_str().starts_with("token [redacted] is bad é"));
        assert_eq!(excerpt.as_str().chars().count(), EXCERPT_CHARS);
        assert!(excerpt.is_truncated());
        assert!(excerpt.to_string().ends_with("é\"..."));
    }

    #[test]
    fn excerpt_escapes_control_characters_and_shows_empty_bodies() {
        let none = Secrets::new();
        let excerpt = none.excerpt(b"<html>\n\x1b[31m");
        assert_eq!(excerpt.to_string(), r#""<html>\n\u{1b}[31m""#);
        assert_eq!(none.excerpt(b"").to_string(), "(empty)");
        assert_eq!(none.excerpt(&[0xff, b'a']).as_str(), "\u{fffd}a");
    }

    #[test]
    fn error_text_names_status_and_first_graphql_error() {
        let response = ErrorResponse {
            status: 400,
            errors: vec![
                serde_json::from_str(r#"{"message":"IsActive cannot be null."}"#).unwrap(),
                serde_json::from_str(r#"{"message":"second"}"#).unwrap(),
            ],
            excerpt: Excerpt::default(),
        };
        assert_eq!(
            Error::BadRequest(response).to_string(),
            "bad request (HTTP 400): IsActive cannot be null. (and 1 more)"
        );
        assert_eq!(
            Error::RateLimited {
                retry_after: Some(Duration::from_secs(60))
            }
            .to_string(),
            "rate limited (HTTP 429), retry after 60 s"
        );
    }
}
