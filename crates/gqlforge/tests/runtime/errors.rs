//! HTTP statuses, GraphQL errors, garbage bodies and transport faults, each to its `Error`.

use std::sync::Arc;
use std::time::Duration;

use gqlforge::{Client, Error, RetryPolicy};
use serde_json::json;
use tokio::sync::Notify;

use crate::server::{write, Recorded, Reply, TestServer};
use crate::NoVariables as V;
use crate::{bearers, builder, viewer_data, Viewer};

/// A client of a server answering every request with `reply()`, retrying nothing (each
/// status's error as the first answer gives it; retries are `limits.rs`'s).
fn answering(reply: impl Fn() -> Reply + Send + Sync + 'static) -> (TestServer, Client) {
    let reply = Arc::new(reply);
    let server = TestServer::start(move |_| {
        let reply = Arc::clone(&reply);
        async move { reply() }
    });
    let client = builder(&server)
        .bearer_token("tok-SECRET")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    (server, client)
}

async fn error_for(reply: impl Fn() -> Reply + Send + Sync + 'static) -> Error {
    let (_server, client) = answering(reply);
    client.execute::<Viewer>(V {}).await.unwrap_err()
}

#[tokio::test]
async fn every_documented_status_has_its_variant() {
    let errors = json!({"errors": [{"message": "IsActive cannot be null.", "code": "INVALID"}]});
    type IsExpected = fn(&Error) -> bool;
    let cases: Vec<(u16, IsExpected)> = vec![
        (
            400,
            |e| matches!(e, Error::BadRequest(r) if r.status == 400),
        ),
        (
            401,
            |e| matches!(e, Error::Unauthorized(r) if r.status == 401),
        ),
        (
            402,
            |e| matches!(e, Error::InvalidParameters(r) if r.status == 402),
        ),
        (404, |e| matches!(e, Error::NotFound(r) if r.status == 404)),
        (500, |e| matches!(e, Error::Server(r) if r.status == 500)),
        (503, |e| matches!(e, Error::Server(r) if r.status == 503)),
        (
            403,
            |e| matches!(e, Error::UnexpectedStatus(r) if r.status == 403),
        ),
        (
            409,
            |e| matches!(e, Error::UnexpectedStatus(r) if r.status == 409),
        ),
    ];
    for (status, is_expected) in cases {
        let body = errors.clone();
        let error = error_for(move || Reply::json(status, body.clone())).await;
        assert!(is_expected(&error), "HTTP {status}: {error:?}");
        // The GraphQL errors of an error status are kept, with their code.
        let response = match &error {
            Error::BadRequest(r)
            | Error::Unauthorized(r)
            | Error::InvalidParameters(r)
            | Error::NotFound(r)
            | Error::Server(r)
            | Error::UnexpectedStatus(r) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(response.errors[0].message, "IsActive cannot be null.");
        assert_eq!(response.errors[0].code(), Some("INVALID"));
        assert!(
            error.to_string().contains("IsActive cannot be null."),
            "{error}"
        );
    }
}

#[tokio::test]
async fn rate_limited_carries_retry_after_in_seconds_or_as_a_date() {
    let error = error_for(|| Reply::new(429, "slow down").header("retry-after", "60")).await;
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(60)),
        "{error:?}"
    );
    // A date in the past: nothing left to wait.
    let error =
        error_for(|| Reply::new(429, "").header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"))
            .await;
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d) } if d.is_zero()),
        "{error:?}"
    );
    // A date is read against the response's `Date` (the server's clock), not the local one:
    // a server whose clock is years behind still means one minute.
    let error = error_for(|| {
        Reply::new(429, "")
            .header("date", "Wed, 21 Oct 2015 07:27:00 GMT")
            .header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")
    })
    .await;
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(60)),
        "{error:?}"
    );
    let error = error_for(|| Reply::new(429, "").header("retry-after", "soon")).await;
    assert!(
        matches!(error, Error::RateLimited { retry_after: None }),
        "{error:?}"
    );
    let error = error_for(|| Reply::new(429, "")).await;
    assert!(
        matches!(error, Error::RateLimited { retry_after: None }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_html_502_page_is_a_server_error_with_an_excerpt() {
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(500)
    );
    let error = error_for(move || Reply::new(502, page.clone())).await;
    let Error::Server(response) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(response.status, 502);
    assert!(response.errors.is_empty());
    assert!(response
        .excerpt
        .as_str()
        .starts_with("<html><head><title>502 Bad Gateway</title>"));
    assert!(response.excerpt.is_truncated());
    assert_eq!(response.excerpt.as_str().chars().count(), 200);
}

#[tokio::test]
async fn garbage_success_bodies_are_decode_errors_with_an_excerpt() {
    let cases: Vec<(&str, &str)> = vec![
        (
            "<html>maintenance</html>",
            "not JSON: expected value at line 1 column 1",
        ),
        (
            r#"{"data": {"viewer": {"login": "oc"#,
            "not JSON: EOF while parsing",
        ),
        ("", "empty body"),
        ("   \n", "empty body"),
        (r#"{"hello": 1}"#, "neither `data` nor `errors`"),
        ("[1, 2]", "neither `data` nor `errors`"),
        ("null", "neither `data` nor `errors`"),
        (
            r#"{"data": {"viewer": {"login": 42}}}"#,
            "does not match operation Viewer",
        ),
        (r#"{"data": null}"#, "neither data nor errors"),
        (r#"{"errors": "oops"}"#, "not a GraphQL response"),
    ];
    for (body, message_part) in cases {
        let text = body.to_string();
        let error = error_for(move || Reply::new(200, text.clone())).await;
        let Error::Decode {
            status, message, ..
        } = &error
        else {
            panic!("{body:?}: {error:?}");
        };
        assert_eq!(*status, 200, "{body:?}");
        assert!(message.contains(message_part), "{body:?}: {message}");
    }
    let error = error_for(|| Reply::new(200, "<html>maintenance</html>")).await;
    assert!(
        error
            .to_string()
            .ends_with("body: \"<html>maintenance</html>\""),
        "{error}"
    );
}

#[tokio::test]
async fn partial_data_is_kept_with_its_errors() {
    let body = json!({
        "data": {"viewer": {"login": "octocat"}},
        "errors": [
            {"message": "field a failed", "path": ["viewer", "a", 0], "locations": [{"line": 2, "column": 3}],
             "extensions": {"code": "FORBIDDEN"}},
            {"message": "old style", "code": "NOT_FOUND"}
        ]
    });
    let (server, client) = {
        let body = body.clone();
        answering(move || Reply::json(200, body.clone()))
    };
    let full = client.execute_full::<Viewer>(V {}).await.unwrap();
    assert_eq!(full.data, Some(viewer_data()));
    assert_eq!(full.errors.len(), 2);
    assert_eq!(
        full.errors[0].to_string(),
        "field a failed (at viewer.a[0])"
    );
    assert_eq!(full.errors[0].code(), Some("FORBIDDEN"));
    assert_eq!(full.errors[1].code(), Some("NOT_FOUND"));

    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    let Error::GraphQL { errors, data } = error else {
        panic!("{error:?}");
    };
    assert_eq!(errors.len(), 2);
    assert_eq!(data, Some(json!({"viewer": {"login": "octocat"}})));
    assert_eq!(server.count("/graphql"), 2);
}

#[tokio::test]
async fn errors_without_data_and_data_that_does_not_fit_beside_errors_are_graphql_errors() {
    let error = error_for(|| Reply::json(200, json!({"errors": [{"message": "boom"}]}))).await;
    assert!(
        matches!(&error, Error::GraphQL { errors, data: None } if errors[0].message == "boom"),
        "{error:?}"
    );
    let (_server, client) = answering(|| {
        Reply::json(
            200,
            json!({"data": {"viewer": null}, "errors": [{"message": "viewer failed"}]}),
        )
    });
    // `viewer` is non-null in the type: the raw data comes back with the errors.
    let error = client.execute_full::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(&error, Error::GraphQL { data: Some(d), .. } if d == &json!({"viewer": null})),
        "{error:?}"
    );
    let full = {
        let (_server, client) =
            answering(|| Reply::json(200, json!({"data": null, "errors": [{"message": "x"}]})));
        client.execute_full::<Viewer>(V {}).await.unwrap()
    };
    assert_eq!(full.data, None);
    assert_eq!(full.errors[0].message, "x");
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let server = TestServer::raw(|mut stream| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"data\":",
        )
        .await;
        // Closing the connection 92 bytes short of Content-Length.
    });
    let client = builder(&server).build().unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_transport_error() {
    let server = TestServer::raw(|mut stream| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"data\": {\"viewer\"",
        )
        .await;
        // SO_LINGER 0: closing sends RST instead of FIN.
        let _ = stream.set_zero_linger();
        drop(stream);
    });
    let client = builder(&server).build().unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_connection_closed_before_any_response_is_a_transport_error() {
    let server = TestServer::raw(|stream| async move { drop(stream) });
    let client = builder(&server).build().unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

/// A transport error keeps the HTTP stack's error as its source, whose text names the
/// endpoint without its query string (which may hold an API key).
#[tokio::test]
async fn a_transport_error_keeps_its_source_without_the_query_string() {
    let server = TestServer::raw(|stream| async move { drop(stream) });
    let endpoint = server.url("/graphql?api_key=sk-query-secret");
    let client = Client::builder(endpoint)
        .without_timeout()
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("a transport error: {error:?}");
    };
    let source = std::error::Error::source(transport).expect("the HTTP stack's error is kept");
    assert!(
        source.to_string().contains(&server.url("/graphql")),
        "the source names the endpoint: {source}"
    );
    let mut chain = vec![error.to_string(), format!("{error:?}")];
    let mut next = std::error::Error::source(&error);
    while let Some(cause) = next {
        chain.push(cause.to_string());
        chain.push(format!("{cause:?}"));
        next = cause.source();
    }
    assert!(chain.len() > 4, "{chain:?}");
    for text in chain {
        assert!(!text.contains("sk-query-secret"), "{text}");
    }
}

/// A `429` whose `Retry-After` is missing or unreadable cools the client down for
/// 60 s, then the call is retried.
#[tokio::test(start_paused = true)]
async fn a_429_without_a_usable_retry_after_waits_60_seconds_then_is_retried() {
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let server = TestServer::start(move |_| {
        let n = answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            match n {
                0 => Reply::new(429, ""),
                1 => Reply::new(429, "").header("retry-after", "soon"),
                _ => crate::viewer_reply(),
            }
        }
    });
    let client = builder(&server).build().unwrap();
    let started = tokio::time::Instant::now();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(started.elapsed(), Duration::from_secs(120));
    assert_eq!(server.count("/graphql"), 3);
}

