//! Tokens of GraphQL source text.
