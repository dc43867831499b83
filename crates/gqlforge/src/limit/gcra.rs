//! GCRA (the generic cell rate algorithm, ITU-T I.371), as a scheduler: each reservation books
//! the earliest conforming instant and moves the theoretical arrival time (TAT) one interval on.
//!
//! Why reservations: a task that reserves its slot and then sleeps until it keeps its place,
//! so wake-up latency (tokio's timer has millisecond resolution, 6.67 ms is 150/s) never
//! loses budget, and many waiters leave one by one, an interval apart.
//!
//! The window property, for burst `b`, interval `T` and tolerance `τ = (b-1)·T`: every
//! reservation moves the TAT at least `T` on and is booked no earlier than `TAT - τ`, so the
//! `j`-th reservation after the `i`-th is at least `(j-i)·T - τ` later. `n` reservations in a
//! half-open window of length `W` therefore need `(n-1)·T - τ < W`: `n ≤ W/T + b - 1` when
//! `W/T` is a whole number. With burst 1 and `T = period / count` (rounded up) that is at most
//! `count` per period: exact. A burst `b > 1` alone would allow `b - 1` more — what governor's
//! default burst does to the first second — so [`RateState`](super::rate::RateState) adds a
//! sliding-window log that caps grants at `count` per period.

use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
pub(crate) struct Gcra {
    interval: Duration,
    tolerance: Duration,
    /// The theoretical arrival time of the next request; `None` before the first.
    tat: Option<Instant>,
    /// Reserved slots given back before their time (see `give_back`), not yet taken again:
    /// at most one per caller that gave up, and forgotten once past.
    freed: Vec<Instant>,
}

impl Gcra {
    /// `burst` must be at least 1.
    pub(crate) fn new(interval: Duration, burst: u32) -> Gcra {
        Gcra {
            interval,
            tolerance: interval.saturating_mul(burst.saturating_sub(1)),
            tat: None,
            freed: Vec::new(),
        }
    }

    /// The earliest conforming instant at or after `now`: the first slot given back that is
    /// still ahead, or `max(now, TAT - τ)` if that is sooner.
    pub(crate) fn earliest(&self, now: Instant) -> Instant {
        let next = match self.tat {
            None => now,
            Some(tat) => tat
                .checked_sub(self.tolerance)
                .map_or(now, |start| start.max(now)),
        };
        self.first_freed(now).map_or(next, |slot| slot.min(next))
    }

    /// Books a slot for a caller served at `at` (at or after `earliest`) and returns it, the
    /// slot to give back if the caller gives up: a slot given back earlier, at or before
    /// `at`, is taken again (a window log that holds the caller past it would otherwise
    /// leave it unused and book a new one at the end); otherwise the next one,
    /// `max(TAT, at)`, and `TAT = max(TAT, at) + T`.
    pub(crate) fn reserve(&mut self, at: Instant) -> Instant {
        let freed = (0..self.freed.len())
            .filter(|&i| self.freed[i] <= at)
            .min_by_key(|&i| self.freed[i]);
        if let Some(i) = freed {
            return self.freed.swap_remove(i);
        }
        let slot = self.tat.map_or(at, |tat| tat.max(at));
        self.tat = Some(slot + self.interval);
        slot
    }

    fn first_freed(&self, now: Instant) -> Option<Instant> {
        self.freed.iter().copied().filter(|&slot| slot >= now).min()
    }

