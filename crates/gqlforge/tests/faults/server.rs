//! A fault-injecting HTTP/1.1 server on raw TCP, spawned on the test's own runtime: its
//! sleeps (a trickled body) run on the same paused clock as the client's timeouts and
//! backoffs, and a stalled answer stalls until the client closes the connection.
//!
//! Each request is read whole (head and `Content-Length` body), recorded, and answered as
//! the test's script says ([`Fault`]); connections are kept alive between requests answered
//! in full. The server counts what a test asserts on: arrivals per path and per body (a
//! call's body is the same on every attempt), the requests it was working on at once, and
//! the arrivals it applied (answered other than with a refusal, `401` or `429`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// `status`, extra headers and `body`, in full, the connection kept alive.
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// These bytes, then the connection closed (FIN): a head cut short, a body shorter than
    /// its `Content-Length`, or nothing at all.
    Close(Vec<u8>),
    /// These bytes, then the connection reset (RST).
    Reset(Vec<u8>),
    /// A whole `200` response of this body, one byte every `every`.
    Trickle { body: String, every: Duration },
    /// These bytes, then nothing until the client closes the connection.
    Stall(Vec<u8>),
    /// The fault, after a wait.
    Late(Duration, Box<Fault>),
}

impl Fault {
    /// `200` with a JSON body.
    pub fn json(body: &str) -> Fault {
        Fault::status(200, body)
    }

    /// `status` with a JSON body.
    pub fn status(status: u16, body: &str) -> Fault {
        Fault::Answer {
            status,
            headers: vec![("content-type", "application/json".into())],
            body: body.into(),
        }
    }

    /// `status` with a body of the given content type.
    pub fn typed(status: u16, content_type: &str, body: &str) -> Fault {
        Fault::Answer {
            status,
            headers: vec![("content-type", content_type.into())],
            body: body.into(),
        }
    }

    /// The same answer with one more header.
    pub fn header(self, name: &'static str, value: &str) -> Fault {
        match self {
            Fault::Answer {
                status,
                mut headers,
                body,
            } => {
                headers.push((name, value.into()));
                Fault::Answer {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }

    /// The same fault, `delay` later.
    pub fn late(self, delay: Duration) -> Fault {
        Fault::Late(delay, Box::new(self))
    }

    /// Whether a request answered so was refused without being applied.
    fn refused(&self) -> bool {
        match self {
            // A redirect asks for the request to be sent elsewhere; `401` and `429` refuse it.
            Fault::Answer { status, .. } => matches!(status, 300..=399 | 401 | 429),
            Fault::Late(_, fault) => fault.refused(),
            _ => false,
        }
    }
}

/// A request as the server read it, with its place among the arrivals.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub path: String,
    pub body: String,
    pub bearer: Option<String>,
    /// 0 for the first request at this path.
    pub nth_at_path: usize,
    /// 0 for the first arrival of this body (the first attempt of a call).
    pub nth_of_body: usize,
    /// 0 for the first request with this bearer token.
    pub nth_with_bearer: usize,
    /// When it arrived (the paused clock the client runs on too).
    pub at: tokio::time::Instant,
}

type Script = Arc<dyn Fn(&Arrival) -> Fault + Send + Sync>;

#[derive(Default)]
struct Log {
    arrivals: Vec<Arrival>,
    per_body: HashMap<String, usize>,
    applied: HashMap<String, usize>,
    working: usize,
    most_working: usize,
}

/// A running fault server; it stops with the test's runtime.
#[derive(Clone)]
pub struct FaultServer {
    addr: SocketAddr,
    log: Arc<Mutex<Log>>,
}

/// Counts a `/graphql` request as worked on until the answer is written or the client is gone.
struct Working(Arc<Mutex<Log>>);

impl Drop for Working {
    fn drop(&mut self) {
        let mut log = self.0.lock().unwrap();
        log.working -= 1;
    }
}

impl FaultServer {
    /// A server answering each request as `script` says.
    pub async fn start(script: impl Fn(&Arrival) -> Fault + Send + Sync + 'static) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let server = FaultServer {
            addr: listener.local_addr().expect("address"),
            log: Arc::default(),
        };
        let script: Script = Arc::new(script);
        let log = Arc::clone(&server.log);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&script), Arc::clone(&log)));
            }
        });
        server
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request that arrived at `path`, in order.
    pub fn arrivals(&self, path: &str) -> Vec<Arrival> {
        let log = self.log.lock().unwrap();
        log.arrivals
            .iter()
            .filter(|a| a.path == path)
            .cloned()
            .collect()
    }

    pub fn count(&self, path: &str) -> usize {
        self.arrivals(path).len()
    }

    /// How many times each body arrived, and how many of those arrivals were applied
    /// (answered other than `401`/`429`).
    pub fn per_body(&self) -> Vec<(String, usize, usize)> {
        let log = self.log.lock().unwrap();
        log.per_body
            .iter()
            .map(|(body, n)| {
                let applied = log.applied.get(body).copied().unwrap_or(0);
                (body.clone(), *n, applied)
            })
            .collect()
    }

    /// The most `/graphql` requests the server worked on at once.
    pub fn most_working(&self) -> usize {
        self.log.lock().unwrap().most_working
    }

    /// The `/graphql` requests the server is working on now.
    pub fn working(&self) -> usize {
        self.log.lock().unwrap().working
    }
}

