//! Rate limits, concurrency, quotas, `429` cool-downs and retries: what the Client asks
//! before every request and after every failure.

mod retry_after;

pub use retry_after::{parse_retry_after, DEFAULT_RETRY_AFTER};
