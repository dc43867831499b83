//! What the `runtime` and `limits` test binaries share: a `Viewer` operation, its reply, a
//! client builder without timers, and a token counter.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gqlforge::{Client, ClientBuilder, Operation, OperationKind};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::server::{Reply, TestServer};

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
