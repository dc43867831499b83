//! One call against a fresh fault server, with the checks every call of the suite gets.

use std::time::Duration;

use gqlforge::limit::Limits;
use gqlforge::{Client, ClientBuilder};

use crate::server::{Arrival, Fault, FaultServer};
use crate::{bounded, call, outcome, Kind};

/// The in-flight cap of the clients of these tests.
pub const CAP: usize = 2;

/// Attempts the default retry policy allows one call at most: 4 (backoff) + 3 (after `429`s).
pub const MOST_ATTEMPTS: usize = 7;

/// A client of `url` with a cap of [`CAP`] requests in flight, `Rename` marked idempotent,
/// the default retry policy and timeout (30 s), and responses capped at 64 KiB.
pub fn client_of(url: &str, limits: &Limits) -> ClientBuilder {
    Client::builder(url)
        .idempotent("Rename")
        .limits(limits.clone())
        .max_response_bytes(64 * 1024)
}

pub fn limits() -> Limits {
    Limits::builder().max_in_flight(CAP).build().unwrap()
}

/// Waits until every permit of `limits` is back (an abandoned request may still hold one
/// for a while); fails the test if they do not come back within [`HANG`].
pub async fn all_permits_back(limits: &Limits) {
    bounded("the permits coming back", async {
        while limits.available_slots() != Some(CAP) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
}

/// Checks what must hold after any run against `server`: the cap held at the server, no
/// body sent more often than the policy allows, and a mutation not marked idempotent
/// applied at most once.
pub fn check_server(server: &FaultServer, what: &str) {
    let most = server.most_working();
    assert!(
        most <= CAP,
        "{what}: the server worked on {most} requests at once"
    );
    for (body, arrivals, applied) in server.per_body() {
        assert!(
            arrivals <= MOST_ATTEMPTS,
            "{what}: {arrivals} arrivals of {body}"
        );
        if body.contains("\"Charge\"") {
            assert!(
                applied <= 1,
                "{what}: the mutation {body} was applied {applied} times"
            );
        }
    }
}

/// One call of `kind` against a server answering as `script` says, with `configure`d client:
/// its outcome and how many times its request arrived. Checks that it ends within [`HANG`],
/// the invariants of [`check_server`], and that every permit comes back.
pub async fn one_call(
    kind: Kind,
    script: fn(&Arrival) -> Fault,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> (String, usize) {
    let server = FaultServer::start(script).await;
    let limits = limits();
    let client = configure(client_of(&server.url("/graphql"), &limits).bearer_token("tok"))
        .build()
        .unwrap();
    let result = bounded(&format!("{kind:?}"), call(&client, kind, 1)).await;
    all_permits_back(&limits).await;
    check_server(&server, &format!("{kind:?}"));
    (outcome(&result), server.count("/graphql"))
}
