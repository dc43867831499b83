//! Time arithmetic on durations that come from outside the process — a token's `expires_in`,
//! a `Retry-After`, a rate's period, a setting — which may be anything up to `Duration::MAX`.
//! `Instant + Duration` panics on overflow, so every such sum goes through [`after`], and
//! every such duration is first cut to [`LONGEST`]: far enough to mean "for now, forever",
//! near enough that any instant plus it is still an instant.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use tokio::time::Instant;

/// The longest any wait, lifetime, period or setting is taken to be: 366 days. A token said to
/// live longer is renewed after a year; a rate of one per century is one per 366 days; a
/// cool-down never lasts longer (the limiters cut it far shorter, to their `max_cool_down`).
pub(crate) const LONGEST: Duration = Duration::from_secs(366 * 86_400);

/// `at + wait`, `wait` cut to [`LONGEST`]; never panics (an instant too close to the end of
/// the platform's clock for even that stays where it is).
pub(crate) fn after(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait.min(LONGEST)).unwrap_or(at)
}

/// `main`'s output, or `None` if `cut` ends first: a wait bounded by an event rather than a
/// time (an abandoned request given up some time after its caller left).
pub(crate) async fn first_of<T>(
    mut main: Pin<&mut impl Future<Output = T>>,
    mut cut: Pin<&mut impl Future<Output = ()>>,
) -> Option<T> {
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = main.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        cut.as_mut().poll(cx).map(|()| None)
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::UNIX_EPOCH;

    use proptest::prelude::*;

    use super::*;
    use crate::auth::{BoxFuture, Token, TokenCache, TokenContext, TokenSource};
    use crate::limit::{
        parse_retry_after_with_date, Backoff, Decision, Failure, GiveUp, Jitter, Limits, Rate,
        RetryPolicy, Retryable,
    };
    use crate::operation::OperationKind;
    use crate::AuthError;

    /// Durations as users and servers give them: zero, the largest, and anything between,
    /// weighted towards the extremes where arithmetic overflows.
    fn duration() -> impl Strategy<Value = Duration> {
        prop_oneof![
            Just(Duration::ZERO),
            Just(Duration::MAX),
            Just(LONGEST),
            (0..u64::MAX).prop_map(Duration::from_nanos),
            (0..1_000_000_000u32, 0..=u64::MAX).prop_map(|(n, s)| Duration::new(s, n)),
            (u64::MAX - 1_000..=u64::MAX).prop_map(Duration::from_secs),
            (0..100_000_000_000u64).prop_map(Duration::from_millis),
        ]
    }

    /// A token source stating the lifetime it was made with.
    struct Lifetime(Duration);

    impl TokenSource for Lifetime {
        fn fetch<'a>(&'a self, _: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
            let token = Token::new("t").with_expires_in(self.0);
            Box::pin(async move { Ok(token) })
        }
    }

    fn paused_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn no_duration_from_outside_panics_the_limiter(
            count in prop_oneof![Just(1u32), Just(u32::MAX), 1..1_000u32],
            burst in prop_oneof![Just(u32::MAX), 0..10u32],
            period in duration(),
            margin in duration(),
            adaptive in duration(),
            max_cool_down in duration(),
            retry_after in duration(),
            wait in duration(),
        ) {
            paused_runtime().block_on(async {
                let built = Limits::builder()
                    .rate(Rate::new(count, period).with_burst(burst))
                    .max_in_flight(1)
                    .window_margin(margin)
                    .max_adaptive_margin(adaptive)
                    .max_cool_down(max_cool_down)
                    .build();
                // A zero period is a configuration error, not a panic.
                let Ok(limits) = built else { return };
                for _ in 0..3 {
                    let acquired = tokio::time::timeout(wait, limits.acquire("Op")).await;
                    if let Ok(Ok(mut permit)) = acquired {
                        tokio::time::sleep(wait).await;
                        permit.sending();
                    }
                }
                limits.cool_down(retry_after);
                let _ = limits.window_margin();
                let left = limits.cool_down_remaining().unwrap_or_default();
                assert!(left <= LONGEST && left <= retry_after, "{left:?}");
            });
        }

        #[test]
        fn no_token_lifetime_panics_the_cache(
            lifetime in duration(),
            renew_before in duration(),
            later in duration(),
        ) {
            paused_runtime().block_on(async {
                let cache = Arc::new(TokenCache::new(
                    Arc::new(Lifetime(lifetime)),
                    reqwest::Client::new(),
                    "http://127.0.0.1/".parse().expect("a URL"),
                    renew_before,
                    Backoff::default(),
                    1024,
                ));
                let token = cache.get().await.expect("a token");
                tokio::time::advance(later.min(LONGEST * 2)).await;
                let again = cache.get().await.expect("a token");
                assert!(again.generation >= token.generation);
                drop(cache.usable_now(&token));
            });
        }

        #[test]
        fn no_retry_after_or_backoff_panics(
            seconds in any::<u64>(),
            day in (1970..=9999u32, 1..=12usize, 1..=28u32),
            retry_at in 0..86_400u32,
            date in 0..86_400u32,
            now in duration(),
            base in duration(),
            cap in duration(),
            retry in any::<u32>(),
            max_retry_after in duration(),
        ) {
            let now = UNIX_EPOCH.checked_add(now.min(LONGEST * 200)).unwrap_or(UNIX_EPOCH);
            // Two instants of one day (the weekday is only checked to be a day's name).
            let (year, month, day) = day;
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let imf = |s: u32| {
                format!(
                    "Mon, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
                    months[month - 1],
                    s / 3600,
                    s / 60 % 60,
                    s % 60
                )
            };
            let parsed = parse_retry_after_with_date(&seconds.to_string(), None, now);
            prop_assert_eq!(parsed, Some(Duration::from_secs(seconds)));
            let parsed = parse_retry_after_with_date(&imf(retry_at), Some(&imf(date)), now);
            prop_assert_eq!(
                parsed,
                Some(Duration::from_secs(u64::from(retry_at.saturating_sub(date))))
            );
            let backoff = Backoff { base, cap, max_attempts: 3 };
            prop_assert!(backoff.delay(retry, &mut Jitter::seeded(u64::from(retry))) <= cap);
            let policy = RetryPolicy { backoff, max_retry_after, ..RetryPolicy::default() };
            let mut retries = policy.start(OperationKind::Query, false);
            let first = retries.next(Failure::Retryable(Retryable::RateLimited(base)));
            let first_ok = match first {
                Decision::Retry { delay } => delay == base && base <= max_retry_after,
                Decision::GiveUp(GiveUp::RetryAfterTooLong) => base > max_retry_after,
                Decision::GiveUp(_) => false,
            };
            prop_assert!(first_ok, "{:?}", first);
            let second = retries.next(Failure::Retryable(Retryable::Server5xx));
            let second_ok = match second {
                Decision::Retry { delay } => delay <= cap,
                Decision::GiveUp(_) => true,
            };
            prop_assert!(second_ok, "{:?}", second);
        }
    }

    #[test]
    fn any_wait_is_cut_to_the_longest() {
        let now = Instant::now();
        assert_eq!(
            after(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
        assert_eq!(after(now, Duration::MAX), now + LONGEST);
        assert_eq!(after(now, LONGEST + Duration::from_nanos(1)), now + LONGEST);
    }
}
