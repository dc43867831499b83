//! `Rate` (n requests per period) and the state that enforces one: GCRA for pacing plus a
//! sliding-window log that makes "at most n in any window of the period" hold on the instants
//! permits are granted, whatever the burst and however late a task wakes up.

use std::time::Duration;

use tokio::time::Instant;

use super::gcra::Gcra;
use super::window::SlidingWindow;

/// At most `count` requests in any window of length `period`, paced evenly (one every
/// `period / count`), with an optional burst.
///
/// Counts are integers on purpose: "150 per second" means no 1-second window ever holds a
/// 151st request. A fractional rate such as 30.5/s is `Rate::new(61, Duration::from_secs(2))`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    count: u32,
    period: Duration,
    burst: u32,
}

impl Rate {
    /// `count` requests per `period`, burst 1 (strictly even spacing). Checked by
    /// [`LimitsBuilder::build`](super::LimitsBuilder::build): both must be non-zero.
    pub const fn new(count: u32, period: Duration) -> Rate {
        Rate {
            count,
            period,
            burst: 1,
        }
    }

    /// `count` requests per second.
    pub const fn per_second(count: u32) -> Rate {
        Rate::new(count, Duration::from_secs(1))
    }

    /// `count` requests per minute.
    pub const fn per_minute(count: u32) -> Rate {
        Rate::new(count, Duration::from_secs(60))
    }

    /// Lets up to `burst` requests through at once after a quiet spell (default 1). The
    /// window bound still holds: a burst only moves requests earlier within the budget.
    /// Clamped to `count` by the builder.
    pub const fn with_burst(self, burst: u32) -> Rate {
        Rate { burst, ..self }
    }

    pub const fn count(&self) -> u32 {
        self.count
    }

    pub const fn period(&self) -> Duration {
        self.period
    }

    pub const fn burst(&self) -> u32 {
        self.burst
    }

    /// The spacing between two requests: `period / count`, rounded up to the nanosecond so
    /// that `count` intervals never add up to less than `period`.
    pub fn interval(&self) -> Duration {
        let nanos = self
            .period
            .as_nanos()
            .div_ceil(u128::from(self.count.max(1)));
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} per {:?}", self.count, self.period)?;
        if self.burst > 1 {
            write!(f, " (burst {})", self.burst)?;
        }
        Ok(())
    }
}

/// The state enforcing one [`Rate`]: reservations are paced by GCRA, grants are checked
/// against the window log.
#[derive(Debug)]
pub(crate) struct RateState {
    gcra: Gcra,
    window: SlidingWindow,
}

impl RateState {
    pub(crate) fn new(rate: Rate) -> RateState {
        let burst = rate.burst.clamp(1, rate.count.max(1));
        RateState {
            gcra: Gcra::new(rate.interval(), burst),
            window: SlidingWindow::new(rate.count, rate.period),
        }
    }

    /// The earliest instant at or after `now` a request may be scheduled.
    pub(crate) fn earliest(&self, now: Instant) -> Instant {
        self.gcra.earliest(now).max(self.window.earliest(now))
    }

    /// Books the GCRA slot at `at` (which must be at or after `earliest`).
    pub(crate) fn reserve(&mut self, at: Instant) {
        self.gcra.reserve(at);
    }

    /// The earliest instant at or after `now` the window allows a grant.
    pub(crate) fn grantable(&self, now: Instant) -> Instant {
        self.window.earliest(now)
    }

    /// Records a grant at `now` (which must be at or after `grantable`).
    pub(crate) fn grant(&mut self, now: Instant) {
        self.window.record(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_rounds_up_so_count_intervals_cover_the_period() {
        assert_eq!(
            Rate::per_second(150).interval(),
            Duration::from_nanos(6_666_667)
        );
        assert_eq!(Rate::per_second(4).interval(), Duration::from_millis(250));
        assert_eq!(Rate::per_minute(60).interval(), Duration::from_secs(1));
        assert!(Rate::per_second(150).interval() * 150 >= Duration::from_secs(1));
        assert!(Rate::per_second(7).interval() * 7 >= Duration::from_secs(1));
    }

    #[test]
    fn display() {
        assert_eq!(Rate::per_second(150).to_string(), "150 per 1s");
        assert_eq!(
            Rate::per_minute(60).with_burst(5).to_string(),
            "60 per 60s (burst 5)"
        );
    }
}
