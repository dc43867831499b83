//! The client: sends typed operations to one GraphQL endpoint with a token from its
//! [`TokenSource`], and maps every outcome to [`Response`] or [`Error`].

use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, RETRY_AFTER,
    USER_AGENT,
};
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{CachedToken, StaticToken, TokenCache, TokenSource};
use crate::body::{read_limited, BodyError, DEFAULT_MAX_RESPONSE_BYTES};
use crate::decode::{data_or_error, typed_response, RawResponse};
use crate::error::{BuildError, Excerpt};
use crate::limit::{
    parse_retry_after_with_date, Backoff, Decision, Failure, LimitError, Limiter, Limits, Permit,
    Rate, RetryPolicy, Retryable, DEFAULT_RETRY_AFTER,
};
use crate::redact::{shown_url, Secrets};
use crate::waits::first_of;
use crate::{AuthError, Error, Operation, Response};

/// The user name and password of an endpoint URL (`https://user:pw@host/`), sent as
/// `Authorization: Basic` instead of in the URL.
struct UrlCredentials {
    user: String,
    password: SecretString,
}

/// The default time a whole request (connect, send, read the body) may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request whose caller gave up (dropped the call's future) may run on after
/// that, holding its in-flight slot, before it is dropped and its connection closed: 5
/// minutes. The client's timeout ([`ClientBuilder::timeout`]) usually ends it first; this
/// bounds it without one ([`ClientBuilder::without_timeout`]). Likewise, without a timeout,
/// a token request (shared by the callers waiting for a token, and by every caller that comes
/// while it runs) is given up this long after a moment when no caller waited for it: a
/// transient failure, retried as any other.
pub const ABANDONED_REQUEST_LIMIT: Duration = Duration::from_secs(300);

/// The default time before a token's expiry at which it is renewed.
pub const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(60);

/// A GraphQL client for one endpoint. Cheap to clone: clones share the HTTP connections and
/// the token cache.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use gqlforge::auth::ClientCredentials;
/// let client = gqlforge::Client::builder("https://graph.cleverbridge.com/graphql")
///     .token_source(
///         ClientCredentials::new("https://identity.cleverbridge.com/connect/token", "id", "secret")
///             .scope("GQL"),
///     )
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    /// Without user name and password (those are `url_credentials`).
    endpoint: Url,
    url_credentials: Option<UrlCredentials>,
    http: reqwest::Client,
    headers: HeaderMap,
    max_response_bytes: u64,
    auth: Option<Arc<TokenCache>>,
    limiter: Arc<dyn Limiter>,
    retry_policy: RetryPolicy,
    idempotent: HashSet<String>,
}

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

/// Whether a request carries the client's token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Authentication {
    WithToken,
    Without,
}

/// An attempt that got no response.
struct SendError {
    error: Error,
    /// No connection was made (reqwest's `is_connect`): nothing reached the server, so even
    /// a mutation may be sent again.
    unsent: bool,
}

impl SendError {
    fn transport(error: reqwest::Error) -> SendError {
        SendError {
            unsent: error.is_connect(),
            error: transport_error(error),
        }
    }
}

impl Client {
    /// A builder for a client of the GraphQL endpoint `endpoint` (`https://`, or `http://` on a
    /// loopback address).
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
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

    /// The endpoint operations are sent to (without the user name and password it was given
    /// with, which travel in an `Authorization: Basic` header).
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// Runs `Op` and returns its data. GraphQL `errors` in the response (even with partial
    /// data) are [`Error::GraphQL`], which keeps both.
    pub async fn execute<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Op::Data, Error> {
        self.run::<Op, _>(variables, Authentication::WithToken, data_or_error::<Op>)
            .await
    }

    /// Runs `Op` and returns data and GraphQL errors together (partial data is kept). Errors
    /// of the transport, HTTP and authentication are still `Err`.
    pub async fn execute_full<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Response<Op::Data>, Error> {
        self.run::<Op, _>(variables, Authentication::WithToken, typed_response::<Op>)
            .await
    }

    /// [`Client::execute`] without a token, for operations the API serves to anyone
    /// (Cleverbridge's `cart`): no token is obtained and no `Authorization` header is sent.
    pub async fn execute_unauthenticated<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Op::Data, Error> {
        self.run::<Op, _>(variables, Authentication::Without, data_or_error::<Op>)
            .await
    }

