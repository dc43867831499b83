//! A real OpenID Connect provider for tests: `tests/servers/oidc-provider.mjs` (oidc-provider 9)
//! run as a child process on 127.0.0.1 on a free port (see [`crate::node`]), with two
//! client-credentials clients ([`POST_CLIENT`], [`BASIC_CLIENT`]).

use crate::node::NodeServer;

/// A client registered at the provider: id, secret, and how it authenticates.
#[derive(Clone, Copy, Debug)]
pub struct OidcClient {
    pub id: &'static str,
    pub secret: &'static str,
    /// `client_secret_post` or `client_secret_basic`.
    pub auth_method: &'static str,
}

/// Credentials in the form body; id and secret need form-urlencoding.
pub const POST_CLIENT: OidcClient = OidcClient {
    id: "gqlforge post",
    secret: "post secret+/=&%:~",
    auth_method: "client_secret_post",
};

/// Credentials in an HTTP Basic header; id and secret need form-urlencoding.
pub const BASIC_CLIENT: OidcClient = OidcClient {
    id: "gqlforge basic:+&",
    secret: "basic secret+/=&%:~",
    auth_method: "client_secret_basic",
};

/// A running `oidc-provider.mjs`, killed when dropped.
pub struct OidcProvider {
    server: NodeServer,
}

impl OidcProvider {
    /// Starts the provider on a free port and waits until it listens.
    pub fn start() -> Result<OidcProvider, String> {
        let server = NodeServer::start("oidc-provider.mjs", "oidc-provider", &[])?;
        Ok(OidcProvider { server })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn issuer(&self) -> &str {
        self.server.url()
    }

    /// The token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}/token", self.issuer())
    }

    /// What the provider wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.server.stderr()
    }

    /// How many requests `METHOD /path` (e.g. `POST /token`) the provider received so far.
    pub fn requests(&self, method_and_path: &str) -> Result<u64, String> {
        let counts = self.server.get_json("/__requests")?;
        Ok(counts
            .get(method_and_path)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    }

    /// The provider's introspection of `token` (RFC 7662), asked as `client` (form body).
    pub fn introspect(&self, token: &str, client: OidcClient) -> Result<serde_json::Value, String> {
        let body = form(&[
            ("token", token),
            ("client_id", client.id),
            ("client_secret", client.secret),
        ]);
        self.server.post(
            "/token/introspection",
            "application/x-www-form-urlencoded",
            body,
        )
    }
}

/// An `application/x-www-form-urlencoded` body, written independently of gqlforge's encoder.
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
