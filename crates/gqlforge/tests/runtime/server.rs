//! In-process HTTP servers for the runtime's tests, on 127.0.0.1, each on its own thread and
//! tokio runtime (real time): the tests' own runtimes may pause their clocks, and a server's
//! timers must not make a paused clock jump.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::thread;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }

    /// The body as JSON (GraphQL requests).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The bearer token sent, if any.
    pub fn bearer(&self) -> Option<String> {
        self.header("authorization")
            .and_then(|v| v.strip_prefix("Bearer ").map(str::to_string))
    }
}

/// A response: status, headers, body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::new(status, body.to_string()).header("content-type", "application/json")
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

type Handler = Arc<dyn Fn(Recorded) -> Pin<Box<dyn Future<Output = Reply> + Send>> + Send + Sync>;

/// A running server; stopped when dropped.
pub struct TestServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl TestServer {
    /// An HTTP server answering every request with `handler` (after recording it).
    pub fn start<F, Fut>(handler: F) -> TestServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        TestServer::start_on(any_port(), handler)
    }

    /// [`TestServer::start`] on a listener of the test's (e.g. on a port it held, bound
    /// but not listening, to refuse connections until then).
    pub fn start_on<F, Fut>(listener: std::net::TcpListener, handler: F) -> TestServer
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        let handler: Handler = Arc::new(move |r| Box::pin(handler(r)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let app_log = Arc::clone(&log);
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&app_log);
                async move {
                    let recorded = Recorded {
                        method: method.to_string(),
                        path: uri.path().to_string(),
                        headers,
                        body: String::from_utf8_lossy(&body).into_owned(),
                    };
                    log.lock().unwrap().push(recorded.clone());
                    let reply = handler(recorded).await;
                    let mut response = Response::builder().status(
                        StatusCode::from_u16(reply.status).expect("a valid status in the test"),
                    );
                    for (name, value) in &reply.headers {
                        response = response.header(name, value);
                    }
                    response
                        .body(Body::from(reply.body))
                        .expect("a valid response in the test")
                }
            },
        );
        TestServer::spawn(listener, log, move |listener, stop| async move {
            tokio::select! {
                _ = axum::serve(listener, app) => {}
                _ = stop => {}
            }
        })
    }

    /// A raw TCP server: for each connection, reads one request's head and body (by
    /// Content-Length), records it, and lets `respond` write (or not) whatever it likes.
    pub fn raw<F, Fut>(respond: F) -> TestServer
    where
        F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let log = Arc::new(Mutex::new(Vec::new()));
        let conn_log = Arc::clone(&log);
        let respond = Arc::new(respond);
        TestServer::spawn(any_port(), log, move |listener, stop| async move {
            let accept = async {
                while let Ok((mut stream, _)) = listener.accept().await {
                    let log = Arc::clone(&conn_log);
                    let respond = Arc::clone(&respond);
                    tokio::spawn(async move {
                        if let Some(recorded) = read_request(&mut stream).await {
                            log.lock().unwrap().push(recorded);
                            respond(stream).await;
                        }
                    });
                }
            };
            tokio::select! {
                _ = accept => {}
                _ = stop => {}
            }
        })
    }

    fn spawn<S, Fut>(
        listener: std::net::TcpListener,
        log: Arc<Mutex<Vec<Recorded>>>,
        serve: S,
    ) -> TestServer
    where
        S: FnOnce(tokio::net::TcpListener, oneshot::Receiver<()>) -> Fut + Send + 'static,
        Fut: Future<Output = ()>,
    {
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel();
        let thread = thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a server runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                serve(listener, stopped).await;
            });
            // Dropping the runtime ends every connection task.
        });
        TestServer {
            addr,
            log,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// A raw server that sends a response head and the start of a 100-byte body, then
    /// nothing more until `hold` is notified: a body slower than any timeout.
    pub fn stalling(hold: &Arc<tokio::sync::Notify>) -> TestServer {
        let hold = Arc::clone(hold);
        TestServer::raw(move |mut stream| {
            let hold = Arc::clone(&hold);
            async move {
                write(
                    &mut stream,
                    b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"data\":",
                )
                .await;
                hold.notified().await;
            }
        })
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request received at `path`, in order.
    pub fn requests(&self, path: &str) -> Vec<Recorded> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub fn count(&self, path: &str) -> usize {
        self.requests(path).len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A listener on a free port of 127.0.0.1.
fn any_port() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0")
}

/// Reads a request head and its Content-Length body.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let path = request_line.next()?.to_string();
    let mut headers = HeaderMap::new();
    let mut length = 0;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().ok()?;
            }
            if let (Ok(name), Ok(value)) = (
                axum::http::HeaderName::from_bytes(name.as_bytes()),
                axum::http::HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
    }
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned(),
    })
}

/// Writes `bytes` and flushes, ignoring errors (the client may have gone).
pub async fn write(stream: &mut tokio::net::TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes).await;
    let _ = stream.flush().await;
}
