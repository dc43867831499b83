//! A real OpenID Connect provider for tests: `tests/servers/oidc-provider.mjs` (oidc-provider 9)
//! run as a child process on 127.0.0.1 on a free port, with two client-credentials clients (see
//! [`POST_CLIENT`], [`BASIC_CLIENT`]). Stopped when the [`OidcProvider`] is dropped, and on its
//! own when the test process dies (it exits when its stdin closes).

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::servers::servers_dir;

/// How long the provider may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A client registered at the provider: id, secret, and how it authenticates.
#[derive(Clone, Copy, Debug)]
pub struct OidcClient {
    pub id: &'static str,
    pub secret: &'static str,
    /// `client_secret_post` or `client_secret_basic`.
    pub auth_method: &'static str,
}

/// Credentials in the form body; id and secret need form-urlencoding.
pub const POST_CLIENT: OidcClient = OidcClient {
    id: "gqlforge post",
    secret: "post secret+/=&%:~",
    auth_method: "client_secret_post",
};

/// Credentials in an HTTP Basic header; id and secret need form-urlencoding.
pub const BASIC_CLIENT: OidcClient = OidcClient {
    id: "gqlforge basic:+&",
    secret: "basic secret+/=&%:~",
    auth_method: "client_secret_basic",
};

/// A running `oidc-provider.mjs`, killed when dropped.
pub struct OidcProvider {
    child: Child,
    /// Held open: the provider exits when its stdin closes.
    stdin: Option<ChildStdin>,
    issuer: String,
    stderr: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

impl OidcProvider {
    /// Starts the provider on a free port and waits until it listens.
    pub fn start() -> Result<OidcProvider, String> {
        let dir = servers_dir();
        let script = dir.join("oidc-provider.mjs");
        if !dir.join("node_modules").join("oidc-provider").is_dir() {
            return Err(format!(
                "oidc-provider is not installed in {}\n  hint: run `cargo xtask test`, or `npm ci` there",
                dir.display()
            ));
        }
        let script = std::path::absolute(&script)
            .map_err(|e| format!("cannot make {} absolute: {e}", script.display()))?;
        let mut child = Command::new("node")
            .arg(script)
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
                    let _ = line_tx.send(line);
                }
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
        let mut provider = OidcProvider {
            child,
            stdin,
            issuer: String::new(),
            stderr,
            agent,
        };
        let line = line_rx.recv_timeout(START_TIMEOUT).map_err(|e| {
            provider.stop();
            format!(
                "the OIDC provider did not start ({e})\n{}",
                provider.stderr()
            )
        })?;
        let url = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| v.get("url")?.as_str().map(str::to_string))
            .filter(|url| url.starts_with("http://127.0.0.1:"));
        provider.issuer = url.ok_or_else(|| {
            format!(
                "the OIDC provider printed {line:?}, expected {{\"url\":\"http://127.0.0.1:PORT\"}}"
            )
        })?;
        Ok(provider)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}/token", self.issuer)
    }

    /// What the provider wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// How many requests `METHOD /path` (e.g. `POST /token`) the provider received so far.
    pub fn requests(&self, method_and_path: &str) -> Result<u64, String> {
        let url = format!("{}/__requests", self.issuer);
        let text = self
            .agent
            .get(&url)
            .call()
            .and_then(|mut r| r.body_mut().read_to_string())
            .map_err(|e| format!("GET {url}: {e}"))?;
        let counts: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("GET {url}: {e}: {text}"))?;
        Ok(counts
            .get(method_and_path)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    }

    /// The provider's introspection of `token` (RFC 7662), asked as `client` (form body).
    pub fn introspect(&self, token: &str, client: OidcClient) -> Result<serde_json::Value, String> {
        let url = format!("{}/token/introspection", self.issuer);
        let body = form(&[
            ("token", token),
            ("client_id", client.id),
            ("client_secret", client.secret),
        ]);
        let text = self
            .agent
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .send(body)
            .and_then(|mut r| r.body_mut().read_to_string())
            .map_err(|e| format!("POST {url}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("POST {url}: {e}: {text}"))
    }

    fn stop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An `application/x-www-form-urlencoded` body, written independently of gqlforge's encoder.
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
