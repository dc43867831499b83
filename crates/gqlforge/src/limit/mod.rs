//! Rate limits, concurrency, quotas, `429` cool-downs and retries: what the Client asks
//! before every request and after every failure.
//!
//! The seam with the Client:
//!
//! 1. `let permit = limits.acquire(Op::NAME).await?` before sending — waits for a cool-down,
//!    a concurrency slot and the rate; an exhausted quota is [`LimitError::QuotaExhausted`]
//!    at once. The permit is dropped after the response body is read; right before the
//!    request is handed over to be sent, `permit.sending()` reports the delay since the
//!    grant (the in-process limiter widens its windows by the largest recent one).
//! 2. On a `429`: `limits.cool_down(Retry-After, or DEFAULT_RETRY_AFTER)`, which pauses every
//!    caller.
//! 3. On any failure: ask the call's retry state (from the [`RetryPolicy`]) whether and when
//!    to go back to 1, or return the error.
//!
//! [`Limits`] is the in-process backend; [`Limiter`] is the trait the shared backend
//! (`RedisLimits`, feature `redis`) implements too, so the Client can hold either as `Arc<dyn Limiter>`.
//! What users configure is public ([`Limits`], [`RetryPolicy`], [`Rate`], [`Backoff`]); the
//! retry protocol between the Client and its policy (reading `Retry-After`, the failures, the
//! decisions, the jitter) is the crate's own, free to change.

mod backoff;
mod concurrency;
mod gcra;
mod limits;
mod margin;
mod quota;
mod rate;
#[cfg(feature = "redis")]
mod redis;
mod retry;
mod retry_after;
mod window;

#[cfg(test)]
mod cancellation_tests;
#[cfg(test)]
mod tests;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub use backoff::Backoff;
#[cfg(test)]
pub(crate) use backoff::Jitter;
pub use concurrency::Permit;
pub use limits::{
    Limits, LimitsBuilder, DEFAULT_LOCAL_WINDOW_MARGIN, DEFAULT_MAX_ADAPTIVE_MARGIN,
    DEFAULT_MAX_COOL_DOWN,
};
pub use rate::Rate;
#[cfg(feature = "redis")]
pub use redis::{
    OnUnreachable, RedisLimits, RedisLimitsBuilder, RedisLimitsConfigError, SharedTokenSource,
    DEFAULT_LEASE_TIME, DEFAULT_REFRESH_AHEAD, DEFAULT_WINDOW_MARGIN,
};
#[cfg(test)]
pub(crate) use retry::GiveUp;
pub use retry::RetryPolicy;
pub(crate) use retry::{Decision, Failure, Retryable};
#[cfg(test)]
pub(crate) use retry_after::parse_retry_after;
pub(crate) use retry_after::parse_retry_after_with_date;
pub use retry_after::DEFAULT_RETRY_AFTER;

/// Why no permit was granted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// The operation's quota is used up; nothing was sent or waited for.
    #[error(
        "the quota of operation `{operation}` is used up: all {limit} requests it allows in \
         total have been sent (raise it with `operation_quota` if the API allows more)"
    )]
    QuotaExhausted {
        /// The operation's name.
        operation: String,
        /// Its quota: how many requests of it are let through in total.
        limit: u64,
    },
    /// The shared backend holding the budget (Redis) did not answer, and its policy is to
    /// fail closed: nothing was sent.
    #[error(
        "cannot reach {backend} at {url}, which holds the limits shared by every process: \
         {cause}; nothing was sent (hint: check that {backend} runs and accepts connections \
         there, or build the limits with `OnUnreachable::FallBackToLocal` to go on with this \
         process's own limits meanwhile)"
    )]
    BackendUnreachable {
        /// The backend's name (`Redis`).
        backend: String,
        /// Where it was expected, without credentials.
        url: String,
        /// Why it could not be used (the connection's or the command's error).
        cause: String,
    },
}

/// A [`LimitsBuilder`] setting that would never let a request through.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitsConfigError {
    /// A rate of zero requests per period.
    #[error("{scope} is `{rate}`: a rate must allow at least one request per period")]
    ZeroCount {
        /// Which rate: the client's, or an operation's.
        scope: String,
        /// The rate given.
        rate: Rate,
    },
    /// A rate whose period is zero.
    #[error("{scope} is `{rate}`: a rate's period must be longer than zero")]
    ZeroPeriod {
        /// Which rate: the client's, or an operation's.
        scope: String,
        /// The rate given.
        rate: Rate,
    },
    /// A concurrency cap of zero requests in flight.
    #[error("max_in_flight is 0: at least one request must be allowed in flight")]
    ZeroInFlight,
}

/// A boxed future, `Send` so that a Client's futures stay `Send`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A backend that paces requests: in process ([`Limits`]) or shared by many processes
/// (`RedisLimits`, feature `redis`). Object-safe: the Client holds an `Arc<dyn Limiter>`.
///
/// What an implementation promises: `acquire` resolves to a [`Permit`] whose drop releases
/// its slot (a backend whose release is remote drops a guard that releases it, or lets a
/// lease expire); it honours a cool-down set through `cool_down` by any caller sharing the
/// backend; a quota used up is an immediate error.
pub trait Limiter: Send + Sync {
    /// See [`Limits::acquire`].
    fn acquire<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<Permit, LimitError>>;

    /// See [`Limits::cool_down`]. Async because a shared backend writes it to its store.
    fn cool_down(&self, retry_after: Duration) -> BoxFuture<'_, ()>;

    /// How much of a cool-down set by anyone sharing the backend is left.
    fn cool_down_remaining(&self) -> BoxFuture<'_, Option<Duration>>;
}

impl Limiter for Limits {
    fn acquire<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<Permit, LimitError>> {
        Box::pin(Limits::acquire(self, operation))
    }

    fn cool_down(&self, retry_after: Duration) -> BoxFuture<'_, ()> {
        Limits::cool_down(self, retry_after);
        Box::pin(std::future::ready(()))
    }

    fn cool_down_remaining(&self) -> BoxFuture<'_, Option<Duration>> {
        Box::pin(std::future::ready(Limits::cool_down_remaining(self)))
    }
}
