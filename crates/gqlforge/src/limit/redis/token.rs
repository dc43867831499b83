//! A token cache shared through Redis: one login for every process of a namespace, refreshed
//! under a lock so that N processes whose token runs out together make one request, not N.
//!
//! A hook for the Client's token sources (which come with their own issue): they call
//! [`RedisLimits::shared_token`] with the function that fetches a new token.
//!
//! The token is stored in Redis as plain text under `gqlforge:{NS}:token:NAME`, for as long
//! as it is valid: whoever can read that Redis can use it, so use this only with a Redis as
//! trusted as the credentials themselves.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{sleep, timeout, Instant};

use super::lease::{millis, new_lease_id};
use super::scripts::{RENEW_LOCK, UNLOCK};
use super::{Inner, RedisLimits, Unreachable};
use crate::waits::LONGEST;

/// A token and how long it stays valid from now.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedToken {
    /// The token itself (left out of `Debug`).
    pub value: String,
    /// How long it stays valid from now.
    pub expires_in: Duration,
}

impl std::fmt::Debug for SharedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token itself.
        f.debug_struct("SharedToken")
            .field("value", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Why [`RedisLimits::shared_token`] has no token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SharedTokenError<E: std::error::Error + 'static> {
    /// This process's `fetch` failed.
    #[error(transparent)]
    Fetch(E),
    /// Another process's `fetch` failed a moment ago; this one does not try again until
    /// `retry_in` has passed, so that N processes never make N failed logins (a rejected
    /// credential can lock the account).
    #[error(
        "another process sharing the token failed to get one: {message} (not tried again \
         here for {retry_in:?}, so that the processes do not each make a failed login)"
    )]
    FailedElsewhere {
        /// The other process's error, as it recorded it.
        message: String,
        /// How long until this process may try itself.
        retry_in: Duration,
    },
}

/// How long a failed fetch keeps the other processes from trying.
const FAILURE_HOLD: Duration = Duration::from_secs(10);

/// The refresh lock is a lease: it lives this long unless its holder renews it (every third
/// of it, from a task of its own, while the fetch runs). A holder that is cancelled (its
/// future dropped) releases it at once; one whose process dies frees it after this long.
const LOCK_LEASE: Duration = Duration::from_secs(3);

/// How long a process waits for another's fetch (a live, renewed lock) before it fetches
/// itself.
const LOCK_WAIT: Duration = Duration::from_secs(30);

impl RedisLimits {
    /// The token `name` shared by every process of the namespace: the cached one if it is
    /// valid for more than `refresh_ahead`, else a new one from `fetch` — called by one
    /// process at a time, under a lock key; the others wait for its token (up to 30 s, then
    /// they fetch themselves). The lock is a lease of 3 s, renewed while `fetch` runs: a
    /// caller cancelled meanwhile (its future dropped) releases it at once, and a process that
    /// dies frees it within 3 s, so the others never sit out a dead holder. `fetch`'s token
    /// is cached for its lifetime. A failed `fetch` is remembered for 10 s: the processes
    /// waiting, and those asking meanwhile, get [`SharedTokenError::FailedElsewhere`]
    /// instead of trying their own login. When Redis does not answer, `fetch` is called
    /// (each process then logs in for itself).
    pub async fn shared_token<F, Fut, E>(
        &self,
        name: &str,
        refresh_ahead: Duration,
        fetch: F,
    ) -> Result<SharedToken, SharedTokenError<E>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<SharedToken, E>>,
        E: std::error::Error + 'static,
    {
        let key = format!("{}:token:{name}", self.inner.keys.prefix);
        let lock = format!("{key}:lock");
        let failed = format!("{key}:failed");
        let owner = new_lease_id();
        let give_up = Instant::now() + LOCK_WAIT;
        loop {
            match self.cached_token(&key, &failed, refresh_ahead).await {
                Ok(Cached::Token(token)) => return Ok(token),
                Ok(Cached::Failed { message, retry_in }) => {
                    return Err(SharedTokenError::FailedElsewhere { message, retry_in })
                }
                Ok(Cached::Nothing) => {}
                Err(Unreachable(_)) => return fetch().await.map_err(SharedTokenError::Fetch),
            }
            let mut take = redis::cmd("SET");
            take.arg(&lock)
                .arg(&owner)
                .arg("NX")
                .arg("PX")
                .arg(millis(LOCK_LEASE));
            let taken: Result<Option<String>, _> = self.inner.run(&mut take).await;
            match taken {
                Ok(Some(_)) => {
                    // Renewed while held; released when dropped — here, or with this future.
                    let lock = hold_lock(Arc::clone(&self.inner), lock, owner);
                    let token = fetch().await;
                    let mut store = redis::cmd("SET");
                    match &token {
                        Ok(token) => store
                            .arg(&key)
                            .arg(&token.value)
                            .arg("PX")
                            // At most 366 days: a longer PX is refused by Redis.
                            .arg(millis(token.expires_in.min(LONGEST))),
                        Err(e) => store
                            .arg(&failed)
                            .arg(e.to_string())
                            .arg("PX")
                            .arg(millis(FAILURE_HOLD)),
                    };
                    let _: Result<String, _> = self.inner.run(&mut store).await;
                    drop(lock);
                    return token.map_err(SharedTokenError::Fetch);
                }
                // Another process is fetching: wait for its token (or its lock to go).
                Ok(None) if Instant::now() < give_up => sleep(Duration::from_millis(25)).await,
                Ok(None) | Err(_) => return fetch().await.map_err(SharedTokenError::Fetch),
            }
        }
    }

    async fn cached_token(
        &self,
        key: &str,
        failed: &str,
        refresh_ahead: Duration,
    ) -> Result<Cached, Unreachable> {
        let mut get = redis::pipe();
        get.cmd("GET")
            .arg(key)
            .cmd("PTTL")
            .arg(key)
            .cmd("GET")
            .arg(failed)
            .cmd("PTTL")
            .arg(failed);
        let (value, ttl, failure, failure_ttl): (Option<String>, i64, Option<String>, i64) =
            self.inner.run(&mut get).await?;
        let left = |ttl: i64| Duration::from_millis(u64::try_from(ttl).unwrap_or(0));
        let expires_in = left(ttl);
        Ok(match (value, failure) {
            (Some(value), _) if expires_in > refresh_ahead => {
                Cached::Token(SharedToken { value, expires_in })
            }
            (_, Some(message)) => Cached::Failed {
                message,
                retry_in: left(failure_ttl),
            },
            _ => Cached::Nothing,
        })
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
    Token(SharedToken),
    Failed { message: String, retry_in: Duration },
    Nothing,
}
