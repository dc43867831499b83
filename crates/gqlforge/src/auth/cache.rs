//! The token lifecycle, the same for every [`TokenSource`]: cache, renewal ahead of expiry,
//! single-flight, invalidation of exactly the token a `401` answered, bounded retries of
//! transient failures, and the lock-out guard.
//!
//! One [`TokenCache`] is shared by every clone of a client. Its state sits behind a plain
//! mutex held only for short, non-async sections. A token request runs in its own task (a
//! "flight"), so a caller that gives up waiting (a dropped future, a timeout) never cancels it
//! halfway: providers count a login attempt whether or not we read the answer.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{watch, Notify};
use tokio::time::Instant;
use tracing::Instrument;

use super::{Token, TokenContext, TokenSource};
use crate::limit::Backoff;
use crate::waits::{after, first_of, LONGEST};
use crate::AuthError;

/// A token as cached: the token, a generation number unique in its cache (a `401` invalidates
/// a generation, never "whatever is current"), when it is to be renewed and when it expires.
pub(crate) struct CachedToken {
    pub(crate) token: Token,
    pub(crate) generation: u64,
    renew_at: Option<Instant>,
    expires_at: Option<Instant>,
}

impl CachedToken {
    /// `token`, requested at `requested_at`, renewed `renew_before` ahead of its expiry — or
    /// halfway through its life when that is shorter, so a token living less than
    /// `renew_before` is not renewed on every request.
    fn new(
        token: Token,
        generation: u64,
        requested_at: Instant,
        renew_before: Duration,
    ) -> CachedToken {
        // A lifetime (the source's, so anything up to `Duration::MAX`) over 366 days is 366
        // days: the token is renewed after a year rather than the sum overflowing.
        let lifetime = token.expires_in().map(|life| life.min(LONGEST));
        CachedToken {
            renew_at: lifetime.map(|life| after(requested_at, life - renew_before.min(life / 2))),
            expires_at: lifetime.map(|life| after(requested_at, life)),
            token,
            generation,
        }
    }

    /// Usable without renewal at `now`.
    fn fresh_at(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|renew_at| now < renew_at)
    }

    /// Not yet expired at `now` (possibly inside the renewal window).
    fn alive_at(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|expires_at| now < expires_at)
    }
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("token", &self.token)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

/// How often and how patiently a transient token failure is retried: 3 tries in all, waits
/// of 0.5 s doubling up to 8 s. Used without jitter ([`Backoff::ceiling`]): a token request
/// is single-flight, so there is no herd to spread.
pub(crate) const DEFAULT_TOKEN_BACKOFF: Backoff = Backoff {
    base: Duration::from_millis(500),
    cap: Duration::from_secs(8),
    max_attempts: 3,
};

type FlightResult = Option<Result<Arc<CachedToken>, AuthError>>;

struct State {
    source: Arc<dyn TokenSource>,
    /// The last token obtained; passed to the source as `previous` (for refresh tokens).
    latest: Option<Arc<CachedToken>>,
    /// Whether `latest` may be used: false once a `401` answered it.
    latest_valid: bool,
    /// The remembered rejection of the credentials (lock-out guard).
    rejected: Option<AuthError>,
    /// The token request in progress, if any: every caller that needs a token waits on it.
    flight: Option<(watch::Receiver<FlightResult>, Arc<Waiters>)>,
    next_generation: u64,
    /// Bumped when the credentials are reset or replaced: a flight started before stores
    /// nothing (its waiters still get its result).
    epoch: u64,
}

/// The callers waiting on a flight. When the last one has given up, the flight's request is
/// given up `attempt_limit` later (a client without a timeout only).
#[derive(Default)]
struct Waiters {
    count: AtomicUsize,
    none_left: Notify,
}

/// One caller waiting on a flight, until dropped.
struct Waiting(Arc<Waiters>);

impl Waiters {
    fn join(self: &Arc<Self>) -> Waiting {
        self.count.fetch_add(1, Ordering::SeqCst);
        Waiting(Arc::clone(self))
    }

    /// Ends `limit` after a moment when no caller waited (never without a limit). Callers
    /// that join later do not stop it (they come and go; each waits `limit` at most).
    async fn abandoned_for(&self, limit: Option<Duration>) {
        let Some(limit) = limit else {
            return std::future::pending().await;
        };
        if self.count.load(Ordering::SeqCst) > 0 {
            // Sent when the count drops to zero, kept if nobody listens yet.
            self.none_left.notified().await;
        }
        tokio::time::sleep(limit).await;
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            // `notify_one` keeps the wake-up for a flight not listening yet.
            self.0.none_left.notify_one();
        }
    }
}

