//! The client on the wire, against an in-process server on 127.0.0.1: requests per second
//! through `gqlforge::Client` (no limiter, static bearer token) vs raw reqwest + serde_json
//! doing the same POST and decode, and the rate limiter's precision (budget used, most
//! arrivals in any 1-s window), also against a server that counts each arrival after a
//! random delay (a delaying proxy in front of a counting server), on a quiet machine and
//! on one kept busy by spinning threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::routing::post;
use axum::Router;
use gqlforge::{Client, Limits, Operation, Rate};
use rand::Rng;

use crate::ours::purchase_by_id::{Data, Variables};
use crate::ours::PurchaseById;

/// The bearer token both contenders send.
const TOKEN: &str = "bench-token";

/// What the server saw: the arrival of every request.
#[derive(Default)]
struct Seen {
    arrivals: Mutex<Vec<Instant>>,
}

struct ServerState {
    body: Bytes,
    delay: Duration,
    /// Each arrival is counted after a random delay of up to this (zero: at once).
    arrival_delay: Duration,
    jitter: Mutex<rand::rngs::SmallRng>,
    seen: Seen,
}

/// A GraphQL endpoint on 127.0.0.1 that answers every POST to `/graphql` with the same
/// body after `delay`, recording when each request arrived. Stops when dropped.
pub struct Server {
    url: String,
    state: Arc<ServerState>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts the server on the current tokio runtime.
    pub async fn start(body: String, delay: Duration) -> std::io::Result<Server> {
        Server::start_delaying(body, delay, Duration::ZERO).await
    }

