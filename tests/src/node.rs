//! A Node.js test server run as a child process: started with a script of `tests/servers` on
//! 127.0.0.1 (port 0: a free one), it prints one line `{"url": "http://127.0.0.1:PORT..."}` when
//! listening. Killed when dropped, and gone on its own when the test process dies (each script
//! exits when its stdin closes). Used by [`crate::oidc`] and [`crate::sign_in_server`].

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::servers::servers_dir;

/// How long a server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running Node.js server.
pub struct NodeServer {
    child: Child,
    /// Held open: the server exits when its stdin closes.
    stdin: Option<ChildStdin>,
    url: String,
    stderr: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

impl NodeServer {
    /// Runs `node SCRIPT ARGS... --port 0` in `tests/servers` and waits for its URL line.
    /// `package` is an npm package the script needs (checked to give a helpful error).
    pub fn start(script: &str, package: &str, args: &[OsString]) -> Result<NodeServer, String> {
        let dir = servers_dir();
        if !dir.join("node_modules").join(package).is_dir() {
            return Err(format!(
                "the npm package {package} is not installed in {}\n  hint: run `cargo xtask test`, or `npm ci` there",
                dir.display()
            ));
        }
        let script_path = dir.join(script);
        let script_path = std::path::absolute(&script_path)
            .map_err(|e| format!("cannot make {} absolute: {e}", script_path.display()))?;
        let mut child = Command::new("node")
            .arg(script_path)
            .args(args)
            .args(["--port", "0"])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run node: {e}\n  hint: install Node.js 20 or newer"))?;
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let sink = Arc::clone(&stderr);
            thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut text) = sink.lock() {
                        text.push_str(&String::from_utf8_lossy(&buf[..n]));
                    }
                }
            });
        }
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
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let mut server = NodeServer {
            child,
            stdin,
            url: String::new(),
            stderr,
            agent,
        };
        let line = match line_rx.recv_timeout(START_TIMEOUT) {
            Ok(line) => line,
            Err(e) => {
                server.stop();
                // Give the stderr reader a moment to store the tail of a crash.
                let _ = server.child.wait();
                return Err(format!("{script} did not start ({e})\n{}", server.stderr()));
            }
        };
        let url = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| v.get("url")?.as_str().map(str::to_string))
            .filter(|url| url.starts_with("http://127.0.0.1:"));
        server.url = url.ok_or_else(|| {
            format!("{script} printed {line:?}, expected {{\"url\":\"http://127.0.0.1:PORT...\"}}")
        })?;
        Ok(server)
    }

    /// The URL the server printed.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `http://127.0.0.1:PORT` (the URL without its path).
    pub fn origin(&self) -> &str {
        let after_scheme = "http://".len();
        match self.url[after_scheme..].find('/') {
            Some(i) => &self.url[..after_scheme + i],
            None => &self.url,
        }
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// `GET origin + path` as JSON.
    pub fn get_json(&self, path: &str) -> Result<serde_json::Value, String> {
        let url = format!("{}{path}", self.origin());
        let text = self
            .agent
            .get(&url)
            .call()
            .and_then(|mut r| r.body_mut().read_to_string())
            .map_err(|e| format!("GET {url}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("GET {url}: {e}: {text}"))
    }

    /// `POST origin + path` with `body` of `content_type`, the answer as JSON.
    pub fn post(
        &self,
        path: &str,
        content_type: &str,
        body: String,
    ) -> Result<serde_json::Value, String> {
        let url = format!("{}{path}", self.origin());
        let text = self
            .agent
            .post(&url)
            .header("content-type", content_type)
            .send(body)
            .and_then(|mut r| r.body_mut().read_to_string())
            .map_err(|e| format!("POST {url}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("POST {url}: {e}: {text}"))
    }

    fn stop(&mut self) {
        self.stdin = None;
        // Kill fails only when the child has already exited; wait reaps it either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for NodeServer {
    fn drop(&mut self) {
        self.stop();
    }
}