/// The token cache a client and its clones share.
pub(crate) struct TokenCache {
    state: Mutex<State>,
    http: reqwest::Client,
    endpoint: reqwest::Url,
    renew_before: Duration,
    retry: Backoff,
    max_response_bytes: u64,
    /// How long a token request runs on once no caller waits for it before it is given up (a
    /// transient failure, retried): set when the HTTP client has no timeout, so a token
    /// endpoint that never answers cannot hold the flight, which every later caller joins,
    /// for ever. No timer runs while a caller waits.
    attempt_limit: Option<Duration>,
}

impl TokenCache {
    pub(crate) fn new(
        source: Arc<dyn TokenSource>,
        http: reqwest::Client,
        endpoint: reqwest::Url,
        renew_before: Duration,
        retry: Backoff,
        max_response_bytes: u64,
    ) -> TokenCache {
        TokenCache {
            state: Mutex::new(State {
                source,
                latest: None,
                latest_valid: false,
                rejected: None,
                flight: None,
                next_generation: 1,
                epoch: 0,
            }),
            http,
            endpoint,
            renew_before,
            max_response_bytes,
            retry: Backoff {
                max_attempts: retry.max_attempts.max(1),
                ..retry
            },
            attempt_limit: None,
        }
    }

    /// The cache with each token request given up `limit` after no caller waits for it any
    /// more (see `attempt_limit`).
    pub(crate) fn with_attempt_limit(mut self, limit: Option<Duration>) -> TokenCache {
        self.attempt_limit = limit;
        self
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is consistent after every section (no section can panic halfway through an
        // update), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a `401` is worth a retry with a new token.
    pub(crate) fn renewable(&self) -> bool {
        self.state().source.renewable()
    }

    /// A token to send: the cached one until its renewal time, else the
    /// result of the token request in progress, else of a new one.
    pub(crate) async fn get(self: &Arc<Self>) -> Result<Arc<CachedToken>, AuthError> {
        let (mut flight, _waiting) = {
            let mut state = self.state();
            if let Some(rejection) = &state.rejected {
                return Err(rejection.clone());
            }
            if let Some(latest) = state.latest.as_ref().filter(|_| state.latest_valid) {
                if latest.fresh_at(Instant::now()) {
                    return Ok(Arc::clone(latest));
                }
            }
            // A flight whose task is gone (it panicked, or its runtime stopped) is replaced.
            match state
                .flight
                .clone()
                .filter(|(f, _)| f.has_changed().is_ok())
            {
                Some((flight, waiters)) => (flight, waiters.join()),
                None => {
                    let (sender, receiver) = watch::channel(None);
                    let waiters = Arc::new(Waiters::default());
                    let waiting = waiters.join();
                    state.flight = Some((receiver.clone(), Arc::clone(&waiters)));
                    let previous = state.latest.clone();
                    let previous_valid = state.latest_valid;
                    let source = Arc::clone(&state.source);
                    let epoch = state.epoch;
                    let this = Arc::clone(self);
                    tokio::spawn(async move {
                        let result = this
                            .fly(source, previous, previous_valid, epoch, &waiters)
                            .await;
                        // No receiver left only when every caller gave up: nothing to tell.
                        let _ = sender.send(Some(result));
                    });
                    (receiver, waiting)
                }
            }
        };
        let result = flight.wait_for(Option::is_some).await.map(|r| r.clone());
        match result {
            Ok(Some(result)) => result,
            Ok(None) | Err(_) => Err(AuthError::Unavailable {
                message: "the token request ended without a result".to_string(),
                attempts: 0,
            }),
        }
    }

    /// One token request with its retries, and its result stored (unless the credentials were
    /// reset meanwhile).
    async fn fly(
        &self,
        source: Arc<dyn TokenSource>,
        previous: Option<Arc<CachedToken>>,
        previous_valid: bool,
        epoch: u64,
        waiters: &Waiters,
    ) -> Result<Arc<CachedToken>, AuthError> {
        let mut attempt = 0;
        let (requested_at, result) = loop {
            attempt += 1;
            let requested_at = Instant::now();
            let context = TokenContext {
                http: &self.http,
                endpoint: &self.endpoint,
                previous: previous.as_ref().map(|p| &p.token),
                max_response_bytes: self.max_response_bytes,
            };
            let span =
                tracing::info_span!("gqlforge.token", attempt, outcome = tracing::field::Empty);
            let fetch = std::pin::pin!(source.fetch(context).instrument(span.clone()));
            let abandoned = std::pin::pin!(waiters.abandoned_for(self.attempt_limit));
            let result = first_of(fetch, abandoned).await.unwrap_or_else(|| {
                Err(AuthError::Unavailable {
                    message: "no answer, and no caller waiting for it any more".to_string(),
                    attempts: 1,
                })
            });
            span.record(
                "outcome",
                match &result {
                    Ok(_) => "ok",
                    Err(AuthError::CredentialsRejected { .. }) => "rejected",
                    Err(AuthError::Unavailable { .. }) => "unavailable",
                    Err(_) => "error",
                },
            );
            match result {
                Err(AuthError::Unavailable { message, .. }) => {
                    if attempt >= self.retry.max_attempts {
                        break (
                            requested_at,
                            Err(AuthError::Unavailable {
                                message,
                                attempts: attempt,
                            }),
                        );
                    }
                    tracing::warn!(attempt, %message, "token request failed; retrying");
                    tokio::time::sleep(self.retry.ceiling(attempt - 1)).await;
                }
                result => break (requested_at, result),
            }
        };

        let mut state = self.state();
        let current = state.epoch == epoch;
        if current {
            state.flight = None;
        }
        match result {
            Ok(token) => {
                let cached = Arc::new(CachedToken::new(
                    token,
                    state.next_generation,
                    requested_at,
                    self.renew_before,
                ));
                state.next_generation += 1;
                if current {
                    state.latest = Some(Arc::clone(&cached));
                    state.latest_valid = true;
                }
                Ok(cached)
            }
            Err(rejection @ AuthError::CredentialsRejected { .. }) => {
                tracing::error!(%rejection, "credentials rejected: no further token requests until they are reset");
                if current {
                    state.rejected = Some(rejection.clone());
                    state.latest = None;
                    state.latest_valid = false;
                }
                Err(rejection)
            }
            Err(error) => {
                // A renewal ahead of expiry that failed leaves the old token usable until it
                // expires.
                match previous {
                    Some(previous)
                        if current
                            && previous_valid
                            && state.latest_valid
                            && state
                                .latest
                                .as_ref()
                                .is_some_and(|l| l.generation == previous.generation)
                            && previous.alive_at(Instant::now()) =>
                    {
                        tracing::warn!(%error, "token renewal failed; the current token is still valid");
                        Ok(previous)
                    }
                    _ => Err(error),
                }
            }
        }
    }

    /// The token to send now, without waiting, for a caller that obtained `held` from
    /// [`get`](Self::get) a while ago: a newer valid token cached meanwhile, else `held` if
    /// it has not expired and no `401` invalidated it; `None` when it is no longer usable
    /// (call `get` again).
    pub(crate) fn usable_now(&self, held: &Arc<CachedToken>) -> Option<Arc<CachedToken>> {
        let now = Instant::now();
        let state = self.state();
        if let Some(latest) = &state.latest {
            if latest.generation > held.generation && state.latest_valid && latest.alive_at(now) {
                return Some(Arc::clone(latest));
            }
            if latest.generation == held.generation && !state.latest_valid {
                return None;
            }
        }
        held.alive_at(now).then(|| Arc::clone(held))
    }

    /// A `401` answered a request sent with the token of `generation`: that token is not used
    /// again. A newer token (another caller already renewed it) is kept.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut state = self.state();
        if state
            .latest
            .as_ref()
            .is_some_and(|l| l.generation == generation)
        {
            state.latest_valid = false;
        }
    }

    /// Forgets the cached token and a remembered rejection: the next request asks the source
    /// again.
    pub(crate) fn reset(&self) {
        let mut state = self.state();
        state.epoch += 1;
        state.rejected = None;
        state.latest = None;
        state.latest_valid = false;
        state.flight = None;
    }

    /// Uses `source` from now on (new credentials), forgetting everything about the old one.
    pub(crate) fn replace_source(&self, source: Arc<dyn TokenSource>) {
        let mut state = self.state();
        state.source = source;
        drop(state);
        self.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::BoxFuture;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A source answering from a script of results, counting its calls.
    struct Scripted {
        calls: AtomicU32,
        script: Mutex<Vec<Result<Token, AuthError>>>,
    }

    impl TokenSource for Scripted {
        fn fetch<'a>(&'a self, _: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let result = {
                let mut script = self.script.lock().unwrap();
                if script.is_empty() {
                    Ok(Token::new(format!("t{n}")))
                } else {
                    script.remove(0)
                }
            };
            Box::pin(async move {
                // A token request takes time: callers arriving meanwhile must join it.
                tokio::time::sleep(Duration::from_secs(1)).await;
                result
            })
        }
    }

    fn cache(script: Vec<Result<Token, AuthError>>) -> (Arc<TokenCache>, Arc<Scripted>) {
        let source = Arc::new(Scripted {
            calls: AtomicU32::new(0),
            script: Mutex::new(script),
        });
        let cache = TokenCache::new(
            source.clone(),
            reqwest::Client::new(),
            "http://127.0.0.1/".parse().unwrap(),
            Duration::from_secs(60),
            DEFAULT_TOKEN_BACKOFF,
            crate::body::DEFAULT_MAX_RESPONSE_BYTES,
        );
        (Arc::new(cache), source)
    }

    fn unavailable() -> AuthError {
        AuthError::Unavailable {
            message: "HTTP 503".into(),
            attempts: 1,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_request_and_its_error() {
        let (cache, source) = cache(vec![Err(AuthError::InvalidResponse {
            message: "no access_token".into(),
            excerpt: Default::default(),
        })]);
        let callers: Vec<_> = (0..100)
            .map(|_| {
                let cache = Arc::clone(&cache);
                tokio::spawn(async move { cache.get().await.map(|t| t.generation) })
            })
            .collect();
        for caller in callers {
            assert!(matches!(
                caller.await.unwrap(),
                Err(AuthError::InvalidResponse { .. })
            ));
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
        // Not remembered: the next caller asks again.
        assert_eq!(cache.get().await.unwrap().generation, 1);
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn transient_failures_are_retried_with_growing_backoff_then_given_up() {
        let (cache, source) = cache(vec![
            Err(unavailable()),
            Err(unavailable()),
            Err(unavailable()),
        ]);
        let started = Instant::now();
        let error = cache.get().await.unwrap_err();
        assert_eq!(
            error,
            AuthError::Unavailable {
                message: "HTTP 503".into(),
                attempts: 3
            }
        );
        assert_eq!(source.calls.load(Ordering::SeqCst), 3);
        // Three 1 s requests, backoffs of 0.5 s and 1 s (virtual time).
        assert_eq!(started.elapsed(), Duration::from_millis(4500));
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let policy = DEFAULT_TOKEN_BACKOFF;
        // The wait after failed attempt n is the ceiling of retry n - 1.
        let waits: Vec<_> = (1..=6).map(|a| policy.ceiling(a - 1).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(policy.ceiling(99), Duration::from_secs(8));
    }

    #[tokio::test(start_paused = true)]
    async fn failed_renewal_inside_the_window_keeps_the_live_token() {
        let (cache, source) = cache(vec![
            Ok(Token::new("a").with_expires_in(Duration::from_secs(120))),
            Err(unavailable()),
            Err(unavailable()),
            Err(unavailable()),
        ]);
        assert_eq!(cache.get().await.unwrap().generation, 1);
        tokio::time::advance(Duration::from_secs(61)).await;
        // Inside the 60 s window: renewal fails three times, the live token is still handed out.
        assert_eq!(cache.get().await.unwrap().generation, 1);
        assert_eq!(source.calls.load(Ordering::SeqCst), 4);
        tokio::time::advance(Duration::from_secs(60)).await;
        // Expired: a new request, which succeeds.
        assert_eq!(cache.get().await.unwrap().generation, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_shorter_lived_than_the_margin_is_renewed_halfway() {
        let (cache, source) = cache(vec![
            Ok(Token::new("a").with_expires_in(Duration::from_secs(40))),
            Ok(Token::new("b").with_expires_in(Duration::from_secs(40))),
        ]);
        // Requested at 0, answered at 1 s (the scripted request takes 1 s): renewed at 20 s.
        assert_eq!(cache.get().await.unwrap().generation, 1);
        tokio::time::advance(Duration::from_secs(18)).await;
        assert_eq!(cache.get().await.unwrap().generation, 1);
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(cache.get().await.unwrap().generation, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_lifetime_too_long_to_add_to_an_instant_is_a_year() {
        // A source may state any lifetime; `Instant + Duration::MAX` would panic.
        let (cache, source) = cache(vec![
            Ok(Token::new("a").with_expires_in(Duration::MAX)),
            Ok(Token::new("b").with_expires_in(Duration::MAX)),
        ]);
        assert_eq!(cache.get().await.unwrap().generation, 1);
        tokio::time::advance(Duration::from_secs(365 * 86_400)).await;
        assert_eq!(cache.get().await.unwrap().generation, 1);
        // 366 days less the 60 s margin after it was requested: renewed.
        tokio::time::advance(Duration::from_secs(86_400)).await;
        assert_eq!(cache.get().await.unwrap().generation, 2);
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn reset_during_a_flight_does_not_store_its_token() {
        let (cache, source) = cache(Vec::new());
        let waiting = {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.get().await.map(|t| t.generation) })
        };
        tokio::task::yield_now().await;
        cache.reset();
        assert_eq!(waiting.await.unwrap().unwrap(), 1);
        // The token of the flight started before the reset was not kept.
        assert_eq!(cache.get().await.unwrap().generation, 2);
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }
}
