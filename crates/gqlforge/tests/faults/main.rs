//! Fault injection: the client against a server that misbehaves on purpose (statuses, garbage
//! bodies, resets, truncation, slow and stalled bodies, `429` storms, `401`s, a failing token
//! endpoint), for each kind of operation: a query, a mutation, and a mutation marked
//! idempotent. Every call must end `Ok` or with the typed error the table expects, none may
//! hang, a mutation not marked idempotent is never applied twice, retries stop at the policy's
//! count, the in-flight cap holds at the server and every permit comes back.
//!
//! Everything runs on one paused clock (`start_paused`): the fault server is spawned on the
//! test's runtime (its sleeps are the same virtual time as the client's timeouts, backoffs and
//! cool-downs), so a 30 s timeout or a 60 s `Retry-After` costs no wall time. A [`ticker`]
//! keeps a timer due every 100 ms: the paused clock jumps to the next timer whenever the
//! runtime is idle, and without a near one a jump while a response is on its way over the
//! loopback could reach a client's timeout. Each call is bounded by [`HANG`] of virtual time:
//! only a call that would never end reaches it.

mod calls;
mod concurrency;
mod http;
mod server;
mod tokens;

use std::future::Future;
use std::time::Duration;

use gqlforge::{AuthError, Error, LimitError, Operation, OperationKind};
use serde::{Deserialize, Serialize};

/// Longer than any call of these tests may legitimately take (4 attempts of a 30 s timeout, or
/// 3 cool-downs of 60 s): a call still running after this much virtual time hangs.
pub const HANG: Duration = Duration::from_secs(3600);

/// Keeps a timer due every 100 ms of virtual time (see the module docs).
pub fn ticker() {
    tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
}

/// `call`'s output; the test fails if it has not ended after [`HANG`] of virtual time.
pub async fn bounded<T>(what: &str, call: impl Future<Output = T>) -> T {
    match tokio::time::timeout(HANG, call).await {
        Ok(output) => output,
        Err(_) => panic!("{what}: still running after {HANG:?}: it hangs"),
    }
}

/// What every operation of these tests selects.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Done {
    pub done: bool,
}

/// The variables: a call number, so each call's body is unique and the server can count the
/// arrivals of each call.
#[derive(Clone, Copy, Serialize)]
pub struct Call {
    pub call: u64,
}

macro_rules! operation {
    ($name:ident, $kind:ident, $query:literal) => {
        pub struct $name;

        impl Operation for $name {
            const NAME: &'static str = stringify!($name);
            const OPERATION_NAME: Option<&'static str> = Some(stringify!($name));
            const KIND: OperationKind = OperationKind::$kind;
            const QUERY: &'static str = $query;
            type Variables = Call;
            type Data = Done;
        }
    };
}

operation!(Lookup, Query, "query Lookup($call: Int!) { done }");
operation!(
    Charge,
    Mutation,
    "mutation Charge($call: Int!) { done: charge(call: $call) }"
);
operation!(
    Rename,
    Mutation,
    "mutation Rename($call: Int!) { done: rename(call: $call) }"
);

/// The answer every operation gets when all goes well.
pub const DONE: &str = r#"{"data":{"done":true}}"#;

/// The three kinds of operation, as far as retries go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `Lookup`, a query: resent after any retryable failure.
    Query,
    /// `Charge`, a mutation not marked idempotent: never sent again once it may have been
    /// applied.
    Mutation,
    /// `Rename`, a mutation marked `idempotent("Rename")`: resent as a query is.
    Idempotent,
}

pub const KINDS: [Kind; 3] = [Kind::Query, Kind::Mutation, Kind::Idempotent];

/// One call of the operation of `kind`.
pub async fn call(client: &gqlforge::Client, kind: Kind, call: u64) -> Result<Done, Error> {
    let variables = Call { call };
    match kind {
        Kind::Query => client.execute::<Lookup>(variables).await,
        Kind::Mutation => client.execute::<Charge>(variables).await,
        Kind::Idempotent => client.execute::<Rename>(variables).await,
    }
}

/// An outcome's name, as the README's table gives it.
pub fn outcome(result: &Result<Done, Error>) -> String {
    let name = match result {
        Ok(done) => {
            assert!(done.done);
            "Ok"
        }
        Err(Error::BadRequest(_)) => "BadRequest",
        Err(Error::Unauthorized(_)) => "Unauthorized",
        Err(Error::InvalidParameters(_)) => "InvalidParameters",
        Err(Error::NotFound(_)) => "NotFound",
        Err(Error::RateLimited { retry_after }) => {
            return match retry_after {
                Some(wait) => format!("RateLimited({} s)", wait.as_secs()),
                None => "RateLimited(none)".to_string(),
            }
        }
        Err(Error::Limiter(LimitError::QuotaExhausted { .. })) => "QuotaExhausted",
        Err(Error::Limiter(_)) => "Limiter",
        Err(Error::Server(_)) => "Server",
        Err(Error::UnexpectedStatus(_)) => "UnexpectedStatus",
        Err(Error::GraphQL { .. }) => "GraphQL",
        Err(Error::Transport(_)) => "Transport",
        Err(Error::Timeout) => "Timeout",
        Err(Error::Decode { .. }) => "Decode",
        Err(Error::ResponseTooLarge { .. }) => "ResponseTooLarge",
        Err(Error::Auth(AuthError::CredentialsRejected { .. })) => "Auth(CredentialsRejected)",
        Err(Error::Auth(AuthError::Unavailable { .. })) => "Auth(Unavailable)",
        Err(Error::Auth(AuthError::InvalidResponse { .. })) => "Auth(InvalidResponse)",
        Err(Error::Auth(AuthError::UnexpectedStatus { .. })) => "Auth(UnexpectedStatus)",
        Err(Error::Auth(_)) => "Auth",
        Err(Error::Variables(_)) => "Variables",
        Err(other) => panic!("an error the table does not know: {other:?}"),
    };
    name.to_string()
}
