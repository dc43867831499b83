//! Faults of the GraphQL endpoint × the three kinds of operation: each cell is what the
//! caller gets and how many times the request arrived (the README's reliability table).

use crate::calls::{one_call, CAP};
use crate::server::{refusing_url, Arrival, Fault, FaultServer};
use crate::{bounded, call, outcome, ticker, Kind, DONE, KINDS};

/// A `200` head declaring a 100-byte body.
const HEAD_100: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";

fn bytes(parts: &[&str]) -> Vec<u8> {
    parts.concat().into_bytes()
}

/// A row: the fault, the server's script, and per kind (query, mutation, idempotent
/// mutation) the outcome and the request's arrivals.
type Row = (
    &'static str,
    fn(&Arrival) -> Fault,
    [(&'static str, usize); 3],
);

fn table() -> Vec<Row> {
    vec![
        row(
            "503 twice, then 200",
            |a| {
                if a.nth_of_body < 2 {
                    Fault::status(503, "")
                } else {
                    Fault::json(DONE)
                }
            },
            [("Ok", 3), ("Server", 1), ("Ok", 3)],
        ),
        row(
            "503 on every attempt",
            |_| Fault::status(503, r#"{"errors":[{"message":"try later"}]}"#),
            [("Server", 4), ("Server", 1), ("Server", 4)],
        ),
        row(
            "502 HTML error page on every attempt",
            |_| Fault::typed(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>"),
            [("Server", 4), ("Server", 1), ("Server", 4)],
        ),
        row(
            "connection reset before the response",
            |_| Fault::Reset(Vec::new()),
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "connection closed before the response",
            |_| Fault::Close(Vec::new()),
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "connection reset mid-headers",
            |_| Fault::Reset(bytes(&["HTTP/1.1 200 OK\r\ncontent-ty"])),
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "connection reset mid-body",
            |_| Fault::Reset(bytes(&[HEAD_100, r#"{"data":{"do"#])),
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "body shorter than its Content-Length, then FIN",
            |_| Fault::Close(bytes(&[HEAD_100, r#"{"data":{"do"#])),
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "one reset, then 200",
            |a| {
                if a.nth_of_body == 0 {
                    Fault::Reset(Vec::new())
                } else {
                    Fault::json(DONE)
                }
            },
            [("Ok", 2), ("Transport", 1), ("Ok", 2)],
        ),
        row(
            "body trickling 1 byte / 0.5 s (11 s in all, within the 30 s timeout)",
            |_| Fault::Trickle {
                body: DONE.into(),
                every: std::time::Duration::from_millis(500),
            },
            [("Ok", 1), ("Ok", 1), ("Ok", 1)],
        ),
        row(
            "body trickling 1 byte / 2 s (44 s in all, past the timeout)",
            |_| Fault::Trickle {
                body: DONE.into(),
                every: std::time::Duration::from_secs(2),
            },
            [("Timeout", 4), ("Timeout", 1), ("Timeout", 4)],
        ),
        row(
            "no response at all (stalls before the head)",
            |_| Fault::Stall(Vec::new()),
            [("Timeout", 4), ("Timeout", 1), ("Timeout", 4)],
        ),
        row(
            "body stalls forever midway",
            |_| Fault::Stall(bytes(&[HEAD_100, r#"{"data":{"do"#])),
            [("Timeout", 4), ("Timeout", 1), ("Timeout", 4)],
        ),
        row(
            "200, invalid JSON",
            |_| Fault::json("{data: done}"),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "200, truncated JSON (complete Content-Length)",
            |_| Fault::json(r#"{"data":{"do"#),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "200, empty body",
            |_| Fault::json(""),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "200, HTML page",
            |_| Fault::typed(200, "text/html", "<html><body>Maintenance</body></html>"),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            r#"200, {"errors":{}}"#,
            |_| Fault::json(r#"{"errors":{}}"#),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            r#"200, {"errors":[]} (no data)"#,
            |_| Fault::json(r#"{"errors":[]}"#),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "200, data of the wrong shape",
            |_| Fault::json(r#"{"data":{"done":"yes"}}"#),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "200, GraphQL errors",
            |_| Fault::json(r#"{"data":null,"errors":[{"message":"boom"}]}"#),
            [("GraphQL", 1), ("GraphQL", 1), ("GraphQL", 1)],
        ),
        row(
            "200, right body with a text/plain content type",
            |_| Fault::typed(200, "text/plain", DONE),
            [("Ok", 1), ("Ok", 1), ("Ok", 1)],
        ),
        row(
            "200, body over max_response_bytes (64 KiB)",
            |_| {
                Fault::json(&format!(
                    r#"{{"data":{{"done":true,"pad":"{}"}}}}"#,
                    "x".repeat(100_000)
                ))
            },
            [
                ("ResponseTooLarge", 1),
                ("ResponseTooLarge", 1),
                ("ResponseTooLarge", 1),
            ],
        ),
        row(
            "200, JSON nested 50 000 deep",
            |_| Fault::json(&format!(r#"{{"data":{}"#, "[".repeat(50_000))),
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "200, GraphQL error with extensions nested 50 000 deep",
            |_| {
                let deep = "[".repeat(50_000);
                Fault::json(&format!(
                    r#"{{"errors":[{{"message":"x","extensions":{{"a":{deep}"#
                ))
            },
            [("Decode", 1), ("Decode", 1), ("Decode", 1)],
        ),
        row(
            "not HTTP at all",
            |_| Fault::Close(bytes(&["SSH-2.0-OpenSSH_9.6\r\n"])),
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "a head of 200 headers",
            |_| {
                let headers: String = (0..200).map(|i| format!("x-h{i}: v\r\n")).collect();
                Fault::Close(bytes(&[
                    "HTTP/1.1 200 OK\r\n",
                    &headers,
                    "content-length: 0\r\n\r\n",
                ]))
            },
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "an invalid Content-Length",
            |_| {
                Fault::Close(bytes(&[
                    "HTTP/1.1 200 OK\r\ncontent-length: -5\r\n\r\n",
                    DONE,
                ]))
            },
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "broken chunked encoding",
            |_| {
                Fault::Close(bytes(&[
                    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
                ]))
            },
            [("Transport", 4), ("Transport", 1), ("Transport", 4)],
        ),
        row(
            "HTTP/1.0, body delimited by closing the connection",
            |_| {
                Fault::Close(bytes(&[
                    "HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n",
                    DONE,
                ]))
            },
            [("Ok", 1), ("Ok", 1), ("Ok", 1)],
        ),
        row(
            "status 999",
            |_| Fault::status(999, DONE),
            [
                ("UnexpectedStatus", 1),
                ("UnexpectedStatus", 1),
                ("UnexpectedStatus", 1),
            ],
        ),
        row(
            "307 redirect loop within the origin",
            |_| Fault::status(307, "").header("location", "/graphql"),
            [
                ("UnexpectedStatus", 6),
                ("UnexpectedStatus", 6),
                ("UnexpectedStatus", 6),
            ],
        ),
        row(
            "429 (Retry-After: 1) twice, then 200",
            |a| {
                if a.nth_of_body < 2 {
                    Fault::status(429, "").header("retry-after", "1")
                } else {
                    Fault::json(DONE)
                }
            },
            [("Ok", 3), ("Ok", 3), ("Ok", 3)],
        ),
        row(
            "429 storm, Retry-After: 1",
            |_| Fault::status(429, "").header("retry-after", "1"),
            [
                ("RateLimited(1 s)", 4),
                ("RateLimited(1 s)", 4),
                ("RateLimited(1 s)", 4),
            ],
        ),
        row(
            "429 storm, no Retry-After (60 s each)",
            |_| Fault::status(429, ""),
            [
                ("RateLimited(none)", 4),
                ("RateLimited(none)", 4),
                ("RateLimited(none)", 4),
            ],
        ),
        row(
            "429 storm, Retry-After: soon (unreadable: 60 s each)",
            |_| Fault::status(429, "").header("retry-after", "soon"),
            [
                ("RateLimited(none)", 4),
                ("RateLimited(none)", 4),
                ("RateLimited(none)", 4),
            ],
        ),
        row(
            "429, Retry-After: 3600 (over max_retry_after)",
            |_| Fault::status(429, "").header("retry-after", "3600"),
            [
                ("RateLimited(3600 s)", 1),
                ("RateLimited(3600 s)", 1),
                ("RateLimited(3600 s)", 1),
            ],
        ),
    ]
}

fn row(
    fault: &'static str,
    script: fn(&Arrival) -> Fault,
    cells: [(&'static str, usize); 3],
) -> Row {
    (fault, script, cells)
}

/// Runs every row for every kind and compares the whole table at once, so one run shows
/// every cell that differs.
#[tokio::test(start_paused = true)]
async fn every_fault_of_the_endpoint_ends_as_the_table_says() {
    ticker();
    let mut expected = Vec::new();
    let mut actual = Vec::new();
    for (fault, script, cells) in table() {
        for (kind, (want, arrivals)) in KINDS.into_iter().zip(cells) {
            expected.push(format!("{fault} | {kind:?} | {want} | {arrivals}"));
            let (got, arrived) = one_call(kind, script, |b| b).await;
            actual.push(format!("{fault} | {kind:?} | {got} | {arrived}"));
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

/// A refused connection reached no server: every kind, mutations included, is tried the
/// policy's 4 times, then `Transport`.
#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_for_every_kind() {
    ticker();
    let url = refusing_url("/graphql").await;
    for kind in KINDS {
        let limits = crate::calls::limits();
        let client = crate::calls::client_of(&url, &limits)
            .bearer_token("tok")
            .build()
            .unwrap();
        let result = bounded("refused", call(&client, kind, 1)).await;
        assert_eq!(outcome(&result), "Transport", "{kind:?}");
        crate::calls::all_permits_back(&limits).await;
        assert_eq!(limits.available_slots(), Some(CAP));
    }
}

/// After a `429` asking for more than the policy waits, the calls made during that cool-down
/// end at once, nothing sent; the cool-down over, calls go through.
#[tokio::test(start_paused = true)]
async fn calls_during_a_long_cool_down_end_at_once_without_being_sent() {
    ticker();
    let server = FaultServer::start(|a| {
        if a.nth_at_path == 0 {
            Fault::status(429, "").header("retry-after", "3600")
        } else {
            Fault::json(DONE)
        }
    })
    .await;
    let limits = crate::calls::limits();
    let client = crate::calls::client_of(&server.url("/graphql"), &limits)
        .bearer_token("tok")
        .build()
        .unwrap();
    let first = bounded("first", call(&client, Kind::Query, 1)).await;
    assert_eq!(outcome(&first), "RateLimited(3600 s)");
    for (n, kind) in KINDS.into_iter().enumerate() {
        let result = bounded("during", call(&client, kind, 10 + n as u64)).await;
        assert!(outcome(&result).starts_with("RateLimited("), "{result:?}");
    }
    assert_eq!(server.count("/graphql"), 1);
    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    for (n, kind) in KINDS.into_iter().enumerate() {
        let result = bounded("after", call(&client, kind, 20 + n as u64)).await;
        assert_eq!(outcome(&result), "Ok");
    }
    assert_eq!(server.count("/graphql"), 4);
}

/// A server that closes each connection right after its answer, without `connection: close`
/// (a keep-alive that ends as the answer goes out): the next call finds its pooled connection
/// closed. Every call of every kind is `Ok` and arrives once.
#[tokio::test(start_paused = true)]
async fn connections_closed_after_every_answer_cost_nothing() {
    ticker();
    let server = FaultServer::start(|_| {
        Fault::Close(bytes(&[
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 22\r\n\r\n",
            DONE,
        ]))
    })
    .await;
    let limits = crate::calls::limits();
    let client = crate::calls::client_of(&server.url("/graphql"), &limits)
        .bearer_token("tok")
        .build()
        .unwrap();
    for n in 0..30 {
        let kind = KINDS[n % 3];
        let result = bounded("closed", call(&client, kind, n as u64)).await;
        assert_eq!(outcome(&result), "Ok", "{kind:?} call {n}");
        // Sometimes the next call comes at once, sometimes once the FIN is seen.
        if n % 2 == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    }
    for (body, arrivals, _) in server.per_body() {
        assert_eq!(arrivals, 1, "{body}");
    }
}
