//! OAuth2 client credentials and the token lifecycle around them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use gqlforge::auth::{ClientCredentials, CredentialPlacement, StaticToken};
use gqlforge::{AuthError, Error};
use serde_json::json;
use tokio::sync::{Notify, Semaphore};

use crate::server::{Recorded, Reply, TestServer};
use crate::NoVariables as V;
use crate::{bearers, builder, token_and_api, viewer_data, viewer_reply, TokenCounter, Viewer};

const ID: &str = "my client:ü&=+";
const SECRET: &str = "s3cr%t +/=&é~";

fn credentials(server: &TestServer) -> ClientCredentials {
    ClientCredentials::new(server.url("/token"), ID, SECRET).scope("GQL")
}

#[tokio::test]
async fn credentials_in_the_form_body_are_form_urlencoded() {
    let server = token_and_api(3600, |_| true);
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    let token_requests = server.requests("/token");
    assert_eq!(token_requests.len(), 1);
    let request = &token_requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body,
        "grant_type=client_credentials&scope=GQL\
         &client_id=my+client%3A%C3%BC%26%3D%2B\
         &client_secret=s3cr%25t+%2B%2F%3D%26%C3%A9%7E"
    );
    assert_eq!(request.header("authorization"), None);
    assert_eq!(bearers(&server), [Some("t1".to_string())]);
    let api = &server.requests("/graphql")[0];
    assert_eq!(
        api.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        api.json(),
        json!({"query": "query Viewer {\n  viewer {\n    login\n  }\n}", "operationName": "Viewer", "variables": {}})
    );
}

#[tokio::test]
async fn credentials_in_basic_auth_are_form_urlencoded_then_base64() {
    let server = token_and_api(3600, |_| true);
    let client = builder(&server)
        .token_source(credentials(&server).placement(CredentialPlacement::BasicAuth))
        .build()
        .unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    let request = &server.requests("/token")[0];
    assert_eq!(request.body, "grant_type=client_credentials&scope=GQL");
    let basic = request.header("authorization").unwrap();
    let encoded = basic.strip_prefix("Basic ").unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "my+client%3A%C3%BC%26%3D%2B:s3cr%25t+%2B%2F%3D%26%C3%A9%7E"
    );
    assert_eq!(
        basic,
        "Basic bXkrY2xpZW50JTNBJUMzJUJDJTI2JTNEJTJCOnMzY3IlMjV0KyUyQiUyRiUzRCUyNiVDMyVBOSU3RQ=="
    );
}

#[tokio::test]
async fn the_token_is_cached_between_requests_and_clones() {
    let server = token_and_api(3600, |_| true);
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let clone = client.clone();
    client.execute::<Viewer>(V {}).await.unwrap();
    clone.execute::<Viewer>(V {}).await.unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(server.count("/token"), 1);
    assert_eq!(bearers(&server), vec![Some("t1".to_string()); 3]);
}

#[tokio::test(start_paused = true)]
async fn the_token_is_renewed_ahead_of_expiry() {
    // Valid 120 s, renewed 60 s early: fresh until 60 s after it was requested.
    let server = token_and_api(120, |_| true);
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    tokio::time::advance(Duration::from_secs(59)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(server.count("/token"), 1);
    tokio::time::advance(Duration::from_secs(2)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(server.count("/token"), 2);
    assert_eq!(
        bearers(&server),
        [Some("t1".into()), Some("t1".into()), Some("t2".into())]
    );
}

/// A permit can take long to come (here a `429`'s cool-down of 100 s, longer than the token
/// lives): the token is looked at again once the permit is held, and one that expired while
/// waiting is renewed before the request is sent, not sent to earn a `401`.
#[tokio::test(start_paused = true)]
async fn a_token_that_expires_while_waiting_for_a_permit_is_renewed_before_sending() {
    let tokens = TokenCounter::default();
    let graphql = Arc::new(Mutex::new(0));
    let server = TestServer::start(move |request: Recorded| {
        let (tokens, graphql) = (tokens.clone(), Arc::clone(&graphql));
        async move {
            if request.path == "/token" {
                // Valid 90 s (renewed from 45 s on).
                return tokens.reply(90);
            }
            let first = {
                let mut seen = graphql.lock().unwrap();
                *seen += 1;
                *seen == 1
            };
            if first {
                Reply::new(429, "").header("retry-after", "100")
            } else if request.bearer().as_deref() == Some("t2") {
                viewer_reply()
            } else {
                Reply::json(401, json!({"errors": [{"message": "token expired"}]}))
            }
        }
    });
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(started.elapsed(), Duration::from_secs(100));
    // t1 for the first attempt; after the cool-down t1 had expired: t2, and no 401.
    assert_eq!(bearers(&server), [Some("t1".into()), Some("t2".into())]);
    assert_eq!(server.count("/token"), 2);
}

/// The token is obtained before the permit: a caller waiting for a slow token request holds
/// no concurrency slot, so other calls (here one without a token) go on meanwhile.
#[tokio::test(start_paused = true)]
async fn a_slow_token_request_holds_no_concurrency_slot() {
    let release = Arc::new(Notify::new());
    let server_release = Arc::clone(&release);
    let tokens = TokenCounter::default();
    let server = TestServer::start(move |request: Recorded| {
        let (tokens, release) = (tokens.clone(), Arc::clone(&server_release));
        async move {
            if request.path == "/token" {
                release.notified().await;
                return tokens.reply(3600);
            }
            viewer_reply()
        }
    });
    let client = builder(&server)
        .token_source(credentials(&server))
        .rate_limit(gqlforge::Rate::per_second(100), 1)
        .build()
        .unwrap();
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.execute::<Viewer>(V {}).await }
    });
    while server.count("/token") == 0 {
        tokio::task::yield_now().await;
        std::thread::sleep(Duration::from_millis(1));
    }
    // The only slot is free: a call without a token goes through while the token is awaited.
    let unauthenticated = client.execute_unauthenticated::<Viewer>(V {}).await;
    assert_eq!(unauthenticated.unwrap(), viewer_data());
    assert!(!waiting.is_finished());
    release.notify_one();
    assert_eq!(waiting.await.unwrap().unwrap(), viewer_data());
    assert_eq!(bearers(&server), [None, Some("t1".into())]);
}

