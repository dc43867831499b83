//! Where the client's tokens come from: the [`TokenSource`] trait and the sources shipped with
//! gqlforge ([`StaticToken`], [`ClientCredentials`], [`SignIn`]).
//!
//! A source only knows how to obtain one token. Everything around it — caching, renewal ahead
//! of expiry, one request at a time however many callers wait (single-flight), invalidation on
//! `401`, retries of transient failures, and the lock-out guard that never retries rejected
//! credentials — is the client's token cache (`cache.rs`), the same for every source.

mod cache;
mod client_credentials;
mod jwt;
mod sign_in;
mod static_token;

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;

pub(crate) use cache::{CachedToken, TokenCache, DEFAULT_TOKEN_BACKOFF};
pub use client_credentials::{ClientCredentials, CredentialPlacement};
pub use sign_in::SignIn;
pub use static_token::StaticToken;

use crate::AuthError;

/// A boxed, sendable future: what [`TokenSource::fetch`] returns (object-safe async); the
/// same type as [`crate::limit::BoxFuture`].
pub use crate::limit::BoxFuture;

/// The lifetime assumed for a token that states none (no `expires_in`, not a JWT with `exp`).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// Obtains access tokens. Implement it to plug in your own authentication; the client caches
/// what it returns and calls [`fetch`](TokenSource::fetch) only when it needs a new token, one
/// call at a time.
///
/// The error returned decides what happens next:
/// - [`AuthError::CredentialsRejected`]: the provider refused the credentials. The client
///   remembers it and answers it to every request, without calling `fetch` again, until
///   [`Client::reset_auth`](crate::Client::reset_auth) or
///   [`Client::set_token_source`](crate::Client::set_token_source).
/// - [`AuthError::Unavailable`] (transport errors, `5xx`): retried with a bounded backoff.
/// - anything else: returned to the callers waiting for this token; the next request tries again.
pub trait TokenSource: Send + Sync + 'static {
    /// Obtains a new token. `context.previous()` is the last token obtained, if any (a source
    /// with refresh tokens can renew it).
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>>;

    /// Whether calling [`fetch`](TokenSource::fetch) again can give a different token. When
    /// false (a static token), a `401` is returned at once instead of retried.
    fn renewable(&self) -> bool {
        true
    }

    /// The URLs this source sends credentials to, checked by
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) like the endpoint (`https://`, or
    /// `http://` on loopback only).
    fn urls(&self) -> Vec<String> {
        Vec::new()
    }
}

/// What a [`TokenSource`] gets to work with: the endpoint, the previous token, and the
/// client's HTTP client behind [`post_form`](TokenContext::post_form) and
/// [`post_json`](TokenContext::post_json) — gqlforge's own types, so that a source does not
/// depend on the HTTP library's version.
#[derive(Clone, Copy)]
pub struct TokenContext<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) endpoint: &'a reqwest::Url,
    pub(crate) previous: Option<&'a Token>,
    pub(crate) max_response_bytes: u64,
}

impl<'a> TokenContext<'a> {
    /// The GraphQL endpoint the client sends operations to (without user name and password).
    pub fn endpoint(&self) -> &'a str {
        self.endpoint.as_str()
    }

    /// The last token obtained (expiring, expired or rejected by the API), if any.
    pub fn previous(&self) -> Option<&'a Token> {
        self.previous
    }

    /// The largest response body the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes));
    /// [`post_form`](Self::post_form) and [`post_json`](Self::post_json) hold to it.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// POSTs `form` to `url` as `application/x-www-form-urlencoded` (RFC 6749 appendix B),
    /// with `Accept: application/json` and `headers` (whose values are never logged), through
    /// the client's HTTP client (its timeouts, user agent, TLS settings and same-origin
    /// redirects). The answer is its status, headers and body, whatever the status; the body
    /// is held to [`max_response_bytes`](Self::max_response_bytes).
    ///
    /// Errors: a `url` that is not a URL is [`AuthError::Config`]; no answer (transport
    /// error, timeout) is [`AuthError::Unavailable`] (retried by the client); a body over the
    /// limit is [`AuthError::InvalidResponse`]. No error shows the URL's query string.
    pub async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Result<HttpResponse, AuthError> {
        self.post(
            url,
            "application/x-www-form-urlencoded",
            form_body(form).into_bytes(),
            headers,
        )
        .await
    }

    /// POSTs `body` as `application/json` to `url`, as [`post_form`](Self::post_form) does
    /// (`headers` may replace the `Accept` header, e.g. for a GraphQL server).
    pub async fn post_json(
        &self,
        url: &str,
        body: &serde_json::Value,
        headers: &[(&str, &str)],
    ) -> Result<HttpResponse, AuthError> {
        self.post(
            url,
            "application/json",
            body.to_string().into_bytes(),
            headers,
        )
        .await
    }

    async fn post(
        &self,
        url: &str,
        content_type: &str,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Result<HttpResponse, AuthError> {
        use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};

        let parsed = reqwest::Url::parse(url).map_err(|e| {
            AuthError::Config(format!("token URL {}: {e}", crate::redact::shown_url(url)))
        })?;
        let mut request = self
            .http
            .post(parsed)
            .header(CONTENT_TYPE, content_type)
            .header(ACCEPT, "application/json");
        let mut extra = reqwest::header::HeaderMap::new();
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| AuthError::Config(format!("invalid header name {name:?}")))?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                AuthError::Config(format!("the value of header {name} is not valid HTTP"))
            })?;
            value.set_sensitive(true);
            extra.append(name, value);
        }
        // Set after the defaults, which they replace.
        request = request.headers(extra).body(body);
        let response = request.send().await.map_err(|e| AuthError::Unavailable {
            message: crate::redact::transport_message(&e),
            attempts: 1,
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
            .collect();
        let body = read_body(response, self).await?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

impl fmt::Debug for TokenContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenContext")
            .field(
                "endpoint",
                &crate::redact::shown_url(self.endpoint.as_str()),
            )
            .field("previous", &self.previous)
            .finish()
    }
}

