//! [`ClientBuilder`]: the client's configuration, checked once, at [`ClientBuilder::build`].

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, USER_AGENT};
use secrecy::SecretString;

use super::origin::{check_url, same_origin_redirects, take_url_credentials};
use super::{Client, Inner, ABANDONED_REQUEST_LIMIT, DEFAULT_RENEW_BEFORE, DEFAULT_TIMEOUT};
use crate::auth::{StaticToken, TokenCache, TokenSource};
use crate::body::DEFAULT_MAX_RESPONSE_BYTES;
use crate::error::BuildError;
use crate::limit::{Backoff, Limiter, Limits, Rate, RetryPolicy};
use crate::redact::shown_url;
#[cfg(doc)]
use crate::Error;

/// Configures a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    endpoint: String,
    max_response_bytes: u64,
    source: Option<Arc<dyn TokenSource>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
    user_agent: String,
    headers: Vec<(String, String)>,
    renew_before: Duration,
    token_backoff: Backoff,
    allow_insecure_http: bool,
    limiter: Option<Result<Arc<dyn Limiter>, BuildError>>,
    retry_policy: RetryPolicy,
    idempotent: HashSet<String>,
}

impl ClientBuilder {
    /// The defaults, for `endpoint` ([`Client::builder`]).
    pub(super) fn new(endpoint: String) -> ClientBuilder {
        ClientBuilder {
            endpoint,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            source: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: None,
            pool_idle_timeout: Some(Duration::from_secs(90)),
            user_agent: concat!("gqlforge/", env!("CARGO_PKG_VERSION")).to_string(),
            headers: Vec::new(),
            renew_before: DEFAULT_RENEW_BEFORE,
            token_backoff: crate::auth::DEFAULT_TOKEN_BACKOFF,
            allow_insecure_http: false,
            limiter: None,
            retry_policy: RetryPolicy::default(),
            idempotent: HashSet::new(),
        }
    }

