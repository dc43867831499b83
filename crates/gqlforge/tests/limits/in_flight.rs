//! The in-flight cap is held at the server: a request stays counted until its response is
//! read or its connection is closed. A call abandoned by its caller runs on to its end,
//! holding its slot; one ended by the client's own timeout frees its slot only after reqwest
//! has dropped its connection, so the retry waits for it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use gqlforge::limit::{Backoff, Limits};
use gqlforge::RetryPolicy;

use crate::server::TestServer;
use crate::NoVariables as V;
use crate::{builder, viewer_reply, Viewer};

/// How many requests the server is working on: counted from arrival until the handler
/// answers or is dropped (hyper drops it when the client closes the connection).
#[derive(Default)]
struct Working {
    now: AtomicUsize,
    most: AtomicUsize,
    received: AtomicUsize,
}

struct Counted(Arc<Working>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A server taking `delay` per request, counting what it works on.
fn slow_server(delay: Duration) -> (TestServer, Arc<Working>) {
    let working = Arc::new(Working::default());
    let seen = Arc::clone(&working);
    let server = TestServer::start(move |_| {
        let working = Arc::clone(&seen);
        async move {
            working.received.fetch_add(1, Ordering::SeqCst);
            let now = working.now.fetch_add(1, Ordering::SeqCst) + 1;
            working.most.fetch_max(now, Ordering::SeqCst);
            let _counted = Counted(working);
            tokio::time::sleep(delay).await;
            viewer_reply()
        }
    });
    (server, working)
}

fn quick_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        backoff: Backoff {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(2),
            max_attempts,
        },
        ..RetryPolicy::default()
    }
}

/// The client's own timeout (50 ms) ends each attempt while the server (300 ms) still works
/// on it; the retry takes the slot only once the timed-out request's connection is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_a_client_timeout_waits_for_the_timed_out_requests_slot() {
    let _serial = crate::serial().await;
    let (server, working) = slow_server(Duration::from_millis(300));
    let limits = Limits::builder().max_in_flight(1).build().unwrap();
    let client = builder(&server)
        .timeout(Duration::from_millis(50))
        .retry_policy(quick_retries(4))
        .limits(limits.clone())
        .build()
        .unwrap();
    let callers: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.execute::<Viewer>(V {}).await })
        })
        .collect();
    for caller in callers {
        assert!(caller.await.unwrap().is_err(), "every attempt times out");
    }
    assert_eq!(working.received.load(Ordering::SeqCst), 16);
    // The client closes the timed-out request's connection before the retry takes the slot;
    // the server notices the close a moment later, on its own schedule, so on a loaded
    // machine the retry may arrive first: one over the cap for that moment, which the client
    // cannot prevent. Freeing the slot at the timeout instead had the server working on up
    // to six at once (300 ms of work, a retry every 50 ms).
    let most = working.most.load(Ordering::SeqCst);
    assert!(most <= 2, "the server worked on {most} requests at once");
    assert_eq!(limits.available_slots(), Some(1));
}

/// Callers that give up (a `timeout` around `execute`) at varied points, mid-request
/// included: an abandoned request runs on to its end holding its slot, so the server never
/// works on more than the cap (before, the slot was freed at once and the server saw 3
/// requests with a cap of 2), and every slot comes back once the requests are over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_abandoned_mid_request_keep_their_slot_until_the_request_is_over() {
    let _serial = crate::serial().await;
    let (server, working) = slow_server(Duration::from_millis(40));
    let limits = Limits::builder().max_in_flight(2).build().unwrap();
    let client = builder(&server).limits(limits.clone()).build().unwrap();
    let callers: Vec<_> = (0..8u64)
        .map(|caller| {
            let client = client.clone();
            tokio::spawn(async move {
                for call in 0..6u64 {
                    let patience = Duration::from_millis((caller * 7 + call * 13) % 60);
                    let _ = tokio::time::timeout(patience, client.execute::<Viewer>(V {})).await;
                }
            })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap();
    }
    assert!(working.received.load(Ordering::SeqCst) > 0);
    let most = working.most.load(Ordering::SeqCst);
    assert!(most <= 2, "the server worked on {most} requests at once");
    // The last abandoned requests end within the server's 40 ms (2 s: a generous bound).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while limits.available_slots() != Some(2) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(limits.available_slots(), Some(2));
    assert_eq!(working.now.load(Ordering::SeqCst), 0);
}
