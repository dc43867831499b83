//! No secret reaches `Debug`, `Display`, an error or a log line: every public type that can hold
//! one is formatted, every error a server can provoke is formatted, and every span and event
//! recorded while the client works is searched for the secrets.
//!
//! A test binary of its own, whose log capture is the global subscriber: tracing caches each
//! callsite's interest process-wide, so a capture set for one thread (`set_default`) could
//! miss spans whose callsites another test's thread registered first, with no subscriber.

// Shared with the `runtime` binary, which uses all of it.
#[allow(dead_code)]
#[path = "runtime/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "runtime/server.rs"]
mod server;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use gqlforge::auth::{ClientCredentials, CredentialPlacement, SignIn, StaticToken, Token};
use gqlforge::Client;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use fixtures::NoVariables as V;
use fixtures::{builder, Viewer};
use server::{Recorded, Reply, TestServer};

const SECRETS: [&str; 5] = [
    "CLIENT-SECRET-1",
    "ACCESS-TOKEN-2",
    "PASSWORD-3",
    "REFRESH-TOKEN-4",
    "HEADER-VALUE-5",
];

/// Records every span's and event's fields as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut log = self.0.lock().unwrap();
        let _ = write!(log, "\nspan {}", span.metadata().name());
        span.record(&mut Fields(&mut log));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut log = self.0.lock().unwrap();
        let _ = write!(log, "\nevent {}", event.metadata().target());
        event.record(&mut Fields(&mut log));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

/// A server that echoes every secret it is sent back in its bodies, on every path.
fn echoing_server() -> TestServer {
    TestServer::start(|request: Recorded| async move {
        let echo = format!("{} {:?}", request.body, request.headers);
        match request.path.as_str() {
            "/token-ok" => Reply::json(
                200,
                json!({"access_token": "ACCESS-TOKEN-2", "token_type": "Bearer", "expires_in": 3600}),
            ),
            "/token-bad" => Reply::json(
                401,
                json!({"error": "invalid_client", "error_description": echo}),
            ),
            "/token-weird" => Reply::json(
                200,
                json!({"access_token": "ACCESS-TOKEN-2", "token_type": "DPoP", "echo": echo}),
            ),
            "/token-garbage" => Reply::new(200, format!("<html>{echo}")),
            "/unauthorized" => Reply::new(401, echo),
            "/garbage" => Reply::new(200, format!("<html>{echo}")),
            "/errors" => Reply::json(200, json!({"errors": [{"message": echo}]})),
            "/signin" => {
                if request.json()["operationName"] == "SignIn" {
                    Reply::json(200, json!({"errors": [{"message": echo}]}))
                } else {
                    Reply::new(500, echo)
                }
            }
            _ => Reply::new(404, echo),
        }
    })
}

#[test]
fn public_types_holding_secrets_do_not_show_them() {
    let credentials = ClientCredentials::new("https://idp/token", "id", "CLIENT-SECRET-1")
        .placement(CredentialPlacement::BasicAuth);
    let sign_in = SignIn::new("user", "PASSWORD-3");
    let token = Token::new("ACCESS-TOKEN-2").with_refresh_token("REFRESH-TOKEN-4");
    let builder = Client::builder("https://api/graphql")
        .header("x-api-key", "HEADER-VALUE-5")
        .bearer_token("ACCESS-TOKEN-2");
    assert_no_secret("ClientCredentials", &format!("{credentials:?}"));
    assert_no_secret("SignIn", &format!("{sign_in:?}"));
    assert_no_secret(
        "StaticToken",
        &format!("{:?}", StaticToken::new("ACCESS-TOKEN-2")),
    );
    assert_no_secret("Token", &format!("{token:?}"));
    assert_no_secret("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_secret("Client", &format!("{client:?} {:?}", client.clone()));
}

#[tokio::test]
async fn errors_and_logs_never_show_secrets_even_when_servers_echo_them() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone())
        .expect("the only test here that sets a subscriber");
    let server = echoing_server();
    let mut texts = Vec::new();

    let with_source = |path: &str, source: ClientCredentials| {
        builder(&server)
            .token_source(source.scope("GQL"))
            .header("x-api-key", "HEADER-VALUE-5")
            .build()
            .map(|c| (c, path.to_string()))
            .unwrap()
    };
    for token_path in ["/token-bad", "/token-weird", "/token-garbage"] {
        for placement in [CredentialPlacement::Body, CredentialPlacement::BasicAuth] {
            let (client, _) = with_source(
                token_path,
                ClientCredentials::new(server.url(token_path), "id", "CLIENT-SECRET-1")
                    .placement(placement),
            );
            let error = client.execute::<Viewer>(V {}).await.unwrap_err();
            texts.push(format!("{token_path}: {error} / {error:?}"));
        }
    }
    for api_path in ["/unauthorized", "/garbage", "/errors", "/missing"] {
        let client = Client::builder(server.url(api_path))
            .token_source(ClientCredentials::new(
                server.url("/token-ok"),
                "id",
                "CLIENT-SECRET-1",
            ))
            .header("x-api-key", "HEADER-VALUE-5")
            .build()
            .unwrap();
        let error = client.execute::<Viewer>(V {}).await.unwrap_err();
        texts.push(format!("{api_path}: {error} / {error:?}"));
        let full = client.execute_full::<Viewer>(V {}).await;
        texts.push(format!("{api_path}: {full:?}"));
    }
    let client = Client::builder(server.url("/signin"))
        .token_source(SignIn::new("user", "PASSWORD-3"))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    texts.push(format!("/signin: {error} / {error:?}"));

    // The servers really did receive (and echo) the secrets: the test can see a leak.
    let echoed: String = server
        .requests("/garbage")
        .iter()
        .map(|r| format!("{:?}", r.headers))
        .collect();
    assert!(echoed.contains("ACCESS-TOKEN-2") && echoed.contains("HEADER-VALUE-5"));
    assert!(server.requests("/signin")[0].body.contains("PASSWORD-3"));
    assert!(server.requests("/token-bad")[0]
        .body
        .contains("CLIENT-SECRET-1"));

    for text in &texts {
        assert_no_secret("an error", text);
    }
    let log = capture.0.lock().unwrap().clone();
    assert!(log.contains("span gqlforge.request"), "{log}");
    assert!(log.contains("operation=\"Viewer\""), "{log}");
    assert!(log.contains("status=401"), "{log}");
    assert!(log.contains("span gqlforge.token"), "{log}");
    assert_no_secret("the log", &log);
}
