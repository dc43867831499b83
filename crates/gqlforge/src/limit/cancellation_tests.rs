//! Cancelled callers, on tokio's paused clock: a caller dropped while it
//! waits for a booked slot gives the slot back, so the schedule stays near real time and
//! the budget goes to the callers still waiting; the window log keeps every window within
//! the rate whatever is given back.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{sleep, timeout, Instant};

use super::tests::max_in_window;
use super::*;

const SECOND: Duration = Duration::from_secs(1);

/// The numbers: at 10/s, 32 tasks whose every call has a 1-s timeout got 10 calls
/// through in 30 s, and a caller arriving after the load waited 66 s: every timed-out caller
/// had moved the schedule on by a slot nobody used.
#[tokio::test(start_paused = true)]
async fn callers_that_time_out_give_their_slots_back() {
    let limits = Limits::builder()
        .window_margin(Duration::ZERO)
        .rate(Rate::per_second(10))
        .build()
        .unwrap();
    let start = Instant::now();
    let end = start + Duration::from_secs(30);
    let grants = Arc::new(Mutex::new(Vec::new()));
    let mut set = JoinSet::new();
    for _ in 0..32 {
        let (limits, grants) = (limits.clone(), Arc::clone(&grants));
        set.spawn(async move {
            while Instant::now() < end {
                if let Ok(permit) = timeout(SECOND, limits.acquire("Op")).await {
                    let permit = permit.unwrap();
                    grants.lock().unwrap().push(Instant::now() - start);
                    drop(permit);
                }
            }
        });
    }
    while let Some(joined) = set.join_next().await {
        joined.unwrap();
    }
    let mut grants = grants.lock().unwrap().clone();
    grants.sort();
    assert!(max_in_window(&grants, SECOND) <= 10);
    // 300 slots in 30 s (the last calls end past `end`): every one used.
    assert!(grants.len() >= 299, "{} grants", grants.len());
    // The schedule is where real time is: a caller after the load waits at most a period.
    assert!(limits.client_schedule_ahead() <= Some(SECOND));
    let asked = Instant::now();
    let _permit = limits.acquire("Op").await.unwrap();
    assert!(Instant::now() - asked <= SECOND);
}

/// One random load: `tasks` callers, each call cancelled by a timeout of up to a period
/// (zero included: cancelled at its first `.await`) or granted and held a little while,
/// under a client rate, an operation rate and an in-flight cap in some runs.
///
/// The schedule may run ahead of now by the slots of the callers waiting (each holds one),
/// plus a period (a full window log): a monitor checks that, every few milliseconds, for
/// both rates; and once the load is over and no one waits, that it is within a period of
/// now. Before slots were given back, every timed-out caller left its slot booked and the
/// schedule ran away (tens of seconds ahead with no one waiting).
async fn cancelled_at_random(seed: u64) {
    let mut random = Jitter::seeded(seed);
    let count = 1 + random.below_or_equal(30) as u32;
    let period = Duration::from_millis(100 + random.below_or_equal(1_900));
    let rate = Rate::new(count, period);
    let operation_rate = Rate::new(1 + random.below_or_equal(20) as u32, period * 2);
    let with_operation_rate = random.below_or_equal(1) == 1;
    let max_in_flight = random.below_or_equal(4) as usize; // 0: no cap
    let tasks = 1 + random.below_or_equal(40) as usize;
    let mut builder = Limits::builder().window_margin(Duration::ZERO).rate(rate);
    if with_operation_rate {
        builder = builder.operation_rate("Op", operation_rate);
    }
    if max_in_flight > 0 {
        builder = builder.max_in_flight(max_in_flight);
    }
    let limits = builder.build().unwrap();
    let start = Instant::now();
    let end = start + period * 20;
    let grants = Arc::new(Mutex::new(Vec::new()));
    let waiting = Arc::new(AtomicUsize::new(0));
    let mut set = JoinSet::new();
    for task in 0..tasks {
        let (limits, grants) = (limits.clone(), Arc::clone(&grants));
        let waiting = Arc::clone(&waiting);
        let mut random = Jitter::seeded(seed.wrapping_mul(1_000).wrapping_add(task as u64));
        set.spawn(async move {
            while Instant::now() < end {
                let patience =
                    Duration::from_micros(random.below_or_equal(period.as_micros() as u64));
                waiting.fetch_add(1, Ordering::SeqCst);
                let granted = timeout(patience, limits.acquire("Op")).await;
                waiting.fetch_sub(1, Ordering::SeqCst);
                if let Ok(permit) = granted {
                    let permit = permit.unwrap();
                    grants.lock().unwrap().push(Instant::now() - start);
                    sleep(Duration::from_micros(random.below_or_equal(20_000))).await;
                    drop(permit);
                }
                sleep(Duration::from_micros(random.below_or_equal(5_000))).await;
            }
        });
    }
    // How far ahead a schedule may be with `waiting` callers holding slots of `interval`.
    let allowed = move |waiting: usize, interval: Duration, period: Duration| {
        period + interval * (waiting as u32 + 1)
    };
    let monitor = {
        let limits = limits.clone();
        let waiting = Arc::clone(&waiting);
        tokio::spawn(async move {
            while Instant::now() < end {
                let waiting = waiting.load(Ordering::SeqCst);
                let ahead = limits.client_schedule_ahead().unwrap_or_default();
                assert!(
                    ahead <= allowed(waiting, rate.interval(), period),
                    "seed {seed}: {rate}, {waiting} waiting: the client's schedule is \
                     {ahead:?} ahead"
                );
                if with_operation_rate {
                    let ahead = limits.operation_schedule_ahead("Op").unwrap_or_default();
                    assert!(
                        ahead <= allowed(waiting, operation_rate.interval(), period * 2),
                        "seed {seed}: {operation_rate}, {waiting} waiting: the operation's \
                         schedule is {ahead:?} ahead"
                    );
                }
                sleep(Duration::from_millis(3)).await;
            }
        })
    };
    while let Some(joined) = set.join_next().await {
        joined.unwrap();
    }
    monitor.await.unwrap();
    let ahead = limits.client_schedule_ahead().unwrap_or_default();
    assert!(
        ahead <= allowed(0, rate.interval(), period),
        "seed {seed}: {ahead:?}"
    );
    if with_operation_rate {
        let ahead = limits.operation_schedule_ahead("Op").unwrap_or_default();
        let most = allowed(0, operation_rate.interval(), period * 2);
        assert!(ahead <= most, "seed {seed}: {ahead:?}");
    }
    let mut grants = grants.lock().unwrap().clone();
    grants.sort();
    assert!(
        max_in_window(&grants, period) <= count as usize,
        "seed {seed}: {rate}: {} in one window",
        max_in_window(&grants, period)
    );
    if with_operation_rate {
        let most = max_in_window(&grants, operation_rate.period());
        assert!(most <= operation_rate.count() as usize, "seed {seed}");
    }
}

#[tokio::test(start_paused = true)]
async fn cancelled_callers_never_overfill_a_window_nor_push_the_schedule_ahead() {
    for seed in 0..60 {
        cancelled_at_random(seed).await;
    }
}