/// A cool-down longer than the retry policy waits for (5 minutes by default) ends the call
/// that met the `429`, and every call made during it, at once with `RateLimited`: none waits
/// for it, none is sent. Once it is over, calls go through.
#[tokio::test(start_paused = true)]
async fn calls_during_a_cool_down_longer_than_the_policy_waits_end_at_once() {
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let server = TestServer::start(move |_| {
        let n = answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            match n {
                0 => Reply::new(429, "").header("retry-after", "400"),
                _ => crate::viewer_reply(),
            }
        }
    });
    let client = builder(&server).build().unwrap();
    let started = tokio::time::Instant::now();
    for _ in 0..2 {
        let error = client.clone().execute::<Viewer>(V {}).await.unwrap_err();
        assert!(
            matches!(error, Error::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(400)),
            "{error:?}"
        );
    }
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(server.count("/graphql"), 1);
    tokio::time::advance(Duration::from_secs(400)).await;
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(server.count("/graphql"), 2);
}

#[tokio::test]
async fn a_body_slower_than_the_timeout_is_a_timeout() {
    // The server sends the head and part of the body, then nothing until the test ends.
    let hold = Arc::new(Notify::new());
    let server = TestServer::stalling(&hold);
    let client = Client::builder(server.url("/graphql"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    hold.notify_waiters();
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_carries_no_token() {
    let elsewhere = TestServer::start(|_| async { crate::viewer_reply() });
    let target = elsewhere.url("/graphql");
    let (server, client) = answering(move || Reply::new(307, "").header("location", &target));
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedStatus(r) if r.status == 307),
        "{error:?}"
    );
    assert_eq!(bearers(&server), [Some("tok-SECRET".into())]);
    assert_eq!(elsewhere.count("/graphql"), 0);
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_token() {
    let server = TestServer::start(|request: Recorded| async move {
        match request.path.as_str() {
            "/graphql" => Reply::new(307, "").header("location", "/v2/graphql"),
            _ => crate::viewer_reply(),
        }
    });
    let client = builder(&server).bearer_token("tok").build().unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    let moved = server.requests("/v2/graphql");
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].bearer().as_deref(), Some("tok"));
    assert_eq!(moved[0].json()["operationName"], "Viewer");
}

#[tokio::test]
async fn user_agent_and_extra_headers_are_sent() {
    let (server, _) = answering(crate::viewer_reply);
    let client = builder(&server)
        .user_agent("my-app/1.0")
        .header("x-api-version", "2")
        .header("x-tenant", "a")
        .build()
        .unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    let request = &server.requests("/graphql")[0];
    assert_eq!(request.header("user-agent").as_deref(), Some("my-app/1.0"));
    assert_eq!(request.header("x-api-version").as_deref(), Some("2"));
    assert_eq!(request.header("x-tenant").as_deref(), Some("a"));
    assert_eq!(
        request.header("accept").as_deref(),
        Some("application/graphql-response+json, application/json")
    );
    assert_eq!(request.header("authorization"), None);
}
