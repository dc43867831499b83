//! Whether to retry a failed attempt, and after how long.
//!
//! [`RetryPolicy`] is what users configure. The rest is the Client's own protocol, private to
//! the crate: the Client maps each failed attempt onto a [`Failure`]; a [`Retries`] (one per
//! call, from [`RetryPolicy::start`]) answers with a [`Decision`]. Every call ends: retries are bounded,
//! and what may have been applied by the server is never sent again unless the caller said
//! the operation is idempotent.

use std::time::Duration;

use crate::OperationKind;

use super::backoff::{Backoff, Jitter};
use super::retry_after::DEFAULT_RETRY_AFTER;

/// A failure worth another attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Retryable {
    /// No connection could be made (refused, unreachable, a failed TLS handshake, a connect
    /// timeout): nothing reached the server, so every operation, mutations included, may be
    /// sent again.
    Connect,
    /// The connection broke once the request may have been sent (reset, closed early).
    Transport,
    /// No complete response in time.
    Timeout,
    /// A 5xx status.
    Server5xx,
    /// A `429`, with the wait its `Retry-After` asked for
    /// ([`DEFAULT_RETRY_AFTER`] when missing or unreadable).
    RateLimited(Duration),
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Retried if the policy and the operation's kind allow it.
    Retryable(Retryable),
    /// Never retried: the same request would fail the same way. 400 (bad request), 402
    /// (invalid parameters), 404 (no such id), GraphQL errors such as validation, a response
    /// that cannot be decoded, and auth failures (the auth layer's one retry on `401` with a
    /// fresh token is its own, not this policy's).
    Permanent,
}

impl Failure {
    /// The failure an HTTP status stands for: 5xx and 429 are retryable, everything else is
    /// permanent. `retry_after` is the parsed header of a 429.
    pub(crate) fn from_status(status: u16, retry_after: Option<Duration>) -> Failure {
        match status {
            429 => Failure::Retryable(Retryable::RateLimited(
                retry_after.unwrap_or(DEFAULT_RETRY_AFTER),
            )),
            500..=599 => Failure::Retryable(Retryable::Server5xx),
            _ => Failure::Permanent,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait `delay`, then acquire a permit and send again. After a `429` the delay is the
    /// `Retry-After` wait; the Client also calls [`Limits::cool_down`](super::Limits::cool_down)
    /// so that every other caller pauses too.
    Retry {
        /// How long to wait before acquiring the next permit.
        delay: Duration,
    },
    /// Return the error.
    GiveUp(GiveUp),
}

/// Why a failed attempt is not retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GiveUp {
    /// The failure is [`Failure::Permanent`].
    Permanent,
    /// A mutation (or subscription) not marked idempotent may have been applied: sending it
    /// again could apply it twice.
    NotIdempotent,
    /// The attempts the policy allows are used up.
    AttemptsExhausted,
    /// The server asked for a longer wait than [`RetryPolicy::max_retry_after`].
    RetryAfterTooLong,
}

/// Which failures are retried, how often and after how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// For failed connections, transport errors, timeouts and 5xx; `max_attempts` counts
    /// every attempt of a call except those answered `429`.
    pub backoff: Backoff,
    /// How many times one call is retried after a `429` (default 3).
    pub rate_limited_retries: u32,
    /// A `429` asking for a longer wait ends the call instead (default 5 minutes); the
    /// Client also ends at once, nothing sent, the calls that find such a cool-down in force.
    pub max_retry_after: Duration,
    /// Retry mutations after a `429` (default true): a `429` means the server refused the
    /// request without applying it (RFC 6585), so sending it again cannot apply it twice.
    pub retry_rate_limited_mutations: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            backoff: Backoff::default(),
            rate_limited_retries: 3,
            max_retry_after: Duration::from_secs(300),
            retry_rate_limited_mutations: true,
        }
    }
}