    /// A server that counts each request only after a random delay from 0 to
    /// `arrival_delay` (uniform, as tokio's 1-ms timer gives it), as it would behind a proxy
    /// that delays each request by that much: the arrivals it records are the client's
    /// sends plus a network's varying delay.
    pub async fn start_delaying(
        body: String,
        delay: Duration,
        arrival_delay: Duration,
    ) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/graphql", listener.local_addr()?);
        let state = Arc::new(ServerState {
            body: Bytes::from(body),
            delay,
            arrival_delay,
            jitter: Mutex::new(rand::SeedableRng::from_entropy()),
            seen: Seen::default(),
        });
        let app = Router::new()
            .route("/graphql", post(answer))
            .with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            // Ends with the runtime or when aborted on drop.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Server { url, state, task })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every arrival so far, sorted.
    pub fn arrivals(&self) -> Vec<Instant> {
        let mut arrivals = self
            .state
            .seen
            .arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        arrivals.sort();
        arrivals
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(
    State(state): State<Arc<ServerState>>,
) -> ([(axum::http::HeaderName, &'static str); 1], Bytes) {
    if !state.arrival_delay.is_zero() {
        let max = u64::try_from(state.arrival_delay.as_nanos()).unwrap_or(u64::MAX);
        let nanos = state
            .jitter
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .gen_range(0..=max);
        tokio::time::sleep(Duration::from_nanos(nanos)).await;
    }
    state
        .seen
        .arrivals
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Instant::now());
    if !state.delay.is_zero() {
        tokio::time::sleep(state.delay).await;
    }
    ([(CONTENT_TYPE, "application/json")], state.body.clone())
}

/// The two ways of sending `PurchaseById` that are raced.
pub struct Contenders {
    client: Client,
    http: reqwest::Client,
    url: String,
}

impl Contenders {
    pub fn new(server: &Server) -> Result<Contenders, String> {
        let client = Client::builder(server.url())
            .bearer_token(TOKEN)
            .build()
            .map_err(|e| format!("building the gqlforge client: {e}"))?;
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| format!("building the reqwest client: {e}"))?;
        Ok(Contenders {
            client,
            http,
            url: server.url().to_string(),
        })
    }

    /// One request through `gqlforge::Client`.
    pub async fn through_client(&self) -> Result<Data, String> {
        self.client
            .execute::<PurchaseById>(Variables { id: 1 })
            .await
            .map_err(|e| e.to_string())
    }

    /// The same POST and decode by hand: reqwest + serde_json.
    pub async fn raw(&self) -> Result<Data, String> {
        let body = serde_json::to_vec(&serde_json::json!({
            "query": PurchaseById::QUERY,
            "operationName": PurchaseById::OPERATION_NAME,
            "variables": Variables { id: 1 },
        }))
        .map_err(|e| e.to_string())?;
        let response = self
            .http
            .post(&self.url)
            .bearer_auth(TOKEN)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?
            .error_for_status()
            .map_err(|e| e.to_string())?;
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let response: gqlforge::Response<Data> =
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        response
            .data
            .ok_or_else(|| "the response has no data".to_string())
    }
}

/// `requests` calls of `call`, `tasks` at a time; the time they took.
pub async fn timed<F, Fut>(requests: usize, tasks: usize, call: F) -> Result<Duration, String>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<Data, String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let call = call.clone();
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    std::hint::black_box(call().await?);
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for handle in handles {
        handle.await.map_err(|e| e.to_string())??;
    }
    Ok(start.elapsed())
}

/// What one run of the rate limiter under load showed.
pub struct Precision {
    /// Requests the server received.
    pub received: usize,
    /// Of the budget of the whole seconds from the first arrival on, the share used (%).
    pub budget_used: f64,
    /// The most arrivals in any 1-s window `[t, t + 1 s)`.
    pub max_in_window: usize,
}

/// 64 tasks calling as fast as they can for `duration` through a client limited to `rate`
/// per second and 4 in flight; the server takes 20 ms per request, so the in-flight cap is
/// reached too.
pub async fn limiter_precision(
    body: String,
    rate: u32,
    duration: Duration,
) -> Result<Precision, String> {
    let server = Server::start(body, Duration::from_millis(20))
        .await
        .map_err(|e| format!("starting the server: {e}"))?;
    let limits = Limits::builder()
        .rate(Rate::per_second(rate))
        .max_in_flight(4)
        .build()
        .map_err(|e| format!("the limits: {e}"))?;
    let (precision, _) = saturate(&server, limits, rate, duration).await?;
    Ok(precision)
}

/// `limits` (of `rate` per second), 64 tasks calling as fast as they can for `duration`,
/// against a server (20 ms a request) that counts each arrival after a random delay of 0 to
/// `arrival_delay`; with the widest window margin the limiter used meanwhile.
pub async fn limiter_under_jitter(
    body: String,
    limits: Limits,
    rate: u32,
    duration: Duration,
    arrival_delay: Duration,
) -> Result<(Precision, Duration), String> {
    let server = Server::start_delaying(body, Duration::from_millis(20), arrival_delay)
        .await
        .map_err(|e| format!("starting the server: {e}"))?;
    saturate(&server, limits, rate, duration).await
}

/// 64 tasks calling `server` through `limits` for `duration`: what the server counted, and
/// the widest window margin seen (sampled every 50 ms).
async fn saturate(
    server: &Server,
    limits: Limits,
    rate: u32,
    duration: Duration,
) -> Result<(Precision, Duration), String> {
    let client = Client::builder(server.url())
        .bearer_token(TOKEN)
        .limits(limits.clone())
        .build()
        .map_err(|e| format!("building the gqlforge client: {e}"))?;
    let started = Instant::now();
    let widest = {
        let limits = limits.clone();
        tokio::spawn(async move {
            let mut widest = limits.window_margin();
            while started.elapsed() < duration {
                widest = widest.max(limits.window_margin());
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            widest
        })
    };
    let handles: Vec<_> = (0..64)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                while started.elapsed() < duration {
                    client
                        .execute::<PurchaseById>(Variables { id: 1 })
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for handle in handles {
        handle.await.map_err(|e| e.to_string())??;
    }
    let widest = widest.await.map_err(|e| e.to_string())?;
    let arrivals = server.arrivals();
    let Some(&first) = arrivals.first() else {
        return Err("the server received no request".into());
    };
    // The tasks stop within the last second: only the whole seconds before it count.
    let whole = duration.as_secs().max(2) - 1;
    let in_whole = arrivals
        .iter()
        .filter(|a| **a - first < Duration::from_secs(whole))
        .count();
    let precision = Precision {
        received: arrivals.len(),
        budget_used: in_whole as f64 / (f64::from(rate) * whole as f64) * 100.0,
        max_in_window: max_in_window(&arrivals),
    };
    Ok((precision, widest))
}

/// Threads spinning on the CPU, as other work on a loaded machine would, until dropped.
pub struct BusyLoops {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl BusyLoops {
    pub fn start(threads: usize) -> BusyLoops {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..threads)
            .map(|_| {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005) + 1);
                    }
                })
            })
            .collect();
        BusyLoops { stop, threads }
    }
}

impl Drop for BusyLoops {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// The most of the sorted `arrivals` in any 1-s window `[t, t + 1 s)`.
pub fn max_in_window(arrivals: &[Instant]) -> usize {
    let mut max = 0;
    let mut start = 0;
    for end in 0..arrivals.len() {
        while arrivals[end] - arrivals[start] >= Duration::from_secs(1) {
            start += 1;
        }
        max = max.max(end - start + 1);
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_counts_arrivals_less_than_a_second_apart() {
        let t = Instant::now();
        let at = |ms: u64| t + Duration::from_millis(ms);
        // 0, 400, 999 are in one window; 1000 starts the next one with 400 and 999.
        let arrivals = [at(0), at(400), at(999), at(1000), at(1300), at(2500)];
        assert_eq!(max_in_window(&arrivals), 4);
        assert_eq!(max_in_window(&arrivals[..3]), 3);
        assert_eq!(max_in_window(&[]), 0);
    }
}
