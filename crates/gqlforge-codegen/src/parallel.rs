//! Independent pieces of work (documents to validate, to build the IR of) shared out among the
//! machine's threads; results come back in input order, so output does not depend on timing.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Most threads used; beyond a few, the pieces are too few to share well.
const MAX_THREADS: usize = 8;

/// `(0..count).map(work)`, on up to [`MAX_THREADS`] threads. A panic in `work` is resumed
/// on the calling thread.
pub(crate) fn map<R: Send>(count: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    // One piece (a `gql!` invocation's document) needs no threads, nor asking how many
    // there are: that reads the cgroup files on Linux, about ten microseconds a call.
    let threads = if count <= 1 {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
            .min(count)
    };
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut done = worker();
        for handle in handles {
            match handle.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
