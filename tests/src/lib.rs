//! Shared helpers for the workspace's integration tests.
#![forbid(unsafe_code)]

pub mod corpus;
