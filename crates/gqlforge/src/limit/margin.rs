//! The adaptive part of the window margin of [`Limits`](super::Limits): what it learns from
//! the delays it sees, on top of the fixed part set by
//! [`LimitsBuilder::window_margin`](super::LimitsBuilder::window_margin).
//!
//! Why a margin at all: a window log spanning `period + margin` keeps any `count + 1` grants
//! at least `period + margin` apart, so their arrivals at the server (each its grant plus a
//! delay between 0 and `spread`) are at least `period + margin - spread` apart: no window of
//! `period` at the server holds `count + 1` while `margin ≥ spread`. The fixed part covers
//! the network, which the client cannot see; two adaptive parts cover what it can:
//!
//! - [`LocalDelays`]: the largest local delay of the last 10 to 20 s — from a grant to the
//!   moment its request is handed over to be sent (reported through
//!   [`Permit::sending`](super::Permit::sending)), and how late the limiter's own timers woke
//!   its callers (the machine's scheduling delay, and the timer's 1-ms ticks, which a request
//!   meets again on its way to the socket, and a stall meets all at once). A loaded machine
//!   delays more, and so widens its own windows; once the load is gone, they narrow back
//!   within 20 s.
//! - [`RateLimitedBackoff`]: a `429` (a cool-down beginning) widens the windows by
//!   [`BACKOFF_STEP`]; the widening wears off slowly ([`BACKOFF_RECOVERY`] per minute).
//!
//! Both together are capped ([`LimitsBuilder::max_adaptive_margin`](
//! super::LimitsBuilder::max_adaptive_margin)), so no delay, however long, costs more than
//! that share of the budget.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// How long an observed delay counts: it is remembered for between one and two spans.
const SPAN: Duration = Duration::from_secs(10);

/// How much a `429` widens the windows.
pub(crate) const BACKOFF_STEP: Duration = Duration::from_millis(50);

/// How much of the `429` widening wears off per minute.
pub(crate) const BACKOFF_RECOVERY: Duration = Duration::from_millis(10);

/// The largest grant-to-send delays seen recently, shared by a [`Limits`](super::Limits) and
/// the permits it grants (which report their delays after the lock is gone).
#[derive(Clone, Debug, Default)]
pub(crate) struct LocalDelays {
    recent: Arc<Mutex<RecentMax>>,
}

/// The largest value of the current span and of the one before.
#[derive(Debug, Default)]
struct RecentMax {
    current: Duration,
    previous: Duration,
    /// When the current span began; `None` before the first observation.
    since: Option<Instant>,
}

impl LocalDelays {
    /// Records that a request granted `delay` before `now` is being sent at `now`.
    pub(crate) fn observe(&self, delay: Duration, now: Instant) {
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        recent.roll(now);
        recent.current = recent.current.max(delay);
    }

    /// The largest delay observed in the last 10 to 20 s (zero when none was).
    pub(crate) fn recent_max(&self, now: Instant) -> Duration {
        let recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(since) = recent.since else {
            return Duration::ZERO;
        };
        let age = now.saturating_duration_since(since);
        if age >= SPAN * 2 {
            Duration::ZERO
        } else if age >= SPAN {
            recent.current
        } else {
            recent.current.max(recent.previous)
        }
    }
}

impl RecentMax {
    /// Starts a new span if the current one is over.
    fn roll(&mut self, now: Instant) {
        match self.since {
            Some(since) if now.saturating_duration_since(since) < SPAN => {}
            Some(since) => {
                let age = now.saturating_duration_since(since);
                self.previous = if age < SPAN * 2 {
                    self.current
                } else {
                    Duration::ZERO
                };
                self.current = Duration::ZERO;
                self.since = Some(now);
            }
            None => self.since = Some(now),
        }
    }
}

/// The widening `429`s asked for: [`BACKOFF_STEP`] per cool-down, wearing off at
/// [`BACKOFF_RECOVERY`] a minute.
#[derive(Debug, Default)]
pub(crate) struct RateLimitedBackoff {
    /// The widening at the last `429`, and when it came.
    last: Option<(Duration, Instant)>,
}

impl RateLimitedBackoff {
    /// A cool-down begins at `now`: widen by one step more than what is left, up to `cap`.
    pub(crate) fn step(&mut self, now: Instant, cap: Duration) {
        let widened = self.at(now).saturating_add(BACKOFF_STEP).min(cap);
        self.last = Some((widened, now));
    }

    /// The widening left at `now`.
    pub(crate) fn at(&self, now: Instant) -> Duration {
        let Some((widened, since)) = self.last else {
            return Duration::ZERO;
        };
        let elapsed = now.saturating_duration_since(since);
        // Per minute, in nanoseconds: at most a year of minutes times 10 ms, no overflow.
        let worn = BACKOFF_RECOVERY.as_nanos() * elapsed.as_nanos() / 60_000_000_000;
        let worn = Duration::from_nanos(u64::try_from(worn).unwrap_or(u64::MAX));
        widened.saturating_sub(worn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_largest_recent_delay_is_kept_for_one_to_two_spans() {
        let t0 = Instant::now();
        let delays = LocalDelays::default();
        assert_eq!(delays.recent_max(t0), Duration::ZERO);
        delays.observe(ms(3), t0);
        delays.observe(ms(30), t0 + ms(100));
        delays.observe(ms(5), t0 + ms(200));
        assert_eq!(delays.recent_max(t0 + ms(300)), ms(30));
        // A new span: the old one's largest still counts.
        delays.observe(ms(2), t0 + SPAN);
        assert_eq!(delays.recent_max(t0 + SPAN + ms(1)), ms(30));
        // Once the old span is two spans old, only the newer one's count.
        delays.observe(ms(4), t0 + SPAN * 2);
        assert_eq!(delays.recent_max(t0 + SPAN * 2), ms(4));
        // Nothing observed for two spans: nothing is left.
        assert_eq!(delays.recent_max(t0 + SPAN * 4), Duration::ZERO);
        delays.observe(ms(1), t0 + SPAN * 5);
        assert_eq!(delays.recent_max(t0 + SPAN * 5), ms(1));
    }

    #[test]
    fn each_429_widens_by_a_step_up_to_the_cap_and_wears_off_slowly() {
        let t0 = Instant::now();
        let mut backoff = RateLimitedBackoff::default();
        assert_eq!(backoff.at(t0), Duration::ZERO);
        backoff.step(t0, ms(200));
        assert_eq!(backoff.at(t0), ms(50));
        // 10 ms a minute.
        assert_eq!(backoff.at(t0 + Duration::from_secs(60)), ms(40));
        assert_eq!(backoff.at(t0 + Duration::from_secs(30)), ms(45));
        backoff.step(t0 + Duration::from_secs(60), ms(200));
        assert_eq!(backoff.at(t0 + Duration::from_secs(60)), ms(90));
        for _ in 0..10 {
            backoff.step(t0 + Duration::from_secs(60), ms(200));
        }
        assert_eq!(backoff.at(t0 + Duration::from_secs(60)), ms(200));
        assert_eq!(
            backoff.at(t0 + Duration::from_secs(60 * 21)),
            Duration::ZERO
        );
        assert_eq!(
            backoff.at(t0 + Duration::from_secs(366 * 86_400)),
            Duration::ZERO
        );
    }
}