/// The answer to [`TokenContext::post_form`] or [`TokenContext::post_json`]: status,
/// headers and body, read whole (within the client's `max_response_bytes`). Its `Debug`
/// shows the status and the header names only: a body may hold a token.
#[derive(Clone)]
pub struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of the header `name` (any case), if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// An access token, how long it is valid, and an optional refresh token. Its `Debug` shows
/// neither token.
#[derive(Clone)]
pub struct Token {
    access_token: SecretString,
    expires_in: Option<Duration>,
    refresh_token: Option<SecretString>,
}

impl Token {
    /// A token valid until the API rejects it.
    pub fn new(access_token: impl Into<SecretString>) -> Token {
        Token {
            access_token: access_token.into(),
            expires_in: None,
            refresh_token: None,
        }
    }

    /// The token expires `expires_in` after it was requested. Any duration: one over 366
    /// days is taken as 366 days (the token is renewed after a year).
    pub fn with_expires_in(mut self, expires_in: Duration) -> Token {
        self.expires_in = Some(expires_in);
        self
    }

    /// A refresh token, available to the source's next fetch through
    /// [`TokenContext::previous`].
    pub fn with_refresh_token(mut self, refresh_token: impl Into<SecretString>) -> Token {
        self.refresh_token = Some(refresh_token.into());
        self
    }

    /// The access token, sent as `Authorization: Bearer <token>`.
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// How long the token is valid from when it was requested; `None`: until the API
    /// rejects it (it is then renewed only after a `401`).
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    /// The refresh token the source got with this token, if any.
    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.refresh_token.as_ref()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &crate::redact::REDACTED)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| crate::redact::REDACTED),
            )
            .finish()
    }
}

/// `value` encoded as `application/x-www-form-urlencoded` does (RFC 6749 appendix B, the
/// WHATWG URL standard's serializer): ASCII letters, digits and `*-._` kept, space as `+`,
/// every other byte of the UTF-8 encoding as `%XX`.
pub(crate) fn form_urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `name=value&...`, each part [`form_urlencode`]d.
pub(crate) fn form_body(pairs: &[(&str, &str)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", form_urlencode(name), form_urlencode(value)))
        .collect();
    encoded.join("&")
}

/// The body of a token endpoint's response, within the client's
/// [`max_response_bytes`](crate::ClientBuilder::max_response_bytes).
async fn read_body(
    response: reqwest::Response,
    context: &TokenContext<'_>,
) -> Result<Vec<u8>, AuthError> {
    crate::body::read_limited(response, context.max_response_bytes)
        .await
        .map_err(|error| match error {
            crate::body::BodyError::Transport(error) => AuthError::Unavailable {
                message: crate::redact::transport_message(&error),
                attempts: 1,
            },
            crate::body::BodyError::TooLarge { limit, declared } => AuthError::InvalidResponse {
                message: crate::error::too_large(limit, declared),
                excerpt: crate::Excerpt::default(),
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_follows_rfc_6749_appendix_b() {
        assert_eq!(form_urlencode("abc-._*~XYZ09"), "abc-._*%7EXYZ09");
        assert_eq!(
            form_urlencode("a b+c&d=e%f/g:h"),
            "a+b%2Bc%26d%3De%25f%2Fg%3Ah"
        );
        assert_eq!(form_urlencode("é€"), "%C3%A9%E2%82%AC");
        assert_eq!(
            form_body(&[("grant_type", "client_credentials"), ("scope", "GQL x")]),
            "grant_type=client_credentials&scope=GQL+x"
        );
    }

    #[test]
    fn token_debug_hides_both_tokens() {
        let token = Token::new("access-XYZ")
            .with_refresh_token("refresh-XYZ")
            .with_expires_in(Duration::from_secs(5));
        let text = format!("{token:?}");
        assert!(!text.contains("XYZ"), "{text}");
        assert_eq!(
            text,
            "Token { access_token: \"[redacted]\", expires_in: Some(5s), refresh_token: Some(\"[redacted]\") }"
        );
    }
}
