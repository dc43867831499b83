//! The client's limits and retries on the wire (issue 6), against in-process servers that
//! record each request's arrival and how many requests they serve at once. A test binary of
//! its own: its tests measure real time, and run one at a time (`serial`), away from the
//! `runtime` binary's log-capturing tests.

// Shared with the `runtime` binary, which uses all of it.
#[allow(dead_code)]
#[path = "../runtime/server.rs"]
mod server;
mod wire;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gqlforge::{Client, ClientBuilder, Operation, OperationKind};
use serde::{Deserialize, Serialize};
use serde_json::json;

use server::{Reply, TestServer};

/// Held by every test: each measures real time on a machine of 2 cores.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    SERIAL.lock().await
}

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