impl RetryPolicy {
    /// Never retries anything.
    pub fn never() -> RetryPolicy {
        RetryPolicy {
            backoff: Backoff {
                max_attempts: 1,
                ..Backoff::default()
            },
            rate_limited_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The retry state of one call of an operation of this `kind`. Queries are retried;
    /// mutations and subscriptions only when `idempotent` (the caller's word that applying
    /// it twice does no harm), or when the server cannot have applied them: no connection was
    /// made ([`Retryable::Connect`]), or a `429` refused them.
    pub(crate) fn start(&self, kind: OperationKind, idempotent: bool) -> Retries {
        self.start_with_jitter(kind, idempotent, Jitter::from_entropy())
    }

    /// [`start`](Self::start) with a given jitter source (deterministic tests).
    pub(crate) fn start_with_jitter(
        &self,
        kind: OperationKind,
        idempotent: bool,
        jitter: Jitter,
    ) -> Retries {
        Retries {
            policy: *self,
            safe_to_resend: kind == OperationKind::Query || idempotent,
            attempts: 0,
            rate_limited: 0,
            jitter,
        }
    }
}

/// The retry state of one call: how many attempts failed and how.
#[derive(Clone, Debug)]
pub(crate) struct Retries {
    policy: RetryPolicy,
    safe_to_resend: bool,
    attempts: u32,
    rate_limited: u32,
    jitter: Jitter,
}

impl Retries {
    /// Records one failed attempt and decides what comes next.
    pub(crate) fn next(&mut self, failure: Failure) -> Decision {
        self.attempts = self.attempts.saturating_add(1);
        let retryable = match failure {
            Failure::Permanent => return Decision::GiveUp(GiveUp::Permanent),
            Failure::Retryable(retryable) => retryable,
        };
        if let Retryable::RateLimited(wait) = retryable {
            self.rate_limited = self.rate_limited.saturating_add(1);
            if !self.safe_to_resend && !self.policy.retry_rate_limited_mutations {
                return Decision::GiveUp(GiveUp::NotIdempotent);
            }
            if self.rate_limited > self.policy.rate_limited_retries {
                return Decision::GiveUp(GiveUp::AttemptsExhausted);
            }
            if wait > self.policy.max_retry_after {
                return Decision::GiveUp(GiveUp::RetryAfterTooLong);
            }
            return Decision::Retry { delay: wait };
        }
        // What never left the process cannot be applied twice.
        if !self.safe_to_resend && retryable != Retryable::Connect {
            return Decision::GiveUp(GiveUp::NotIdempotent);
        }
        let counted = self.attempts - self.rate_limited;
        if counted >= self.policy.backoff.max_attempts {
            return Decision::GiveUp(GiveUp::AttemptsExhausted);
        }
        Decision::Retry {
            delay: self.policy.backoff.delay(counted - 1, &mut self.jitter),
        }
    }

    /// Attempts that failed so far.
    #[cfg(test)]
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn policy() -> RetryPolicy {
        RetryPolicy {
            backoff: Backoff {
                base: Duration::from_millis(100),
                cap: Duration::from_secs(2),
                max_attempts: 3,
            },
            ..RetryPolicy::default()
        }
    }

    /// The decision after a first failed attempt, delays reduced to "retry".
    fn first(kind: OperationKind, idempotent: bool, failure: Failure) -> Result<(), GiveUp> {
        let mut retries = policy().start_with_jitter(kind, idempotent, Jitter::seeded(5));
        match retries.next(failure) {
            Decision::Retry { .. } => Ok(()),
            Decision::GiveUp(why) => Err(why),
        }
    }

    #[test]
    fn decisions_by_operation_and_failure() {
        use OperationKind::{Mutation, Query, Subscription};
        let connect = Failure::Retryable(Retryable::Connect);
        let transport = Failure::Retryable(Retryable::Transport);
        let timeout = Failure::Retryable(Retryable::Timeout);
        let server = Failure::Retryable(Retryable::Server5xx);
        let limited = Failure::Retryable(Retryable::RateLimited(MINUTE));
        let permanent = Failure::Permanent;
        let no = GiveUp::NotIdempotent;
        let never = GiveUp::Permanent;
        let ok = Ok(());
        // (kind, idempotent, [connect, transport, timeout, 5xx, 429, permanent])
        let table = [
            (Query, false, [ok, ok, ok, ok, ok, Err(never)]),
            (Query, true, [ok, ok, ok, ok, ok, Err(never)]),
            (
                Mutation,
                false,
                [ok, Err(no), Err(no), Err(no), ok, Err(never)],
            ),
            (Mutation, true, [ok, ok, ok, ok, ok, Err(never)]),
            (
                Subscription,
                false,
                [ok, Err(no), Err(no), Err(no), ok, Err(never)],
            ),
        ];
        for (kind, idempotent, expected) in table {
            let failures = [connect, transport, timeout, server, limited, permanent];
            for (failure, expected) in failures.into_iter().zip(expected) {
                assert_eq!(
                    first(kind, idempotent, failure),
                    expected,
                    "{kind:?} idempotent={idempotent} {failure:?}"
                );
            }
        }
    }

    #[test]
    fn connect_failures_of_mutations_are_retried_within_the_attempts() {
        let mut retries =
            policy().start_with_jitter(OperationKind::Mutation, false, Jitter::seeded(3));
        let connect = Failure::Retryable(Retryable::Connect);
        assert!(matches!(retries.next(connect), Decision::Retry { .. }));
        assert!(matches!(retries.next(connect), Decision::Retry { .. }));
        assert_eq!(
            retries.next(connect),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
        // Once the request may have reached the server, the mutation is not sent again.
        let mut retries =
            policy().start_with_jitter(OperationKind::Mutation, false, Jitter::seeded(3));
        assert!(matches!(retries.next(connect), Decision::Retry { .. }));
        assert_eq!(
            retries.next(Failure::Retryable(Retryable::Transport)),
            Decision::GiveUp(GiveUp::NotIdempotent)
        );
    }

    #[test]
    fn rate_limited_mutations_can_be_excluded() {
        let policy = RetryPolicy {
            retry_rate_limited_mutations: false,
            ..policy()
        };
        let limited = Failure::Retryable(Retryable::RateLimited(MINUTE));
        let mut mutation = policy.start(OperationKind::Mutation, false);
        assert_eq!(
            mutation.next(limited),
            Decision::GiveUp(GiveUp::NotIdempotent)
        );
        let mut idempotent = policy.start(OperationKind::Mutation, true);
        assert_eq!(idempotent.next(limited), Decision::Retry { delay: MINUTE });
    }

    #[test]
    fn statuses_map_onto_failures() {
        let limited = |d| Failure::Retryable(Retryable::RateLimited(d));
        assert_eq!(
            Failure::from_status(429, None),
            limited(DEFAULT_RETRY_AFTER)
        );
        assert_eq!(
            Failure::from_status(429, Some(Duration::from_secs(7))),
            limited(Duration::from_secs(7))
        );
        for status in [500, 502, 503, 504, 599] {
            assert_eq!(
                Failure::from_status(status, None),
                Failure::Retryable(Retryable::Server5xx)
            );
        }
        for status in [200, 301, 400, 401, 402, 403, 404, 409, 422] {
            assert_eq!(
                Failure::from_status(status, None),
                Failure::Permanent,
                "{status}"
            );
        }
    }

    #[test]
    fn backoff_retries_are_bounded_and_within_their_ceilings() {
        let policy = policy();
        let mut retries = policy.start_with_jitter(OperationKind::Query, false, Jitter::seeded(1));
        let server = Failure::Retryable(Retryable::Server5xx);
        for retry in 0..2 {
            match retries.next(server) {
                Decision::Retry { delay } => assert!(delay <= policy.backoff.ceiling(retry)),
                other => panic!("retry {retry}: {other:?}"),
            }
        }
        // Three attempts in all: the third failure ends the call.
        assert_eq!(
            retries.next(server),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
        assert_eq!(retries.attempts(), 3);
    }

    #[test]
    fn rate_limited_retries_wait_retry_after_and_have_their_own_bound() {
        let mut retries = policy().start(OperationKind::Query, false);
        let limited = Failure::Retryable(Retryable::RateLimited(MINUTE));
        for _ in 0..3 {
            assert_eq!(retries.next(limited), Decision::Retry { delay: MINUTE });
        }
        // 429s did not use up the backoff attempts...
        let timeout = Failure::Retryable(Retryable::Timeout);
        assert!(matches!(retries.next(timeout), Decision::Retry { .. }));
        assert!(matches!(retries.next(timeout), Decision::Retry { .. }));
        assert_eq!(
            retries.next(timeout),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
        // ...and the fourth 429 is over its own bound.
        let mut retries = policy().start(OperationKind::Query, false);
        for _ in 0..3 {
            retries.next(limited);
        }
        assert_eq!(
            retries.next(limited),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
    }

    #[test]
    fn a_retry_after_longer_than_the_maximum_ends_the_call() {
        let mut retries = policy().start(OperationKind::Query, false);
        let day = Failure::Retryable(Retryable::RateLimited(Duration::from_secs(86_400)));
        assert_eq!(
            retries.next(day),
            Decision::GiveUp(GiveUp::RetryAfterTooLong)
        );
    }

    #[test]
    fn never_retries_nothing() {
        let mut retries = RetryPolicy::never().start(OperationKind::Query, false);
        assert_eq!(
            retries.next(Failure::Retryable(Retryable::Transport)),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
        let mut retries = RetryPolicy::never().start(OperationKind::Query, false);
        assert_eq!(
            retries.next(Failure::Retryable(Retryable::RateLimited(MINUTE))),
            Decision::GiveUp(GiveUp::AttemptsExhausted)
        );
    }
}