    /// [`Client::execute_full`] without a token (see [`Client::execute_unauthenticated`]).
    pub async fn execute_full_unauthenticated<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Response<Op::Data>, Error> {
        self.run::<Op, _>(variables, Authentication::Without, typed_response::<Op>)
            .await
    }

    /// Forgets the cached token and a remembered rejection of the credentials
    /// ([`AuthError::CredentialsRejected`]): the next request asks the token source again. Call
    /// it once the credentials are known to be good again (e.g. the account was unlocked).
    pub fn reset_auth(&self) {
        if let Some(cache) = &self.inner.auth {
            cache.reset();
        }
    }

    /// Uses `source` (new credentials) from now on, in this client and all its clones; the
    /// cached token and any remembered rejection are forgotten. A client built without a token
    /// source keeps sending requests without one.
    pub fn set_token_source(&self, source: impl TokenSource) {
        if let Some(cache) = &self.inner.auth {
            cache.replace_source(Arc::new(source));
        }
    }

    /// Sends `Op` (with a token unless `authentication` says otherwise) and turns the
    /// response into `finish`'s result.
    ///
    /// Each attempt takes a permit from the limiter right before it is sent and gives it back
    /// once the body is read (or the attempt failed). A `401` with a renewable token is retried
    /// once with a new token (taking a new permit, not counted as a retry of the policy). A
    /// `429` sets the limiter's cool-down (every caller of the client pauses) and is retried
    /// when the cool-down ends, paced by the limiter; 5xx, timeouts and transport errors are
    /// retried with backoff when resending is safe (queries, operations marked idempotent).
    async fn run<Op: Operation, T>(
        &self,
        variables: Op::Variables,
        authentication: Authentication,
        finish: fn(RawResponse, &Secrets<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let body: Arc<[u8]> = serde_json::to_vec(&Op::request(variables))
            .map_err(|e| Error::Variables(e.to_string()))?
            .into();
        let auth = match authentication {
            Authentication::WithToken => self.inner.auth.as_ref(),
            Authentication::Without => None,
        };
        let idempotent = self.inner.idempotent.contains(Op::NAME);
        let mut retries = self.inner.retry_policy.start(Op::KIND, idempotent);
        let mut renewed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (token, permit) = self.token_and_permit(Op::NAME, auth).await?;
            // A `401` is retried once with a new token, when the source can renew it.
            let renew_on_401 =
                !renewed && token.is_some() && auth.is_some_and(|cache| cache.renewable());
            let sent = self
                .send_holding(
                    permit,
                    Op::NAME,
                    attempt,
                    &body,
                    token.clone(),
                    renew_on_401,
                )
                .await;
            let failure = match &sent {
                Ok(raw) => {
                    if raw.status == 401 && renew_on_401 {
                        // `send_holding` invalidated the token before giving the slot back.
                        tracing::info!(
                            operation = Op::NAME,
                            "401: renewing the token and retrying once"
                        );
                        renewed = true;
                        continue;
                    }
                    match raw.status {
                        429 | 500..=599 => Failure::from_status(raw.status, raw.retry_after),
                        _ => Failure::Permanent,
                    }
                }
                Err(SendError {
                    error: Error::Timeout | Error::Transport(_),
                    unsent: true,
                }) => Failure::Retryable(Retryable::Connect),
                Err(SendError {
                    error: Error::Timeout,
                    ..
                }) => Failure::Retryable(Retryable::Timeout),
                Err(SendError {
                    error: Error::Transport(_),
                    ..
                }) => Failure::Retryable(Retryable::Transport),
                Err(_) => Failure::Permanent,
            };
            if failure != Failure::Permanent {
                match retries.next(failure) {
                    Decision::Retry { delay } => {
                        tracing::info!(
                            operation = Op::NAME,
                            attempt,
                            delay_ms = delay.as_millis() as u64,
                            "retrying"
                        );
                        // After a 429 the limiter's cool-down is the wait: `acquire` waits it
                        // out, and lets callers go paced when it ends.
                        if !matches!(failure, Failure::Retryable(Retryable::RateLimited(_))) {
                            tokio::time::sleep(delay).await;
                        }
                        continue;
                    }
                    Decision::GiveUp(why) => {
                        tracing::debug!(operation = Op::NAME, ?why, "not retried");
                    }
                }
            }
            let raw = sent.map_err(|e| e.error)?;
            // Servers may echo what they were sent: no excerpt or error message shows it.
            let mut secrets = Secrets::new();
            if let Some(token) = &token {
                secrets.add_secret(token.token.access_token());
                if let Some(refresh) = token.token.refresh_token() {
                    secrets.add_secret(refresh);
                }
            }
            for value in self.inner.headers.values() {
                if let Ok(value) = std::str::from_utf8(value.as_bytes()) {
                    secrets.add(value);
                }
            }
            if let Some(credentials) = &self.inner.url_credentials {
                secrets.add_basic(&credentials.user, credentials.password.expose_secret());
            }
            return finish(raw, &secrets);
        }
    }

