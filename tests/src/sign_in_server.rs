//! A GraphQL server with Red Flag Alert's sign-in flow: `tests/servers/sign-in-server.mjs`
//! (graphql-js over `schema/redflagalert/schema.graphql`) run as a child process on 127.0.0.1
//! (see [`crate::node`]). It issues expiring JWT access tokens from `signIn` / `signInRefresh`,
//! answers `401` to expired or unknown ones, and has a clock tests can move forward.

use std::path::Path;

use crate::node::NodeServer;

/// The user the server knows.
pub const USER_NAME: &str = "analyst@example.com";
/// That user's password.
pub const PASSWORD: &str = "correct horse";

/// How many requests of each kind the server answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInCounts {
    pub sign_in: u64,
    pub sign_in_refresh: u64,
    /// Requests with a valid token.
    pub authenticated: u64,
    /// Requests answered `401`.
    pub unauthorized: u64,
}

/// A running `sign-in-server.mjs`, killed when dropped.
pub struct SignInServer {
    server: NodeServer,
}

impl SignInServer {
    /// Starts a server whose access tokens are valid `ttl_seconds`.
    pub fn start(ttl_seconds: u64) -> Result<SignInServer, String> {
        let schema =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/redflagalert/schema.graphql");
        let schema = std::path::absolute(&schema)
            .map_err(|e| format!("cannot make {} absolute: {e}", schema.display()))?;
        let server = NodeServer::start(
            "sign-in-server.mjs",
            "graphql",
            &[
                schema.into_os_string(),
                "--ttl".into(),
                ttl_seconds.to_string().into(),
            ],
        )?;
        Ok(SignInServer { server })
    }

    /// `http://127.0.0.1:PORT/graphql`.
    pub fn url(&self) -> &str {
        self.server.url()
    }

    pub fn stderr(&self) -> String {
        self.server.stderr()
    }

    /// Moves the server's clock `seconds` forward (tokens expire without the test sleeping).
    pub fn advance(&self, seconds: u64) -> Result<(), String> {
        self.server
            .post(
                &format!("/__advance?seconds={seconds}"),
                "application/json",
                String::new(),
            )
            .map(|_| ())
    }

    /// Forgets every refresh token: the next refresh is refused.
    pub fn revoke_refresh_tokens(&self) -> Result<(), String> {
        self.server
            .post("/__revoke-refresh", "application/json", String::new())
            .map(|_| ())
    }

    pub fn counts(&self) -> Result<SignInCounts, String> {
        let counts = self.server.get_json("/__requests")?;
        let get = |key: &str| {
            counts
                .get(key)
                .and_then(serde_json::Value::as_u64)
                .ok_or_else(|| format!("no {key} in {counts}"))
        };
        Ok(SignInCounts {
            sign_in: get("signIn")?,
            sign_in_refresh: get("signInRefresh")?,
            authenticated: get("authenticated")?,
            unauthorized: get("unauthorized")?,
        })
    }
}
