//! Many callers at once.
