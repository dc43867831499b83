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
/// The limiter remembers the last `count` grants (16 bytes each), so a rate of a million a
/// day costs 16 MB; a finer, stricter rate (694 per minute) costs 11 KB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    count: u32,
    period: Duration,
    burst: u32,
}

impl Rate {
    /// The longest period a rate has: 366 days. A longer one (up to `Duration::MAX`) is cut
    /// to it, so that an instant plus a period, or plus the interval, never overflows.
    pub const MAX_PERIOD: Duration = Duration::from_secs(366 * 86_400);

    /// `count` requests per `period`, burst 1 (strictly even spacing). Checked by
    /// [`LimitsBuilder::build`](super::LimitsBuilder::build): both must be non-zero. A period
    /// over [`Rate::MAX_PERIOD`] is that.
    pub const fn new(count: u32, period: Duration) -> Rate {
        let period = if period.as_secs() >= Rate::MAX_PERIOD.as_secs() {
            Rate::MAX_PERIOD
        } else {
            period
        };
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

    /// How many requests each period allows.
    pub const fn count(&self) -> u32 {
        self.count
    }

    /// The length of the window the count applies to.
    pub const fn period(&self) -> Duration {
        self.period
    }

    /// How many requests may go at once after a quiet spell (1 unless
    /// [`with_burst`](Rate::with_burst) raised it).
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
    /// The fixed part of the window margin (see
    /// [`LimitsBuilder::window_margin`](super::LimitsBuilder::window_margin)).
    margin: Duration,
}

impl RateState {
    /// The window log spans `rate.period + window_margin + extra`, `extra` being the
    /// adaptive part given to each call (`super::margin`); GCRA paces at the rate itself.
    pub(crate) fn new(rate: Rate, window_margin: Duration) -> RateState {
        let burst = rate.burst.clamp(1, rate.count.max(1));
        RateState {
            gcra: Gcra::new(rate.interval(), burst),
            window: SlidingWindow::new(rate.count, rate.period),
            margin: window_margin,
        }
    }

    /// The earliest instant at or after `now` a request may be scheduled.
    pub(crate) fn earliest(&self, now: Instant, extra: Duration) -> Instant {
        self.gcra
            .earliest(now)
            .max(self.window.earliest(now, self.margin.saturating_add(extra)))
    }

    /// Books the GCRA slot at `at` (which must be at or after `earliest`); returns the slot
    /// to give back if the caller gives up.
    pub(crate) fn reserve(&mut self, at: Instant) -> Instant {
        self.gcra.reserve(at)
    }

    /// Gives back the GCRA slot booked at `at`, unused, if it is still after `now`.
    pub(crate) fn give_back(&mut self, at: Instant, now: Instant) {
        self.gcra.give_back(at, now);
    }

    /// The earliest instant at or after `now` the window allows a grant.
    pub(crate) fn grantable(&self, now: Instant, extra: Duration) -> Instant {
        self.window.earliest(now, self.margin.saturating_add(extra))
    }

    /// Records a grant at `now` (which must be at or after `grantable`).
    pub(crate) fn grant(&mut self, now: Instant) {
        self.window.record(now);
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    use super::*;
    use crate::limit::backoff::Jitter;

    /// The most of `sorted` in any half-open window of length `window`.
    fn max_in_window(sorted: &[Duration], window: Duration) -> usize {
        let mut start = 0;
        let mut best = 0;
        for (end, &t) in sorted.iter().enumerate() {
            while sorted[start] + window <= t {
                start += 1;
            }
            best = best.max(end - start + 1);
        }
        best
    }

    /// Callers that come back late, as on a real clock: each books a slot, wakes up to
    /// `max_late` after it (sometimes far later), is granted when the window log allows, and
    /// asks again after a random pause. Events run in time order, as under the lock.
    fn simulate(rate: Rate, callers: usize, run_for: Duration, seed: u64) -> Vec<Duration> {
        let mut random = Jitter::seeded(seed);
        let mut nanos =
            |max: Duration| Duration::from_nanos(random.below_or_equal(max.as_nanos() as u64));
        let start = Instant::now();
        let mut state = RateState::new(rate, Duration::ZERO);
        let interval = rate.interval();
        // (time, caller, booked): booked = false means "about to book".
        let mut events: BinaryHeap<Reverse<(Duration, usize, bool)>> = (0..callers)
            .map(|caller| Reverse((nanos(interval * 3), caller, false)))
            .collect();
        let mut grants = Vec::new();
        while let Some(Reverse((t, caller, booked))) = events.pop() {
            if t >= run_for {
                continue;
            }
            let now = start + t;
            let late = if nanos(Duration::from_nanos(100)) < Duration::from_nanos(5) {
                nanos(interval * 20) // a long stall, now and then
            } else {
                nanos(Duration::from_millis(3))
            };
            if !booked {
                let at = state.earliest(now, Duration::ZERO);
                state.reserve(at);
                events.push(Reverse((at - start + late, caller, true)));
            } else if state.grantable(now, Duration::ZERO) > now {
                events.push(Reverse((
                    state.grantable(now, Duration::ZERO) - start + late,
                    caller,
                    true,
                )));
            } else {
                state.grant(now);
                grants.push(t);
                events.push(Reverse((t + nanos(interval * 4), caller, false)));
            }
        }
        grants
    }

    #[test]
    fn no_window_ever_holds_more_than_the_count_whatever_the_lateness_and_burst() {
        let mut random = Jitter::seeded(2026);
        for case in 0..300 {
            let count = 1 + random.below_or_equal(40) as u32;
            let period = Duration::from_millis(10 + random.below_or_equal(1_990));
            let burst = 1 + random.below_or_equal(u64::from(count.min(8)) - 1) as u32;
            let callers = 1 + random.below_or_equal(15) as usize;
            let rate = Rate::new(count, period).with_burst(burst);
            let grants = simulate(rate, callers, period * 20, case);
            let max = max_in_window(&grants, period);
            assert!(
                max <= count as usize,
                "case {case}: {rate}, {callers} callers: {max}"
            );
        }
    }

    #[test]
    fn late_callers_still_use_most_of_the_budget() {
        // The simulation saturates the rate, so the bound above is not met by idling. Without
        // the window log, GCRA with burst 1 lets 53 into one second here: a caller that wakes
        // late lands closer to the next one.
        let rate = Rate::per_second(50);
        let grants = simulate(rate, 16, Duration::from_secs(20), 7);
        assert_eq!(max_in_window(&grants, Duration::from_secs(1)), 50);
        // Seeded, so exact: 997 of the 1,000 slots of 20 s (a stall now and then costs one).
        assert_eq!(grants.len(), 997);
    }

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
    fn a_period_too_long_to_add_to_an_instant_is_cut_to_the_longest() {
        let rate = Rate::new(1, Duration::MAX);
        assert_eq!(rate.period(), Rate::MAX_PERIOD);
        assert_eq!(rate.interval(), Rate::MAX_PERIOD);
        // A margin (a setting) as long as it can be, too.
        let mut state = RateState::new(rate.with_burst(u32::MAX), Duration::MAX);
        let now = Instant::now();
        for n in 0..3 {
            let at = state.earliest(now, Duration::ZERO);
            assert_eq!(at, now + Rate::MAX_PERIOD * n);
            state.reserve(at);
            if state.grantable(at, Duration::ZERO) <= at {
                state.grant(at);
            }
        }
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
