//! The concurrency cap and the [`Permit`] that holds one slot of it.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::margin::LocalDelays;

/// At most `max` permits out at once; waiters are served first come, first served (tokio's
/// semaphore is fair), so no caller starves.
#[derive(Clone, Debug)]
pub(crate) struct Concurrency {
    semaphore: Arc<Semaphore>,
}

impl Concurrency {
    pub(crate) fn new(max: usize) -> Concurrency {
        Concurrency {
            semaphore: Arc::new(Semaphore::new(max.min(Semaphore::MAX_PERMITS))),
        }
    }

    pub(crate) async fn acquire(&self) -> OwnedSemaphorePermit {
        Arc::clone(&self.semaphore)
            .acquire_owned()
            .await
            .expect("the semaphore is private to Limits and never closed")
    }

    /// Slots not held right now.
    pub(crate) fn available(&self) -> usize {
        self.semaphore.available_permits()
    }
}

/// Leave to send one request: holds a concurrency slot (and whatever else a [`Limiter`]
/// backend needs, such as a Redis lease) until dropped. The Client drops it once the
/// response body is read.
///
/// [`Limiter`]: super::Limiter
#[must_use = "the permit holds its slot only until dropped: keep it until the response body is read"]
pub struct Permit {
    slot: Option<OwnedSemaphorePermit>,
    guard: Option<Box<dyn Any + Send + Sync>>,
    /// Where the delay from the grant to [`Permit::sending`] goes (in-process limits).
    report: Option<SendReport>,
}

/// The grant of a permit, and the limits that learn how long after it its request was sent.
pub(crate) struct SendReport {
    delays: LocalDelays,
    granted: Instant,
}

impl SendReport {
    pub(crate) fn new(delays: LocalDelays, granted: Instant) -> SendReport {
        SendReport { delays, granted }
    }
}

impl Permit {
    /// A permit that holds nothing (no concurrency cap).
    pub fn unlimited() -> Permit {
        Permit {
            slot: None,
            guard: None,
            report: None,
        }
    }

    /// A permit for another [`Limiter`](super::Limiter) backend: dropping it drops `guard`,
    /// whose `Drop` releases what it holds (a lease, a slot).
    pub fn from_guard<G: Send + Sync + 'static>(guard: G) -> Permit {
        Permit {
            slot: None,
            guard: Some(Box::new(guard)),
            report: None,
        }
    }

    pub(crate) fn local(slot: Option<OwnedSemaphorePermit>, report: Option<SendReport>) -> Permit {
        Permit {
            slot,
            guard: None,
            report,
        }
    }

    /// Tells the limiter that the request this permit was granted for is being handed over
    /// to be sent now. The in-process [`Limits`](super::Limits) learns the delay since the
    /// grant and widens its windows by the largest recent one (see
    /// [`LimitsBuilder::max_adaptive_margin`](super::LimitsBuilder::max_adaptive_margin)):
    /// requests that leave later than granted arrive later too. Only the first call counts;
    /// other backends ignore it.
    pub fn sending(&mut self) {
        if let Some(report) = self.report.take() {
            let now = Instant::now();
            report
                .delays
                .observe(now.saturating_duration_since(report.granted), now);
        }
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("holds_slot", &self.slot.is_some())
            .field("holds_guard", &self.guard.is_some())
            .finish()
    }
}
