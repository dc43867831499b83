//! Typed GraphQL operations for Rust: the runtime that generated code depends on, and a
//! client for OAuth2-protected, rate-limited GraphQL APIs.
//!
//! gqlforge turns GraphQL operations into Rust types, checked against the schema when the
//! code is generated. Each operation becomes a unit struct implementing [`Operation`] (its
//! document, `Variables` and response `Data`), whether written inline with the [`gql!`]
//! macro or generated into a file ahead of time. This crate is what those types need, and
//! what sends them:
//!
//! - the types generated code uses: [`Operation`], the [`Request`] body it becomes, the
//!   [`Response`] it comes back as (partial `data` and [`GraphQLError`]s together), [`Id`],
//!   [`Nullable`] (an input left out, `null`, or a value), and [`serde`] re-exported so that
//!   generated code needs no other dependency;
//! - [`gql!`] (feature `macros`, on by default): operations written inline, validated
//!   against the schema when the crate compiles;
//! - [`Client`] (feature `client`, on by default): sends operations with tokens it manages
//!   ([`auth`]: client credentials, sign-in mutations, your own [`auth::TokenSource`]),
//!   within rate limits and concurrency caps, waits out `429`s and retries what is safe to
//!   retry ([`limit`]), and maps every outcome to one [`Error`] enum;
//! - `limit::RedisLimits` (feature `redis`, off by default): one budget shared by many
//!   processes and machines through Redis.
//!
//! Without `client` the crate is only the types (no reqwest, tokio or secrecy): what a crate
//! holding generated code needs when something else sends the requests.
//!
//! # An operation, its request and its response
//!
//! This runs without a network. The operation is written out by hand here; [`gql!`] and the
//! generators emit the same shape (plus `__typename` handling, enums, input objects, ...):
//!
//! ```
//! use gqlforge::{GraphQLError, Operation, OperationKind, PathSegment, Response};
//!
//! /// query Country($code: ID!) { country(code: $code) { name capital } }
//! pub struct Country;
//!
//! impl Operation for Country {
//!     const NAME: &'static str = "Country";
//!     const OPERATION_NAME: Option<&'static str> = Some("Country");
//!     const KIND: OperationKind = OperationKind::Query;
//!     const QUERY: &'static str =
//!         "query Country($code: ID!) {\n  country(code: $code) {\n    name\n    capital\n  }\n}";
//!     type Variables = country::Variables;
//!     type Data = country::Data;
//! }
//!
//! pub mod country {
//!     use serde::{Deserialize, Serialize};
//!
//!     #[derive(Debug, Serialize)]
//!     pub struct Variables {
//!         pub code: gqlforge::Id,
//!     }
//!
//!     #[derive(Debug, PartialEq, Deserialize)]
//!     pub struct Data {
//!         pub country: Option<Country>,
//!     }
//!
//!     #[derive(Debug, PartialEq, Deserialize)]
//!     pub struct Country {
//!         pub name: String,
//!         pub capital: Option<String>,
//!     }
//! }
//!
//! // The body of the POST: {"query": ..., "operationName": "Country", "variables": {...}}.
//! let request = Country::request(country::Variables { code: gqlforge::Id::new("BR") });
//! let body = serde_json::to_value(&request).unwrap();
//! assert_eq!(body["operationName"], "Country");
//! assert_eq!(body["variables"], serde_json::json!({"code": "BR"}));
//!
//! // A response with partial data: `capital` failed, the rest came back.
//! let answer = r#"{
//!     "data": {"country": {"name": "Brazil", "capital": null}},
//!     "errors": [{"message": "capital unavailable", "path": ["country", "capital"],
//!                 "extensions": {"code": "UNAVAILABLE"}}]
//! }"#;
//! let response: Response<country::Data> = serde_json::from_str(answer).unwrap();
//! let country = response.data.unwrap().country.unwrap();
//! assert_eq!(country.name, "Brazil");
//! assert_eq!(country.capital, None);
//! let error: &GraphQLError = &response.errors[0];
//! assert_eq!(error.code(), Some("UNAVAILABLE"));
//! assert_eq!(error.path[1], PathSegment::Key("capital".into()));
//! assert_eq!(error.to_string(), "capital unavailable (at country.capital)");
//! ```
//!
//! # Sending it
//!
//! A [`Client`] per endpoint, cloned freely (clones share connections, the token cache and
//! the limiter):
//!
//! ```no_run
//! # use gqlforge::{Operation, OperationKind};
//! # struct Country;
//! # impl Operation for Country {
//! #     const NAME: &'static str = "Country";
//! #     const OPERATION_NAME: Option<&'static str> = Some("Country");
//! #     const KIND: OperationKind = OperationKind::Query;
//! #     const QUERY: &'static str = "query Country($code: ID!) { country(code: $code) { name } }";
//! #     type Variables = Variables;
//! #     type Data = serde_json::Value;
//! # }
//! # #[derive(serde::Serialize)]
//! # struct Variables { code: gqlforge::Id }
//! use gqlforge::auth::ClientCredentials;
//! use gqlforge::{AuthError, Client, Error, Rate};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("https://api.example.com/graphql")
//!     .token_source(
//!         ClientCredentials::new("https://id.example.com/connect/token", "client-id", "secret")
//!             .scope("api"),
//!     )
//!     .rate_limit(Rate::per_second(150), 4) // at most 150 requests/s, 4 in flight
//!     .build()?;
//!
//! match client.execute::<Country>(Variables { code: "BR".into() }).await {
//!     Ok(data) => println!("{data:?}"),
//!     Err(Error::Auth(AuthError::CredentialsRejected { reason })) => {
//!         // Never retried: fix the credentials, then `client.reset_auth()`.
//!         eprintln!("rejected: {reason}");
//!     }
//!     Err(Error::RateLimited { retry_after }) => eprintln!("still limited: {retry_after:?}"),
//!     Err(error) => return Err(error.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! # The other crates
//!
//! - [`gqlforge-codegen`](https://docs.rs/gqlforge-codegen): the engine — schema loading
//!   (SDL or introspection JSON), complete validation (every rule graphql-js runs) and code
//!   generation. Every front door below calls it.
//! - [`gqlforge-proc-macro`](https://docs.rs/gqlforge-proc-macro): the [`gql!`] macro,
//!   re-exported here; depend on this crate rather than on it.
//! - [`gqlforge-build`](https://docs.rs/gqlforge-build): generation from `build.rs`.
//! - [`gqlforge-cli`](https://docs.rs/gqlforge-cli): `cargo gqlforge`, to generate files to
//!   commit, validate operations and fetch a schema by introspection.
//! - [`cleverbridge`](https://docs.rs/cleverbridge) and
//!   [`redflagalert`](https://docs.rs/redflagalert): SDKs for two APIs, built on this crate.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
mod body;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod decode;
#[cfg(feature = "client")]
mod error;
mod id;
#[cfg(feature = "client")]
pub mod limit;
mod nullable;
mod operation;
#[cfg(feature = "client")]
pub mod redact;
mod response;
#[cfg(feature = "client")]
mod waits;

