//! A stand-in for the Cleverbridge or Red Flag Alert API: `tests/servers/api-server.mjs` (mock
//! data over the API's schema, plus `401` / `402` / `404` / `429` as the API answers them) run
//! as a child process on 127.0.0.1 (see [`crate::node`]). Cleverbridge's checks its tokens at
//! a real OpenID provider ([`OidcProvider`]) by introspection; Red Flag Alert's issues them
//! itself with `signIn` / `signInRefresh` (users as in [`crate::sign_in_server`]).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::node::NodeServer;
use crate::oidc::{OidcProvider, POST_CLIENT};

/// Ids from here on do not exist (`404`); ids ≤ 0 are invalid parameters (`402`).
pub const UNKNOWN_ID_FROM: i32 = 100_000_000;

/// The most requests answered per second, and the `Retry-After` of the `429` over it.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub per_second: u32,
    pub retry_after_secs: u32,
}

impl Budget {
    /// Cleverbridge's: 150 requests per second, then blocked for 60 s.
    pub const CLEVERBRIDGE: Budget = Budget {
        per_second: 150,
        retry_after_secs: 60,
    };
}

/// What the server answered so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiCounts {
    /// Responses to `POST /graphql` by HTTP status.
    pub status: BTreeMap<u16, u64>,
    /// Tokens sent to the provider's introspection endpoint (answers are cached).
    pub introspections: u64,
    pub sign_in: u64,
    pub sign_in_refresh: u64,
}

impl ApiCounts {
    /// Responses with `status`.
    pub fn status(&self, status: u16) -> u64 {
        self.status.get(&status).copied().unwrap_or(0)
    }
}

/// A running `api-server.mjs`, killed when dropped.
pub struct ApiServer {
    server: NodeServer,
}

/// `schema/<api>/schema.graphql`, absolute.
pub fn schema_path(api: &str) -> Result<PathBuf, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schema")
        .join(api)
        .join("schema.graphql");
    std::path::absolute(&path).map_err(|e| format!("cannot make {} absolute: {e}", path.display()))
}

impl ApiServer {
    /// Cleverbridge's API: tokens checked by `provider`'s introspection endpoint (asked as
    /// [`POST_CLIENT`]), `cart` public.
    pub fn cleverbridge(provider: &OidcProvider, budget: Budget) -> Result<ApiServer, String> {
        let introspection = format!("{}/token/introspection", provider.issuer());
        ApiServer::start(
            "cleverbridge",
            &[
                "--auth",
                "introspection",
                "--introspection-url",
                &introspection,
                "--client-id",
                POST_CLIENT.id,
                "--client-secret",
                POST_CLIENT.secret,
                "--public",
                "cart",
            ],
            budget,
        )
    }

    /// Red Flag Alert's API: tokens from its own `signIn` (valid `ttl_secs`).
    pub fn redflagalert(ttl_secs: u64, budget: Budget) -> Result<ApiServer, String> {
        ApiServer::start(
            "redflagalert",
            &["--auth", "sign-in", "--ttl", &ttl_secs.to_string()],
            budget,
        )
    }

    fn start(api: &str, args: &[&str], budget: Budget) -> Result<ApiServer, String> {
        let mut all: Vec<OsString> = vec![schema_path(api)?.into_os_string()];
        all.extend(args.iter().map(OsString::from));
        all.extend([
            "--rate".into(),
            budget.per_second.to_string().into(),
            "--retry-after".into(),
            budget.retry_after_secs.to_string().into(),
        ]);
        let server = NodeServer::start("api-server.mjs", "@graphql-tools/mock", &all)?;
        Ok(ApiServer { server })
    }

    /// `http://127.0.0.1:PORT/graphql`.
    pub fn url(&self) -> &str {
        self.server.url()
    }

    pub fn stderr(&self) -> String {
        self.server.stderr()
    }

    pub fn counts(&self) -> Result<ApiCounts, String> {
        let json = self.server.get_json("/__requests")?;
        let number = |key: &str| json.get(key).and_then(serde_json::Value::as_u64);
        let mut counts = ApiCounts {
            status: BTreeMap::new(),
            introspections: number("introspections").unwrap_or(0),
            sign_in: number("signIn").unwrap_or(0),
            sign_in_refresh: number("signInRefresh").unwrap_or(0),
        };
        if let Some(statuses) = json.get("status").and_then(serde_json::Value::as_object) {
            for (status, n) in statuses {
                let status = status
                    .parse()
                    .map_err(|_| format!("status {status:?} in {json}"))?;
                counts.status.insert(status, n.as_u64().unwrap_or(0));
            }
        }
        Ok(counts)
    }

    /// Every token the server accepted so far is expired from now on.
    pub fn expire_tokens(&self) -> Result<(), String> {
        self.server
            .post("/__expire-tokens", "application/json", String::new())
            .map(|_| ())
    }
}
