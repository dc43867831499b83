//! The client against in-process servers: token sources, the token lifecycle, HTTP status and
//! body handling, and secrets. One test binary (modules below) to keep linking cheap.
//!
//! Tests that depend on time run on tokio's paused clock (`start_paused`): the servers run on
//! their own threads in real time, and the clients are built without timers of their own
//! (`without_timeout`, `pool_idle_timeout(None)`) so the paused clock moves only when a test
//! advances it or every task waits on a timer.

mod client_credentials;
mod custom_source;
mod errors;
mod secrets;
mod server;
mod sign_in;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gqlforge::{Client, ClientBuilder, Operation, OperationKind};
use serde::{Deserialize, Serialize};
use serde_json::json;

use server::{Recorded, Reply, TestServer};

/// `query Viewer { viewer { login } }`
pub struct Viewer;

#[derive(Debug, Deserialize, PartialEq)]
pub struct ViewerData {
    pub viewer: Login,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Login {
    pub login: String,
}

#[derive(Serialize)]
pub struct NoVariables {}

impl Operation for Viewer {
    const NAME: &'static str = "Viewer";
    const OPERATION_NAME: Option<&'static str> = Some("Viewer");
    const KIND: OperationKind = OperationKind::Query;
    const QUERY: &'static str = "query Viewer {\n  viewer {\n    login\n  }\n}";
    type Variables = NoVariables;
    type Data = ViewerData;
}

/// The data every successful `Viewer` gets in these tests.
pub fn viewer_data() -> ViewerData {
    ViewerData {
        viewer: Login {
            login: "octocat".into(),
        },
    }
}

pub fn viewer_reply() -> Reply {
    Reply::json(200, json!({"data": {"viewer": {"login": "octocat"}}}))
}

/// A builder for `server`'s `/graphql`, without timers (see the module docs).
pub fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder(server.url("/graphql"))
        .without_timeout()
        .pool_idle_timeout(None)
}

/// Counts token requests and hands out `t1`, `t2`, ... valid `expires_in` seconds.
#[derive(Clone, Default)]
pub struct TokenCounter(Arc<AtomicUsize>);

impl TokenCounter {
    pub fn next(&self) -> String {
        format!("t{}", self.0.fetch_add(1, Ordering::SeqCst) + 1)
    }

    pub fn reply(&self, expires_in: u64) -> Reply {
        Reply::json(
            200,
            json!({"access_token": self.next(), "expires_in": expires_in, "token_type": "Bearer"}),
        )
    }
}

/// A server with `/token` issuing `t1`, `t2`, ... (valid `expires_in` s) and `/graphql`
/// answering `Viewer` to any bearer token `accept` accepts, else 401.
pub fn token_and_api(
    expires_in: u64,
    accept: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> TestServer {
    let tokens = TokenCounter::default();
    let accept = Arc::new(accept);
    TestServer::start(move |request: Recorded| {
        let tokens = tokens.clone();
        let accept = Arc::clone(&accept);
        async move {
            match request.path.as_str() {
                "/token" => tokens.reply(expires_in),
                "/graphql" => match request.bearer() {
                    Some(token) if accept(&token) => viewer_reply(),
                    _ => Reply::json(401, json!({"errors": [{"message": "invalid token"}]})),
                },
                _ => Reply::new(404, "not found"),
            }
        }
    })
}

/// The bearer tokens `/graphql` received, in order.
pub fn bearers(server: &TestServer) -> Vec<Option<String>> {
    server
        .requests("/graphql")
        .iter()
        .map(Recorded::bearer)
        .collect()
}
