//! The client's limits and retries on the wire: an in-process server records each request's
//! arrival and how many requests it was serving at once.
//!
//! These tests run in real time (the server is on its own thread, and what is measured is
//! when requests arrive there); their bounds are counts, with slack for a loaded machine.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use gqlforge::auth::ClientCredentials;
use gqlforge::limit::{Backoff, Limits};
use gqlforge::{Client, Error, LimitError, Operation, OperationKind, Rate, RetryPolicy};
use serde_json::json;

use crate::server::{Reply, TestServer};
use crate::NoVariables as V;
use crate::{builder, viewer_data, viewer_reply, TokenCounter, Viewer};

/// `mutation Bump { bump }`
struct Bump;

impl Operation for Bump {
    const NAME: &'static str = "Bump";
    const OPERATION_NAME: Option<&'static str> = Some("Bump");
    const KIND: OperationKind = OperationKind::Mutation;
    const QUERY: &'static str = "mutation Bump {\n  bump\n}";
    type Variables = V;
    type Data = serde_json::Value;
}

/// What the server saw: every request's arrival, and the most it served at once.
#[derive(Default)]
struct Seen {
    arrivals: Mutex<Vec<Instant>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Seen {
    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.arrivals.lock().unwrap().len()
    }

    fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }
}

/// A server that records into `Seen`, takes `delay` per request, and answers what `reply`
/// says for the n-th request (0-based) arriving `since_first` after the first.
fn recording(
    delay: Duration,
    reply: impl Fn(usize, Duration) -> Reply + Send + Sync + 'static,
) -> (TestServer, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let server_seen = Arc::clone(&seen);
    let reply = Arc::new(reply);
    let server = TestServer::start(move |_| {
        let seen = Arc::clone(&server_seen);
        let reply = Arc::clone(&reply);
        async move {
            let now = Instant::now();
            let (n, since_first) = {
                let mut arrivals = seen.arrivals.lock().unwrap();
                arrivals.push(now);
                (arrivals.len() - 1, now - arrivals[0])
            };
            let current = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            seen.max_in_flight.fetch_max(current, Ordering::SeqCst);
            tokio::time::sleep(delay).await;
            let answer = reply(n, since_first);
            seen.in_flight.fetch_sub(1, Ordering::SeqCst);
            answer
        }
    });
    (server, seen)
}

/// The most arrivals in any 1-s window `[t, t + 1 s)`.
fn max_in_window(arrivals: &[Instant]) -> usize {
    let mut sorted = arrivals.to_vec();
    sorted.sort();
    let mut max = 0;
    let mut start = 0;
    for end in 0..sorted.len() {
        while sorted[end] - sorted[start] >= Duration::from_secs(1) {
            start += 1;
        }
        max = max.max(end - start + 1);
    }
    max
}

fn quick_backoff(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        backoff: Backoff {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(5),
            max_attempts,
        },
        ..RetryPolicy::default()
    }
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        months[(month - 1) as usize],
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[test]
fn http_dates_are_formatted_as_imf_fixdates() {
    let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
}

/// 8 callers × 3 calls at 20/s; the first request is answered `429` with `retry_after`.
/// Returns the arrivals and the instant the 429 arrived.
async fn cool_down_run(retry_after: impl Fn() -> String + Send + Sync + 'static) -> Vec<Instant> {
    let (server, seen) = recording(Duration::from_millis(2), move |n, _| {
        if n == 0 {
            Reply::json(429, json!({"errors": [{"message": "slow down"}]}))
                .header("retry-after", &retry_after())
        } else {
            viewer_reply()
        }
    });
    let client = builder(&server)
        .rate_limit(Rate::per_second(20), 4)
        .build()
        .unwrap();
    let callers: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..3 {
                    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
                }
            })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap();
    }
    let arrivals = seen.arrivals();
    // 24 calls, one of them sent twice.
    assert_eq!(arrivals.len(), 25);
    assert!(
        max_in_window(&arrivals) <= 20,
        "{}",
        max_in_window(&arrivals)
    );
    arrivals
}

