//! The attempt loop: a token, then a permit, then the request, sent from a task that holds
//! the permit until the request is over; then retried or not, as the retry policy says.

use std::sync::Arc;

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;
use tracing::Instrument;

use super::interpret::{failure, retry_after, secrets, SendError};
use super::{Authentication, Client, ABANDONED_REQUEST_LIMIT};
use crate::auth::{CachedToken, TokenCache};
use crate::body::read_limited;
use crate::decode::RawResponse;
use crate::error::{Excerpt, TransportError};
use crate::limit::{Decision, Failure, Permit, Retryable, DEFAULT_RETRY_AFTER};
use crate::redact::Secrets;
use crate::waits::first_of;
use crate::{AuthError, Error, Operation};

impl Client {
    /// Sends `Op` (with a token unless `authentication` says otherwise) and turns the
    /// response into `finish`'s result.
    ///
    /// Each attempt takes a permit from the limiter right before it is sent and gives it back
    /// once the body is read (or the attempt failed). A `401` with a renewable token is retried
    /// once with a new token (taking a new permit, not counted as a retry of the policy). A
    /// `429` sets the limiter's cool-down (every caller of the client pauses) and is retried
    /// when the cool-down ends, paced by the limiter; 5xx, timeouts and transport errors are
    /// retried with backoff when resending is safe (queries, operations marked idempotent).
    pub(super) async fn run<Op: Operation, T>(
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
            if let Ok(RawResponse { status: 401, .. }) = &sent {
                if renew_on_401 {
                    // `send_holding` invalidated the token before giving the slot back.
                    tracing::info!(
                        operation = Op::NAME,
                        "401: renewing the token and retrying once"
                    );
                    renewed = true;
                    continue;
                }
            }
            let failure = failure(&sent);
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
            return finish(raw, &secrets(&self.inner, token.as_deref()));
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
                .map_err(Error::Limiter)?;
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
        answered.await.unwrap_or_else(|ended| {
            Err(SendError {
                error: Error::Transport(TransportError::new(
                    "the task sending the request ended without an answer (the runtime is \
                     shutting down)",
                    ended,
                )),
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
                let value = credentials.authorization().map_err(|error| SendError {
                    error: Error::Transport(TransportError::new(
                        "the endpoint URL's user name and password cannot be sent in a header",
                        error,
                    )),
                    unsent: true,
                })?;
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
            let retry_after = retry_after(response.headers());
            let body = read_limited(response, self.inner.max_response_bytes)
                .await
                .map_err(|e| SendError::body(e, status))?;
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
