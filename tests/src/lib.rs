//! Shared helpers for the workspace's integration tests.
#![forbid(unsafe_code)]

pub mod api_server;
pub mod corpus;
pub mod mutate;
pub mod node;
pub mod oidc;
pub mod oracle;
pub mod random_schema;
pub mod responses;
pub mod schema_oracle;
pub mod servers;
pub mod sign_in_server;
pub mod temp;
pub mod variables;
