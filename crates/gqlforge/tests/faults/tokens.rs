//! Faults of the token endpoint and `401`s.
