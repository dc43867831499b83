//! A real `redis-server` for the tests: started on a free 127.0.0.1 port with a temporary
//! directory, without persistence unless asked for ([`Persistence::Aof`]), killed (and its
//! directory removed) on drop.
//!
//! Skipped only where it cannot be had: when `redis-server` is not installed and `CI` is not
//! set, [`RedisServer::start`] prints why and returns `None`. Under CI (where `.ci/run`
//! installs it) a missing `redis-server` fails the test.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
    persistence: Persistence,
}

/// What a server keeps across a restart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Nothing: a restart starts empty.
    None,
    /// An append-only file synced after every write (`appendfsync always`): a restart,
    /// even after SIGKILL, loads every write it acknowledged.
    Aof,
}

impl RedisServer {
    /// A running server, or `None` (with a message) when the test must be skipped.
    pub fn start(test: &str) -> Option<RedisServer> {
        RedisServer::start_with(test, Persistence::None)
    }

    /// [`RedisServer::start`], keeping what `persistence` says across a restart.
    pub fn start_with(test: &str, persistence: Persistence) -> Option<RedisServer> {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
            if ci {
                panic!(
                    "{test}: redis-server is not installed, and CI is set: the Redis tests \
                     must run (hint: `apt-get install redis-server`, as .ci/run does)"
                );
            }
            // Straight to stderr, past the test harness's capture: a skip must be seen.
            let _ = writeln!(
                std::io::stderr(),
                "{test}: SKIPPED: redis-server is not installed (hint: `apt-get install \
                 redis-server`; under CI=true this is a failure)"
            );
            return None;
        }
        // A port taken between releasing it and the server binding it: try again.
        let mut last_error = String::new();
        for _ in 0..5 {
            match RedisServer::try_start(persistence) {
                Ok(server) => return Some(server),
                Err(e) => last_error = e,
            }
        }
        panic!("{test}: cannot start redis-server: {last_error}");
    }

    fn try_start(persistence: Persistence) -> Result<RedisServer, String> {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
            listener.local_addr().map_err(|e| e.to_string())?.port()
        };
        RedisServer::start_on(port, persistence)
    }

    /// Starts a stopped server again on its port: empty, or with what its append-only file
    /// holds ([`Persistence::Aof`]).
    pub fn restart(&mut self) {
        self.stop();
        match RedisServer::start_on(self.port, self.persistence) {
            Ok(mut server) => {
                self.child = server.child.take();
            }
            Err(e) => panic!("cannot restart redis-server: {e}"),
        }
    }

    fn start_on(port: u16, persistence: Persistence) -> Result<RedisServer, String> {
        let dir =
            std::env::temp_dir().join(format!("gqlforge-redis-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let aof: &[&str] = match persistence {
            Persistence::None => &["--appendonly", "no"],
            Persistence::Aof => &["--appendonly", "yes", "--appendfsync", "always"],
        };
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(aof)
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run redis-server: {e}"))?;
        let mut server = RedisServer {
            child: Some(child),
            port,
            dir,
            persistence,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if server.ping() {
                return Ok(server);
            }
            if let Some(child) = &mut server.child {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("redis-server on port {port} exited: {status}"));
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!(
            "redis-server on port {port} did not answer PING within 10 s"
        ))
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// A plain synchronous connection for the test's own look-ups.
    pub fn client(&self) -> redis::Client {
        redis::Client::open(self.url()).expect("the test server's URL is valid")
    }

    /// Kills the server (SIGKILL: as a crash or a network cut looks to the clients).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn ping(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
        if stream.write_all(b"PING\r\n").is_err() {
            return false;
        }
        let mut answer = [0u8; 7];
        stream.read_exact(&mut answer).is_ok() && &answer == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
