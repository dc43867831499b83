//! A sliding-window log: the instants of the last `limit` grants. A grant at `t` is allowed
//! when fewer than `limit` grants lie in `(t - period, t]`, i.e. when the `limit`-th previous
//! grant is at least `period` old. This holds the bound on the instants permits are actually
//! granted, so a burst, or a task that wakes up late and so lands closer to the next one,
//! can never put `limit + 1` requests in one window. Memory: `limit` instants.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
pub(crate) struct SlidingWindow {
    limit: usize,
    period: Duration,
    /// The last `limit` grants, oldest first (non-decreasing: recorded under one lock).
    grants: VecDeque<Instant>,
}

impl SlidingWindow {
    pub(crate) fn new(limit: u32, period: Duration) -> SlidingWindow {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX).max(1);
        SlidingWindow {
            limit,
            period,
            grants: VecDeque::new(),
        }
    }

    /// The earliest instant at or after `now` a grant keeps every window of the period plus
    /// `margin` within the limit.
    pub(crate) fn earliest(&self, now: Instant, margin: Duration) -> Instant {
        if self.grants.len() < self.limit {
            return now;
        }
        match self.grants.front() {
            // The period plus a margin (settings): up to `Duration::MAX`.
            Some(&oldest) => {
                crate::waits::after(oldest, self.period.saturating_add(margin)).max(now)
            }
            None => now,
        }
    }

    /// Records a grant at `at`, forgetting the grants no window ending later can hold.
    pub(crate) fn record(&mut self, at: Instant) {
        if self.grants.len() == self.limit {
            self.grants.pop_front();
        }
        self.grants.push_back(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_limit_th_previous_grant_must_be_a_period_old() {
        let t0 = Instant::now();
        let second = Duration::from_secs(1);
        let mut window = SlidingWindow::new(3, second);
        for offset in [0, 10, 20] {
            let at = t0 + Duration::from_millis(offset);
            assert_eq!(window.earliest(at, Duration::ZERO), at);
            window.record(at);
        }
        let now = t0 + Duration::from_millis(30);
        assert_eq!(window.earliest(now, Duration::ZERO), t0 + second);
        window.record(t0 + second);
        assert_eq!(
            window.earliest(now, Duration::ZERO),
            t0 + Duration::from_millis(1_010)
        );
        // A margin widens the window.
        assert_eq!(window.earliest(now, ms(5)), t0 + ms(1_015));
        // Long after: nothing in the way.
        let late = t0 + Duration::from_secs(10);
        assert_eq!(window.earliest(late, Duration::ZERO), late);
    }
}
