//! Peak heap memory while the client reads one large response (64 MiB), as a multiple of the
//! body's size, beside a baseline measured in the same run: raw reqwest + serde_json reading
//! the same body into the same types (`bytes()` then `from_slice`). Goal: ≤ 3× the body.
//!
//! The heap is counted by a global allocator (`peak_alloc`: current and peak bytes, the peak
//! reset before each call). Each figure is the median of interleaved runs; the server's copy
//! of the body is allocated before the count starts and not counted.
//!
//! Rows: the common case (a `2xx` with data that fits, decoded straight into the operation's
//! types); data beside a GraphQL error (`execute_full`: the body read as an envelope, data
//! decoded from its slice); a body that is not JSON (a typed error with an excerpt).
//! `-- --smoke` runs each once on a 4 MiB body.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use gqlforge::{Client, Operation};
use gqlforge_bench::ours::purchase_by_id::{Data, Variables};
use gqlforge_bench::ours::PurchaseById;
use gqlforge_bench::purchase_response;
use gqlforge_bench::wire::Server;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const MIB: f64 = 1024.0 * 1024.0;

/// A `PurchaseById` response of about `bytes` (at most `bytes`): the items of a small one
/// repeated, numbered, written as text (no `Value` tree of the whole is ever built).
fn purchase_text(bytes: usize, with_error: bool) -> String {
    let one = purchase_response(1);
    let start = one.find("\"items\":[").expect("items") + "\"items\":[".len();
    let end = start + one[start..].find(']').expect("the end of items");
    let item = &one[start..end];
    let (head, tail) = (&one[..start], &one[end..]);
    let mut text = String::with_capacity(bytes);
    if with_error {
        text.push_str(r#"{"errors":[{"message":"partial","path":["purchase","items",0]}],"#);
        text.push_str(&head[1..]);
    } else {
        text.push_str(head);
    }
    let mut i = 0usize;
    loop {
        let next = item.replacen("\"runningNumber\":0", &format!("\"runningNumber\":{i}"), 1);
        if text.len() + next.len() + 1 + tail.len() > bytes {
            break;
        }
        if i > 0 {
            text.push(',');
        }
        text.push_str(&next);
        i += 1;
    }
    text.push_str(tail);
    text
}

/// The peak heap bytes above what was allocated before, while `call` runs (its result held
/// until it returns, as a caller holds it).
async fn peak_of<T>(call: impl Future<Output = T>) -> usize {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let result = call.await;
    let peak = HEAP.peak_usage().saturating_sub(before);
    drop(std::hint::black_box(result));
    peak
}

fn median(mut values: Vec<usize>) -> (usize, usize, usize) {
    values.sort_unstable();
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

/// One row: `ours` and `base` run `runs` times, interleaved; peaks as multiples of `body`.
async fn row<O, B, OF, BF>(figure: &str, body: usize, runs: usize, smoke: bool, ours: O, base: B)
where
    O: Fn() -> OF,
    B: Fn() -> BF,
    OF: Future,
    BF: Future,
{
    let (mut o, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        b.push(peak_of(base()).await);
        o.push(peak_of(ours()).await);
    }
    let times = |(median, min, max): (usize, usize, usize)| {
        let x = |v: usize| v as f64 / body as f64;
        format!(
            "{:.2}× body, {:.0} MiB ({:.2} … {:.2})",
            x(median),
            median as f64 / MIB,
            x(min),
            x(max)
        )
    };
    let (ours, base) = (median(o), median(b));
    let multiple = ours.0 as f64 / body as f64;
    let verdict = match (smoke, multiple <= 3.0) {
        (true, _) => "smoke: not measured",
        (false, true) => "met",
        (false, false) => "MISSED",
    };
    println!(
        "{figure:<62} {:>32} {:>32} {:>6.2}×  ≤ 3× the body ({verdict})",
        times(ours),
        times(base),
        ours.0 as f64 / base.0 as f64,
    );
}

/// The baseline: the same POST by hand, `bytes()` then `from_slice` into the same types.
async fn raw(http: &reqwest::Client, url: &str) -> Result<gqlforge::Response<Data>, String> {
    let body = serde_json::to_vec(&PurchaseById::request(Variables { id: 1 }))
        .map_err(|e| e.to_string())?;
    let bytes = http
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .bytes()
        .await
        .map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let (size, runs) = if smoke {
        (4 * 1024 * 1024, 1)
    } else {
        (64 * 1024 * 1024, 5)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let ok = purchase_text(size, false);
        let partial = purchase_text(size, true);
        let garbage = format!("<html>{}", "x".repeat(size - 6));
        let bodies = [ok.len(), partial.len(), garbage.len()];
        let servers = [
            Server::start(ok, Duration::ZERO).await,
            Server::start(partial, Duration::ZERO).await,
            Server::start(garbage, Duration::ZERO).await,
        ]
        .map(|server| Arc::new(server.expect("a server on 127.0.0.1")));
        let client = |server: &Server| Client::builder(server.url()).build().expect("a client");
        let http = reqwest::Client::new();
        // Every contender once, unmeasured: connection pools and lazy statics warmed up.
        for server in &servers {
            let _ = client(server)
                .execute_full::<PurchaseById>(Variables { id: 1 })
                .await;
            let _ = raw(&http, server.url()).await;
        }
        let ours = [
            client(&servers[0]),
            client(&servers[1]),
            client(&servers[2]),
        ];
        let ok = ours[0]
            .execute::<PurchaseById>(Variables { id: 1 })
            .await
            .expect("the client reads the response");
        let items = ok.purchase.and_then(|p| p.items).map_or(0, |i| i.len());
        println!(
            "(bodies of {:.1} MiB, {items} items; peak heap above what was allocated before)",
            bodies[0] as f64 / MIB
        );
        row(
            &format!(
                "peak memory, a {:.0} MiB response: Client vs reqwest+serde",
                bodies[0] as f64 / MIB
            ),
            bodies[0],
            runs,
            smoke,
            || ours[0].execute::<PurchaseById>(Variables { id: 1 }),
            || raw(&http, servers[0].url()),
        )
        .await;
        row(
            "the same with a GraphQL error beside the data (execute_full)",
            bodies[1],
            runs,
            smoke,
            || ours[1].execute_full::<PurchaseById>(Variables { id: 1 }),
            || raw(&http, servers[1].url()),
        )
        .await;
        row(
            "the same, a body that is not JSON (a typed error)",
            bodies[2],
            runs,
            smoke,
            || ours[2].execute::<PurchaseById>(Variables { id: 1 }),
            || raw(&http, servers[2].url()),
        )
        .await;
    });
}
