//! Rate limits, concurrency, quotas, `429` cool-downs and retries: what the Client asks
//! before every request and after every failure.

mod backoff;
mod retry;
mod retry_after;

pub use backoff::{Backoff, Jitter};
pub use retry::{Decision, Failure, GiveUp, Retries, RetryPolicy, Retryable};
pub use retry_after::{parse_retry_after, DEFAULT_RETRY_AFTER};
