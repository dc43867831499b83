//! A token source shared through Redis: one login for every process of a namespace, renewed
//! under a lock so that N processes whose token runs out together make one request, not N.
//!
//! [`RedisLimits::shared_token`] wraps any [`TokenSource`]; the Client's token cache uses the
//! wrapper as it would the source (caching, renewal ahead of expiry, the `401` retry, the
//! lock-out guard), and the wrapper asks Redis first.
//!
//! The access token is stored in Redis as plain text under `gqlforge:{NS}:token:NAME`, for as
//! long as it is valid: whoever can read that Redis can use it, so use this only with a Redis
//! as trusted as the credentials themselves. In the process it is only ever a `SecretString`.
//! Refresh tokens are not shared: a process whose token runs out logs in (or refreshes its own).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::oneshot;
use tokio::time::{sleep, timeout, Instant};

use super::lease::{millis, new_lease_id};
use super::scripts::{RENEW_LOCK, UNLOCK};
use super::{Inner, RedisLimits, Unreachable};
use crate::auth::{BoxFuture, Token, TokenContext, TokenSource};
use crate::waits::LONGEST;
use crate::AuthError;

/// How long a failed fetch keeps the other processes from trying.
const FAILURE_HOLD: Duration = Duration::from_secs(10);

/// The refresh lock is a lease: it lives this long unless its holder renews it (every third
/// of it, from a task of its own, while the fetch runs). A holder that is cancelled (its
/// future dropped) releases it at once; one whose process dies frees it after this long.
const LOCK_LEASE: Duration = Duration::from_secs(3);

/// How long a process waits for another's fetch (a live, renewed lock) before it fetches
/// itself.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// A token cached this close to its expiry, or closer, is not handed out: twice the Client's
/// default renewal margin ([`DEFAULT_RENEW_BEFORE`](crate::DEFAULT_RENEW_BEFORE)), so that a
/// token handed out is not already due for renewal.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(120);

/// The prefix of a failure record: credentials rejected, or any other failure.
const REJECTED: &str = "rejected:";
const FAILED: &str = "failed:";

impl RedisLimits {
    /// `source`, its tokens shared by every process of the namespace under `name`: a token
    /// cached in Redis and valid for more than [`DEFAULT_REFRESH_AHEAD`] is used as it is;
    /// else `source` is asked — by one process at a time, under a lock key, the others waiting
    /// for its token (up to 30 s, then they ask theirs). The lock is a lease of 3 s, renewed
    /// while `source` runs: a fetch cancelled meanwhile releases it at once, and a process that
    /// dies frees it within 3 s. The token is cached for its lifetime (366 days at most).
    ///
    /// A token the API rejected (the Client renews after a `401`) is replaced for everyone:
    /// the process that renews it gets a new one, the others get that one. A failed fetch is
    /// remembered for 10 s: rejected credentials are
    /// [`AuthError::CredentialsRejected`] in every process (the lock-out guard holds across
    /// processes: one failed login, not N), any other failure [`AuthError::Unavailable`].
    /// When Redis does not answer, `source` is asked (each process then logs in for itself).
    pub fn shared_token(&self, name: &str, source: impl TokenSource) -> SharedTokenSource {
        SharedTokenSource {
            limits: self.clone(),
            key: format!("{}:token:{name}", self.inner.keys.prefix),
            source: Arc::new(source),
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
        }
    }
}

/// A [`TokenSource`] whose tokens are shared through Redis by every process of a namespace;
/// see [`RedisLimits::shared_token`].
pub struct SharedTokenSource {
    limits: RedisLimits,
    key: String,
    source: Arc<dyn TokenSource>,
    refresh_ahead: Duration,
}

impl SharedTokenSource {
    /// A cached token valid for this long or less is renewed instead of used
    /// ([`DEFAULT_REFRESH_AHEAD`] by default). Keep it above the Client's
    /// [`renew_before`](crate::ClientBuilder::renew_before), or a process renewing its token
    /// is handed the same one back.
    pub fn refresh_ahead(mut self, refresh_ahead: Duration) -> SharedTokenSource {
        self.refresh_ahead = refresh_ahead;
        self
    }

