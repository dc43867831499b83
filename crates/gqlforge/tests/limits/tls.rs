//! TLS certificates are verified: a server whose certificate no trusted authority signed is
//! refused during the handshake, so neither the request nor the token reaches it.
//!
//! In the `limits` binary: it runs in real time, on several threads.
//!
//! The server is `openssl s_server` with a self-signed certificate made for the test. Were
//! verification off, the handshake would succeed and its `-www` status page (HTML) would come
//! back as a decode error instead of the transport error asserted here.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gqlforge::{Client, Error};

use crate::{NoVariables, Viewer};

/// `openssl s_server` on 127.0.0.1, killed on drop.
struct TlsServer {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl TlsServer {
    fn start() -> TlsServer {
        let dir = std::env::temp_dir().join(format!("gqlforge-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let made = Command::new("openssl")
            .current_dir(&dir)
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args([
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .args(["-keyout", "key.pem", "-out", "cert.pem"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl is installed (Debian's openssl package)");
        assert!(made.success(), "openssl made no certificate");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("openssl")
            .current_dir(&dir)
            .args([
                "s_server", "-quiet", "-www", "-cert", "cert.pem", "-key", "key.pem",
            ])
            .args(["-accept", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server starts");
        let server = TlsServer { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "openssl s_server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn a_certificate_no_authority_signed_is_refused() {
    let server = TlsServer::start();
    let client = Client::builder(format!("https://127.0.0.1:{}/graphql", server.port))
        .bearer_token("the-secret-token")
        .timeout(Duration::from_secs(10))
        .build()
        .expect("the client builds");
    let error = client
        .execute::<Viewer>(NoVariables {})
        .await
        .expect_err("an untrusted certificate is refused");
    match &error {
        Error::Transport(transport) => assert!(
            transport.message().to_lowercase().contains("certificate"),
            "the handshake fails on the certificate: {transport}"
        ),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(!error.to_string().contains("the-secret-token"));
}
