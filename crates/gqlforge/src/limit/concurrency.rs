//! The concurrency cap and the [`Permit`] that holds one slot of it.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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
}

impl Permit {
    /// A permit that holds nothing (no concurrency cap).
    pub fn unlimited() -> Permit {
        Permit {
            slot: None,
            guard: None,
        }
    }

    /// A permit for another [`Limiter`](super::Limiter) backend: dropping it drops `guard`,
    /// whose `Drop` releases what it holds (a lease, a slot).
    pub fn from_guard<G: Send + Sync + 'static>(guard: G) -> Permit {
        Permit {
            slot: None,
            guard: Some(Box::new(guard)),
        }
    }

    pub(crate) fn local(slot: Option<OwnedSemaphorePermit>) -> Permit {
        Permit { slot, guard: None }
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