#[tokio::test(start_paused = true)]
async fn the_renewal_margin_is_configurable() {
    let server = token_and_api(120, |_| true);
    let client = builder(&server)
        .token_source(credentials(&server))
        .renew_before(Duration::from_secs(10))
        .build()
        .unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    tokio::time::advance(Duration::from_secs(109)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(server.count("/token"), 1);
    tokio::time::advance(Duration::from_secs(2)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(server.count("/token"), 2);
}

#[tokio::test]
async fn concurrent_executes_share_one_token_request() {
    // The token endpoint holds its answers until the test releases them, so every execute
    // below asks for the token while the one request is in flight.
    let release = Arc::new(Semaphore::new(0));
    let arrived = Arc::new(Notify::new());
    let tokens = TokenCounter::default();
    let server = {
        let (release, arrived) = (Arc::clone(&release), Arc::clone(&arrived));
        TestServer::start(move |request: Recorded| {
            let (release, arrived, tokens) =
                (Arc::clone(&release), Arc::clone(&arrived), tokens.clone());
            async move {
                if request.path == "/token" {
                    arrived.notify_one();
                    if let Ok(permit) = release.acquire().await {
                        permit.forget();
                    }
                    tokens.reply(3600)
                } else {
                    viewer_reply()
                }
            }
        })
    };
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.execute::<Viewer>(V {}).await })
        })
        .collect();
    arrived.notified().await;
    // The tasks run on this (current-thread) runtime, queued before the token request's own
    // task: by the time the request reached the server, all 50 are waiting for it.
    assert_eq!(server.count("/graphql"), 0);
    // Enough for as many token requests as there are tasks: without single-flight, the
    // count below fails instead of the test hanging.
    release.add_permits(50);
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), viewer_data());
    }
    assert_eq!(server.count("/token"), 1);
    assert_eq!(bearers(&server), vec![Some("t1".to_string()); 50]);
}

#[tokio::test]
async fn a_401_renews_the_token_and_retries_once() {
    let server = token_and_api(3600, |token| token != "t1");
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(server.count("/token"), 2);
    assert_eq!(bearers(&server), [Some("t1".into()), Some("t2".into())]);
    // t2 stays cached.
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(server.count("/token"), 2);
}

#[tokio::test]
async fn a_second_401_is_unauthorized() {
    let server = token_and_api(3600, |_| false);
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    let Error::Unauthorized(response) = error else {
        panic!("expected Unauthorized, got {error:?}");
    };
    assert_eq!(response.status, 401);
    assert_eq!(response.errors[0].message, "invalid token");
    assert_eq!(server.count("/token"), 2);
    assert_eq!(bearers(&server), [Some("t1".into()), Some("t2".into())]);
}

#[tokio::test]
async fn a_static_token_answered_401_is_not_retried() {
    let server = token_and_api(3600, |_| false);
    let client = builder(&server)
        .token_source(StaticToken::new("browser-token"))
        .build()
        .unwrap();
    assert!(matches!(
        client.execute::<Viewer>(V {}).await,
        Err(Error::Unauthorized(_))
    ));
    assert_eq!(bearers(&server), [Some("browser-token".into())]);
}