#[doc(hidden)]
pub mod __private;

/// Typed GraphQL operations written inline: the document is validated against the schema
/// when the crate compiles, and expands to what the file generators (`cargo gqlforge codegen`,
/// `gqlforge-build`) emit for it.
///
/// The schema is the calling crate's default (`[package.metadata.gqlforge] schema = "..."`
/// in its `Cargo.toml`, with optional `scalars` and `derives`) or named first; paths are
/// relative to the crate's directory. The document is GraphQL tokens or one string literal.
///
/// ```
/// gqlforge::gql! {
///     schema = "src/countries.graphql", // the Countries API's schema, in this crate
///     query CountryName($code: ID!) {
///         country(code: $code) {
///             name
///         }
///     }
/// }
///
/// use gqlforge::Operation;
/// let request = CountryName::request(country_name::Variables { code: "BR".into() });
/// assert_eq!(
///     serde_json::to_value(&request).unwrap()["variables"],
///     serde_json::json!({"code": "BR"})
/// );
/// let data: country_name::Data =
///     serde_json::from_str(r#"{"country": {"name": "Brazil"}}"#).unwrap();
/// assert_eq!(data.country.unwrap().name, "Brazil");
/// ```
///
/// Errors are compile errors naming the graphql-js rule, with "Did you mean ...?":
///
/// ```compile_fail
/// gqlforge::gql! {
///     schema = "src/countries.graphql",
///     query CountryName($code: ID!) {
///         country(code: $code) { nmae }
///     }
/// }
/// ```
#[cfg(feature = "macros")]
pub use gqlforge_proc_macro::gql;

#[cfg(feature = "client")]
pub use body::DEFAULT_MAX_RESPONSE_BYTES;
#[cfg(feature = "client")]
pub use client::{
    Client, ClientBuilder, ABANDONED_REQUEST_LIMIT, DEFAULT_RENEW_BEFORE, DEFAULT_TIMEOUT,
};
#[cfg(feature = "client")]
pub use error::{AuthError, BuildError, Error, ErrorResponse, Excerpt, TransportError};
pub use id::Id;
#[cfg(feature = "client")]
pub use limit::{LimitError, Limiter, Limits, Rate, RetryPolicy};
pub use nullable::Nullable;
pub use operation::{Operation, OperationKind, Request};
pub use response::{ErrorLocation, GraphQLError, PathSegment, Response};

/// Re-exported for [`auth::Token`]'s secret strings (`SecretString`, `ExposeSecret`).
#[cfg(feature = "client")]
pub use secrecy;
/// Re-exported so generated code needs no direct serde dependency.
pub use serde;
/// Re-exported for users of [`Response::extensions`] and `GraphQLError::extensions`.
pub use serde_json;