    /// A token that is valid now, and a permit to send: in that order, then the token checked
    /// again. A cool-down in force longer than the retry policy's `max_retry_after` is
    /// [`Error::RateLimited`] at once, nothing sent.
    ///
    /// Why the token first: a permit is a concurrency slot and a rate grant. Held during a
    /// token request (which may take seconds, with its retries), the slot would be denied to
    /// every other caller, and the grant would be spent long before the request is sent —
    /// breaking the promise that requests reach the API paced as granted. So the token is
    /// obtained (or waited for) holding nothing. But a permit can take long to come (a
    /// `429`'s cool-down of a minute), and the token may expire meanwhile, or a `401` of
    /// another caller may invalidate it. So once the permit is held, the token is looked at
    /// again, without waiting: a newer token cached meanwhile is used instead; a token that
    /// was usable when obtained but expired (or was invalidated) during the wait sends the
    /// caller round again — permit given back, a new token, a new permit (the rate grant is
    /// lost, which only ever sends less). Once: a token already unusable when obtained (a
    /// provider handing out expired tokens), or one that expired again during the second wait
    /// (tokens living less than the wait for a permit, which would otherwise send the caller
    /// round for ever), is sent as it is: the server's `401` decides.
    async fn token_and_permit(
        &self,
        operation: &str,
        auth: Option<&Arc<TokenCache>>,
    ) -> Result<(Option<Arc<CachedToken>>, Permit), Error> {
        let mut went_round = false;
        loop {
            let token = match auth {
                Some(cache) => Some(cache.get().await?),
                None => None,
            };
            let usable_before = match (auth, &token) {
                (Some(cache), Some(token)) => cache.usable_now(token).is_some(),
                _ => false,
            };
            // A cool-down longer than the policy waits for (another call's `429` asked for
            // it): this call ends now, as the one that met the `429` did, rather than wait.
            let max_wait = self.inner.retry_policy.max_retry_after;
            if let Some(left) = self.inner.limiter.cool_down_remaining().await {
                if left > max_wait {
                    return Err(Error::RateLimited {
                        retry_after: Some(left),
                    });
                }
            }
            let permit = self
                .inner
                .limiter
                .acquire(operation)
                .await
                .map_err(quota_error)?;
            let (Some(cache), Some(token)) = (auth, token) else {
                return Ok((None, permit));
            };
            match cache.usable_now(&token) {
                Some(current) => return Ok((Some(current), permit)),
                None if usable_before && !went_round => {
                    tracing::info!(
                        operation,
                        "the token expired while waiting for a permit: renewing it first"
                    );
                    drop(permit);
                    went_round = true;
                }
                None => return Ok((Some(token), permit)),
            }
        }
    }

