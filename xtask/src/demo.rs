//! `cargo xtask demo`: the Cleverbridge SDK end to end on this machine. Starts a real OpenID
//! provider and the stand-in Cleverbridge API (`tests/servers`, through the test harness of
//! `gqlforge-tests`), runs `crates/cleverbridge/examples/cleverbridge.rs` against them, prints
//! what the servers saw, and stops them.
//!
//! The API's budget is the developer portal's 30 requests/s and its `Retry-After` 1 s (the real
//! API says 60 s; a demo should not wait a minute), while the example's client keeps the SDK's
//! 150/s: its burst of 80 requests, sent within two seconds of the server's, meets the limit,
//! and the client's shared cool-down carries every request through.
//!
//! Exit status: 0 when the example succeeded, 1 when it failed, 2 when the servers or the
//! build could not be set up.

use std::process::ExitCode;

use gqlforge_tests::api_server::{ApiServer, Budget};
use gqlforge_tests::oidc::{OidcProvider, POST_CLIENT};

/// The demo API's budget (the developer portal's figure, blocked 1 s over it).
const BUDGET: Budget = Budget {
    per_second: 30,
    retry_after_secs: 1,
};

/// How many requests the example's burst sends: more than two seconds of the budget, so a
/// `429` comes whatever the burst's alignment with the server's seconds.
const BURST: u32 = 80;

pub(crate) fn run() -> ExitCode {
    match demo() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Whether the example succeeded; `Err` when the demo could not be set up.
fn demo() -> Result<bool, String> {
    crate::install_test_servers(&crate::workspace_root())?;
    // Built before the servers start, so that they run only as long as the example.
    let example = ["-p", "cleverbridge", "--example", "cleverbridge"];
    let built = crate::cargo()
        .args(["build", "--quiet"])
        .args(example)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err(
            "the example crates/cleverbridge/examples/cleverbridge.rs did not build".into(),
        );
    }

    let provider = OidcProvider::start()?;
    let api = ApiServer::cleverbridge(&provider, BUDGET)?;
    println!("== servers (127.0.0.1, stopped when the demo ends)");
    println!(
        "  oidc-provider  {}  (OpenID provider; client credentials, scope GQL)",
        provider.issuer()
    );
    println!(
        "  api-server     {}  (schema/cleverbridge/schema.graphql with mock data; tokens checked by introspection; budget {} requests/s, Retry-After {} s)",
        api.url(),
        BUDGET.per_second,
        BUDGET.retry_after_secs
    );
    println!("== cargo run -p cleverbridge --example cleverbridge");

    let mut command = crate::cargo();
    command.args(["run", "--quiet"]).args(example);
    // Only what the demo sets: none of the caller's own CLEVERBRIDGE_* settings.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("CLEVERBRIDGE_") {
            command.env_remove(name);
        }
    }
    let status = command
        .env("CLEVERBRIDGE_ENDPOINT", api.url())
        .env("CLEVERBRIDGE_TOKEN_URL", provider.token_url())
        .env("CLEVERBRIDGE_CLIENT_ID", POST_CLIENT.id)
        .env("CLEVERBRIDGE_CLIENT_SECRET", POST_CLIENT.secret)
        .env("CLEVERBRIDGE_ALLOW_WRITES", "1")
        .env("CLEVERBRIDGE_BURST", BURST.to_string())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;

    println!("== what the servers saw");
    let counts = api.counts()?;
    let statuses: Vec<String> = counts
        .status
        .iter()
        .map(|(status, n)| format!("{status} x {n}"))
        .collect();
    println!("  api-server     {}", statuses.join(", "));
    println!(
        "  oidc-provider  {} token request(s), {} introspection(s)",
        provider.requests("POST /token")?,
        provider.requests("POST /token/introspection")?
    );
    if counts.status(429) == 0 {
        println!("  (the burst stayed within the server's budget this time: no 429)");
    }
    drop(api);
    drop(provider);
    println!("== servers stopped");
    if !status.success() {
        eprintln!("error: the example failed ({status})");
    }
    Ok(status.success())
}
