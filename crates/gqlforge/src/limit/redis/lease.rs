//! A lease of the shared concurrency semaphore, held by a [`Permit`](crate::limit::Permit):
//! renewed by a background task while it is held, released when it is dropped.
//!
//! `Drop` cannot `.await`, so it only drops a oneshot sender; the lease's task sees that and
//! releases the lease (`ZREM`). If the process dies, or its runtime shuts down, nobody
//! releases or renews the lease: it expires after the lease time and its slot is free again.

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

/// Spawns the task that renews lease `id` every `renew_every` until the guard is dropped,
/// then releases it.
pub(crate) fn hold(
    inner: Arc<Inner>,
    id: String,
    local: tokio::sync::OwnedSemaphorePermit,
) -> LeaseGuard {
    let (release, mut released) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let lease_ms = millis(inner.lease_time);
        loop {
            match timeout(inner.renew_every, &mut released).await {
                // The guard was dropped (or, never, sent): release the lease.
                Ok(_) => break,
                Err(_elapsed) => {
                    let mut renew = RENEW_LEASE.prepare_invoke();
                    renew
                        .key(&inner.keys.leases)
                        .key(&inner.keys.clock)
                        .arg(&id)
                        .arg(lease_ms)
                        .arg(inner.clock_skew());
                    let renewed: Result<i64, _> = inner.run(&mut renew).await;
                    match renewed {
                        Ok(1) => {}
                        Ok(_) => {
                            // Renewed too late (Redis unreachable for a lease time, or a
                            // stalled process): the slot may be someone else's by now.
                            tracing::warn!(
                                lease = %id,
                                url = %inner.url,
                                "a Redis concurrency lease expired while its request was \
                                 in flight; the shared in-flight cap may be exceeded by one \
                                 until it ends (raise `lease_time`?)"
                            );
                            return;
                        }
                        // Unreachable: try again at the next tick, the lease may still live.
                        Err(_) => {}
                    }
                }
            }
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