    /// [`Client::send`] in a task of its own that holds `permit` until the request is over:
    /// its response read, or the attempt failed (reqwest has then dropped the request, and
    /// with it the connection, which is not returned to the pool mid-request).
    ///
    /// Why a task: the permit counts a request in flight at the server. A caller that gives
    /// up (a `timeout` around `execute`, a cancelled handler) drops this future, but the
    /// request it sent is still being worked on; dropping the request too would close its
    /// connection, and the server would notice that some time later — after the slot had
    /// gone to the next request, which would meet the abandoned one at the server. So an
    /// abandoned request runs on to its end, its answer discarded, and only then frees the
    /// slot: bounded by the client's timeout ([`ClientBuilder::timeout`]), and in any case
    /// dropped (its connection closed, its slot freed) [`ABANDONED_REQUEST_LIMIT`] after its
    /// caller gave up, so that a server that never answers cannot hold the slot forever
    /// (a client built [`without_timeout`](ClientBuilder::without_timeout)).
    async fn send_holding(
        &self,
        mut permit: Permit,
        operation: &'static str,
        attempt: u32,
        body: &Arc<[u8]>,
        token: Option<Arc<CachedToken>>,
        renew_on_401: bool,
    ) -> Result<RawResponse, SendError> {
        let client = self.clone();
        let body = Arc::clone(body);
        let (mut answer, answered) = tokio::sync::oneshot::channel();
        let request = async move {
            // The limiter learns how long after its grant a request leaves.
            permit.sending();
            let access_token = token.as_ref().map(|t| t.token.access_token());
            let sent = {
                let send = std::pin::pin!(client.send(operation, attempt, &body, access_token));
                let abandoned = std::pin::pin!(async {
                    answer.closed().await;
                    tokio::time::sleep(ABANDONED_REQUEST_LIMIT).await;
                });
                first_of(send, abandoned).await
            };
            // What the answer means for every caller is settled before the slot is given back,
            // or the caller next in line would be sent at once, unaware (and it is settled
            // even when the caller gave up): a `429` pauses every caller, and a `401` the
            // call will renew its token after makes that token unusable.
            match &sent {
                Some(Ok(RawResponse {
                    status: 429,
                    retry_after,
                    ..
                })) => {
                    let wait = retry_after.unwrap_or(DEFAULT_RETRY_AFTER);
                    client.inner.limiter.cool_down(wait).await;
                }
                Some(Ok(RawResponse { status: 401, .. })) if renew_on_401 => {
                    if let (Some(cache), Some(token)) = (&client.inner.auth, &token) {
                        cache.invalidate(token.generation);
                    }
                }
                _ => {}
            }
            // The request is over (or abandoned for too long): the slot is free again.
            drop(permit);
            if let Some(sent) = sent {
                // No receiver: the caller gave up; the answer is discarded.
                let _ = answer.send(sent);
            }
        };
        tokio::spawn(request.in_current_span());
        answered.await.unwrap_or_else(|_| {
            Err(SendError {
                error: Error::Transport("the request's task ended".to_string()),
                unsent: false,
            })
        })
    }

    /// The one place a request goes on the wire: `body` POSTed to the endpoint with the token
    /// (or the endpoint URL's Basic credentials: never both), and the whole response body
    /// read, at most `max_response_bytes` of it.
    ///
    /// [`Client::send_holding`] holds the limiter's permit around this call: taken right
    /// before it, dropped when it returns (after the body is read, or on its error).
    async fn send(
        &self,
        operation: &'static str,
        attempt: u32,
        body: &[u8],
        token: Option<&SecretString>,
    ) -> Result<RawResponse, SendError> {
        let span = tracing::info_span!(
            "gqlforge.request",
            operation,
            attempt,
            authenticated = token.is_some(),
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let request_span = span.clone();
        let result = async {
            let mut request = self
                .inner
                .http
                .post(self.inner.endpoint.clone())
                .headers(self.inner.headers.clone())
                .header(CONTENT_TYPE, "application/json")
                .header(
                    ACCEPT,
                    "application/graphql-response+json, application/json",
                )
                .body(body.to_vec());
            if let (None, Some(credentials)) = (token, &self.inner.url_credentials) {
                let pair = format!(
                    "{}:{}",
                    credentials.user,
                    credentials.password.expose_secret()
                );
                let mut value = HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(pair)))
                    .map_err(|_| SendError {
                        error: Error::Transport("unencodable URL credentials".into()),
                        unsent: true,
                    })?;
                value.set_sensitive(true);
                request = request.header(AUTHORIZATION, value);
            }
            if let Some(token) = token {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
                    .map_err(|_| SendError {
                        error: Error::Auth(AuthError::InvalidResponse {
                            message: "the access token is not a valid HTTP header value".into(),
                            excerpt: Excerpt::default(),
                        }),
                        unsent: true,
                    })?;
                value.set_sensitive(true);
                request = request.header(AUTHORIZATION, value);
            }
            let response = request.send().await.map_err(SendError::transport)?;
            let status = response.status().as_u16();
            request_span.record("status", status);
            // An HTTP-date is read against the response's own `Date` (the server's clock).
            let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok());
            let retry_after = header(RETRY_AFTER)
                .and_then(|v| parse_retry_after_with_date(v, header(DATE), SystemTime::now()));
            let body = read_limited(response, self.inner.max_response_bytes)
                .await
                .map_err(|e| SendError {
                    error: match e {
                        BodyError::Transport(e) => transport_error(e),
                        BodyError::TooLarge { limit, declared } => Error::ResponseTooLarge {
                            status,
                            limit,
                            content_length: declared,
                        },
                    },
                    unsent: false,
                })?;
            Ok(RawResponse {
                status,
                retry_after,
                body,
            })
        }
        .instrument(span.clone())
        .await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Err(SendError { error, .. }) = &result {
            tracing::warn!(parent: &span, %error, "request failed");
        }
        result
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &shown_url(self.inner.endpoint.as_str()))
            .field(
                "headers",
                &self
                    .inner
                    .headers
                    .keys()
                    .map(HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .field("authenticated", &self.inner.auth.is_some())
            .finish()
    }
}