#[tokio::test]
async fn a_late_401_for_an_old_token_keeps_the_newer_one() {
    // A and B both send t1. The server answers A's 401 first; A renews to t2 and succeeds.
    // Only then does B get its 401 for t1: B must not throw t2 away, just retry with it.
    #[derive(Default)]
    struct Script {
        t1_requests: usize,
        t2_seen: bool,
    }
    let script = Arc::new(Mutex::new(Script::default()));
    let second_t1 = Arc::new(Notify::new());
    let t2_seen = Arc::new(Notify::new());
    let tokens = TokenCounter::default();
    let server = {
        let (script, second_t1, t2_seen) = (
            Arc::clone(&script),
            Arc::clone(&second_t1),
            Arc::clone(&t2_seen),
        );
        TestServer::start(move |request: Recorded| {
            let (script, second_t1, t2_seen, tokens) = (
                Arc::clone(&script),
                Arc::clone(&second_t1),
                Arc::clone(&t2_seen),
                tokens.clone(),
            );
            async move {
                if request.path == "/token" {
                    return tokens.reply(3600);
                }
                let unauthorized = Reply::json(401, json!({"errors": [{"message": "expired"}]}));
                match request.bearer().as_deref() {
                    Some("t1") => {
                        let n = {
                            let mut s = script.lock().unwrap();
                            s.t1_requests += 1;
                            s.t1_requests
                        };
                        if n == 1 {
                            // A: wait until B also sent t1, then 401.
                            second_t1.notified().await;
                        } else {
                            // B: let A go, and answer only once A came back with t2.
                            second_t1.notify_one();
                            if !script.lock().unwrap().t2_seen {
                                t2_seen.notified().await;
                            }
                        }
                        unauthorized
                    }
                    Some("t2") => {
                        script.lock().unwrap().t2_seen = true;
                        t2_seen.notify_one();
                        viewer_reply()
                    }
                    _ => unauthorized,
                }
            }
        })
    };
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let clone = client.clone();
    let (a, b) = tokio::join!(
        client.execute::<Viewer>(V {}),
        clone.execute::<Viewer>(V {})
    );
    assert_eq!(a.unwrap(), viewer_data());
    assert_eq!(b.unwrap(), viewer_data());
    // t1 once, t2 once: B's late 401 for t1 did not discard t2.
    assert_eq!(server.count("/token"), 2);
    assert_eq!(
        bearers(&server),
        [
            Some("t1".into()),
            Some("t1".into()),
            Some("t2".into()),
            Some("t2".into())
        ]
    );
}

/// A server whose `/token` always answers `status` with `body`.
fn token_endpoint_answering(status: u16, body: serde_json::Value) -> TestServer {
    TestServer::start(move |request: Recorded| {
        let body = body.clone();
        async move {
            match request.path.as_str() {
                "/token" => Reply::json(status, body),
                _ => viewer_reply(),
            }
        }
    })
}

#[tokio::test]
async fn rejected_credentials_are_tried_once_then_remembered() {
    for (status, body, reason) in [
        (
            400,
            json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
            "invalid_client: Client authentication failed (HTTP 400)",
        ),
        (
            400,
            json!({"error": "invalid_grant"}),
            "invalid_grant (HTTP 400)",
        ),
        (
            401,
            json!({"error": "invalid_client"}),
            "invalid_client (HTTP 401)",
        ),
        (401, json!("nope"), "HTTP 401 from the token endpoint"),
        (
            403,
            json!({"error": "unauthorized_client"}),
            "unauthorized_client (HTTP 403)",
        ),
    ] {
        let server = token_endpoint_answering(status, body);
        let client = builder(&server)
            .token_source(credentials(&server))
            .build()
            .unwrap();
        let expected = Error::Auth(AuthError::CredentialsRejected {
            reason: reason.to_string(),
        });
        for _ in 0..4 {
            let error = client.execute::<Viewer>(V {}).await.unwrap_err();
            assert_eq!(error.to_string(), expected.to_string());
            assert!(matches!(
                error,
                Error::Auth(AuthError::CredentialsRejected { .. })
            ));
        }
        // Concurrent callers get the remembered rejection too.
        let (a, b) = tokio::join!(
            client.execute::<Viewer>(V {}),
            client.execute::<Viewer>(V {})
        );
        assert!(a.is_err() && b.is_err());
        assert_eq!(server.count("/token"), 1, "HTTP {status}");
        assert_eq!(server.count("/graphql"), 0);
        // A reset allows exactly one more attempt.
        client.reset_auth();
        assert!(client.execute::<Viewer>(V {}).await.is_err());
        assert!(client.execute::<Viewer>(V {}).await.is_err());
        assert_eq!(server.count("/token"), 2);
    }
}

