//! The client: sends typed operations to one GraphQL endpoint with a token from its
//! [`TokenSource`], and maps every outcome to [`Response`] or [`Error`].
//!
//! - `mod.rs`: [`Client`] and its `execute*` methods;
//! - `builder.rs`: [`ClientBuilder`], which checks the configuration once, at `build`;
//! - `attempt.rs`: the attempt loop — a token, a permit, the request sent from a task that
//!   holds the permit until it is over, then retried or not;
//! - `interpret.rs`: what an attempt's outcome means — retry or not, the error it becomes,
//!   the secrets no error may show;
//! - `origin.rs`: which URLs are accepted, credentials in the endpoint URL, and the
//!   same-origin redirect policy.

mod attempt;
mod builder;
mod interpret;
mod origin;

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::Url;

use crate::auth::{TokenCache, TokenSource};
use crate::decode::{data_or_error, typed_response};
use crate::limit::{Limiter, RetryPolicy};
use crate::redact::shown_url;
use crate::{Error, Operation, Response};

pub use builder::ClientBuilder;
use origin::UrlCredentials;

/// The default time a whole request (connect, send, read the body) may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request whose caller gave up (dropped the call's future) may run on after
/// that, holding its in-flight slot, before it is dropped and its connection closed: 5
/// minutes. The client's timeout ([`ClientBuilder::timeout`]) usually ends it first; this
/// bounds it without one ([`ClientBuilder::without_timeout`]). Likewise, without a timeout,
/// a token request (shared by the callers waiting for a token, and by every caller that comes
/// while it runs) is given up this long after a moment when no caller waited for it: a
/// transient failure, retried as any other.
pub const ABANDONED_REQUEST_LIMIT: Duration = Duration::from_secs(300);

/// The default time before a token's expiry at which it is renewed.
pub const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(60);

/// A GraphQL client for one endpoint. Cheap to clone: clones share the HTTP connections and
/// the token cache.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use gqlforge::auth::ClientCredentials;
/// let client = gqlforge::Client::builder("https://graph.cleverbridge.com/graphql")
///     .token_source(
///         ClientCredentials::new("https://identity.cleverbridge.com/connect/token", "id", "secret")
///             .scope("GQL"),
///     )
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    /// Without user name and password (those are `url_credentials`).
    endpoint: Url,
    url_credentials: Option<UrlCredentials>,
    http: reqwest::Client,
    headers: HeaderMap,
    max_response_bytes: u64,
    auth: Option<Arc<TokenCache>>,
    limiter: Arc<dyn Limiter>,
    retry_policy: RetryPolicy,
    idempotent: HashSet<String>,
}

/// Whether a request carries the client's token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Authentication {
    WithToken,
    Without,
}

impl Client {
    /// A builder for a client of the GraphQL endpoint `endpoint` (`https://`, or `http://` on a
    /// loopback address).
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(endpoint.into())
    }

    /// The endpoint operations are sent to (without the user name and password it was given
    /// with, which travel in an `Authorization: Basic` header).
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// Runs `Op` and returns its data. GraphQL `errors` in the response (even with partial
    /// data) are [`Error::GraphQL`], which keeps both.
    pub async fn execute<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Op::Data, Error> {
        self.run::<Op, _>(variables, Authentication::WithToken, data_or_error::<Op>)
            .await
    }

    /// Runs `Op` and returns data and GraphQL errors together (partial data is kept). Errors
    /// of the transport, HTTP and authentication are still `Err`.
    pub async fn execute_full<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Response<Op::Data>, Error> {
        self.run::<Op, _>(variables, Authentication::WithToken, typed_response::<Op>)
            .await
    }

    /// [`Client::execute`] without a token, for operations the API serves to anyone
    /// (Cleverbridge's `cart`): no token is obtained and no `Authorization` header is sent.
    pub async fn execute_unauthenticated<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Op::Data, Error> {
        self.run::<Op, _>(variables, Authentication::Without, data_or_error::<Op>)
            .await
    }

    /// [`Client::execute_full`] without a token (see [`Client::execute_unauthenticated`]).
    pub async fn execute_full_unauthenticated<Op: Operation>(
        &self,
        variables: Op::Variables,
    ) -> Result<Response<Op::Data>, Error> {
        self.run::<Op, _>(variables, Authentication::Without, typed_response::<Op>)
            .await
    }

    /// Forgets the cached token and a remembered rejection of the credentials
    /// ([`AuthError::CredentialsRejected`](crate::AuthError::CredentialsRejected)): the next
    /// request asks the token source again. Call it once the credentials are known to be good
    /// again (e.g. the account was unlocked).
    pub fn reset_auth(&self) {
        if let Some(cache) = &self.inner.auth {
            cache.reset();
        }
    }

    /// Uses `source` (new credentials) from now on, in this client and all its clones; the
    /// cached token and any remembered rejection are forgotten. A client built without a token
    /// source keeps sending requests without one.
    pub fn set_token_source(&self, source: impl TokenSource) {
        if let Some(cache) = &self.inner.auth {
            cache.replace_source(Arc::new(source));
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &shown_url(self.inner.endpoint.as_str()))
            .field(
                "headers",
                &self
                    .inner
                    .headers
                    .keys()
                    .map(HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .field("authenticated", &self.inner.auth.is_some())
            .finish()
    }
}