/// A port nothing listens on: connections to it are refused.
pub async fn refusing_url(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}{path}")
}

async fn serve(mut stream: TcpStream, script: Script, log: Arc<Mutex<Log>>) {
    // Each write goes out at once: no Nagle delay (real time, which the paused clock would
    // skip over) between a response's writes.
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    while let Some((path, headers, body)) = read_request(&mut stream, &mut buf).await {
        let bearer = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
            .and_then(|(_, value)| value.strip_prefix("Bearer "))
            .map(str::to_string);
        let arrival = {
            let log = log.lock().unwrap();
            Arrival {
                nth_at_path: log.arrivals.iter().filter(|a| a.path == path).count(),
                nth_of_body: log.per_body.get(&body).copied().unwrap_or(0),
                nth_with_bearer: log
                    .arrivals
                    .iter()
                    .filter(|a| bearer.is_some() && a.bearer == bearer)
                    .count(),
                path: path.clone(),
                body: body.clone(),
                bearer,
                at: tokio::time::Instant::now(),
            }
        };
        let fault = script(&arrival);
        let _working = {
            let mut entry = log.lock().unwrap();
            entry.arrivals.push(arrival);
            if path == "/graphql" {
                *entry.per_body.entry(body.clone()).or_default() += 1;
                if !fault.refused() {
                    *entry.applied.entry(body).or_default() += 1;
                }
                entry.working += 1;
                entry.most_working = entry.most_working.max(entry.working);
                drop(entry);
                Some(Working(Arc::clone(&log)))
            } else {
                None
            }
        };
        let fault = match fault {
            Fault::Late(delay, fault) => {
                tokio::time::sleep(delay).await;
                *fault
            }
            fault => fault,
        };
        match fault {
            Fault::Late(..) => unreachable!("one wait at most in these tests"),
            Fault::Answer {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                head.push_str(&body);
                if !write(&mut stream, head.as_bytes()).await {
                    return;
                }
            }
            Fault::Close(bytes) => {
                write(&mut stream, &bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Fault::Reset(bytes) => {
                write(&mut stream, &bytes).await;
                // SO_LINGER 0: closing sends RST instead of FIN.
                let _ = stream.set_zero_linger();
                return;
            }
            Fault::Trickle { body, every } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                if !write(&mut stream, head.as_bytes()).await {
                    return;
                }
                for byte in body.as_bytes() {
                    tokio::time::sleep(every).await;
                    if !write(&mut stream, &[*byte]).await {
                        return;
                    }
                }
            }
            Fault::Stall(bytes) => {
                write(&mut stream, &bytes).await;
                // Until the client closes the connection (a timeout, or a request dropped).
                let mut rest = [0u8; 1024];
                while let Ok(n) = stream.read(&mut rest).await {
                    if n == 0 {
                        break;
                    }
                }
                return;
            }
        }
    }
}

/// Writes and flushes `bytes`; false when the client is gone.
async fn write(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).await.is_ok() && stream.flush().await.is_ok()
}

/// The next request on the connection: path, headers and body (by `Content-Length`);
/// `None` when the client closed it. `buf` keeps what was read past the request.
async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> Option<(String, Vec<(String, String)>, String)> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_string();
    let mut headers = Vec::new();
    let mut length = 0;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_string();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().ok()?;
            }
            headers.push((name.to_string(), value));
        }
    }
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
    buf.drain(..head_end + length);
    Some((path, headers, body))
}