    async fn fetch_shared(&self, context: TokenContext<'_>) -> Result<Token, AuthError> {
        let inner = &self.limits.inner;
        let lock = format!("{}:lock", self.key);
        let failed = format!("{}:failed", self.key);
        // Asked again for the token it last had: that one is expiring or was rejected.
        let stale = context.previous().map(Token::access_token);
        let owner = new_lease_id();
        let give_up = Instant::now() + LOCK_WAIT;
        loop {
            match self.cached(&failed, stale).await {
                Ok(Cached::Token(token)) => return Ok(token),
                Ok(Cached::Failed { record, retry_in }) => {
                    return Err(failed_elsewhere(&record, retry_in))
                }
                Ok(Cached::Nothing) => {}
                Err(Unreachable(_)) => return self.source.fetch(context).await,
            }
            let mut take = redis::cmd("SET");
            take.arg(&lock)
                .arg(&owner)
                .arg("NX")
                .arg("PX")
                .arg(millis(LOCK_LEASE));
            let taken: Result<Option<String>, _> = inner.run(&mut take).await;
            match taken {
                Ok(Some(_)) => {
                    // Renewed while held; released when dropped — here, or with this future.
                    let held = hold_lock(Arc::clone(inner), lock, owner);
                    let token = self.source.fetch(context).await;
                    let mut store = redis::cmd("SET");
                    match &token {
                        Ok(token) => store
                            .arg(&self.key)
                            .arg(token.access_token().expose_secret())
                            .arg("PX")
                            // At most 366 days: a longer PX is refused by Redis.
                            .arg(millis(token.expires_in().unwrap_or(LONGEST).min(LONGEST))),
                        Err(AuthError::CredentialsRejected { reason }) => store
                            .arg(&failed)
                            .arg(format!("{REJECTED}{reason}"))
                            .arg("PX")
                            .arg(millis(FAILURE_HOLD)),
                        Err(error) => store
                            .arg(&failed)
                            .arg(format!("{FAILED}{error}"))
                            .arg("PX")
                            .arg(millis(FAILURE_HOLD)),
                    };
                    let _: Result<String, _> = inner.run(&mut store).await;
                    drop(held);
                    return token;
                }
                // Another process is fetching: wait for its token (or its lock to go).
                Ok(None) if Instant::now() < give_up => sleep(Duration::from_millis(25)).await,
                Ok(None) | Err(_) => return self.source.fetch(context).await,
            }
        }
    }

    /// The token cached, unless it is `stale` or due for renewal; else a failure recorded
    /// by the process that last fetched.
    async fn cached(
        &self,
        failed: &str,
        stale: Option<&SecretString>,
    ) -> Result<Cached, Unreachable> {
        let mut get = redis::pipe();
        get.cmd("GET")
            .arg(&self.key)
            .cmd("PTTL")
            .arg(&self.key)
            .cmd("GET")
            .arg(failed)
            .cmd("PTTL")
            .arg(failed);
        let (value, ttl, failure, failure_ttl): (Option<String>, i64, Option<String>, i64) =
            self.limits.inner.run(&mut get).await?;
        let value = value.map(SecretString::from);
        let left = |ttl: i64| Duration::from_millis(u64::try_from(ttl).unwrap_or(0));
        let expires_in = left(ttl);
        let is_stale = |value: &SecretString| {
            stale.is_some_and(|stale| stale.expose_secret() == value.expose_secret())
        };
        Ok(match (value, failure) {
            (Some(value), _) if expires_in > self.refresh_ahead && !is_stale(&value) => {
                Cached::Token(Token::new(value).with_expires_in(expires_in))
            }
            (_, Some(record)) => Cached::Failed {
                record,
                retry_in: left(failure_ttl),
            },
            _ => Cached::Nothing,
        })
    }
}

impl TokenSource for SharedTokenSource {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
        Box::pin(self.fetch_shared(context))
    }

    fn renewable(&self) -> bool {
        self.source.renewable()
    }

    fn urls(&self) -> Vec<String> {
        self.source.urls()
    }
}

impl fmt::Debug for SharedTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedTokenSource")
            .field("key", &self.key)
            .field("refresh_ahead", &self.refresh_ahead)
            .finish_non_exhaustive()
    }
}

/// The failure another process recorded, as this process's error.
fn failed_elsewhere(record: &str, retry_in: Duration) -> AuthError {
    let not_here = format!(
        "(another process sharing the token got this; not tried here for {} ms, so that the \
         processes do not each make a failed login)",
        retry_in.as_millis()
    );
    match record.strip_prefix(REJECTED) {
        Some(reason) => AuthError::CredentialsRejected {
            reason: format!("{reason} {not_here}"),
        },
        None => AuthError::Unavailable {
            message: format!(
                "{} {not_here}",
                record.strip_prefix(FAILED).unwrap_or(record)
            ),
            attempts: 1,
        },
    }
}

/// The refresh lock, held: dropping it (the fetch ended, or the caller was cancelled) makes
/// its task release the lock.
struct HeldLock {
    _release: oneshot::Sender<()>,
}

/// Spawns the task that renews lock `key` (owned by `owner`) every third of [`LOCK_LEASE`]
/// until the guard is dropped, then deletes it if it is still ours. `Drop` cannot `.await`,
/// hence the task, as for a concurrency lease (`lease.rs`).
fn hold_lock(inner: Arc<Inner>, key: String, owner: String) -> HeldLock {
    let (release, mut released) = oneshot::channel::<()>();
    tokio::spawn(async move {
        loop {
            match timeout(LOCK_LEASE / 3, &mut released).await {
                Ok(_) => break,
                Err(_elapsed) => {
                    let mut renew = RENEW_LOCK.prepare_invoke();
                    renew.key(&key).arg(&owner).arg(millis(LOCK_LEASE));
                    let renewed: Result<i64, _> = inner.run(&mut renew).await;
                    // Lost (it expired: another process may hold it now): nothing to release.
                    // Unreachable: try again at the next tick.
                    if let Ok(0) = renewed {
                        return;
                    }
                }
            }
        }
        let mut unlock = UNLOCK.prepare_invoke();
        unlock.key(&key).arg(&owner);
        // Unreachable: the lock expires by itself after the lease.
        let _: Result<i64, _> = inner.run(&mut unlock).await;
    });
    HeldLock { _release: release }
}

enum Cached {
    Token(Token),
    Failed { record: String, retry_in: Duration },
    Nothing,
}
