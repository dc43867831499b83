//! `Limits` end to end, on tokio's paused clock: time only moves when every task waits, so
//! each instant below is exact and every run is the same.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{sleep, sleep_until, Instant};

use super::gcra::Gcra;
use super::*;

const SECOND: Duration = Duration::from_secs(1);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Limits whose window logs span exactly their periods: the tests measure grants, which the
/// limiter makes exact. The default margin is for arrivals, later than grants by a varying
/// delay (`the_default_margin_keeps_arrivals_within_the_rate_whatever_the_jitter`).
fn exact() -> LimitsBuilder {
    Limits::builder()
        .window_margin(Duration::ZERO)
        .max_adaptive_margin(Duration::ZERO)
}

/// The most instants (sorted offsets) in any half-open window `[t, t + window)`.
pub(super) fn max_in_window(sorted: &[Duration], window: Duration) -> usize {
    let mut best = 0;
    let mut start = 0;
    for (end, &t) in sorted.iter().enumerate() {
        while sorted[start] + window <= t {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

#[test]
fn max_in_window_counts_half_open_windows() {
    let at = |v: &[u64]| v.iter().map(|&n| ms(n)).collect::<Vec<_>>();
    assert_eq!(max_in_window(&at(&[0, 500, 999, 1000, 1001]), SECOND), 4);
    assert_eq!(max_in_window(&at(&[0, 1000, 2000]), SECOND), 1);
    assert_eq!(max_in_window(&at(&[5, 5, 5]), SECOND), 3);
    assert_eq!(max_in_window(&[], SECOND), 0);
}

/// What a load of tasks saw: the grant instants (offsets from the start, sorted) and the
/// most permits held at once.
struct Load {
    grants: Vec<Duration>,
    max_in_flight: usize,
}

/// `tasks` tasks call `acquire(operation)` until `run_for` has passed, each holding its
/// permit for a few milliseconds of simulated work (3 to 20 ms, varying).
///
/// Little's law: `n` permits held `w` each carry at most `n / w` requests a second, so 4 in
/// flight reach 150/s only while a request takes under 26.7 ms; the work here stays under
/// that, so that the rate, not the concurrency, is what binds.
async fn hammer(limits: &Limits, tasks: usize, operation: &'static str, run_for: Duration) -> Load {
    let start = Instant::now();
    let end = start + run_for;
    let grants = Arc::new(Mutex::new(Vec::new()));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let mut set = JoinSet::new();
    for task in 0..tasks {
        let (limits, grants) = (limits.clone(), Arc::clone(&grants));
        let (in_flight, max_in_flight) = (Arc::clone(&in_flight), Arc::clone(&max_in_flight));
        set.spawn(async move {
            let mut round = 0u64;
            while Instant::now() < end {
                let permit = limits.acquire(operation).await.expect("no quota here");
                let now = Instant::now();
                if now >= end {
                    break;
                }
                grants.lock().unwrap().push(now - start);
                let held = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_in_flight.fetch_max(held, Ordering::SeqCst);
                sleep(ms(3 + (task as u64 * 7 + round * 13) % 18)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                drop(permit);
                round += 1;
            }
        });
    }
    while let Some(joined) = set.join_next().await {
        joined.expect("a load task panicked");
    }
    let mut grants = std::mem::take(&mut *grants.lock().unwrap());
    grants.sort();
    Load {
        grants,
        max_in_flight: max_in_flight.load(Ordering::SeqCst),
    }
}

/// The acceptance load: 64 tasks offering far more than 150/s, 4 in flight, for
/// 20 simulated seconds; what it saw, with the figures printed (`--nocapture`).
async fn load_150_per_second(rate: Rate) -> Load {
    let limits = exact().rate(rate).max_in_flight(4).build().unwrap();
    let load = hammer(&limits, 64, "Op", Duration::from_secs(20)).await;
    eprintln!(
        "{rate}, 4 in flight, 64 tasks, 20 s: {} grants, max {} in any 1-s window, {} in the \
         first second, {:.2}% of the budget, max {} in flight",
        load.grants.len(),
        max_in_window(&load.grants, SECOND),
        load.grants.iter().filter(|t| **t < SECOND).count(),
        load.grants.len() as f64 / (150.0 * 20.0) * 100.0,
        load.max_in_flight
    );
    load
}

/// `cargo test -p gqlforge limit::tests::window -- --nocapture` prints the figures.
#[tokio::test(start_paused = true)]
async fn window_150_per_second_burst_1() {
    let load = load_150_per_second(Rate::per_second(150)).await;
    assert_eq!(max_in_window(&load.grants, SECOND), 150);
    assert_eq!(load.grants.iter().filter(|t| **t < SECOND).count(), 150);
    assert_eq!(load.max_in_flight, 4);
    // Even spacing: consecutive grants are one interval (6.67 ms, on tokio's 1-ms timer
    // ticks 6 or 7 ms) apart, never two at once.
    let gaps: Vec<Duration> = load.grants.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.iter().all(|g| *g >= ms(6) && *g <= ms(7)), "{gaps:?}");
    // 3,000 slots in 20 s; burst 1 cannot make up for a caller that comes back a fraction
    // of a millisecond after its slot (timer ticks), so a few are lost: 2,998 = 99.93%.
    assert_eq!(load.grants.len(), 2_998);
}

/// Burst 2: a late caller may catch up one interval, so no slot is lost, and the window
/// log still keeps every window at 150.
#[tokio::test(start_paused = true)]
async fn window_150_per_second_burst_2() {
    let load = load_150_per_second(Rate::per_second(150).with_burst(2)).await;
    assert_eq!(max_in_window(&load.grants, SECOND), 150);
    assert_eq!(load.grants.iter().filter(|t| **t < SECOND).count(), 150);
    assert_eq!(load.max_in_flight, 4);
    assert_eq!(load.grants.len(), 3_000);
}

/// When each of `grants` reaches the server: a seeded random delay of up to `max_delay`
/// later (the time to write it, schedule the tasks, read it), sorted.
fn arrivals(grants: &[Duration], max_delay: Duration, seed: u64) -> Vec<Duration> {
    let mut jitter = Jitter::seeded(seed);
    let max = u64::try_from(max_delay.as_nanos()).unwrap();
    let mut arrivals: Vec<Duration> = grants
        .iter()
        .map(|grant| *grant + Duration::from_nanos(jitter.below_or_equal(max)))
        .collect();
    arrivals.sort();
    arrivals
}

/// The worst a network of delays up to `spread` can do to `grants`: the grants of every
/// other block of `count` (in grant order) arrive `spread` late, those of the blocks between
/// at once, so a late block and the early one after it crowd into one window.
fn late_then_early(grants: &[Duration], count: usize, spread: Duration) -> Vec<Duration> {
    let mut arrivals: Vec<Duration> = grants
        .iter()
        .enumerate()
        .map(|(i, grant)| {
            if (i / count).is_multiple_of(2) {
                *grant + spread
            } else {
                *grant
            }
        })
        .collect();
    arrivals.sort();
    arrivals
}

/// Whether a server counting `grants` after a delay of 0 to `spread` would ever see more
/// than `count` in a 1-s window: 20 seeds of random delays, and the adversary's pattern.
fn ever_over(grants: &[Duration], count: usize, spread: Duration) -> bool {
    (0..20).any(|seed| max_in_window(&arrivals(grants, spread, seed), SECOND) > count)
        || max_in_window(&late_then_early(grants, count, spread), SECOND) > count
}

/// `Rate::per_second(150)` with more in flight than 4 (16; an API limiting only the rate),
/// saturated: with the default window margin (50 ms), a server counting arrivals after any
/// delay from 0 to 50 ms never sees a 151st request in a 1-s window. Without a margin, or
/// with the old 10 ms, the grants are within the rate but such arrivals are not.
#[tokio::test(start_paused = true)]
async fn the_default_margin_keeps_arrivals_within_the_rate_under_50_ms_of_jitter() {
    assert_eq!(DEFAULT_LOCAL_WINDOW_MARGIN, ms(50));
    let spread = ms(50);
    let grants = |builder: LimitsBuilder| async move {
        let limits = builder
            .rate(Rate::per_second(150))
            .max_in_flight(16)
            .build()
            .unwrap();
        hammer(&limits, 64, "Op", Duration::from_secs(20))
            .await
            .grants
    };
    for too_little in [Duration::ZERO, ms(10), ms(40)] {
        let grants = grants(exact().window_margin(too_little)).await;
        assert_eq!(max_in_window(&grants, SECOND), 150);
        assert!(ever_over(&grants, 150, spread), "{too_little:?}");
    }
    let with_margin = grants(Limits::builder()).await;
    assert!(!ever_over(&with_margin, 150, spread));
    // And at exactly the margin's spread the bound is tight: any more and it fails.
    assert!(ever_over(&with_margin, 150, spread + ms(5)));
    // 150 per 1.05 s and a little (the timer's 1-ms ticks make callers wake up to 1 ms late,
    // which the adaptive part learns): 2,855 of the 3,000 slots of 20 s (95.2%).
    assert_eq!(with_margin.len(), 2_855);
}

/// Grant and send instants of a load whose requests leave `local(elapsed, task, round)`
/// after their grants (a loaded machine), reported through `Permit::sending`, and the
/// window margin each caller saw as it sent.
struct Sent {
    sends: Vec<Duration>,
    margins: Vec<Duration>,
}

async fn hammer_sending(
    limits: &Limits,
    tasks: usize,
    run_for: Duration,
    local: fn(Duration, u64, u64) -> Duration,
) -> Sent {
    let start = Instant::now();
    let end = start + run_for;
    let seen = Arc::new(Mutex::new((Vec::new(), Vec::new())));
    let mut set = JoinSet::new();
    for task in 0..tasks as u64 {
        let (limits, seen) = (limits.clone(), Arc::clone(&seen));
        set.spawn(async move {
            let mut round = 0u64;
            loop {
                let mut permit = limits.acquire("Op").await.expect("no quota here");
                let granted = Instant::now();
                if granted >= end {
                    break;
                }
                sleep(local(granted - start, task, round)).await;
                permit.sending();
                let margin = limits.window_margin();
                {
                    let mut seen = seen.lock().unwrap();
                    seen.0.push(Instant::now() - start);
                    seen.1.push(margin);
                }
                sleep(ms(3 + (task * 7 + round * 13) % 18)).await;
                drop(permit);
                round += 1;
            }
        });
    }
    while let Some(joined) = set.join_next().await {
        joined.expect("a load task panicked");
    }
    let (mut sends, margins) = std::mem::take(&mut *seen.lock().unwrap());
    sends.sort();
    Sent { sends, margins }
}

/// Requests leave up to 2 ms after their grants, but up to 40 ms between 5 s and 12 s.
fn loaded_from_5_to_12_s(elapsed: Duration, task: u64, round: u64) -> Duration {
    let spread = if (5..12).contains(&elapsed.as_secs()) {
        41
    } else {
        3
    };
    ms((task * 7 + round * 13) % spread)
}

/// The adaptive part of the margin: when the requests leave later after their grants (a
/// loaded machine), the windows widen by the largest recent delay, so that arrivals (sends
/// plus up to 50 ms of network) still never overfill a window at the server; the margin
/// never goes below the default, and narrows back once the load is gone. Without the
/// adaptive part the same load overfills windows.
#[tokio::test(start_paused = true)]
async fn the_margin_widens_by_the_local_delays_observed_and_narrows_back() {
    let spread = ms(50);
    let build = |builder: LimitsBuilder| {
        builder
            .rate(Rate::per_second(150))
            .max_in_flight(16)
            .build()
            .unwrap()
    };
    let fixed = build(Limits::builder().max_adaptive_margin(Duration::ZERO));
    let sent = hammer_sending(&fixed, 64, Duration::from_secs(20), loaded_from_5_to_12_s).await;
    assert!(sent.margins.iter().all(|m| *m == ms(50)));
    assert!(ever_over(&sent.sends, 150, spread));

    let limits = build(Limits::builder());
    assert_eq!(limits.window_margin(), ms(50));
    let sent = hammer_sending(&limits, 64, Duration::from_secs(20), loaded_from_5_to_12_s).await;
    assert!(!ever_over(&sent.sends, 150, spread));
    assert!(sent.margins.iter().all(|m| *m >= ms(50)));
    let widest = sent.margins.iter().max().copied().unwrap();
    assert!(widest >= ms(50 + 35) && widest <= ms(50 + 40), "{widest:?}");
    // 20 s without a request: the delays seen are forgotten.
    sleep(Duration::from_secs(20)).await;
    assert_eq!(limits.window_margin(), ms(50));
}

/// The adaptive part is capped: requests leaving seconds after their grants widen the
/// windows by at most `max_adaptive_margin`.
#[tokio::test(start_paused = true)]
async fn the_adaptive_part_never_exceeds_its_cap() {
    let limits = Limits::builder()
        .rate(Rate::per_second(150))
        .max_adaptive_margin(ms(120))
        .build()
        .unwrap();
    let mut permit = limits.acquire("Op").await.unwrap();
    sleep(Duration::from_secs(5)).await;
    permit.sending();
    assert_eq!(limits.window_margin(), ms(50 + 120));
    // Only the first report counts.
    sleep(Duration::from_secs(30)).await;
    permit.sending();
    assert_eq!(limits.window_margin(), ms(50));
}

/// A `429` (a cool-down beginning) widens the windows by 50 ms: the rate a saturated client
/// gets drops from 150 per 1.05 s to 150 per 1.1 s, and comes back as the widening wears off
/// (10 ms a minute). A `429` during a cool-down already in force widens nothing more.
#[tokio::test(start_paused = true)]
async fn a_429_lowers_the_rate_which_recovers_slowly() {
    let limits = Limits::builder()
        .rate(Rate::per_second(150))
        .max_in_flight(16)
        .build()
        .unwrap();
    let steady = |grants: &[Duration]| {
        grants
            .iter()
            .filter(|g| (Duration::from_secs(2)..Duration::from_secs(10)).contains(*g))
            .count()
    };
    let before = hammer(&limits, 64, "Op", Duration::from_secs(10)).await;
    assert!(max_in_window(&before.grants, SECOND + ms(50)) <= 150);
    assert!(max_in_window(&before.grants, SECOND + ms(100)) > 150);
    // The timer's lateness it learned (under 1 ms here) is forgotten after 20 s.
    sleep(Duration::from_secs(20)).await;
    assert_eq!(limits.window_margin(), ms(50));

    let rate_limited = Instant::now();
    limits.cool_down(SECOND);
    assert_eq!(limits.window_margin(), ms(100));
    limits.cool_down(SECOND);
    assert_eq!(limits.window_margin(), ms(100));
    let after = hammer(&limits, 64, "Op", Duration::from_secs(10)).await;
    assert!(after.grants.iter().all(|g| *g >= SECOND));
    // (The widening wears off by 1.7 ms in these 10 s.)
    assert!(max_in_window(&after.grants, SECOND + ms(98)) <= 150);
    assert!(steady(&after.grants) < steady(&before.grants));

    // Half worn off after 2.5 minutes, gone after 5.
    sleep_until(rate_limited + Duration::from_secs(150)).await;
    assert_eq!(limits.window_margin(), ms(75));
    sleep_until(rate_limited + Duration::from_secs(300)).await;
    assert_eq!(limits.window_margin(), ms(50));
    let restored = hammer(&limits, 64, "Op", Duration::from_secs(10)).await;
    assert_eq!(steady(&restored.grants), steady(&before.grants));
    eprintln!(
        "grants in 8 steady seconds: {} before the 429, {} after, {} 5 minutes later",
        steady(&before.grants),
        steady(&after.grants),
        steady(&restored.grants)
    );
}

/// GCRA alone with a burst overshoots the first second by `burst - 1`, as governor's
/// default burst does; that is why `RateState` keeps a window log too.
#[test]
fn gcra_alone_with_a_burst_overshoots_the_first_second() {
    let start = Instant::now();
    let mut gcra = Gcra::new(Rate::per_second(150).interval(), 10);
    let mut in_first_second = 0;
    loop {
        let at = gcra.earliest(start);
        if at >= start + SECOND {
            break;
        }
        gcra.reserve(at);
        in_first_second += 1;
    }
    assert_eq!(in_first_second, 159);
}

/// With a burst, the window log keeps every window within the rate, the first one included.
#[tokio::test(start_paused = true)]
async fn a_burst_never_overshoots_any_window() {
    let limits = exact()
        .rate(Rate::per_second(150).with_burst(10))
        .build()
        .unwrap();
    let load = hammer(&limits, 64, "Op", Duration::from_secs(5)).await;
    assert_eq!(load.grants.iter().filter(|t| t.is_zero()).count(), 10);
    let max = max_in_window(&load.grants, SECOND);
    assert_eq!(max, 150);
    let used = load.grants.len() as f64 / (150.0 * 5.0);
    assert!(used >= 0.98, "{:.2}% of the budget used", used * 100.0);
}

#[tokio::test(start_paused = true)]
async fn concurrency_never_exceeds_the_cap_and_permits_release_on_drop() {
    let limits = exact().max_in_flight(4).build().unwrap();
    let start = Instant::now();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let mut set = JoinSet::new();
    for _ in 0..32 {
        let limits = limits.clone();
        let (in_flight, max_in_flight) = (Arc::clone(&in_flight), Arc::clone(&max_in_flight));
        set.spawn(async move {
            for _ in 0..5 {
                let _permit = limits.acquire("Op").await.unwrap();
                let held = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_in_flight.fetch_max(held, Ordering::SeqCst);
                sleep(ms(100)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
            }
        });
    }
    while let Some(joined) = set.join_next().await {
        joined.unwrap();
    }
    assert_eq!(max_in_flight.load(Ordering::SeqCst), 4);
    // 160 requests of 100 ms, 4 at a time, back to back: exactly 4 s.
    assert_eq!(Instant::now() - start, Duration::from_secs(4));
    assert_eq!(limits.available_slots(), Some(4));
    let permit = limits.acquire("Op").await.unwrap();
    assert_eq!(limits.available_slots(), Some(3));
    drop(permit);
    assert_eq!(limits.available_slots(), Some(4));
}

#[tokio::test(start_paused = true)]
async fn an_operation_rate_of_60_per_minute_holds_in_every_minute() {
    let limits = exact()
        .operation_rate("Limited", Rate::per_minute(60))
        .max_in_flight(2)
        .build()
        .unwrap();
    let start = Instant::now();
    let free = tokio::spawn({
        let limits = limits.clone();
        async move {
            // Other operations are not held up by the limited one's queue: its eight callers
            // wait for their slots without holding the two concurrency slots.
            sleep(ms(2_500)).await;
            let _permit = limits.acquire("Free").await.unwrap();
            Instant::now()
        }
    });
    let load = hammer(&limits, 8, "Limited", Duration::from_secs(300)).await;
    assert_eq!(free.await.unwrap() - start, ms(2_500));
    let minute = Duration::from_secs(60);
    assert_eq!(max_in_window(&load.grants, minute), 60);
    assert_eq!(max_in_window(&load.grants, SECOND), 1);
    assert_eq!(load.grants.len(), 300);
    assert_eq!(&load.grants[..3], &[ms(0), ms(1_000), ms(2_000)]);
}

#[tokio::test(start_paused = true)]
async fn the_client_rate_and_an_operation_rate_hold_together() {
    let limits = exact()
        .rate(Rate::per_second(10))
        .operation_rate("Slow", Rate::per_second(2))
        .build()
        .unwrap();
    let (slow, fast) = tokio::join!(
        hammer(&limits, 8, "Slow", Duration::from_secs(10)),
        hammer(&limits, 8, "Fast", Duration::from_secs(10)),
    );
    let mut all: Vec<Duration> = slow.grants.iter().chain(&fast.grants).copied().collect();
    all.sort();
    assert_eq!(max_in_window(&slow.grants, SECOND), 2);
    assert_eq!(max_in_window(&all, SECOND), 10);
    assert_eq!(all.len(), 100);
    // Once its own slot comes, a "Slow" request queues behind the client-rate slots the
    // eight "Fast" tasks booked before it (up to 0.8 s): one of the 20 slots of 10 s is
    // pushed past the end. Its spacing stays 0.5 s after that.
    assert_eq!(slow.grants.len(), 19);
    assert_eq!(&slow.grants[..3], &[ms(0), ms(1_300), ms(1_900)]);
}

/// Polls a future once.
fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    let mut future = pin!(future);
    future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
}

#[tokio::test(start_paused = true)]
async fn an_exhausted_quota_fails_at_once_and_takes_nothing_else() {
    let limits = exact()
        .rate(Rate::per_second(1))
        .max_in_flight(1)
        .operation_quota("Q", 3)
        .build()
        .unwrap();
    let start = Instant::now();
    for n in 0..3 {
        let permit = limits.acquire("Q").await.unwrap();
        assert_eq!(Instant::now() - start, SECOND * n);
        drop(permit);
    }
    assert_eq!(limits.quota_remaining("Q"), Some(0));
    // The only slot is held and the rate's next slot is a second away: a fourth "Q" fails
    // on its first poll all the same, without waiting for either.
    let held = limits.acquire("Other").await.unwrap();
    assert_eq!(Instant::now() - start, SECOND * 3);
    let exhausted = LimitError::QuotaExhausted {
        operation: "Q".to_owned(),
        limit: 3,
    };
    match poll_once(limits.acquire("Q")) {
        Poll::Ready(Err(error)) => assert_eq!(error, exhausted),
        other => panic!("the first poll gave {other:?}"),
    }
    assert_eq!(limits.acquire("Q").await.unwrap_err(), exhausted);
    assert_eq!(
        exhausted.to_string(),
        "the quota of operation `Q` is used up: all 3 requests it allows in total have been \
         sent (raise it with `operation_quota` if the API allows more)"
    );
    assert_eq!(Instant::now() - start, SECOND * 3);
    assert_eq!(limits.available_slots(), Some(0));
    drop(held);
    // No rate slot was booked by the failed calls: the next request is one interval on.
    let _next = limits.acquire("Other").await.unwrap();
    assert_eq!(Instant::now() - start, SECOND * 4);
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_acquire_gives_its_quota_back() {
    let limits = exact()
        .max_in_flight(1)
        .operation_quota("Q", 1)
        .build()
        .unwrap();
    let held = limits.acquire("Other").await.unwrap();
    // Waits for the slot, holding the quota's only unit...
    assert!(poll_once(limits.acquire("Q")).is_pending());
    // ...which the dropped future gave back.
    assert_eq!(limits.quota_remaining("Q"), Some(1));
    let waiting = tokio::time::timeout(SECOND, limits.acquire("Q")).await;
    assert!(waiting.is_err(), "the slot is held");
    assert_eq!(limits.quota_remaining("Q"), Some(1));
    drop(held);
    let _granted = limits.acquire("Q").await.unwrap();
    assert_eq!(limits.quota_remaining("Q"), Some(0));
}

#[tokio::test(start_paused = true)]
async fn a_cool_down_pauses_everyone_then_they_resume_paced() {
    let limits = exact().rate(Rate::per_second(10)).build().unwrap();
    let start = Instant::now();
    let cooling = {
        let limits = limits.clone();
        async move {
            // Between two slots (2.0 s and 2.1 s), while 8 tasks have slots booked.
            sleep_until(start + ms(2_050)).await;
            limits.cool_down(Duration::from_secs(5));
            assert_eq!(limits.cool_down_remaining(), Some(Duration::from_secs(5)));
        }
    };
    let (load, ()) = tokio::join!(hammer(&limits, 8, "Op", Duration::from_secs(10)), cooling);
    let (cool_from, cool_to) = (ms(2_050), ms(7_050));
    let before = load.grants.iter().filter(|t| **t < cool_from).count();
    assert_eq!(before, 21); // 0.0, 0.1, ..., 2.0 s
    assert!(
        !load.grants.iter().any(|t| (cool_from..cool_to).contains(t)),
        "a grant during the cool-down"
    );
    let after: Vec<Duration> = load
        .grants
        .iter()
        .copied()
        .filter(|t| *t >= cool_to)
        .collect();
    // No herd: the eight waiting tasks come back one interval apart, from the end on.
    let expected: Vec<Duration> = (0..8).map(|n| cool_to + ms(100) * n).collect();
    assert_eq!(&after[..8], &expected[..]);
    assert_eq!(max_in_window(&after, SECOND), 10);
    assert_eq!(after.len(), 30); // 7.05 s, 7.15 s, ..., 9.95 s
    assert_eq!(limits.cool_down_remaining(), None);
}

#[tokio::test(start_paused = true)]
async fn a_cool_down_without_a_rate_still_pauses_everyone() {
    let limits = exact().max_in_flight(4).build().unwrap();
    let start = Instant::now();
    limits.cool_down(Duration::from_secs(60));
    let waiter = tokio::spawn({
        let limits = limits.clone();
        async move {
            let _permit = limits.acquire("Op").await.unwrap();
            Instant::now()
        }
    });
    assert_eq!(waiter.await.unwrap() - start, Duration::from_secs(60));
}

#[tokio::test(start_paused = true)]
async fn cool_downs_overlap_to_the_later_end_and_are_bounded() {
    let limits = exact()
        .max_cool_down(Duration::from_secs(120))
        .build()
        .unwrap();
    limits.cool_down(Duration::from_secs(10));
    limits.cool_down(Duration::from_secs(3));
    assert_eq!(limits.cool_down_remaining(), Some(Duration::from_secs(10)));
    limits.cool_down(Duration::MAX);
    assert_eq!(limits.cool_down_remaining(), Some(Duration::from_secs(120)));
    sleep(Duration::from_secs(120)).await;
    assert_eq!(limits.cool_down_remaining(), None);
    limits.cool_down(Duration::ZERO);
    assert_eq!(limits.cool_down_remaining(), None);
}

#[tokio::test(start_paused = true)]
async fn limits_is_a_limiter_and_clones_share_one_state() {
    let limits = exact().rate(Rate::per_second(2)).build().unwrap();
    let limiter: Arc<dyn Limiter> = Arc::new(limits.clone());
    fn is_send<T: Send>(_: &T) {}
    is_send(&limiter.acquire("Op"));
    is_send(&limits.acquire("Op"));
    let start = Instant::now();
    limiter.cool_down(Duration::from_secs(3)).await;
    assert_eq!(limits.cool_down_remaining(), Some(Duration::from_secs(3)));
    assert_eq!(
        limiter.cool_down_remaining().await,
        Some(Duration::from_secs(3))
    );
    let _first = limiter.acquire("Op").await.unwrap();
    let _second = limits.acquire("Op").await.unwrap();
    assert_eq!(Instant::now() - start, ms(3_500));
}

#[tokio::test(start_paused = true)]
async fn unlimited_grants_at_once() {
    let limits = Limits::unlimited();
    let start = Instant::now();
    for _ in 0..1_000 {
        let _permit = limits.acquire("Op").await.unwrap();
    }
    assert_eq!(Instant::now(), start);
    assert_eq!(limits.available_slots(), None);
    assert_eq!(limits.quota_remaining("Op"), None);
}

#[test]
fn settings_that_never_let_a_request_through_are_errors() {
    let zero = exact().rate(Rate::per_second(0)).build();
    assert_eq!(
        zero.unwrap_err().to_string(),
        "the client's rate is `0 per 1s`: a rate must allow at least one request per period"
    );
    let no_period = exact()
        .operation_rate("Op", Rate::new(5, Duration::ZERO))
        .build();
    assert_eq!(
        no_period.unwrap_err().to_string(),
        "the rate of operation `Op` is `5 per 0ns`: a rate's period must be longer than zero"
    );
    let no_flight = exact().max_in_flight(0).build();
    assert_eq!(no_flight.unwrap_err(), LimitsConfigError::ZeroInFlight);
}

/// A stand-in for the server: answers after 10 ms, records every arrival, and once a request
/// arrives at or after `storm_at`, blocks everyone for 5 s with `429` and `Retry-After: 5`
/// (as Cleverbridge does for a minute). Until then, it answers 503 to the first `failures`.
struct FakeServer {
    start: Instant,
    storm_at: Option<Duration>,
    state: Mutex<ServerState>,
}

#[derive(Default)]
struct ServerState {
    arrivals: Vec<Duration>,
    blocked_until: Option<Duration>,
    failures_left: usize,
    rejected: usize,
    in_flight: usize,
    max_in_flight: usize,
}

impl FakeServer {
    fn new(storm_at: Option<Duration>, failures: usize) -> FakeServer {
        FakeServer {
            start: Instant::now(),
            storm_at,
            state: Mutex::new(ServerState {
                failures_left: failures,
                ..ServerState::default()
            }),
        }
    }

    /// `Ok(())` for 200, `Err((status, Retry-After))` otherwise.
    async fn handle(&self) -> Result<(), (u16, Option<String>)> {
        let answer = {
            let mut state = self.state.lock().unwrap();
            let now = Instant::now() - self.start;
            state.arrivals.push(now);
            state.in_flight += 1;
            state.max_in_flight = state.max_in_flight.max(state.in_flight);
            if self.storm_at.is_some_and(|at| now >= at) && state.blocked_until.is_none() {
                state.blocked_until = Some(now + Duration::from_secs(5));
            }
            if let Some(until) = state.blocked_until.filter(|until| now < *until) {
                state.rejected += 1;
                let left = (until - now).as_secs_f64().ceil() as u64;
                Err((429, Some(left.to_string())))
            } else if state.failures_left > 0 {
                state.failures_left -= 1;
                Err((503, None))
            } else {
                Ok(())
            }
        };
        sleep(ms(10)).await;
        self.state.lock().unwrap().in_flight -= 1;
        answer
    }
}

/// What the Client does with the seam: acquire, send, release after the body; on a 429 set
/// the cool-down; ask the call's `Retries` what next.
async fn call(
    limits: &Limits,
    server: &FakeServer,
    kind: crate::OperationKind,
    seed: u64,
) -> Result<u32, GiveUp> {
    let mut retries = RetryPolicy::default().start_with_jitter(kind, false, Jitter::seeded(seed));
    loop {
        let permit = limits.acquire("Op").await.expect("no quota here");
        let answer = server.handle().await;
        drop(permit);
        let (status, retry_after) = match answer {
            Ok(()) => return Ok(retries.attempts() + 1),
            Err(failure) => failure,
        };
        let wait = retry_after
            .and_then(|value| parse_retry_after(&value, std::time::SystemTime::now()))
            .unwrap_or(DEFAULT_RETRY_AFTER);
        if status == 429 {
            limits.cool_down(wait);
        }
        match retries.next(Failure::from_status(status, Some(wait))) {
            Decision::Retry { delay } => sleep(delay).await,
            Decision::GiveUp(why) => return Err(why),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_429_storm_pauses_every_caller_and_every_call_succeeds_after() {
    let limits = exact()
        .rate(Rate::per_second(10))
        .max_in_flight(4)
        .build()
        .unwrap();
    let server = Arc::new(FakeServer::new(Some(ms(1_000)), 0));
    let mut set = JoinSet::new();
    for task in 0..8u64 {
        let (limits, server) = (limits.clone(), Arc::clone(&server));
        set.spawn(async move {
            let mut attempts = Vec::new();
            for n in 0..5 {
                let outcome = call(&limits, &server, crate::OperationKind::Query, task * 10 + n);
                attempts.push(outcome.await.expect("every call ends in Ok"));
            }
            attempts
        });
    }
    let mut attempts = Vec::new();
    while let Some(joined) = set.join_next().await {
        attempts.extend(joined.unwrap());
    }
    let state = server.state.lock().unwrap();
    // 40 calls, all Ok; the one sent at 1.0 s was answered 429 and sent again.
    assert_eq!(attempts.len(), 40);
    assert_eq!(attempts.iter().filter(|a| **a == 2).count(), 1);
    assert_eq!(state.rejected, 1);
    assert_eq!(state.arrivals.len(), 41);
    assert_eq!(state.max_in_flight, 1); // 10 ms each at 10/s: never two at once
                                        // The 429 came back at 1.01 s: nothing was sent during the 5 s that followed...
    let (from, to) = (ms(1_010), ms(6_010));
    assert!(!state.arrivals.iter().any(|t| (from..to).contains(t)));
    // ...then the callers came back one interval apart.
    let after: Vec<Duration> = state
        .arrivals
        .iter()
        .copied()
        .filter(|t| *t >= to)
        .collect();
    assert_eq!(after[0], to);
    assert!(
        after.windows(2).all(|w| w[1] - w[0] == ms(100)),
        "{after:?}"
    );
    assert_eq!(after.len(), 30);
}

#[tokio::test(start_paused = true)]
async fn a_503_is_retried_for_a_query_and_never_for_a_mutation() {
    let limits = Limits::unlimited();
    let server = FakeServer::new(None, 2);
    // Two 503s, then 200: the third attempt succeeds, after backoff delays within their
    // ceilings (100 ms, then 200 ms).
    let start = Instant::now();
    assert_eq!(
        call(&limits, &server, crate::OperationKind::Query, 1).await,
        Ok(3)
    );
    assert!(Instant::now() - start <= ms(30 + 100 + 200));
    // A mutation is sent once: it may have been applied.
    let server = FakeServer::new(None, 1);
    assert_eq!(
        call(&limits, &server, crate::OperationKind::Mutation, 1).await,
        Err(GiveUp::NotIdempotent)
    );
    assert_eq!(server.state.lock().unwrap().arrivals.len(), 1);
}