#[tokio::test]
async fn new_credentials_replace_a_rejected_source() {
    let server = token_endpoint_answering(401, json!({"error": "invalid_client"}));
    let good = token_and_api(3600, |_| true);
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    assert!(client.execute::<Viewer>(V {}).await.is_err());
    let clone = client.clone();
    client.set_token_source(credentials(&good));
    assert_eq!(clone.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(server.count("/token"), 1);
    assert_eq!(good.count("/token"), 1);
    assert_eq!(bearers(&server), [Some("t1".to_string())]);
}

#[tokio::test]
async fn a_wrong_token_url_is_reported_but_neither_retried_nor_remembered() {
    let server = token_endpoint_answering(404, json!({"error": "not found"}));
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    for expected_requests in 1..=2 {
        let error = client.execute::<Viewer>(V {}).await.unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Auth(AuthError::UnexpectedStatus { status: 404, .. })
            ),
            "{error:?}"
        );
        assert_eq!(server.count("/token"), expected_requests);
    }
}

#[tokio::test(start_paused = true)]
async fn server_errors_at_the_token_endpoint_are_retried_a_bounded_number_of_times() {
    let server = token_endpoint_answering(503, json!({"error": "temporarily_unavailable"}));
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "authentication failed: the token endpoint is unavailable after 3 attempt(s): HTTP 503"
    );
    assert_eq!(server.count("/token"), 3);
    // Not a rejection: the next execute tries again (three more).
    assert!(client.execute::<Viewer>(V {}).await.is_err());
    assert_eq!(server.count("/token"), 6);
    assert_eq!(server.count("/graphql"), 0);
}

#[tokio::test(start_paused = true)]
async fn a_token_endpoint_that_recovers_within_the_attempts_gives_a_token() {
    let tokens = TokenCounter::default();
    let failures = Arc::new(Mutex::new(2));
    let server = TestServer::start(move |request: Recorded| {
        let (tokens, failures) = (tokens.clone(), Arc::clone(&failures));
        async move {
            if request.path != "/token" {
                return viewer_reply();
            }
            let mut left = failures.lock().unwrap();
            if *left > 0 {
                *left -= 1;
                Reply::new(502, "<html><body>Bad Gateway</body></html>")
            } else {
                tokens.reply(3600)
            }
        }
    });
    let client = builder(&server)
        .token_source(credentials(&server))
        .token_attempts(3)
        .build()
        .unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(server.count("/token"), 3);
}

#[tokio::test(start_paused = true)]
async fn an_unreachable_token_endpoint_is_unavailable_not_rejected() {
    // A port nothing listens on: bind one, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api = token_and_api(3600, |_| true);
    let client = builder(&api)
        .token_source(ClientCredentials::new(
            format!("http://127.0.0.1:{port}/token"),
            "id",
            "secret",
        ))
        .token_attempts(2)
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Auth(AuthError::Unavailable { attempts: 2, message }) if message.starts_with("cannot connect")
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn unauthenticated_operations_need_no_token() {
    let server = token_and_api(3600, |_| true);
    let cart = TestServer::start(|_| async { viewer_reply() });
    let client = builder(&cart)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    assert_eq!(
        client
            .execute_unauthenticated::<Viewer>(V {})
            .await
            .unwrap(),
        viewer_data()
    );
    let full = client
        .execute_full_unauthenticated::<Viewer>(V {})
        .await
        .unwrap();
    assert_eq!(full.data, Some(viewer_data()));
    assert_eq!(server.count("/token"), 0);
    assert_eq!(bearers(&cart), [None, None]);
    // A client without a token source sends no token either.
    let anonymous = builder(&cart).build().unwrap();
    anonymous.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(bearers(&cart), [None, None, None]);
}

#[tokio::test]
async fn an_unauthenticated_401_is_not_retried() {
    let server = token_and_api(3600, |_| false);
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    assert!(matches!(
        client.execute_unauthenticated::<Viewer>(V {}).await,
        Err(Error::Unauthorized(_))
    ));
    assert_eq!(server.count("/token"), 0);
    assert_eq!(server.count("/graphql"), 1);
}

#[tokio::test]
async fn a_non_bearer_token_type_is_refused() {
    let server = token_endpoint_answering(
        200,
        json!({"access_token": "mac-token", "token_type": "mac", "expires_in": 60}),
    );
    let client = builder(&server)
        .token_source(credentials(&server))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth(AuthError::InvalidResponse { message, .. }) if message == "token_type is not Bearer"),
        "{error:?}"
    );
    assert!(!error.to_string().contains("mac-token"), "{error}");
    assert_eq!(server.count("/graphql"), 0);
}