impl ClientBuilder {
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

/// `url` parsed, when it is `https://`, or `http://` on loopback (or anywhere when allowed).
/// Errors show the URL as [`shown_url`] does: never its password or query string.
fn check_url(url: &str, allow_insecure_http: bool) -> Result<Url, BuildError> {
    let parsed = Url::parse(url).map_err(|e| BuildError::InvalidUrl {
        url: shown_url(url),
        message: e.to_string(),
    })?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if allow_insecure_http || is_loopback(&parsed) => Ok(parsed),
        "http" => Err(BuildError::InsecureUrl(shown_url(url))),
        other => Err(BuildError::InvalidUrl {
            url: shown_url(url),
            message: format!("the scheme {other:?} is not http or https"),
        }),
    }
}

/// The user name and password of `url`, percent-decoded, removed from it.
fn take_url_credentials(url: &mut Url) -> Option<UrlCredentials> {
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |text: &str| {
        let bytes: Vec<u8> = percent_decode(text.as_bytes());
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let credentials = UrlCredentials {
        user: decode(url.username()),
        password: SecretString::from(decode(url.password().unwrap_or(""))),
    };
    // Both succeed on a URL with a host, which an http(s) URL has.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(credentials)
}

/// `%XX` sequences decoded; anything else kept.
fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let hex = text
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (text[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// Follows redirects within the first URL's origin only, at most 5.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

fn transport_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout
    } else {
        Error::Transport(crate::auth::transport_message(&error))
    }
}

/// A limiter's refusal as the client's error.
fn quota_error(error: LimitError) -> Error {
    match error {
        LimitError::QuotaExhausted { operation, limit } => {
            Error::QuotaExhausted { operation, limit }
        }
        other => Error::Limiter(other),
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
    fn plain_http_is_refused_except_on_loopback_or_when_allowed() {
        for ok in [
            "https://graph.cleverbridge.com/graphql",
            "http://127.0.0.1:8080/graphql",
            "http://127.3.4.5/",
            "http://[::1]:1/",
            "http://localhost/graphql",
        ] {
            assert!(check_url(ok, false).is_ok(), "{ok}");
        }
        assert_eq!(
            check_url("http://graph.cleverbridge.com/graphql", false),
            Err(BuildError::InsecureUrl(
                "http://graph.cleverbridge.com/graphql".into()
            ))
        );
        assert!(check_url("http://10.0.0.1/", false).is_err());
        assert!(check_url("http://10.0.0.1/", true).is_ok());
        assert!(matches!(
            check_url("ftp://x/", true),
            Err(BuildError::InvalidUrl { .. })
        ));
        assert!(matches!(
            check_url("not a url", true),
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
