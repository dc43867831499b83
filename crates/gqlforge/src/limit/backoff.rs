//! Full-jitter exponential backoff (the "Full Jitter" of AWS's "Exponential Backoff And
//! Jitter"): the n-th retry waits a uniform random time in `[0, min(cap, base·2^n)]`, so many
//! clients failing together spread out instead of retrying in lock-step.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Backoff for retries of transport errors, timeouts and 5xx: full jitter, bounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first retry's delay.
    pub base: Duration,
    /// No delay is ever longer.
    pub cap: Duration,
    /// Attempts in all, the first included: `1` never retries.
    pub max_attempts: u32,
}

impl Default for Backoff {
    /// 100 ms base, 10 s cap, 4 attempts.
    fn default() -> Backoff {
        Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(10),
            max_attempts: 4,
        }
    }
}

impl Backoff {
    /// The longest the retry numbered `retry` (0 for the first retry) may wait:
    /// `min(cap, base·2^retry)`, without overflow however large `retry` is.
    pub fn ceiling(&self, retry: u32) -> Duration {
        1u32.checked_shl(retry)
            .and_then(|factor| self.base.checked_mul(factor))
            .map_or(self.cap, |delay| delay.min(self.cap))
    }

    /// A uniform random delay in `[0, ceiling(retry)]`, to the nanosecond.
    pub(crate) fn delay(&self, retry: u32, jitter: &mut Jitter) -> Duration {
        let ceiling = self.ceiling(retry);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(jitter.below_or_equal(nanos))
    }
}

/// The random numbers of the jitter: SplitMix64 (Steele, Lea and Flood), seeded from std's
/// per-process random hash keys.
///
/// Why not `rand`: jitter needs spread, not cryptographic quality; a 10-line generator keeps
/// the runtime's dependencies and public API free of rand's version (0.8 today, 0.9 with a
/// different API), and a seed makes tests deterministic.
#[derive(Clone, Debug)]
pub(crate) struct Jitter {
    state: u64,
}

impl Jitter {
    /// A generator that repeats the same numbers for the same seed (tests).
    pub(crate) const fn seeded(seed: u64) -> Jitter {
        Jitter { state: seed }
    }

    /// A generator seeded differently on every call (and in every process).
    pub(crate) fn from_entropy() -> Jitter {
        static CALLS: AtomicU64 = AtomicU64::new(0);
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
        Jitter::seeded(hasher.finish())
    }

    /// The next pseudo-random number (SplitMix64).
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, max]` (Lemire's multiply-shift; the bias, below `max / 2^64`, is
    /// far under a nanosecond's worth for any delay).
    pub(crate) fn below_or_equal(&mut self, max: u64) -> u64 {
        let Some(span) = max.checked_add(1) else {
            return self.next_u64();
        };
        let wide = u128::from(self.next_u64()) * u128::from(span);
        // < span ≤ u64::MAX, so it fits.
        u64::try_from(wide >> 64).unwrap_or(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff() -> Backoff {
        Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(5),
            max_attempts: 5,
        }
    }

    #[test]
    fn ceilings_double_up_to_the_cap() {
        let b = backoff();
        let ceilings: Vec<u64> = (0..8).map(|n| b.ceiling(n).as_millis() as u64).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    }

    #[test]
    fn large_retry_numbers_do_not_overflow() {
        let b = backoff();
        for retry in [31, 32, 33, 63, 64, 1_000, u32::MAX] {
            assert_eq!(b.ceiling(retry), Duration::from_secs(5), "{retry}");
        }
        let huge = Backoff {
            base: Duration::MAX,
            cap: Duration::MAX,
            max_attempts: 3,
        };
        assert_eq!(huge.ceiling(10), Duration::MAX);
        let mut jitter = Jitter::seeded(7);
        // Duration::MAX is more nanoseconds than u64 holds: the delay saturates, no panic.
        assert!(huge.delay(u32::MAX, &mut jitter) <= Duration::from_nanos(u64::MAX));
    }

    #[test]
    fn every_delay_is_within_zero_and_the_ceiling_and_they_spread() {
        let b = backoff();
        let mut jitter = Jitter::seeded(42);
        for retry in 0..10 {
            let ceiling = b.ceiling(retry);
            let delays: Vec<Duration> = (0..2_000).map(|_| b.delay(retry, &mut jitter)).collect();
            assert!(delays.iter().all(|d| *d <= ceiling), "retry {retry}");
            // Full jitter: the delays fill the range, they do not cluster at the top.
            let low = delays.iter().filter(|d| **d < ceiling / 4).count();
            let high = delays.iter().filter(|d| **d > ceiling * 3 / 4).count();
            assert!(
                (400..600).contains(&low),
                "retry {retry}: {low} in the lowest quarter"
            );
            assert!(
                (400..600).contains(&high),
                "retry {retry}: {high} in the top quarter"
            );
        }
    }

    #[test]
    fn a_zero_base_never_waits() {
        let b = Backoff {
            base: Duration::ZERO,
            ..backoff()
        };
        let mut jitter = Jitter::seeded(1);
        assert_eq!(b.delay(3, &mut jitter), Duration::ZERO);
    }

    #[test]
    fn seeded_jitter_repeats_and_entropy_differs() {
        let a: Vec<u64> = {
            let mut j = Jitter::seeded(9);
            (0..4).map(|_| j.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut j = Jitter::seeded(9);
            (0..4).map(|_| j.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(
            Jitter::from_entropy().next_u64(),
            Jitter::from_entropy().next_u64()
        );
    }

    #[test]
    fn below_or_equal_covers_its_range_including_the_maximum() {
        let mut jitter = Jitter::seeded(3);
        let mut seen = [false; 4];
        for _ in 0..200 {
            let n = jitter.below_or_equal(3);
            seen[usize::try_from(n).unwrap()] = true;
        }
        assert_eq!(seen, [true; 4]);
        assert_eq!(jitter.below_or_equal(0), 0);
    }
}