/// The gap after the 429 (the first arrival): no request arrived in it.
fn gap_after_first(arrivals: &[Instant]) -> Duration {
    let mut sorted = arrivals.to_vec();
    sorted.sort();
    sorted[1] - sorted[0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_retry_after_seconds_pauses_every_caller_then_resumes_paced() {
    let _serial = crate::serial().await;
    let arrivals = cool_down_run(|| "2".to_string()).await;
    let gap = gap_after_first(&arrivals);
    assert!(gap >= Duration::from_millis(1990), "{gap:?}");
    assert!(gap < Duration::from_millis(3500), "{gap:?}");
    // Resumed paced: 24 requests at 20/s take more than a second after the cool-down.
    let mut sorted = arrivals.clone();
    sorted.sort();
    assert!(sorted[24] - sorted[1] >= Duration::from_millis(1100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_an_http_date_pauses_every_caller_until_then() {
    let _serial = crate::serial().await;
    // Three seconds from now, to the second: a wait of more than 2 s and at most 3 s.
    let arrivals = cool_down_run(|| http_date(SystemTime::now() + Duration::from_secs(3))).await;
    let gap = gap_after_first(&arrivals);
    assert!(gap >= Duration::from_millis(1990), "{gap:?}");
    assert!(gap < Duration::from_millis(4500), "{gap:?}");
}

#[tokio::test]
async fn server_errors_are_retried_for_queries_and_idempotent_mutations_only() {
    let _serial = crate::serial().await;
    let (server, seen) = recording(Duration::ZERO, |_, _| {
        Reply::json(503, json!({"errors": [{"message": "busy"}]}))
    });
    let client = builder(&server)
        .retry_policy(quick_backoff(3))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(error, Error::Server(ref r) if r.status == 503),
        "{error:?}"
    );
    assert_eq!(seen.count(), 3);
    // A mutation not marked idempotent is sent once.
    let error = client.execute::<Bump>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_eq!(seen.count(), 4);
    // Marked idempotent, it is retried like a query.
    let client = builder(&server)
        .retry_policy(quick_backoff(3))
        .idempotent("Bump")
        .build()
        .unwrap();
    client.execute::<Bump>(V {}).await.unwrap_err();
    assert_eq!(seen.count(), 7);
}

#[tokio::test]
async fn a_query_succeeds_after_a_server_error() {
    let _serial = crate::serial().await;
    let (server, seen) = recording(Duration::ZERO, |n, _| {
        if n == 0 {
            Reply::new(502, "<html>bad gateway</html>")
        } else {
            viewer_reply()
        }
    });
    let client = builder(&server)
        .retry_policy(quick_backoff(3))
        .build()
        .unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(seen.count(), 2);
}

/// A refused connection sent nothing: even a mutation (not marked idempotent) is retried.
/// The port is bound but not listening (connections refused) for 300 ms, then served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_retried_even_for_a_mutation() {
    let _serial = crate::serial().await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    let client = Client::builder(format!("http://{addr}/graphql"))
        .without_timeout()
        .retry_policy(RetryPolicy {
            backoff: Backoff {
                base: Duration::from_millis(10),
                cap: Duration::from_millis(40),
                max_attempts: 200,
            },
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.execute::<Bump>(V {}).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Refused so far, and still trying.
    assert!(!call.is_finished());
    let listener = socket.listen(16).unwrap().into_std().unwrap();
    let server = TestServer::start_on(listener, |_| async {
        Reply::json(200, json!({"data": {"bump": 1}}))
    });
    assert_eq!(call.await.unwrap().unwrap(), json!({"bump": 1}));
    // Sent once: the refused attempts never reached the server.
    assert_eq!(server.count("/graphql"), 1);
}

/// A connection that breaks after the request was written (the server read it and closed
/// without answering): the server may have applied it, so a mutation is sent once; a query
/// is retried.
#[tokio::test]
async fn a_broken_connection_is_retried_for_queries_not_for_mutations() {
    let _serial = crate::serial().await;
    let server = TestServer::raw(|stream| async move { drop(stream) });
    let client = builder(&server)
        .retry_policy(quick_backoff(3))
        .build()
        .unwrap();
    let error = client.execute::<Bump>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(server.count("/graphql"), 1);
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(server.count("/graphql"), 1 + 3);
}

/// A response whose body stops coming: a timeout, retried for a query, not for a mutation
/// (the server may have applied it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeouts_are_retried_for_queries_not_for_mutations() {
    let _serial = crate::serial().await;
    let hold = Arc::new(tokio::sync::Notify::new());
    let server = TestServer::stalling(&hold);
    let client = Client::builder(server.url("/graphql"))
        .timeout(Duration::from_millis(200))
        .retry_policy(quick_backoff(3))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(server.count("/graphql"), 3);
    let error = client.execute::<Bump>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(server.count("/graphql"), 4);
    hold.notify_waiters();
}

/// A port nothing listens on: the attempts the policy allows, then a transport error.
#[tokio::test]
async fn a_refused_connection_ends_in_a_transport_error_after_the_attempts() {
    let _serial = crate::serial().await;
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder(format!("http://127.0.0.1:{port}/graphql"))
        .retry_policy(quick_backoff(3))
        .build()
        .unwrap();
    for error in [
        client.execute::<Viewer>(V {}).await.unwrap_err(),
        client.execute::<Bump>(V {}).await.unwrap_err(),
    ] {
        assert!(
            matches!(&error, Error::Transport(e) if e.message().starts_with("cannot connect")),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn bad_requests_invalid_parameters_not_found_and_graphql_errors_are_never_retried() {
    let _serial = crate::serial().await;
    for status in [400, 402, 404] {
        let (server, seen) = recording(Duration::ZERO, move |_, _| {
            Reply::json(status, json!({"errors": [{"message": "no"}]}))
        });
        let client = builder(&server)
            .retry_policy(quick_backoff(5))
            .build()
            .unwrap();
        assert!(client.execute::<Viewer>(V {}).await.is_err());
        assert_eq!(seen.count(), 1, "{status}");
    }
    let (server, seen) = recording(Duration::ZERO, |_, _| {
        Reply::json(200, json!({"errors": [{"message": "Cannot query field"}]}))
    });
    let client = builder(&server)
        .retry_policy(quick_backoff(5))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::GraphQL { .. }), "{error:?}");
    assert_eq!(seen.count(), 1);
}

/// The client tells the limiter when each request leaves (`Permit::sending`), and a `429`
/// widens its windows: the margin in force grows beyond the default 50 ms by the delay seen
/// (however small) and by 50 ms for the `429`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_reports_each_send_and_each_429_to_the_window_margin() {
    let _serial = crate::serial().await;
    let (server, _seen) = recording(Duration::ZERO, |n, _| {
        if n == 3 {
            Reply::json(429, json!({"errors": [{"message": "slow down"}]}))
                .header("retry-after", "0")
        } else {
            viewer_reply()
        }
    });
    // No rate: no caller waits for a slot, so only the client's reports can teach the
    // limiter a delay.
    let limits = Limits::builder().max_in_flight(4).build().unwrap();
    let client = builder(&server).limits(limits.clone()).build().unwrap();
    let fixed = gqlforge::limit::DEFAULT_LOCAL_WINDOW_MARGIN;
    assert_eq!(limits.window_margin(), fixed);
    for _ in 0..3 {
        client.execute::<Viewer>(V {}).await.unwrap();
    }
    let learned = limits.window_margin() - fixed;
    assert!(learned > Duration::ZERO);
    // The 429 is retried (after a cool-down of 0 s) and widens the windows by 50 ms (which
    // wear off at 10 ms a minute: by microseconds here).
    client.execute::<Viewer>(V {}).await.unwrap();
    assert!(limits.window_margin() >= fixed + Duration::from_millis(49) + learned);
}

#[tokio::test]
async fn an_exhausted_quota_is_an_error_before_anything_is_sent() {
    let _serial = crate::serial().await;
    let (server, seen) = recording(Duration::ZERO, |_, _| viewer_reply());
    let limits = Limits::builder()
        .operation_quota("Viewer", 2)
        .operation_quota("Bump", 0)
        .build()
        .unwrap();
    let client = builder(&server).limits(limits.clone()).build().unwrap();
    let error = client.execute::<Bump>(V {}).await.unwrap_err();
    assert!(
        matches!(error, Error::Limiter(LimitError::QuotaExhausted { ref operation, limit: 0 }) if operation == "Bump"),
        "{error:?}"
    );
    assert_eq!(seen.count(), 0);
    client.execute::<Viewer>(V {}).await.unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Limiter(LimitError::QuotaExhausted { limit: 2, .. })
        ),
        "{error:?}"
    );
    assert_eq!(seen.count(), 2);
    assert_eq!(limits.quota_remaining("Viewer"), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_never_sees_more_in_flight_than_the_cap() {
    let _serial = crate::serial().await;
    let (server, seen) = recording(Duration::from_millis(20), |_, _| viewer_reply());
    let limits = Limits::builder().max_in_flight(3).build().unwrap();
    let client = builder(&server).limits(limits).build().unwrap();
    let callers: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..4 {
                    client.execute::<Viewer>(V {}).await.unwrap();
                }
            })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap();
    }
    assert_eq!(seen.count(), 64);
    assert_eq!(seen.max_in_flight(), 3);
}

#[tokio::test]
async fn a_401_retry_takes_a_permit_but_is_not_a_policy_retry() {
    let _serial = crate::serial().await;
    let tokens = TokenCounter::default();
    let server = TestServer::start(move |request| {
        let tokens = tokens.clone();
        async move {
            match request.path.as_str() {
                "/token" => tokens.reply(3600),
                _ if request.bearer().as_deref() == Some("t2") => viewer_reply(),
                _ => Reply::json(401, json!({"errors": [{"message": "invalid token"}]})),
            }
        }
    });
    let limits = Limits::builder()
        .operation_quota("Viewer", 3)
        .build()
        .unwrap();
    let client = builder(&server)
        .token_source(ClientCredentials::new(server.url("/token"), "id", "secret"))
        .limits(limits.clone())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    // No retries allowed, yet the 401 is renewed once and the call succeeds...
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    // ...and both attempts took a permit (a unit of the quota each).
    assert_eq!(limits.quota_remaining("Viewer"), Some(1));
    assert_eq!(server.count("/graphql"), 2);
}

/// A 429 storm: every request for 2 s after the first is answered 429 (`Retry-After: 1`);
/// 32 callers each make one call. All end Ok; the storm saw few requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_ends_with_every_call_ok_and_few_requests_during_it() {
    let _serial = crate::serial().await;
    let (server, seen) = recording(Duration::from_millis(1), |_, since_first| {
        if since_first < Duration::from_secs(2) {
            Reply::new(429, "").header("retry-after", "1")
        } else {
            viewer_reply()
        }
    });
    let client = builder(&server)
        .rate_limit(Rate::per_second(150), 4)
        .retry_policy(RetryPolicy {
            rate_limited_retries: 10,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let callers: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.execute::<Viewer>(V {}).await })
        })
        .collect();
    let mut ok = 0;
    for caller in callers {
        assert_eq!(caller.await.unwrap().unwrap(), viewer_data());
        ok += 1;
    }
    assert_eq!(ok, 32);
    let mut arrivals = seen.arrivals();
    arrivals.sort();
    let first = arrivals[0];
    let during = arrivals
        .iter()
        .filter(|a| **a - first < Duration::from_secs(2))
        .count();
    println!(
        "429 storm: {during} requests during the 2 s, {} in all",
        arrivals.len()
    );
    // Two or three cool-downs of 1 s, each let in by at most the 4 slots and what the rate
    // grants before the 429 comes back.
    assert!(during <= 16, "{during}");
    assert_eq!(arrivals.len(), 32 + during);
}
