//! Faults of the token endpoint (OAuth2 client credentials) and `401`s of the API, × the
//! three kinds of operation: what the caller gets, how often the API and the token endpoint
//! were asked, and whether the next call asks the token endpoint again (the lock-out guard
//! remembers a rejection; a transient failure is tried again).

use gqlforge::auth::{ClientCredentials, SignIn};
use gqlforge::limit::Limits;
use gqlforge::Client;
use std::time::Duration;

use crate::calls::{all_permits_back, check_server, client_of, limits, CAP};
use crate::server::{Arrival, Fault, FaultServer};
use crate::{bounded, call, outcome, ticker, DONE, KINDS};

/// `{"access_token": "tN", ...}` for the N-th token request.
fn token(a: &Arrival) -> Fault {
    Fault::json(&format!(
        r#"{{"access_token":"t{}","token_type":"Bearer","expires_in":3600}}"#,
        a.nth_at_path + 1
    ))
}

/// The API: `DONE` for any bearer token.
fn api(a: &Arrival) -> Fault {
    match a.path.as_str() {
        "/token" => token(a),
        _ => Fault::json(DONE),
    }
}

fn client_for(server: &FaultServer, limits: &Limits) -> Client {
    client_with(server, limits, Source::ClientCredentials)
}

/// What one row asserts for one kind: the first call's outcome, the requests at `/graphql`
/// and `/token` it made, and the token requests of a second call made right after.
type Cells = (&'static str, usize, usize, usize);

type Row = (&'static str, fn(&Arrival) -> Fault, Cells);

fn row(fault: &'static str, script: fn(&Arrival) -> Fault, cells: Cells) -> Row {
    (fault, script, cells)
}

fn at_token(a: &Arrival, fault: Fault) -> Fault {
    if a.path == "/token" {
        fault
    } else {
        api(a)
    }
}

fn table() -> Vec<Row> {
    vec![
        row(
            "token endpoint: 503",
            |a| at_token(a, Fault::status(503, "")),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "token endpoint: 429",
            |a| at_token(a, Fault::status(429, "").header("retry-after", "1")),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "token endpoint: connection reset",
            |a| at_token(a, Fault::Reset(Vec::new())),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "token endpoint: no answer (timeout)",
            |a| at_token(a, Fault::Stall(Vec::new())),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "token endpoint: 503 twice, then a token",
            |a| {
                if a.path == "/token" && a.nth_at_path < 2 {
                    Fault::status(503, "")
                } else if a.path == "/token" {
                    Fault::json(r#"{"access_token":"t","token_type":"Bearer"}"#)
                } else {
                    api(a)
                }
            },
            ("Ok", 1, 3, 0),
        ),
        row(
            "token endpoint: 200, garbage JSON",
            |a| at_token(a, Fault::json("<html>login</html>")),
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
        row(
            "token endpoint: 200, truncated JSON",
            |a| at_token(a, Fault::json(r#"{"access_token":"t1","tok"#)),
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
        row(
            "token endpoint: 200, body over max_response_bytes",
            |a| {
                let pad = "x".repeat(100_000);
                at_token(
                    a,
                    Fault::json(&format!(
                        r#"{{"access_token":"t1","token_type":"Bearer","pad":"{pad}"}}"#
                    )),
                )
            },
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
        row(
            "token endpoint: 404",
            |a| at_token(a, Fault::status(404, "")),
            ("Auth(UnexpectedStatus)", 0, 1, 1),
        ),
        row(
            "token endpoint: 400 invalid_client",
            |a| at_token(a, Fault::status(400, r#"{"error":"invalid_client"}"#)),
            ("Auth(CredentialsRejected)", 0, 1, 0),
        ),
        row(
            "token endpoint: 401",
            |a| at_token(a, Fault::status(401, "")),
            ("Auth(CredentialsRejected)", 0, 1, 0),
        ),
        row(
            "API: 401 for the first token, then 200",
            |a| match (a.path.as_str(), a.bearer.as_deref()) {
                ("/graphql", Some("t1")) => Fault::status(401, ""),
                _ => api(a),
            },
            ("Ok", 2, 2, 0),
        ),
        row(
            "API: 401, and the token endpoint down for the renewal",
            |a| match a.path.as_str() {
                "/token" if a.nth_at_path == 0 => token(a),
                "/token" => Fault::status(503, ""),
                _ => Fault::status(401, ""),
            },
            ("Auth(Unavailable)", 1, 4, 3),
        ),
        row(
            "API: 401 for every token",
            refusing_every_token,
            ("Unauthorized", 2, 2, 1),
        ),
    ]
}

/// Every token is issued; the API answers `401` to all of them.
fn refusing_every_token(a: &Arrival) -> Fault {
    match a.path.as_str() {
        "/token" => token(a),
        _ => Fault::status(401, r#"{"errors":[{"message":"invalid token"}]}"#),
    }
}

/// Where tokens come from in a table's runs.
#[derive(Clone, Copy)]
enum Source {
    ClientCredentials,
    /// The sign-in mutation, sent to `/token`.
    SignIn,
}

fn client_with(server: &FaultServer, limits: &Limits, source: Source) -> Client {
    let builder = client_of(&server.url("/graphql"), limits);
    match source {
        Source::ClientCredentials => {
            builder.token_source(ClientCredentials::new(server.url("/token"), "id", "s3cret"))
        }
        Source::SignIn => {
            builder.token_source(SignIn::new("user", "pa55word").endpoint(server.url("/token")))
        }
    }
    .build()
    .unwrap()
}

/// Runs every row for every kind (two calls each, on a fresh server) and compares the whole
/// table at once.
async fn run_table(table: Vec<Row>, source: Source) {
    ticker();
    let mut expected = Vec::new();
    let mut actual = Vec::new();
    for (fault, script, cells) in table {
        for kind in KINDS {
            let (want, api_calls, token_calls, next_token_calls) = cells;
            expected.push(format!(
                "{fault} | {kind:?} | {want} | {api_calls} | {token_calls} | {next_token_calls}"
            ));
            let server = FaultServer::start(script).await;
            let limits = limits();
            let client = client_with(&server, &limits, source);
            let result = bounded(fault, call(&client, kind, 1)).await;
            let (api_calls, token_calls) = (server.count("/graphql"), server.count("/token"));
            let _ = bounded(fault, call(&client, kind, 2)).await;
            let next_token_calls = server.count("/token") - token_calls;
            all_permits_back(&limits).await;
            check_server(&server, fault);
            actual.push(format!(
                "{fault} | {kind:?} | {} | {api_calls} | {token_calls} | {next_token_calls}",
                outcome(&result)
            ));
        }
    }
    let differ: Vec<_> = expected
        .iter()
        .zip(&actual)
        .filter(|(e, a)| e != a)
        .map(|(e, a)| format!("expected {e}\n     got {a}"))
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[tokio::test(start_paused = true)]
async fn every_fault_of_the_token_endpoint_ends_as_the_table_says() {
    run_table(table(), Source::ClientCredentials).await;
}

/// The sign-in mutation's answer for the N-th request at `/token`.
fn signed_in(a: &Arrival) -> Fault {
    let n = a.nth_at_path + 1;
    Fault::json(&format!(
        r#"{{"data":{{"signIn":{{"accessToken":"t{n}","refreshToken":"r{n}"}}}}}}"#
    ))
}

fn at_sign_in(a: &Arrival, fault: Fault) -> Fault {
    if a.path == "/token" {
        fault
    } else {
        Fault::json(DONE)
    }
}

/// The same faults at a sign-in mutation (`SignIn`), and the ways its answer can be wrong.
#[tokio::test(start_paused = true)]
async fn every_fault_of_the_sign_in_mutation_ends_as_the_table_says() {
    let table = vec![
        row(
            "sign-in: 200, tokens",
            |a| {
                if a.path == "/token" {
                    signed_in(a)
                } else {
                    Fault::json(DONE)
                }
            },
            ("Ok", 1, 1, 0),
        ),
        row(
            "sign-in: 503",
            |a| at_sign_in(a, Fault::status(503, "")),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "sign-in: connection reset",
            |a| at_sign_in(a, Fault::Reset(Vec::new())),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "sign-in: no answer (timeout)",
            |a| at_sign_in(a, Fault::Stall(Vec::new())),
            ("Auth(Unavailable)", 0, 3, 3),
        ),
        row(
            "sign-in: GraphQL error (wrong password)",
            |a| {
                at_sign_in(
                    a,
                    Fault::json(r#"{"errors":[{"message":"invalid login"}]}"#),
                )
            },
            ("Auth(CredentialsRejected)", 0, 1, 0),
        ),
        row(
            "sign-in: 401",
            |a| at_sign_in(a, Fault::status(401, "")),
            ("Auth(CredentialsRejected)", 0, 1, 0),
        ),
        row(
            r#"sign-in: 200, {"errors":{}}"#,
            |a| at_sign_in(a, Fault::json(r#"{"errors":{}}"#)),
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
        row(
            "sign-in: 200, truncated JSON",
            |a| at_sign_in(a, Fault::json(r#"{"data":{"signIn":{"accessToken":"t1"#)),
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
        row(
            "sign-in: 200, no accessToken",
            |a| {
                at_sign_in(
                    a,
                    Fault::json(r#"{"data":{"signIn":{"refreshToken":"r"}}}"#),
                )
            },
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
        row(
            "sign-in: 200, body over max_response_bytes",
            |a| {
                let pad = "x".repeat(100_000);
                at_sign_in(
                    a,
                    Fault::json(&format!(
                        r#"{{"data":{{"signIn":{{"accessToken":"t1","pad":"{pad}"}}}}}}"#
                    )),
                )
            },
            ("Auth(InvalidResponse)", 0, 1, 1),
        ),
    ];
    run_table(table, Source::SignIn).await;
}

/// The API revokes the first token after 3 calls: the 4th call meets a `401`, the token is
/// renewed once and the call sent again with the new one (a `401` is a refusal: even a
/// mutation not marked idempotent is resent); every call succeeds.
#[tokio::test(start_paused = true)]
async fn a_token_revoked_mid_run_is_renewed_once_and_the_call_succeeds() {
    ticker();
    for kind in KINDS {
        let server = FaultServer::start(|a| match (a.path.as_str(), a.bearer.as_deref()) {
            ("/graphql", Some("t1")) if a.nth_with_bearer >= 3 => Fault::status(401, ""),
            _ => api(a),
        })
        .await;
        let limits = limits();
        let client = client_for(&server, &limits);
        for n in 0..10 {
            let result = bounded("revoked", call(&client, kind, n)).await;
            assert_eq!(outcome(&result), "Ok", "{kind:?} call {n}");
        }
        assert_eq!(server.count("/token"), 2, "{kind:?}");
        assert_eq!(server.count("/graphql"), 11, "{kind:?}");
        let bearers: Vec<_> = server
            .arrivals("/graphql")
            .iter()
            .map(|a| a.bearer.clone().unwrap())
            .collect();
        assert_eq!(
            bearers,
            ["t1", "t1", "t1", "t1", "t2", "t2", "t2", "t2", "t2", "t2", "t2"],
            "{kind:?}"
        );
        all_permits_back(&limits).await;
        check_server(&server, "revoked");
    }
}

/// The API refuses the first token (`t1`) with a `401`, and answers every other.
fn refusing_the_first_token(a: &Arrival) -> Fault {
    match (a.path.as_str(), a.bearer.as_deref()) {
        ("/graphql", Some("t1")) => Fault::status(401, ""),
        _ => api(a),
    }
}

/// 16 calls of `kind` made at once through `client`: their results.
async fn storm(client: &Client, kind: crate::Kind) -> Vec<Result<crate::Done, gqlforge::Error>> {
    let calls: Vec<_> = (0..16)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { bounded("storm", call(&client, kind, n)).await })
        })
        .collect();
    let mut results = Vec::with_capacity(calls.len());
    for handle in calls {
        results.push(handle.await.unwrap());
    }
    results
}

/// 16 callers at once meet a `401` storm. When only the first token is refused, one renewal
/// serves them all: 2 token requests, every call `Ok`. When every token is refused, each call
/// renews at most once and ends `Unauthorized` after 2 arrivals: no loop, and at most one
/// token request per call beyond the first.
#[tokio::test(start_paused = true)]
async fn a_401_storm_renews_once_per_call_at_most() {
    ticker();
    for kind in KINDS {
        let server = FaultServer::start(refusing_the_first_token).await;
        let limits = limits();
        let client = client_for(&server, &limits);
        for result in storm(&client, kind).await {
            assert_eq!(outcome(&result), "Ok", "{kind:?}");
        }
        assert_eq!(server.count("/token"), 2, "{kind:?}");
        all_permits_back(&limits).await;
        check_server(&server, "storm");

        let server = FaultServer::start(refusing_every_token).await;
        let client = client_for(&server, &limits);
        for result in storm(&client, kind).await {
            assert_eq!(outcome(&result), "Unauthorized", "{kind:?}");
        }
        for (body, arrivals, _) in server.per_body() {
            assert_eq!(arrivals, 2, "{kind:?}: {body}");
        }
        let tokens = server.count("/token");
        assert!(tokens <= 17, "{kind:?}: {tokens} token requests");
        all_permits_back(&limits).await;
        check_server(&server, "storm");
    }
}

/// A rejection is remembered for every caller, the concurrent ones included: 8 callers at once
/// make one token request between them, and nothing reaches the API.
#[tokio::test(start_paused = true)]
async fn rejected_credentials_are_asked_once_however_many_callers_wait() {
    ticker();
    let server =
        FaultServer::start(|a| at_token(a, Fault::status(400, r#"{"error":"invalid_client"}"#)))
            .await;
    let limits = limits();
    let client = client_for(&server, &limits);
    let calls: Vec<_> = (0..8)
        .map(|n| {
            let client = client.clone();
            let kind = KINDS[n % 3];
            tokio::spawn(async move { bounded("rejected", call(&client, kind, n as u64)).await })
        })
        .collect();
    for handle in calls {
        assert_eq!(outcome(&handle.await.unwrap()), "Auth(CredentialsRejected)");
    }
    assert_eq!(server.count("/token"), 1);
    assert_eq!(server.count("/graphql"), 0);
}

/// Once a `401` has answered a token, the callers queued for a slot do not send that token:
/// only the requests already in flight with it (the cap, 2) carry it; the 14 others wait for
/// the renewed token. (Before, the slot was given back before the token was invalidated, and
/// each caller next in line sent the revoked token once more, to meet its own `401`.)
#[tokio::test(start_paused = true)]
async fn after_a_401_the_queued_callers_do_not_send_the_revoked_token() {
    ticker();
    for kind in KINDS {
        let server = FaultServer::start(refusing_the_first_token).await;
        let limits = limits();
        let client = client_for(&server, &limits);
        for result in storm(&client, kind).await {
            assert_eq!(outcome(&result), "Ok", "{kind:?}");
        }
        let revoked = server
            .arrivals("/graphql")
            .iter()
            .filter(|a| a.bearer.as_deref() == Some("t1"))
            .count();
        assert_eq!(
            revoked, CAP,
            "{kind:?}: requests sent with the revoked token"
        );
        assert_eq!(server.count("/token"), 2, "{kind:?}");
        all_permits_back(&limits).await;
    }
}

/// A provider handing out tokens that live 1 s, behind a rate of one request per 2 s: every
/// token has expired by the time the permit comes. The call renews it once, then sends the
/// token it has (the server's `401` decides) rather than go round for ever. (Before, each
/// turn spent a rate grant and a token request and the call never ended.)
#[tokio::test(start_paused = true)]
async fn tokens_that_expire_before_every_permit_do_not_keep_a_call_from_ending() {
    ticker();
    let server = FaultServer::start(|a| match a.path.as_str() {
        "/token" => Fault::json(&format!(
            r#"{{"access_token":"t{}","token_type":"Bearer","expires_in":1}}"#,
            a.nth_at_path + 1
        )),
        _ => Fault::json(DONE),
    })
    .await;
    let limits = Limits::builder()
        .rate(gqlforge::Rate::per_minute(30))
        .max_in_flight(CAP)
        .build()
        .unwrap();
    let client = client_for(&server, &limits);
    for (n, kind) in KINDS.into_iter().enumerate() {
        let result = bounded("short-lived tokens", call(&client, kind, n as u64)).await;
        assert_eq!(outcome(&result), "Ok", "{kind:?}");
    }
    assert_eq!(server.count("/graphql"), 3);
    assert!(
        server.count("/token") <= 6,
        "{} token requests",
        server.count("/token")
    );
}

/// Without a timeout, a token endpoint that never answers its first request (the callers
/// waiting on it give up) must not hold every later call: the token request is given up
/// `ABANDONED_REQUEST_LIMIT` after it was sent, retried as any transient failure, and the
/// next call gets a token once the endpoint answers again. (Before, the token request waited
/// for ever and every later call joined it.)
#[tokio::test(start_paused = true)]
async fn a_token_request_that_never_ends_does_not_hold_later_calls_without_a_timeout() {
    ticker();
    let server = FaultServer::start(|a| match a.path.as_str() {
        "/token" if a.nth_at_path == 0 => Fault::Stall(Vec::new()),
        _ => api(a),
    })
    .await;
    let limits = limits();
    let client = client_of(&server.url("/graphql"), &limits)
        .token_source(ClientCredentials::new(server.url("/token"), "id", "s3cret"))
        .without_timeout()
        .build()
        .unwrap();
    for kind in KINDS {
        let gave_up = tokio::time::timeout(Duration::from_secs(10), call(&client, kind, 1)).await;
        assert!(
            gave_up.is_err(),
            "{kind:?}: the token endpoint never answers"
        );
    }
    for (n, kind) in KINDS.into_iter().enumerate() {
        let result = bounded("after", call(&client, kind, 10 + n as u64)).await;
        assert_eq!(outcome(&result), "Ok", "{kind:?}");
    }
    assert_eq!(server.count("/token"), 2);
    assert_eq!(server.count("/graphql"), 3);
}
