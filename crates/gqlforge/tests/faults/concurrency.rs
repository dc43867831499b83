//! Many callers at once while faults happen, some of them giving up at random points: every
//! call that ends ends `Ok` or typed, none hangs, the cap holds at the server, no mutation
//! not marked idempotent is applied twice, and every permit comes back.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::Duration;

use gqlforge::auth::ClientCredentials;
use gqlforge::ABANDONED_REQUEST_LIMIT;

use crate::calls::{all_permits_back, check_server, client_of, limits, CAP};
use crate::server::{Arrival, Fault, FaultServer};
use crate::{bounded, call, outcome, ticker, Kind, DONE, KINDS};

/// A number in `0..n` fixed by `parts` (the same in every run).
fn pick(parts: impl Hash, n: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish() % n
}

/// Half the attempts answered, the rest one fault each, chosen by the request's body and
/// attempt; the token endpoint fails now and then too.
fn mixed(a: &Arrival) -> Fault {
    let head_100 = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"data\":";
    if a.path == "/token" {
        return match pick((&a.path, a.nth_at_path), 4) {
            0 => Fault::status(503, ""),
            _ => Fault::json(&format!(
                r#"{{"access_token":"t{}","token_type":"Bearer","expires_in":120}}"#,
                a.nth_at_path
            )),
        };
    }
    match pick((&a.body, a.nth_of_body), 20) {
        0..=9 => Fault::json(DONE),
        10 => Fault::status(503, ""),
        11 => Fault::status(429, "").header("retry-after", "1"),
        12 => Fault::Reset(Vec::new()),
        13 => Fault::Close(head_100.into()),
        14 => Fault::Stall(Vec::new()),
        15 => Fault::Trickle {
            body: DONE.into(),
            every: Duration::from_millis(300),
        },
        16 => Fault::json(r#"{"data":null,"errors":[{"message":"boom"}]}"#),
        17 => Fault::json("{not json"),
        18 => Fault::status(401, ""),
        _ => Fault::status(502, "<html>bad gateway</html>"),
    }
}

/// 24 callers × 8 calls of every kind against [`mixed`] faults, with a cap of 2 in flight;
/// a third of the calls are given up by their callers after a patience chosen per call (from
/// a few milliseconds to a minute: before a permit, mid-request, mid-backoff, mid-cool-down),
/// and a few callers' tasks are aborted outright.
#[tokio::test(start_paused = true)]
async fn many_callers_with_faults_and_cancellations_end_typed_and_leak_nothing() {
    ticker();
    let server = FaultServer::start(mixed).await;
    let limits = limits();
    let client = client_of(&server.url("/graphql"), &limits)
        .token_source(ClientCredentials::new(server.url("/token"), "id", "s3cret"))
        .build()
        .unwrap();
    let callers: Vec<_> = (0..24u64)
        .map(|caller| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                for n in 0..8u64 {
                    let id = caller * 100 + n;
                    let kind = KINDS[pick(id, 3) as usize];
                    let run = call(&client, kind, id);
                    let result = if pick(("give up", id), 3) == 0 {
                        let patience = Duration::from_millis(5 + pick(("patience", id), 60_000));
                        tokio::time::timeout(patience, run).await.ok()
                    } else {
                        Some(bounded("a call", run).await)
                    };
                    if let Some(result) = result {
                        outcomes.push((kind, outcome(&result)));
                    }
                }
                outcomes
            })
        })
        .collect();
    // A few callers are aborted while they run.
    tokio::time::sleep(Duration::from_millis(700)).await;
    for caller in callers.iter().step_by(7) {
        caller.abort();
    }
    let mut ended = 0;
    for caller in callers {
        let Ok(outcomes) = bounded("a caller", caller).await else {
            continue;
        };
        for (kind, outcome) in outcomes {
            ended += 1;
            let allowed = [
                "Ok",
                "Server",
                "RateLimited(1 s)",
                "Transport",
                "Timeout",
                "GraphQL",
                "Decode",
                "Unauthorized",
                "Auth(Unavailable)",
            ];
            assert!(allowed.contains(&outcome.as_str()), "{kind:?}: {outcome}");
        }
    }
    assert!(ended > 0);
    all_permits_back(&limits).await;
    bounded("the server's requests ending", async {
        while server.working() != 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    check_server(&server, "many callers");
}

/// Without a timeout, a request whose caller gave up runs on holding its slot while the
/// server works on it; a server that never answers holds it for `ABANDONED_REQUEST_LIMIT`
/// after the caller left, no longer: then the request is dropped and the slot comes back.
/// (Before, the slot was held for as long as the server kept the connection open: forever.)
#[tokio::test(start_paused = true)]
async fn an_abandoned_request_without_timeout_gives_its_slot_back_after_the_limit() {
    ticker();
    let server = FaultServer::start(|_| Fault::Stall(Vec::new())).await;
    let limits = limits();
    let client = client_of(&server.url("/graphql"), &limits)
        .bearer_token("tok")
        .without_timeout()
        .build()
        .unwrap();
    for (n, kind) in KINDS.into_iter().enumerate() {
        let gave_up = tokio::time::timeout(Duration::from_secs(1), call(&client, kind, n as u64));
        assert!(gave_up.await.is_err(), "{kind:?}: the server never answers");
    }
    // Two were sent (the cap), the third gave up waiting for a permit.
    assert_eq!(server.count("/graphql"), CAP);
    tokio::time::sleep(ABANDONED_REQUEST_LIMIT - Duration::from_secs(5)).await;
    assert_eq!(limits.available_slots(), Some(0), "held while abandoned");
    assert_eq!(server.working(), CAP);
    all_permits_back(&limits).await;
    bounded("the server's requests ending", async {
        while server.working() != 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    // The slots serve new calls again.
    let server = FaultServer::start(|_| Fault::json(DONE)).await;
    let client = client_of(&server.url("/graphql"), &limits)
        .bearer_token("tok")
        .without_timeout()
        .build()
        .unwrap();
    let result = bounded("after", call(&client, Kind::Query, 9)).await;
    assert_eq!(outcome(&result), "Ok");
}

/// A `429` pauses every caller, the ones waiting for the slot it frees included: with a cap
/// of 1 and callers queued behind the request answered `429` (Retry-After: 10), the next
/// request arrives 10 s after it, not at once. (Before, the slot was given back before the
/// cool-down was set, and the caller next in line sent its request into the server's block.)
/// The same holds when the caller that met the `429` had given up: its abandoned request sets
/// the cool-down.
#[tokio::test(start_paused = true)]
async fn a_429_pauses_the_callers_waiting_for_its_slot() {
    ticker();
    for abandon in [false, true] {
        let server = FaultServer::start(|a| {
            if a.nth_at_path == 0 {
                Fault::status(429, "")
                    .header("retry-after", "10")
                    .late(Duration::from_secs(1))
            } else {
                Fault::json(DONE)
            }
        })
        .await;
        let limits = gqlforge::limit::Limits::builder()
            .max_in_flight(1)
            .build()
            .unwrap();
        let client = client_of(&server.url("/graphql"), &limits)
            .bearer_token("tok")
            .build()
            .unwrap();
        let first = {
            let client = client.clone();
            tokio::spawn(async move {
                let run = call(&client, Kind::Mutation, 0);
                if abandon {
                    let _ = tokio::time::timeout(Duration::from_millis(1), run).await;
                } else {
                    bounded("first", run).await.unwrap();
                }
            })
        };
        tokio::task::yield_now().await;
        let queued: Vec<_> = (1..4u64)
            .map(|n| {
                let client = client.clone();
                tokio::spawn(async move { bounded("queued", call(&client, Kind::Query, n)).await })
            })
            .collect();
        for caller in queued {
            assert_eq!(outcome(&caller.await.unwrap()), "Ok");
        }
        first.await.unwrap();
        let arrivals = server.arrivals("/graphql");
        let limited_at = arrivals[0].at;
        for later in &arrivals[1..] {
            assert!(
                later.at >= limited_at + Duration::from_secs(10),
                "abandon={abandon}: a request arrived {:?} after the 429",
                later.at - limited_at
            );
        }
    }
}
