//! A real GraphQL server for tests: `tests/servers/graphql-server.mjs` (graphql-http serving a
//! schema mocked by `@graphql-tools/mock`) run as a child process on 127.0.0.1, plus a blocking
//! client to send it operations.
//!
//! The server answers every valid operation with deterministic mock data (the same request gets
//! the same response). It stops when the [`GraphqlServer`] is dropped, and on its own when the
//! test process dies (it exits when its stdin closes).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How long the server may take to load its schema and start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The npm package holding the server: `GQLFORGE_SERVERS_DIR` when set, else
/// `<workspace>/tests/servers`.
pub fn servers_dir() -> PathBuf {
    match std::env::var_os("GQLFORGE_SERVERS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("servers"),
    }
}

/// A running `graphql-server.mjs`, killed when dropped.
pub struct GraphqlServer {
    child: Child,
    /// Held open: the server exits when its stdin closes.
    stdin: Option<ChildStdin>,
    url: String,
    stderr: Arc<Mutex<String>>,
    /// Collects stderr into `stderr`; ends when the server exits.
    stderr_reader: Option<thread::JoinHandle<()>>,
    agent: ureq::Agent,
}

impl GraphqlServer {
    /// Starts a server for the SDL schema at `schema` on a free port and waits until it listens.
    pub fn start(schema: &Path) -> Result<GraphqlServer, String> {
        GraphqlServer::start_in(&servers_dir(), schema)
    }

    /// [`GraphqlServer::start`] with the script's options (`--require-header 'Name: value'`,
    /// `--introspection-without COORDINATES`, `--no-introspection`, `--record-requests`; see
    /// `tests/servers/graphql-server.mjs`).
    pub fn start_with(schema: &Path, options: &[&str]) -> Result<GraphqlServer, String> {
        GraphqlServer::start_in_with(&servers_dir(), schema, options)
    }

    /// [`GraphqlServer::start`] with the server package in `dir` instead of [`servers_dir`].
    pub fn start_in(dir: &Path, schema: &Path) -> Result<GraphqlServer, String> {
        GraphqlServer::start_in_with(dir, schema, &[])
    }

    fn start_in_with(dir: &Path, schema: &Path, options: &[&str]) -> Result<GraphqlServer, String> {
        let script = dir.join("graphql-server.mjs");
        if !script.is_file() {
            return Err(format!(
                "the test GraphQL server {} does not exist\n  hint: GQLFORGE_SERVERS_DIR must name the tests/servers package",
                script.display()
            ));
        }
        if !dir.join("node_modules").is_dir() {
            return Err(format!(
                "the test GraphQL server's npm packages are not installed: {} is missing\n  hint: run `cargo xtask test`, or `npm ci` in {}",
                dir.join("node_modules").display(),
                dir.display()
            ));
        }
        // The child runs in `dir`: relative paths must not change meaning.
        let absolute = |path: &Path| {
            std::path::absolute(path)
                .map_err(|e| format!("cannot make {} absolute: {e}", path.display()))
        };
        let mut child = Command::new("node")
            .arg(absolute(&script)?)
            .arg(absolute(schema)?)
            .args(["--port", "0"])
            .args(options)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run node: {e}\n  hint: install Node.js 20 or newer"))?;

        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_reader = child.stderr.take().map(|pipe| {
            let sink = Arc::clone(&stderr);
            thread::spawn(move || collect_stderr(pipe, &sink))
        });
        let (line_tx, line_rx) = mpsc::channel();
        if let Some(pipe) = child.stdout.take() {
            thread::spawn(move || {
                let mut lines = BufReader::new(pipe).lines();
                if let Some(Ok(line)) = lines.next() {
                    // The receiver is gone only when start gave up waiting.
                    let _ = line_tx.send(line);
                }
                // Keep draining so the server never blocks on a full pipe.
                for _ in lines {}
            });
        }
        let stdin = child.stdin.take();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build()
            .into();
        let mut server = GraphqlServer {
            child,
            stdin,
            url: String::new(),
            stderr,
            stderr_reader,
            agent,
        };

        let line = match line_rx.recv_timeout(START_TIMEOUT) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(server.failure(&format!(
                    "the test GraphQL server for {} did not start within {} s",
                    schema.display(),
                    START_TIMEOUT.as_secs()
                )))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // Stdout closed: the server exited; let its stderr arrive before reporting it.
                let status = server.child.wait();
                return Err(server.failure(&format!(
                    "the test GraphQL server for {} exited before listening ({})",
                    schema.display(),
                    status.map_or_else(|e| e.to_string(), |s| s.to_string())
                )));
            }
        };
        server.url = parse_url_line(&line).ok_or_else(|| {
            server.failure(&format!(
                "the test GraphQL server printed {line:?}, expected {{\"url\":\"http://127.0.0.1:PORT/graphql\"}}"
            ))
        })?;
        Ok(server)
    }

    /// `http://127.0.0.1:PORT/graphql`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The POSTs to `/graphql` so far, `{"headers": {...}, "query": "..."}` each (header names
    /// lower-case), for a server started with `--record-requests`.
    pub fn recorded_requests(&self) -> Result<Vec<serde_json::Value>, String> {
        let url = self.url.replace("/graphql", "/__requests");
        let text = self
            .agent
            .get(&url)
            .call()
            .and_then(|mut r| r.body_mut().read_to_string())
            .map_err(|e| format!("GET {url}: {e}\n{}", self.stderr_note()))?;
        serde_json::from_str(&text).map_err(|e| format!("GET {url}: {e}: {text}"))
    }

    /// POSTs `{"query", "operationName", "variables"}` and returns the response body as JSON,
    /// whatever the HTTP status (graphql-http answers a request it rejects with a 4xx status and
    /// a body holding `errors`).
    pub fn execute(
        &self,
        query: &str,
        operation_name: Option<&str>,
        variables: &serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let body = serde_json::json!({
            "query": query,
            "operationName": operation_name,
            "variables": variables,
        });
        let mut response = self
            .agent
            .post(&self.url)
            .header("content-type", "application/json")
            .header(
                "accept",
                "application/graphql-response+json, application/json",
            )
            .send(body.to_string())
            .map_err(|e| format!("POST {} failed: {e}\n{}", self.url, self.stderr_note()))?;
        let status = response.status();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("cannot read the response of POST {}: {e}", self.url))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "POST {} answered {status} with a body that is not JSON ({e}):\n{text}\n{}",
                self.url,
                self.stderr_note()
            )
        })
    }

    /// `message`, the server's stderr, and the server stopped.
    fn failure(&mut self, message: &str) -> String {
        self.stop();
        // The server is gone, so its stderr pipe is closed: the reader ends after storing the tail.
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        format!("{message}\n{}", self.stderr_note())
    }

    fn stderr_note(&self) -> String {
        let stderr = self.stderr();
        if stderr.trim().is_empty() {
            "(the server wrote nothing to stderr)".to_string()
        } else {
            format!("server stderr:\n{stderr}")
        }
    }

    fn stop(&mut self) {
        self.stdin = None;
        // Kill fails only when the child has already exited; wait reaps it either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for GraphqlServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Appends everything read from `pipe` to `sink`, until the pipe closes.
fn collect_stderr(mut pipe: impl Read, sink: &Mutex<String>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = pipe.read(&mut buf) {
        if n == 0 {
            break;
        }
        if let Ok(mut text) = sink.lock() {
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
}

/// The `url` of the server's `{"url": "..."}` line.
fn parse_url_line(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let url = value.get("url")?.as_str()?;
    url.starts_with("http://127.0.0.1:")
        .then(|| url.to_string())
}
