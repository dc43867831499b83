//! A lease of the shared concurrency semaphore, held by a [`Permit`](crate::limit::Permit):
//! renewed by a background task while it is held, released when it is dropped.
//!
//! `Drop` cannot `.await`, so it only drops a oneshot sender; the lease's task sees that and
//! releases the lease (`ZREM`). If the process dies, or its runtime shuts down, nobody
//! releases or renews the lease: it expires after the lease time and its slot is free again.
//! A lease Redis lost while its request was in flight is registered again by its next
//! renewal (see [`hold`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::timeout;

use super::scripts::RENEW_LEASE;
use super::Inner;

/// Held while a request is in flight; dropping it releases the lease.
#[derive(Debug)]
pub(crate) struct LeaseGuard {
    /// Dropped with the guard: the lease's task then releases the lease.
    _release: oneshot::Sender<()>,
    /// Keeps the local slot (at most `max_in_flight` leases asked for by one process).
    _local: tokio::sync::OwnedSemaphorePermit,
}

/// A lease id unique across processes and machines: process id, a per-process counter, and
/// the instant the process first took a lease.
pub(crate) fn new_lease_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static STARTED: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    let started = STARTED.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{}-{started:x}-{n}", std::process::id())
}

/// Whether a lease is in Redis already when its task starts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Registered {
    /// Taken by `TAKE_LEASE`: renewed every `renew_every`.
    Yes,
    /// Granted by the in-process fallback while Redis did not answer: registered as soon as
    /// Redis answers (the task tries at once, then as a lost lease's renewal does), so that
    /// it counts toward the shared cap for as long as its request is in flight.
    No,
}

/// Spawns the task that renews lease `id` every `renew_every` until the guard is dropped,
/// then releases it.
///
/// A renewal that finds the lease gone (Redis restarted without persistence, a flush, an
/// eviction, a renewal too late) registers it again in the same script, over the cap if
/// others took its slot (`RENEW_LEASE`), and logs one warning for that loss. A renewal that
/// fails (Redis unreachable) is tried again every `min(renew_every, reconnect)`, so that the
/// lease is back in Redis soon after Redis answers again: the request is in flight whatever
/// the outage policy, and keeps this process's local slot meanwhile.
pub(crate) fn hold(
    inner: Arc<Inner>,
    id: String,
    local: tokio::sync::OwnedSemaphorePermit,
    registered: Registered,
) -> LeaseGuard {
    let (release, mut released) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let lease_ms = millis(inner.lease_time);
        let max = inner.max_in_flight.as_ref().map_or(0, |(max, _)| *max);
        let mut registered = registered;
        let mut wait = match registered {
            Registered::Yes => inner.renew_every,
            Registered::No => Duration::ZERO,
        };
        loop {
            // Ok: the guard was dropped (or, never, sent): release the lease.
            if timeout(wait, &mut released).await.is_ok() {
                break;
            }
            let mut renew = RENEW_LEASE.prepare_invoke();
            renew
                .key(&inner.keys.leases)
                .key(&inner.keys.clock)
                .arg(&id)
                .arg(lease_ms)
                .arg(max)
                .arg(inner.clock_args());
            let renewed: Result<(i64, i64), _> = inner.run(&mut renew).await;
            wait = match renewed {
                Ok((1, now)) => {
                    inner.saw(now);
                    inner.renew_every
                }
                Ok((answer, now)) => {
                    inner.saw(now);
                    if registered == Registered::Yes {
                        tracing::warn!(
                            lease = %id,
                            url = %inner.url,
                            over_the_cap = answer == 3,
                            "a Redis concurrency lease was gone while its request was in \
                             flight (Redis restarted without persistence, a flush, an \
                             eviction, or a renewal later than `lease_time`): registered \
                             again; new leases wait while the cap is reached"
                        );
                    }
                    registered = Registered::Yes;
                    inner.renew_every
                }
                // Unreachable: the lease may still live; try again soon.
                Err(_) => inner.renew_every.min(inner.reconnect_every),
            };
        }
        let mut release = redis::cmd("ZREM");
        release.arg(&inner.keys.leases).arg(&id);
        let released: Result<i64, _> = inner.run(&mut release).await;
        // Unreachable: the lease expires by itself after the lease time.
        drop(released);
    });
    LeaseGuard {
        _release: release,
        _local: local,
    }
}

pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}