    /// Gives back the slot `reserve` returned (`at`) to a caller that will not use it
    /// (cancelled while it waited), if `at` is still after `now`; a slot whose time has come
    /// is spent.
    ///
    /// The latest reservation is undone (the TAT moves back to it, and on through slots given
    /// back before it); any other is kept in `freed`, where the next reservation takes it
    /// before booking anything new. Either way the slots held by callers are always some of
    /// the reservations of one valid GCRA schedule, so giving back never lets more than the
    /// rate into a window (and the window log still checks every grant).
    pub(crate) fn give_back(&mut self, at: Instant, now: Instant) {
        self.freed.retain(|&slot| slot > now);
        if at <= now {
            return;
        }
        if self.tat == Some(at + self.interval) {
            let mut tat = at;
            while let Some(i) = self
                .freed
                .iter()
                .position(|&slot| slot + self.interval == tat)
            {
                tat = self.freed.swap_remove(i);
            }
            self.tat = Some(tat);
        } else {
            self.freed.push(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Reserves `n` slots at the earliest each time, all asked for at `now`.
    fn book(gcra: &mut Gcra, now: Instant, n: usize) -> Vec<Duration> {
        (0..n)
            .map(|_| {
                let at = gcra.earliest(now);
                gcra.reserve(at);
                at - now
            })
            .collect()
    }

    #[test]
    fn burst_one_spaces_every_reservation_by_the_interval() {
        let now = Instant::now();
        let mut gcra = Gcra::new(ms(10), 1);
        assert_eq!(
            book(&mut gcra, now, 5),
            vec![ms(0), ms(10), ms(20), ms(30), ms(40)]
        );
    }

    #[test]
    fn a_burst_lets_b_through_at_once_then_paces() {
        let now = Instant::now();
        let mut gcra = Gcra::new(ms(10), 3);
        assert_eq!(
            book(&mut gcra, now, 6),
            vec![ms(0), ms(0), ms(0), ms(10), ms(20), ms(30)]
        );
    }

    #[test]
    fn a_quiet_spell_refills_the_burst_but_never_more() {
        let start = Instant::now();
        let mut gcra = Gcra::new(ms(10), 3);
        book(&mut gcra, start, 6); // TAT = start + 60 ms
        let later = start + ms(1_000);
        assert_eq!(book(&mut gcra, later, 4), vec![ms(0), ms(0), ms(0), ms(10)]);
    }

    #[test]
    fn a_partial_refill_after_a_short_pause() {
        let start = Instant::now();
        let mut gcra = Gcra::new(ms(10), 3);
        book(&mut gcra, start, 3); // TAT = start + 30 ms
                                   // 15 ms later one and a half intervals have passed: two at once, then paced.
        let later = start + ms(15);
        assert_eq!(book(&mut gcra, later, 3), vec![ms(0), ms(5), ms(15)]);
    }

    #[test]
    fn a_slot_given_back_before_its_time_goes_to_the_next_reservation() {
        let now = Instant::now();
        let mut gcra = Gcra::new(ms(10), 1);
        assert_eq!(book(&mut gcra, now, 4), vec![ms(0), ms(10), ms(20), ms(30)]);
        // The caller of the slot at 10 ms is cancelled at 5 ms: the next one takes it.
        gcra.give_back(now + ms(10), now + ms(5));
        assert_eq!(book(&mut gcra, now + ms(5), 2), vec![ms(5), ms(35)]);
        // A slot whose time has come is spent: nothing moves.
        gcra.give_back(now + ms(20), now + ms(20));
        assert_eq!(book(&mut gcra, now + ms(20), 1), vec![ms(30)]);
    }

    #[test]
    fn giving_back_the_latest_slots_moves_the_schedule_back() {
        let now = Instant::now();
        let mut gcra = Gcra::new(ms(10), 1);
        book(&mut gcra, now, 4); // 0, 10, 20, 30 ms; TAT = 40 ms
        gcra.give_back(now + ms(20), now + ms(1)); // kept aside
        gcra.give_back(now + ms(30), now + ms(1)); // the latest: TAT back to 30, then 20
        assert_eq!(gcra.tat, Some(now + ms(20)));
        assert!(gcra.freed.is_empty());
        assert_eq!(book(&mut gcra, now + ms(1), 2), vec![ms(19), ms(29)]);
    }

    #[test]
    fn late_reservations_do_not_bank_unused_time_beyond_the_burst() {
        let start = Instant::now();
        let mut gcra = Gcra::new(ms(10), 1);
        assert_eq!(book(&mut gcra, start, 1), vec![ms(0)]);
        let later = start + ms(95);
        assert_eq!(book(&mut gcra, later, 3), vec![ms(0), ms(10), ms(20)]);
    }
}