    /// The GraphQL endpoint instead of the one given to [`Client::builder`]: an SDK's builder
    /// starts from its API's endpoint and lets a test server replace it. The URL is checked by
    /// [`build`](ClientBuilder::build), like the first one (`https://`, or `http://` on loopback
    /// unless [`allow_insecure_http`](ClientBuilder::allow_insecure_http)).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> ClientBuilder {
        self.endpoint = endpoint.into();
        self
    }

    /// Where tokens come from (see [`crate::auth`]); without one, requests carry no token.
    pub fn token_source(mut self, source: impl TokenSource) -> ClientBuilder {
        self.source = Some(Arc::new(source));
        self
    }

    /// The largest response body accepted, in bytes (64 MiB by default,
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]). A response declaring a longer `Content-Length` is
    /// refused before its body is read; one without (chunked) or understating it is refused
    /// as soon as the bytes read pass the limit. Either way the call fails with
    /// [`Error::ResponseTooLarge`] (not retried) and the connection is closed, the rest
    /// unread. Token responses are held to the same limit.
    pub fn max_response_bytes(mut self, limit: u64) -> ClientBuilder {
        self.max_response_bytes = limit;
        self
    }

    /// A fixed bearer token ([`StaticToken`]).
    pub fn bearer_token(self, token: impl Into<SecretString>) -> ClientBuilder {
        self.token_source(StaticToken::new(token))
    }

    /// How long a whole request (connect, send, read the body) may take; 30 s by default.
    /// Token requests have the same limit. It also bounds how long a request whose caller gave
    /// up runs on, holding its in-flight slot (see the README's limits section).
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = Some(timeout);
        self
    }

    /// No overall time limit per request. A request whose caller gave up is still dropped
    /// [`ABANDONED_REQUEST_LIMIT`] (5 minutes) after that, freeing its in-flight slot, and a
    /// token request as long after no caller waits for it.
    pub fn without_timeout(mut self) -> ClientBuilder {
        self.timeout = None;
        self
    }

    /// How long connecting may take (none by default: the overall timeout applies).
    pub fn connect_timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long an idle connection is kept for reuse (90 s by default; `None`: until the
    /// server closes it).
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> ClientBuilder {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The `User-Agent` header (`gqlforge/VERSION` by default).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> ClientBuilder {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every GraphQL request (not with token requests). Its value is
    /// treated as sensitive (never logged). `Authorization` is refused: use a token source.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ClientBuilder {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How long before its expiry a token is renewed; 60 s by default. A token living less
    /// than twice as long is renewed halfway through its life instead.
    pub fn renew_before(mut self, renew_before: Duration) -> ClientBuilder {
        self.renew_before = renew_before;
        self
    }

    /// How many times a token request that failed transiently (transport error, `5xx`) is
    /// tried in all (3 by default, at least 1), with a backoff from 0.5 s doubling up to 8 s.
    pub fn token_attempts(mut self, attempts: u32) -> ClientBuilder {
        self.token_backoff.max_attempts = attempts.max(1);
        self
    }

    /// The limiter every request of this client (and its clones) goes through: [`Limits`]
    /// (in process) or any other [`Limiter`] (a backend shared by processes). A permit is
    /// taken right before each attempt is sent and released once its body is read; a `429`
    /// sets the limiter's cool-down, which pauses every caller sharing it.
    ///
    /// Default: no limits (an unlimited [`Limits`], which still honours `429` cool-downs
    /// across the client's callers). Setting it again replaces the previous limiter.
    pub fn limits(mut self, limiter: impl Limiter + 'static) -> ClientBuilder {
        self.limiter = Some(Ok(Arc::new(limiter)));
        self
    }

    /// Shorthand for [`limits`](Self::limits) with a [`Limits`] of this `rate` and at most
    /// `max_in_flight` requests in flight (Cleverbridge: `Rate::per_second(150)`, 4). A zero
    /// rate or cap is reported by [`build`](Self::build).
    pub fn rate_limit(mut self, rate: Rate, max_in_flight: usize) -> ClientBuilder {
        let limits = Limits::builder()
            .rate(rate)
            .max_in_flight(max_in_flight)
            .build()
            .map(|limits| Arc::new(limits) as Arc<dyn Limiter>)
            .map_err(BuildError::Limits);
        self.limiter = Some(limits);
        self
    }

    /// Which failed attempts are sent again, how often and after how long
    /// ([`RetryPolicy::default`]: 4 attempts with full-jitter backoff from 100 ms up to 10 s
    /// for 5xx, timeouts and transport errors of queries and idempotent operations; 3 retries
    /// after a `429`, whose `Retry-After` up to 5 minutes is waited out; a longer one ends
    /// the call, and the calls that come during that cool-down, with
    /// [`Error::RateLimited`]). Never retried:
    /// 400, 402, 404, GraphQL errors, undecodable responses. [`RetryPolicy::never`] turns
    /// retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry_policy = policy;
        self
    }

    /// Marks the mutation (or subscription) named `operation` (its `Operation::NAME`) as
    /// idempotent: applying it twice does no harm, so a 5xx, a timeout or a transport error
    /// (after which the server may or may not have applied it) is retried as for a query.
    /// Mutations not marked are sent once, except after a `429`, which the server refused
    /// without applying it ([`RetryPolicy::retry_rate_limited_mutations`]).
    pub fn idempotent(mut self, operation: impl Into<String>) -> ClientBuilder {
        self.idempotent.insert(operation.into());
        self
    }

    /// Accepts `http://` endpoints and token URLs on non-loopback hosts (tokens and secrets
    /// then travel unencrypted). Loopback (`127.0.0.0/8`, `::1`, `localhost`) is always
    /// accepted.
    pub fn allow_insecure_http(mut self) -> ClientBuilder {
        self.allow_insecure_http = true;
        self
    }

    /// The client. Fails on a malformed or plain-HTTP URL (endpoint or token source) or an
    /// invalid header.
    ///
    /// Redirects are followed only within the endpoint's origin (scheme, host, port), at most
    /// 5: a redirect elsewhere is returned as [`Error::UnexpectedStatus`], so a token is never
    /// sent to another origin. TLS certificates are always verified.
    pub fn build(self) -> Result<Client, BuildError> {
        let mut endpoint = check_url(&self.endpoint, self.allow_insecure_http)?;
        let url_credentials = take_url_credentials(&mut endpoint);
        if url_credentials.is_some() && self.source.is_some() {
            return Err(BuildError::CredentialsInUrl {
                url: shown_url(endpoint.as_str()),
                hint: "the endpoint's user name and password would be a second Authorization \
                       header beside the token source's bearer token: remove them from the URL"
                    .to_string(),
            });
        }
        if let Some(source) = &self.source {
            for url in source.urls() {
                let parsed = check_url(&url, self.allow_insecure_http)?;
                if !parsed.username().is_empty() || parsed.password().is_some() {
                    return Err(BuildError::CredentialsInUrl {
                        url: shown_url(&url),
                        hint: "a token source's URL carries no credentials: give them to the \
                               token source (e.g. ClientCredentials::new(url, id, secret))"
                            .to_string(),
                    });
                }
            }
        }
        let mut headers = HeaderMap::new();
        let mut seen = HashSet::new();
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| BuildError::InvalidHeader(name.clone()))?;
            if name == AUTHORIZATION {
                return Err(BuildError::AuthorizationHeader);
            }
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| BuildError::InvalidHeader(name.to_string()))?;
            value.set_sensitive(true);
            if seen.insert(name.clone()) {
                headers.insert(name, value);
            } else {
                headers.append(name, value);
            }
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidHeader(USER_AGENT.to_string()))?;

        let mut http = reqwest::Client::builder()
            .user_agent(user_agent)
            .redirect(same_origin_redirects())
            .https_only(false)
            .pool_idle_timeout(self.pool_idle_timeout);
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        let http = http.build().map_err(|e| BuildError::Http(e.to_string()))?;
        let auth = self.source.map(|source| {
            Arc::new(
                TokenCache::new(
                    source,
                    http.clone(),
                    endpoint.clone(),
                    self.renew_before,
                    self.token_backoff,
                    self.max_response_bytes,
                )
                .with_attempt_limit(self.timeout.is_none().then_some(ABANDONED_REQUEST_LIMIT)),
            )
        });
        let limiter = match self.limiter {
            Some(limiter) => limiter?,
            None => Arc::new(Limits::unlimited()),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                url_credentials,
                http,
                headers,
                max_response_bytes: self.max_response_bytes,
                auth,
                limiter,
                retry_policy: self.retry_policy,
                idempotent: self.idempotent,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &shown_url(&self.endpoint))
            .field("max_response_bytes", &self.max_response_bytes)
            .field("token_source", &self.source.is_some())
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("renew_before", &self.renew_before)
            .field("retry_policy", &self.retry_policy)
            .field("idempotent", &self.idempotent)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_setter_replaces_the_endpoint_and_is_checked_at_build() {
        let client = Client::builder("https://graph.example.com/graphql")
            .endpoint("http://127.0.0.1:8080/graphql")
            .build()
            .unwrap();
        assert_eq!(client.endpoint().as_str(), "http://127.0.0.1:8080/graphql");

        let error = Client::builder("https://graph.example.com/graphql")
            .endpoint("http://graph.example.com/graphql")
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            BuildError::InsecureUrl("http://graph.example.com/graphql".into())
        );
        let client = Client::builder("https://graph.example.com/graphql")
            .endpoint("http://10.0.0.1/graphql")
            .allow_insecure_http()
            .build()
            .unwrap();
        assert_eq!(client.endpoint().as_str(), "http://10.0.0.1/graphql");
        assert!(matches!(
            Client::builder("https://graph.example.com/graphql")
                .endpoint("not a url")
                .build(),
            Err(BuildError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn builder_refuses_insecure_token_urls_and_authorization_headers() {
        let error = Client::builder("https://api.example/graphql")
            .token_source(crate::auth::ClientCredentials::new(
                "http://idp.example/token",
                "id",
                "secret",
            ))
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            BuildError::InsecureUrl("http://idp.example/token".into())
        );
        let error = Client::builder("https://api.example/graphql")
            .header("Authorization", "Bearer x")
            .build()
            .unwrap_err();
        assert_eq!(error, BuildError::AuthorizationHeader);
        let error = Client::builder("https://api.example/graphql")
            .header("bad header", "x")
            .build()
            .unwrap_err();
        assert_eq!(error, BuildError::InvalidHeader("bad header".into()));
    }
}
