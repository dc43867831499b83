//! Response bodies over the size limit (declared, chunked), dropped calls in the middle of a
//! body, and credentials in the endpoint URL.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gqlforge::{BuildError, Client, Error, Rate, RetryPolicy};

use crate::server::{write, Recorded, Reply, TestServer};
use crate::NoVariables as V;
use crate::{builder, viewer_data, viewer_reply, Viewer};

/// A body of exactly `len` bytes that is a valid `Viewer` response (padded with spaces).
fn viewer_body(len: usize) -> String {
    let body = r#"{"data":{"viewer":{"login":"octocat"}}}"#;
    format!("{body}{}", " ".repeat(len - body.len()))
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_unread_and_not_retried() {
    let server = TestServer::start(|_| async { Reply::new(200, viewer_body(1001)) });
    let client = builder(&server).max_response_bytes(1000).build().unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1000,
                content_length: Some(1001)
            }
        ),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.contains("declares 1001 bytes (Content-Length), over the 1000 bytes"),
        "{text}"
    );
    assert!(text.contains("max_response_bytes"), "{text}");
    assert_eq!(server.count("/graphql"), 1, "not retried");

    // At the limit exactly, the body is read.
    let server = TestServer::start(|_| async { Reply::new(200, viewer_body(1000)) });
    let client = builder(&server).max_response_bytes(1000).build().unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
}

/// A raw server answering with a chunked body of `chunks` chunks of `chunk` bytes (no
/// `Content-Length`): the limit is found by counting.
fn chunked(chunks: usize, chunk: usize) -> TestServer {
    TestServer::raw(move |mut stream| async move {
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        )
        .await;
        let mut first = true;
        for _ in 0..chunks {
            let mut data = if first {
                r#"{"data":{"viewer":{"login":"octocat"}}}"#.to_string()
            } else {
                String::new()
            };
            first = false;
            data.push_str(&" ".repeat(chunk - data.len()));
            let frame = format!("{:x}\r\n{data}\r\n", data.len());
            write(&mut stream, frame.as_bytes()).await;
        }
        write(&mut stream, b"0\r\n\r\n").await;
    })
}

#[tokio::test]
async fn a_chunked_body_is_counted_and_refused_once_past_the_limit() {
    let server = chunked(64, 1024);
    let client = builder(&server)
        .max_response_bytes(10 * 1024)
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 200,
                limit: 10240,
                content_length: None
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("is longer than the 10240 bytes"),
        "{error}"
    );
    // The same body under a larger limit is read whole.
    let client = builder(&server)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
}

/// A call dropped in the middle of a body leaves its request to run on, holding its permit,
/// until it ends — here at the client's timeout, the server stalling — and then nothing is
/// held: its permit is free (the next call, with one request in flight at most, goes
/// through) and its connection is not reused with half a body in it.
#[tokio::test]
async fn a_call_dropped_in_the_middle_of_a_body_frees_its_permit_and_connection() {
    let hold = Arc::new(tokio::sync::Notify::new());
    let halfway = Arc::new(tokio::sync::Notify::new());
    let connections = Arc::new(AtomicUsize::new(0));
    let (held, sent, counted) = (
        Arc::clone(&hold),
        Arc::clone(&halfway),
        Arc::clone(&connections),
    );
    let server = TestServer::raw(move |mut stream| {
        let (hold, halfway) = (Arc::clone(&held), Arc::clone(&sent));
        let n = counted.fetch_add(1, Ordering::SeqCst);
        async move {
            let body = r#"{"data":{"viewer":{"login":"octocat"}}}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            write(&mut stream, head.as_bytes()).await;
            if n == 0 {
                // The first answer stops halfway.
                write(&mut stream, &body.as_bytes()[..10]).await;
                halfway.notify_one();
                hold.notified().await;
            } else {
                write(&mut stream, body.as_bytes()).await;
            }
        }
    });
    let client = builder(&server)
        .timeout(std::time::Duration::from_millis(300))
        .rate_limit(Rate::per_second(1000), 1)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.execute::<Viewer>(V {}).await }
    });
    halfway.notified().await;
    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    // The slot came back only when the abandoned request timed out.
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(server.count("/graphql"), 2);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        2,
        "the half-read connection was not reused"
    );
    hold.notify_waiters();
}

#[tokio::test]
async fn credentials_in_the_endpoint_url_become_one_basic_header_and_are_never_shown() {
    let server = TestServer::start(|request: Recorded| async move {
        if request.path == "/fail" {
            Reply::new(500, format!("{:?}", request.headers))
        } else {
            viewer_reply()
        }
    });
    let url = server
        .url("/graphql?x=1")
        .replace("http://", "http://us%40er:p%40ss%2Fw0rd@");
    let client = Client::builder(&url)
        .without_timeout()
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    let request = &server.requests("/graphql")[0];
    let authorization: Vec<_> = request.headers.get_all("authorization").iter().collect();
    // base64("us@er:p@ss/w0rd")
    assert_eq!(authorization, ["Basic dXNAZXI6cEBzcy93MHJk"]);
    assert_eq!(client.endpoint().username(), "");
    assert_eq!(client.endpoint().password(), None);
    let debug = format!("{client:?}");
    assert!(
        !debug.contains("p%40ss") && !debug.contains("x=1"),
        "{debug}"
    );

    let failing = Client::builder(url.replace("/graphql", "/fail"))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let error = failing.execute::<Viewer>(V {}).await.unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(text.contains("[redacted]"), "{text}");
    assert!(!text.contains("dXNAZXI6cEBzcy93MHJk"), "{text}");

    // With a token source, the URL's credentials would be a second Authorization header.
    let error = Client::builder(&url).bearer_token("t").build().unwrap_err();
    assert!(
        matches!(error, BuildError::CredentialsInUrl { .. }),
        "{error:?}"
    );
    let text = format!("{error} {error:?}");
    assert!(!text.contains("p%40ss") && !text.contains("x=1"), "{text}");
    assert!(text.contains("remove them from the URL"), "{text}");
    // Errors about a URL never show its password either.
    let error = Client::builder("http://user:pw@example.com/graphql")
        .build()
        .unwrap_err();
    assert_eq!(
        error,
        BuildError::InsecureUrl("http://example.com/graphql".into())
    );
}
