//! The client against in-process servers: token sources, the token lifecycle, HTTP status and
//! body handling. One test binary (modules below) to keep linking cheap; the secrets test
//! (`tests/secrets.rs`) has its own, for its global log capture.
//!
//! Tests that depend on time run on tokio's paused clock (`start_paused`): the servers run on
//! their own threads in real time, and the clients are built without timers of their own
//! (`without_timeout`, `pool_idle_timeout(None)`) so the paused clock moves only when a test
//! advances it or every task waits on a timer.

mod bodies;
mod client_credentials;
mod custom_source;
mod errors;
mod fixtures;
mod server;
mod sign_in;

use std::sync::Arc;

use serde_json::json;

pub use fixtures::*;
use server::{Recorded, Reply, TestServer};

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
