//! `RedisLimits` against a real `redis-server` (see `redis_support`): several instances, each
//! with its own client and connection as separate processes would have, share one namespace.
//!
//! The clock is real here (the budget lives in another process), so assertions count grants
//! and leases; the few durations asserted are lower bounds or generous upper bounds.

mod redis_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gqlforge::limit::{LimitError, Limiter, OnUnreachable, Rate, RedisLimits};
use rand::Rng;
use redis_support::{Persistence, RedisServer};

/// The grants are recorded when `acquire` returns, on a machine whose two cores run other
/// tests and builds meanwhile: a task can be stalled for tens of milliseconds between its
/// grant in Redis and that instant. The window log's margin is what absorbs such delays
/// (see `RedisLimits`' docs), so the tests give it more than the default 20 ms.
const TEST_WINDOW_MARGIN: Duration = Duration::from_millis(50);

fn limits(server: &RedisServer, namespace: &str) -> gqlforge::limit::RedisLimitsBuilder {
    RedisLimits::builder(server.url()).namespace(namespace)
}

/// `n` instances (as `n` processes would have) sharing `rate` in `namespace`, with the
/// tests' window margin.
fn rate_instances(server: &RedisServer, namespace: &str, rate: Rate, n: usize) -> Vec<RedisLimits> {
    (0..n)
        .map(|_| {
            limits(server, namespace)
                .rate(rate)
                .window_margin(TEST_WINDOW_MARGIN)
                .build()
                .expect("valid")
        })
        .collect()
}

fn key(namespace: &str, name: &str) -> String {
    format!("gqlforge:{{{namespace}}}:{name}")
}

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

fn zcard(connection: &mut redis::Connection, key: &str) -> usize {
    redis::cmd("ZCARD")
        .arg(key)
        .query(connection)
        .expect("the test server answers ZCARD")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_sharing_a_namespace_never_exceed_the_rate_in_any_second() {
    let Some(server) = RedisServer::start("rate") else {
        return;
    };
    let rate = Rate::per_second(50);
    let run_for = Duration::from_secs(3);
    let instances = rate_instances(&server, "rate", rate, 3);
    let start = Instant::now();
    let grants = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for instance in &instances {
        for _ in 0..8 {
            let instance = instance.clone();
            let grants = Arc::clone(&grants);
            tasks.push(tokio::spawn(async move {
                loop {
                    let permit = instance.acquire("Op").await.expect("Redis answers");
                    let at = start.elapsed();
                    if at >= run_for {
                        return;
                    }
                    grants.lock().unwrap().push(at);
                    drop(permit);
                }
            }));
        }
    }
    for task in tasks {
        task.await.expect("no task panics");
    }
    let mut grants = grants.lock().unwrap().clone();
    grants.sort();
    let max = max_in_window(&grants, Duration::from_secs(1));
    let budget = 50 * 3;
    // The share of the budget used is a benchmark figure (printed), not checked: on the real
    // clock it depends on how busy the machine is.
    eprintln!(
        "rate: {} grants in 3 s at 50/s over 3 instances × 8 tasks ({:.1}% of {budget}); \
         at most {max} in any 1-s window",
        grants.len(),
        grants.len() as f64 * 100.0 / f64::from(budget)
    );
    assert!(max <= 50, "{max} grants in one 1-s window");
}

/// How far the shared schedule (the TAT) is ahead of the scripts' timeline, once the give-backs of
/// cancelled callers (tasks spawned on drop) have landed: polled until it is within `most`,
/// for at most 5 s (a generous bound: they land within milliseconds).
async fn schedule_ahead_settles(server: &RedisServer, namespace: &str, most: Duration) -> Duration {
    let mut connection = server.client().get_connection().expect("connects");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let tat: Option<u64> = redis::cmd("GET")
            .arg(key(namespace, "tat"))
            .query(&mut connection)
            .expect("answers GET");
        let (secs, micros): (u64, u64) = redis::cmd("TIME")
            .query(&mut connection)
            .expect("answers TIME");
        // The TAT is an instant of the scripts' timeline: Redis's clock plus the offset of
        // the backwards steps it made (none here, but read it all the same).
        let offset: Option<i64> = redis::cmd("HGET")
            .arg(key(namespace, "clock"))
            .arg("offset")
            .query(&mut connection)
            .expect("answers HGET");
        let now = (secs * 1_000_000 + micros).saturating_add_signed(offset.unwrap_or(0));
        let ahead = Duration::from_micros(tat.unwrap_or(0).saturating_sub(now));
        if ahead <= most || Instant::now() >= deadline {
            return ahead;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// On Redis: at 10/s, callers whose every call times out after 1 s left
/// their booked slots behind, so the shared schedule ran 22 s ahead and few calls got
/// through. Now a cancelled caller's slot is given back and taken by the next caller of
/// any instance.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_that_time_out_give_their_slots_back_to_every_instance() {
    let Some(server) = RedisServer::start("give_back") else {
        return;
    };
    let ns = "give_back";
    let rate = Rate::per_second(10);
    let run_for = Duration::from_secs(4);
    let instances = rate_instances(&server, ns, rate, 2);
    let start = Instant::now();
    let grants = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for instance in &instances {
        for _ in 0..16 {
            let instance = instance.clone();
            let grants = Arc::clone(&grants);
            tasks.push(tokio::spawn(async move {
                while start.elapsed() < run_for {
                    let call = instance.acquire("Op");
                    if let Ok(permit) = tokio::time::timeout(Duration::from_secs(1), call).await {
                        let permit = permit.expect("Redis answers");
                        grants.lock().unwrap().push(start.elapsed());
                        drop(permit);
                    }
                }
            }));
        }
    }
    for task in tasks {
        task.await.expect("no task panics");
    }
    let mut grants = grants.lock().unwrap().clone();
    grants.sort();
    let ahead = schedule_ahead_settles(&server, ns, Duration::from_secs(1)).await;
    eprintln!(
        "give-back: {} grants in 4 s at 10/s, 32 callers with 1-s timeouts; schedule {ahead:?} \
         ahead after",
        grants.len()
    );
    assert!(max_in_window(&grants, Duration::from_secs(1)) <= 10);
    // Before slots were given back: 10 grants (the first second's), the schedule 3.9 s
    // ahead after. The count is printed, not checked: it depends on how busy the machine is.
    assert!(ahead <= Duration::from_secs(1), "{ahead:?} ahead");
}

/// The cancellation property on Redis: callers of three instances, each call cancelled by a
/// random timeout of up to a period (zero included) or granted and held a little, never put
/// more than the rate in a window and leave the shared schedule within a period of now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_cancelled_at_random_never_overfill_a_window_nor_push_the_schedule_ahead() {
    let Some(server) = RedisServer::start("cancelled") else {
        return;
    };
    for (case, (count, period_ms)) in [(20u32, 500u64), (7, 300), (40, 1_000)]
        .into_iter()
        .enumerate()
    {
        let ns = format!("cancelled{case}");
        let rate = Rate::new(count, Duration::from_millis(period_ms));
        let period = rate.period();
        let run_for = period * 6;
        let instances: Vec<RedisLimits> = (0..3)
            .map(|_| {
                limits(&server, &ns)
                    .rate(rate)
                    .max_in_flight(if case == 1 { 2 } else { 8 })
                    .window_margin(TEST_WINDOW_MARGIN)
                    .build()
                    .expect("valid")
            })
            .collect();
        let start = Instant::now();
        let grants = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (i, instance) in instances.iter().enumerate() {
            for task in 0..10u64 {
                let instance = instance.clone();
                let grants = Arc::clone(&grants);
                let mut random = <rand::rngs::SmallRng as rand::SeedableRng>::seed_from_u64(
                    case as u64 * 100 + i as u64 * 10 + task,
                );
                tasks.push(tokio::spawn(async move {
                    while start.elapsed() < run_for {
                        let patience =
                            Duration::from_micros(random.gen_range(0..=period.as_micros() as u64));
                        let call = instance.acquire("Op");
                        if let Ok(permit) = tokio::time::timeout(patience, call).await {
                            let permit = permit.expect("Redis answers");
                            grants.lock().unwrap().push(start.elapsed());
                            tokio::time::sleep(Duration::from_micros(random.gen_range(0..=5_000)))
                                .await;
                            drop(permit);
                        }
                    }
                }));
            }
        }
        for task in tasks {
            task.await.expect("no task panics");
        }
        let mut grants = grants.lock().unwrap().clone();
        grants.sort();
        let most = max_in_window(&grants, period);
        let ahead = schedule_ahead_settles(&server, &ns, period).await;
        eprintln!(
            "cancelled at random: {rate}: {} grants in {run_for:?}, at most {most} in a window; \
             schedule {ahead:?} ahead after",
            grants.len()
        );
        assert!(most <= count as usize, "{rate}: {most} in one window");
        assert!(ahead <= period, "{rate}: {ahead:?} ahead");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_more_leases_or_holders_than_the_cap_across_instances() {
    let Some(server) = RedisServer::start("concurrency") else {
        return;
    };
    let ns = "concurrency";
    let instances: Vec<RedisLimits> = (0..3)
        .map(|_| limits(&server, ns).max_in_flight(4).build().expect("valid"))
        .collect();
    let holders = Arc::new(AtomicUsize::new(0));
    let max_holders = Arc::new(AtomicUsize::new(0));
    let completed = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut tasks = Vec::new();
    for instance in &instances {
        for _ in 0..8 {
            let instance = instance.clone();
            let (holders, max_holders, completed) = (
                Arc::clone(&holders),
                Arc::clone(&max_holders),
                Arc::clone(&completed),
            );
            tasks.push(tokio::spawn(async move {
                while Instant::now() < deadline {
                    let permit = instance.acquire("Op").await.expect("Redis answers");
                    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                    max_holders.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    holders.fetch_sub(1, Ordering::SeqCst);
                    drop(permit);
                    completed.fetch_add(1, Ordering::SeqCst);
                }
            }));
        }
    }
    // Meanwhile, what Redis holds.
    let leases_key = key(ns, "leases");
    let poller = tokio::task::spawn_blocking(move || {
        let mut connection = server.client().get_connection().expect("connects");
        let mut max_leases = 0;
        let mut polls = 0;
        while Instant::now() < deadline {
            max_leases = max_leases.max(zcard(&mut connection, &leases_key));
            polls += 1;
            std::thread::sleep(Duration::from_millis(2));
        }
        (max_leases, polls, server)
    });
    for task in tasks {
        task.await.expect("no task panics");
    }
    let (max_leases, polls, _server) = poller.await.expect("the poller does not panic");
    let completed = completed.load(Ordering::SeqCst);
    let max_holders = max_holders.load(Ordering::SeqCst);
    eprintln!(
        "concurrency: {completed} requests of 20 ms in 2 s (cap 4: at most ~400); at most \
         {max_holders} holders, {max_leases} leases in Redis over {polls} polls"
    );
    assert_eq!(max_holders, 4, "the cap is reached, never passed");
    assert!(max_leases <= 4, "{max_leases} leases in Redis");
    assert!(max_leases >= 1);
    // How many went through is printed, not checked: on the real clock it depends on how busy
    // the machine is.
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_holders_lease_expires_and_its_slot_is_taken_again() {
    let Some(server) = RedisServer::start("crash") else {
        return;
    };
    let ns = "crash";
    let lease_time = Duration::from_millis(800);
    let url = server.url();
    // The "crashed process": its own runtime, which takes the only slot, forgets the permit
    // (so nothing releases it) and shuts down (so nothing renews it).
    let crashed = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let limits = RedisLimits::builder(url)
                .namespace(ns)
                .max_in_flight(1)
                .lease_time(lease_time)
                .build()
                .expect("valid");
            let permit = limits.acquire("Op").await.expect("Redis answers");
            std::mem::forget(permit);
        });
        drop(runtime);
    });
    crashed.join().expect("the crashed holder's thread ends");
    let taken = Instant::now();
    let mut connection = server.client().get_connection().expect("connects");
    assert_eq!(zcard(&mut connection, &key(ns, "leases")), 1);

    let survivor = limits(&server, ns)
        .max_in_flight(1)
        .lease_time(lease_time)
        .build()
        .expect("valid");
    let permit = tokio::time::timeout(lease_time * 10, survivor.acquire("Op"))
        .await
        .expect("the slot frees itself after the lease time")
        .expect("Redis answers");
    let waited = taken.elapsed();
    eprintln!("crash: the forgotten lease ({lease_time:?}) was free again after {waited:?}");
    assert!(
        waited >= lease_time / 2,
        "the slot was free at once ({waited:?}): the lease did not hold it"
    );
    assert_eq!(
        zcard(&mut connection, &key(ns, "leases")),
        1,
        "the survivor's"
    );
    drop(permit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_held_permit_is_renewed_past_its_lease_time_and_never_stolen() {
    let Some(server) = RedisServer::start("renew") else {
        return;
    };
    let ns = "renew";
    let lease_time = Duration::from_millis(300);
    let build = || {
        limits(&server, ns)
            .max_in_flight(1)
            .lease_time(lease_time)
            .build()
            .expect("valid")
    };
    let (holder, other) = (build(), build());
    let permit = holder.acquire("Op").await.expect("Redis answers");
    // Held for 6 lease times: the other instance asks all along and never gets the slot.
    let stolen = tokio::time::timeout(lease_time * 6, other.acquire("Op")).await;
    assert!(stolen.is_err(), "the lease was taken over while held");
    let mut connection = server.client().get_connection().expect("connects");
    assert_eq!(zcard(&mut connection, &key(ns, "leases")), 1);
    drop(permit);
    let next = tokio::time::timeout(Duration::from_secs(5), other.acquire("Op"))
        .await
        .expect("released on drop")
        .expect("Redis answers");
    drop(next);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cool_down_set_by_one_instance_pauses_the_others() {
    let Some(server) = RedisServer::start("cool_down") else {
        return;
    };
    let ns = "cool_down";
    let build = || -> Arc<dyn Limiter> {
        Arc::new(
            limits(&server, ns)
                .rate(Rate::per_second(50))
                .max_in_flight(4)
                .build()
                .expect("valid"),
        )
    };
    let (a, b, c) = (build(), build(), build());
    assert_eq!(b.cool_down_remaining().await, None);
    a.cool_down(Duration::from_millis(1_500)).await;
    let left = b.cool_down_remaining().await.expect("b sees a's cool-down");
    assert!(
        left > Duration::from_millis(1_000) && left <= Duration::from_millis(1_500),
        "{left:?}"
    );
    // A shorter one does not cut it short.
    c.cool_down(Duration::from_millis(100)).await;
    assert!(c.cool_down_remaining().await.expect("in force") > Duration::from_millis(900));
    let started = Instant::now();
    let (pb, pc) = tokio::join!(b.acquire("Op"), c.acquire("Op"));
    let waited = started.elapsed();
    let mut connection = server.client().get_connection().expect("connects");
    let exists: i64 = redis::cmd("EXISTS")
        .arg(key(ns, "cool_down"))
        .query(&mut connection)
        .expect("answers");
    eprintln!("cool-down: the others were granted {waited:?} after a 1.5-s cool-down began");
    assert_eq!(exists, 0, "granted only once the cool-down key is gone");
    assert!(waited >= Duration::from_millis(1_000), "{waited:?}");
    drop((pb.expect("granted"), pc.expect("granted")));
    assert_eq!(b.cool_down_remaining().await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_closed_errors_at_once_naming_the_url_when_redis_stops() {
    let Some(mut server) = RedisServer::start("fail_closed") else {
        return;
    };
    let limits = limits(&server, "fail_closed")
        .rate(Rate::per_second(50))
        .max_in_flight(4)
        .build()
        .expect("valid");
    drop(limits.acquire("Op").await.expect("Redis answers"));
    limits.check_reachable().await.expect("reachable");
    let url = server.url();
    server.stop();
    for attempt in 0..3 {
        let started = Instant::now();
        let error = tokio::time::timeout(Duration::from_secs(5), limits.acquire("Op"))
            .await
            .expect("fails promptly, never hangs")
            .expect_err("fails closed");
        let message = error.to_string();
        eprintln!(
            "fail closed, attempt {attempt}, after {:?}: {message}",
            started.elapsed()
        );
        let LimitError::BackendUnreachable { url: shown, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(format!("{shown}/"), url);
        assert!(
            message.starts_with(&format!(
                "cannot reach Redis at {shown}, which holds the limits shared by every process: "
            )),
            "{message}"
        );
        assert!(
            message.contains("OnUnreachable::FallBackToLocal"),
            "{message}"
        );
    }
    assert!(limits.check_reachable().await.is_err());

    // Through the client: the same refusal, as its error, and nothing sent.
    let client = gqlforge::Client::builder("http://127.0.0.1:9/graphql")
        .limits(limits)
        .build()
        .expect("the client builds");
    let error = client
        .execute_unauthenticated::<Ping>(NoVariables {})
        .await
        .expect_err("fails closed");
    assert!(
        matches!(
            error,
            gqlforge::Error::Limiter(LimitError::BackendUnreachable { .. })
        ),
        "{error:?}"
    );
}

/// `query Ping { ping }`, for the client above (it is never sent).
struct Ping;

#[derive(serde::Serialize)]
struct NoVariables {}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct PingData {
    ping: Option<bool>,
}

impl gqlforge::Operation for Ping {
    const NAME: &'static str = "Ping";
    const OPERATION_NAME: Option<&'static str> = Some("Ping");
    const KIND: gqlforge::OperationKind = gqlforge::OperationKind::Query;
    const QUERY: &'static str = "query Ping { ping }";
    type Variables = NoVariables;
    type Data = PingData;
}

/// Counts `WARN` events of the thread it is the default of.
struct WarnCounter(Arc<AtomicUsize>);

impl tracing::Subscriber for WarnCounter {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if *event.metadata().level() == tracing::Level::WARN {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

// One thread, so that every event (the spawned lease tasks' too) reaches the counter.
#[tokio::test(flavor = "current_thread")]
async fn fall_back_to_local_keeps_granting_and_warns_once_per_outage() {
    let Some(mut server) = RedisServer::start("fallback") else {
        return;
    };
    let warnings = Arc::new(AtomicUsize::new(0));
    let _counting = tracing::subscriber::set_default(WarnCounter(Arc::clone(&warnings)));
    let limits = limits(&server, "fallback")
        .rate(Rate::per_second(50))
        .max_in_flight(4)
        .on_unreachable(OnUnreachable::FallBackToLocal)
        // Probe Redis again every 100 ms: the outage below spans several probes.
        .timeouts(
            Duration::from_secs(1),
            Duration::from_secs(1),
            Duration::from_millis(100),
        )
        .build()
        .expect("valid");
    drop(limits.acquire("Op").await.expect("Redis answers"));
    server.stop();
    let started = Instant::now();
    let mut granted = 0;
    for _ in 0..40 {
        let permit = tokio::time::timeout(Duration::from_secs(5), limits.acquire("Op"))
            .await
            .expect("never hangs")
            .expect("falls back to local limits");
        granted += 1;
        drop(permit);
    }
    let elapsed = started.elapsed();
    eprintln!(
        "fallback: {granted} local grants in {elapsed:?} with Redis down, {} warning(s)",
        warnings.load(Ordering::SeqCst)
    );
    assert_eq!(granted, 40);
    // 40 at 50/s take 780 ms: several probes of Redis failed, one warning.
    assert!(elapsed >= Duration::from_millis(700), "{elapsed:?}");
    assert_eq!(warnings.load(Ordering::SeqCst), 1);

    // Redis is back: after the next probe, grants are shared (booked in Redis) again.
    server.restart();
    tokio::time::sleep(Duration::from_millis(150)).await;
    for _ in 0..3 {
        drop(limits.acquire("Op").await.expect("granted"));
    }
    let mut connection = server.client().get_connection().expect("connects");
    let booked: i64 = redis::cmd("EXISTS")
        .arg(key("fallback", "tat"))
        .query(&mut connection)
        .expect("answers");
    assert_eq!(booked, 1, "back on the shared budget");
    assert_eq!(warnings.load(Ordering::SeqCst), 1);
}

const WORKER_ENV: &str = "GQLFORGE_REDIS_WORKER";

fn unix_micros() -> u64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is past 1970");
    u64::try_from(since.as_micros()).expect("fits")
}

/// Not a test on its own: the body of each OS process of
/// `os_processes_share_one_budget_and_a_killed_ones_leases_expire`, which re-runs this binary
/// with `WORKER_ENV` = "URL NAMESPACE START_µs END_µs MODE". Prints `GRANT <unix µs>` per
/// grant. In MODE `hang`, the first task keeps its first permit (a request that never ends:
/// the process is killed with it in flight).
#[test]
fn worker_process() {
    let Ok(spec) = std::env::var(WORKER_ENV) else {
        return;
    };
    let parts: Vec<&str> = spec.split(' ').collect();
    let [url, ns, start, end, mode] = parts[..] else {
        panic!("{WORKER_ENV} is `{spec}`")
    };
    let (start, end): (u64, u64) = (start.parse().expect("µs"), end.parse().expect("µs"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let limits = RedisLimits::builder(url)
            .namespace(ns)
            .rate(Rate::per_second(50))
            .window_margin(TEST_WINDOW_MARGIN)
            .max_in_flight(4)
            .lease_time(Duration::from_secs(1))
            .build()
            .expect("valid");
        tokio::time::sleep(Duration::from_micros(start.saturating_sub(unix_micros()))).await;
        let hang = mode == "hang";
        let tasks: Vec<_> = (0..8)
            .map(|task| {
                let limits = limits.clone();
                tokio::spawn(async move {
                    while unix_micros() < end {
                        let permit = limits.acquire("Op").await.expect("Redis answers");
                        println!("GRANT {}", unix_micros());
                        if hang && task == 0 {
                            std::future::pending::<()>().await;
                        }
                        // The request in flight.
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        drop(permit);
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("no task panics");
        }
    });
}

#[test]
fn os_processes_share_one_budget_and_a_killed_ones_leases_expire() {
    use std::io::BufRead;
    let Some(server) = RedisServer::start("processes") else {
        return;
    };
    let ns = "processes";
    let start = unix_micros() + 1_500_000; // time for the processes to start
    let end = start + 4_000_000;
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut children = Vec::new();
    let mut readers = Vec::new();
    for worker in 0..4 {
        let mode = if worker == 0 { "hang" } else { "normal" };
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "worker_process",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(
                WORKER_ENV,
                format!("{} {ns} {start} {end} {mode}", server.url()),
            )
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("the test binary runs again");
        let stdout = child.stdout.take().expect("piped");
        readers.push(std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| line.strip_prefix("GRANT ")?.parse::<u64>().ok())
                .collect::<Vec<u64>>()
        }));
        children.push(child);
    }
    // One process is killed 1.5 s in, with a request (a lease) in flight: the one that never
    // ends (renewed until the kill).
    let kill_at = start + 1_500_000;
    std::thread::sleep(Duration::from_micros(kill_at.saturating_sub(unix_micros())));
    let killed_pid = children[0].id();
    // Its leases (ids begin with its pid) expire within the lease time.
    let mut connection = server.client().get_connection().expect("connects");
    let held_by_killed = |connection: &mut redis::Connection| -> usize {
        let leases: Vec<String> = redis::cmd("ZRANGE")
            .arg(key(ns, "leases"))
            .arg(0)
            .arg(-1)
            .query(connection)
            .expect("answers");
        let prefix = format!("{killed_pid}-");
        leases.iter().filter(|id| id.starts_with(&prefix)).count()
    };
    children[0].kill().expect("SIGKILL");
    let _ = children[0].wait();
    let at_kill = held_by_killed(&mut connection);
    let mut freed_after = None;
    for poll in 0..300 {
        if held_by_killed(&mut connection) == 0 {
            freed_after = Some(Duration::from_millis(10 * poll));
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    for child in &mut children[1..] {
        let status = child.wait().expect("the worker ends");
        assert!(status.success(), "a worker failed: {status}");
    }
    let per_process: Vec<Vec<u64>> = readers
        .into_iter()
        .map(|r| r.join().expect("the reader ends"))
        .collect();
    let mut grants: Vec<Duration> = per_process
        .iter()
        .flatten()
        .filter(|&&t| t >= start && t < end)
        .map(|&t| Duration::from_micros(t - start))
        .collect();
    grants.sort();
    let max = max_in_window(&grants, Duration::from_secs(1));
    let last_second = grants
        .iter()
        .filter(|&&t| t >= Duration::from_secs(3))
        .count();
    eprintln!(
        "processes: 4 OS processes × 8 tasks, 50/s, 4 in flight: {} grants in 4 s (per process \
         {:?}); at most {max} in any 1-s window; the killed one held {at_kill} lease(s), gone \
         after {freed_after:?}; {last_second} grants in the last second",
        grants.len(),
        per_process.iter().map(Vec::len).collect::<Vec<_>>(),
    );
    assert!(max <= 50, "{max} grants in one 1-s window");
    assert!(!per_process[0].is_empty(), "the killed process took part");
    // First come, first served across processes: each survivor gets a fair part.
    for (i, grants_of) in per_process.iter().enumerate().skip(1) {
        assert!(
            grants_of.len() * 100 >= grants.len() * 20,
            "process {i} got {} of {}",
            grants_of.len(),
            grants.len()
        );
    }
    assert!(
        freed_after.is_some(),
        "the killed process's leases never expired"
    );
    // After its leases expired, the other three go on (how much of the budget they use is
    // printed, not checked: on the real clock it depends on how busy the machine is).
    assert!(last_second > 0, "no grants in the last second");
}

/// `query Viewer { viewer }`, to send through Clients whose tokens are shared.
struct Viewer;

impl gqlforge::Operation for Viewer {
    const NAME: &'static str = "Viewer";
    const OPERATION_NAME: Option<&'static str> = Some("Viewer");
    const KIND: gqlforge::OperationKind = gqlforge::OperationKind::Query;
    const QUERY: &'static str = "query Viewer { viewer }";
    type Variables = serde_json::Value;
    type Data = serde_json::Value;
}

/// An API on 127.0.0.1 answering `{"data": {"viewer": 1}}` to a bearer token `accept`s, `401`
/// to any other, and recording the bearer tokens it was sent. One request per connection.
async fn api(
    accept: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/graphql", listener.local_addr().unwrap());
    let bearers = Arc::new(Mutex::new(Vec::new()));
    let (accept, seen) = (Arc::new(accept), Arc::clone(&bearers));
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (accept, seen) = (Arc::clone(&accept), Arc::clone(&seen));
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                // The headers, then as much body as they declare.
                let body_start = loop {
                    let Ok(n @ 1..) = stream.read(&mut buffer).await else {
                        return;
                    };
                    request.extend_from_slice(&buffer[..n]);
                    if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at + 4;
                    }
                };
                let head = String::from_utf8_lossy(&request[..body_start]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                while request.len() < body_start + length {
                    let Ok(n @ 1..) = stream.read(&mut buffer).await else {
                        return;
                    };
                    request.extend_from_slice(&buffer[..n]);
                }
                let head = String::from_utf8_lossy(&request[..body_start]).into_owned();
                let bearer = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .starts_with("authorization: bearer ")
                            .then(|| l["authorization: bearer ".len()..].trim().to_string())
                    })
                    .unwrap_or_default();
                seen.lock().unwrap().push(bearer.clone());
                let (status, body) = if accept(&bearer) {
                    ("200 OK", r#"{"data":{"viewer":1}}"#)
                } else {
                    (
                        "401 Unauthorized",
                        r#"{"errors":[{"message":"invalid token"}]}"#,
                    )
                };
                let answer = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (url, bearers)
}

/// A login that takes `delay` (everyone else asks meanwhile) and hands out `token-1`,
/// `token-2`, ... valid an hour, or rejects the credentials.
#[derive(Clone)]
struct Login {
    logins: Arc<AtomicUsize>,
    delay: Duration,
    reject: bool,
}

impl Login {
    fn new(delay: Duration) -> Login {
        Login {
            logins: Arc::new(AtomicUsize::new(0)),
            delay,
            reject: false,
        }
    }
}

impl gqlforge::auth::TokenSource for Login {
    fn fetch<'a>(
        &'a self,
        _: gqlforge::auth::TokenContext<'a>,
    ) -> gqlforge::auth::BoxFuture<'a, Result<gqlforge::auth::Token, gqlforge::AuthError>> {
        Box::pin(async move {
            let n = self.logins.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            if self.reject {
                return Err(gqlforge::AuthError::CredentialsRejected {
                    reason: "invalid_client: the client secret was rejected".into(),
                });
            }
            Ok(gqlforge::auth::Token::new(format!("token-{n}"))
                .with_expires_in(Duration::from_secs(3600)))
        })
    }
}

/// One Client per "process" (its own `RedisLimits` instance), its token source `login`
/// shared through Redis under `oauth`.
fn clients(
    server: &RedisServer,
    namespace: &str,
    url: &str,
    login: &Login,
) -> Vec<gqlforge::Client> {
    (0..3)
        .map(|_| {
            let limits = limits(server, namespace).build().expect("valid");
            gqlforge::Client::builder(url)
                .token_source(limits.shared_token("oauth", login.clone()))
                .build()
                .expect("a client")
        })
        .collect()
}

/// Every client calls `Viewer` four times at once.
async fn call_all(clients: &[gqlforge::Client]) -> Vec<Result<serde_json::Value, gqlforge::Error>> {
    let mut tasks = Vec::new();
    for client in clients {
        for _ in 0..4 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client.execute::<Viewer>(serde_json::json!({})).await
            }));
        }
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("no panic"));
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_login_for_every_process_sharing_the_token() {
    let Some(server) = RedisServer::start("token") else {
        return;
    };
    let (url, bearers) = api(|_| true).await;
    let login = Login::new(Duration::from_millis(200));
    let clients = clients(&server, "token", &url, &login);
    for result in call_all(&clients).await {
        result.expect("the call succeeds");
    }
    assert_eq!(
        login.logins.load(Ordering::SeqCst),
        1,
        "one login for 3 processes"
    );
    let bearers = bearers.lock().unwrap().clone();
    assert_eq!(bearers.len(), 12);
    assert!(bearers.iter().all(|b| b == "token-1"), "{bearers:?}");
    // In Redis the token is a plain string (documented); in the process it never shows.
    let text = format!("{:?}", clients[0]);
    assert!(!text.contains("token-1"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_the_api_rejects_is_replaced_for_every_process() {
    let Some(server) = RedisServer::start("token_401") else {
        return;
    };
    // `token-1` was revoked: the API answers it `401`.
    let (url, bearers) = api(|token| token != "token-1").await;
    let login = Login::new(Duration::ZERO);
    let clients = clients(&server, "token_401", &url, &login);
    clients[0]
        .execute::<Viewer>(serde_json::json!({}))
        .await
        .expect("renewed after the 401");
    assert_eq!(login.logins.load(Ordering::SeqCst), 2);
    // Another process is handed the new token, not the revoked one, and logs in no more.
    clients[1]
        .execute::<Viewer>(serde_json::json!({}))
        .await
        .expect("the shared new token");
    assert_eq!(login.logins.load(Ordering::SeqCst), 2);
    assert_eq!(
        *bearers.lock().unwrap(),
        ["token-1", "token-2", "token-2"],
        "the second process never sent the revoked token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_credentials_are_one_failed_login_for_every_process() {
    let Some(server) = RedisServer::start("token_failure") else {
        return;
    };
    let (url, bearers) = api(|_| true).await;
    let login = Login {
        reject: true,
        ..Login::new(Duration::from_millis(100))
    };
    let clients = clients(&server, "token_failure", &url, &login);
    for result in call_all(&clients).await {
        match result {
            Err(gqlforge::Error::Auth(gqlforge::AuthError::CredentialsRejected { reason })) => {
                assert!(reason.starts_with("invalid_client"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
    // One login at the provider for 3 processes, and none again while they are rejected.
    assert_eq!(login.logins.load(Ordering::SeqCst), 1);
    for result in call_all(&clients).await {
        assert!(result.is_err());
    }
    assert_eq!(login.logins.load(Ordering::SeqCst), 1);
    assert!(bearers.lock().unwrap().is_empty());
}

/// A login that never answers, saying when it started.
struct Hanging(Mutex<Option<tokio::sync::oneshot::Sender<()>>>);

impl gqlforge::auth::TokenSource for Hanging {
    fn fetch<'a>(
        &'a self,
        _: gqlforge::auth::TokenContext<'a>,
    ) -> gqlforge::auth::BoxFuture<'a, Result<gqlforge::auth::Token, gqlforge::AuthError>> {
        Box::pin(async move {
            if let Some(started) = self.0.lock().unwrap().take() {
                let _ = started.send(());
            }
            std::future::pending().await
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_dying_mid_login_frees_the_lock_within_its_lease() {
    let Some(server) = RedisServer::start("token_dead") else {
        return;
    };
    let (url, bearers) = api(|_| true).await;
    // The holder: a "process" of its own (a runtime on its own thread) that takes the lock,
    // logs in for ever, and dies (its runtime shut down: no task of it runs again).
    let (started, login_started) = tokio::sync::oneshot::channel();
    let (die, dies) = std::sync::mpsc::channel::<()>();
    let holder = {
        let (redis_url, url) = (server.url(), url.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.spawn(async move {
                let limits = RedisLimits::builder(redis_url)
                    .namespace("token_dead")
                    .build()
                    .expect("valid");
                let client = gqlforge::Client::builder(url)
                    .token_source(limits.shared_token("oauth", Hanging(Mutex::new(Some(started)))))
                    .build()
                    .expect("a client");
                let _ = client.execute::<Viewer>(serde_json::json!({})).await;
            });
            let _ = dies.recv();
            runtime.shutdown_background();
        })
    };
    login_started
        .await
        .expect("the holder takes the lock and logs in");
    die.send(()).unwrap();
    holder.join().unwrap();
    let login = Login::new(Duration::ZERO);
    let [waiter, ..] = &clients(&server, "token_dead", &url, &login)[..] else {
        unreachable!()
    };
    // A waiter gives a live holder 30 s; a dead one's lock expires within its 3-s lease. A
    // bound far above that (and far below 30 s) keeps the test independent of the load.
    tokio::time::timeout(
        Duration::from_secs(20),
        waiter.execute::<Viewer>(serde_json::json!({})),
    )
    .await
    .expect("not kept waiting for a dead holder's lock")
    .expect("a token of the waiter's own login");
    assert_eq!(login.logins.load(Ordering::SeqCst), 1);
    assert_eq!(*bearers.lock().unwrap(), ["token-1"]);
}

/// The hang detector of the fault-injection tests: far above anything a call takes, so that it
/// fails a test only when a call never ends.
const HANG: Duration = Duration::from_secs(30);

/// Polls `done` every 10 ms until it holds; fails the test if it never does (within [`HANG`]).
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + HANG;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: never happened");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

const LEASE_TIME: Duration = Duration::from_millis(1_500);

/// The scripts' timeline now, in ms: Redis's clock plus the offset of the steps seen.
fn timeline_ms(connection: &mut redis::Connection, namespace: &str) -> u64 {
    let (secs, micros): (u64, u64) = redis::cmd("TIME").query(connection).expect("answers TIME");
    let offset: Option<i64> = redis::cmd("HGET")
        .arg(key(namespace, "clock"))
        .arg("offset")
        .query(connection)
        .expect("answers HGET");
    (secs * 1_000_000 + micros).saturating_add_signed(offset.unwrap_or(0)) / 1_000
}

/// Leases renewed (or taken) at `since_ms` of the timeline or later: expiring a lease time
/// after that, or later.
fn leases_renewed_since(
    connection: &mut redis::Connection,
    namespace: &str,
    since_ms: u64,
) -> usize {
    redis::cmd("ZCOUNT")
        .arg(key(namespace, "leases"))
        .arg(since_ms + LEASE_TIME.as_millis() as u64)
        .arg("+inf")
        .query(connection)
        .expect("answers ZCOUNT")
}

/// Fault-injection settings: short leases (renewed every 500 ms) and probes of a Redis that
/// is down every 100 ms; connect and response timeouts so long that only a dead Redis (which
/// refuses connections at once) makes a call fail, never a slow machine.
fn faulty(server: &RedisServer, namespace: &str, policy: OnUnreachable) -> RedisLimits {
    limits(server, namespace)
        .rate(Rate::per_second(200))
        .window_margin(TEST_WINDOW_MARGIN)
        .max_in_flight(2)
        .lease_time(LEASE_TIME)
        .on_unreachable(policy)
        .timeouts(
            Duration::from_secs(10),
            Duration::from_secs(10),
            Duration::from_millis(100),
        )
        .build()
        .expect("valid")
}

/// Requests in flight while Redis restarts (SIGKILL, then a start on the same port) keep
/// counting toward the cap: without persistence their leases are gone, and their next
/// renewals register them again; with an append-only file they are loaded back. Once they
/// are in Redis, newcomers of both instances never make more than the cap in flight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_in_flight_across_a_redis_restart_still_count_toward_the_cap() {
    for persistence in [Persistence::None, Persistence::Aof] {
        let ns = format!("restart_cap_{persistence:?}");
        let Some(mut server) = RedisServer::start_with(&ns, persistence) else {
            return;
        };
        let (a, b) = (
            faulty(&server, &ns, OnUnreachable::FailClosed),
            faulty(&server, &ns, OnUnreachable::FailClosed),
        );
        let held = [
            a.acquire("Op").await.expect("Redis answers"),
            a.acquire("Op").await.expect("Redis answers"),
        ];
        server.restart();
        // The two leases are in Redis again, renewed since the restart (registered again, or
        // loaded from the file and renewed): not leases loaded but expired meanwhile.
        let mut connection = server.client().get_connection().expect("connects");
        let restarted = timeline_ms(&mut connection, &ns);
        eventually("the leases in flight are in Redis again", || {
            leases_renewed_since(&mut connection, &ns, restarted) == 2
        })
        .await;
        // Newcomers of both instances, while the two requests are still in flight.
        let holders = Arc::new(AtomicUsize::new(held.len()));
        let most = Arc::new(AtomicUsize::new(held.len()));
        let mut tasks = Vec::new();
        for instance in [&a, &b, &a, &b] {
            let (instance, holders, most) =
                (instance.clone(), Arc::clone(&holders), Arc::clone(&most));
            tasks.push(tokio::spawn(async move {
                let mut granted = 0;
                while granted < 5 {
                    let call = tokio::time::timeout(HANG, instance.acquire("Op"));
                    match call.await.expect("no call hangs") {
                        Ok(permit) => {
                            let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(5)).await;
                            holders.fetch_sub(1, Ordering::SeqCst);
                            drop(permit);
                            granted += 1;
                        }
                        // This instance's connection broke with the restart: typed, and gone
                        // once it connects again.
                        Err(LimitError::BackendUnreachable { .. }) => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Err(other) => panic!("{other:?}"),
                    }
                }
            }));
        }
        // The requests in flight end a little later; the newcomers then go through.
        tokio::time::sleep(Duration::from_millis(300)).await;
        for permit in held {
            holders.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
        }
        for task in tasks {
            task.await.expect("no task panics");
        }
        let most = most.load(Ordering::SeqCst);
        eprintln!("restart ({persistence:?}): at most {most} in flight, cap 2");
        assert!(most <= 2, "{persistence:?}: {most} in flight, cap 2");
    }
}

/// Redis SIGKILLed mid-run and started again on the same port, with and without
/// persistence, under callers of two instances (one `FailClosed`, one `FallBackToLocal`):
/// every call ends, `Ok` or with `BackendUnreachable` naming the server (only where failing
/// closed); the fallback keeps granting while Redis is down; the other fails, then recovers.
/// What is guaranteed about the cap: once both instances reach Redis again and every permit
/// asked for before that has ended, each grant finds at most the cap in flight (the grants
/// between — a fallback permit whose lease is not registered yet, a newcomer taking a slot
/// a lost lease held — may exceed it, as the docs say).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_mid_run_ends_every_call_and_hangs_none() {
    for persistence in [Persistence::None, Persistence::Aof] {
        let ns = format!("kill_restart_{persistence:?}");
        let Some(mut server) = RedisServer::start_with(&ns, persistence) else {
            return;
        };
        let shown_url = server.url().trim_end_matches('/').to_owned();
        let closed = faulty(&server, &ns, OnUnreachable::FailClosed);
        let fallback = faulty(&server, &ns, OnUnreachable::FallBackToLocal);
        // 0 before the kill, 1 while Redis is down, 2 after the restart.
        let phase = Arc::new(AtomicUsize::new(0));
        // 1 once both instances reach Redis again, 2 once every permit asked for before has
        // ended: the cap is checked for the calls begun in 2.
        let epoch = Arc::new(AtomicUsize::new(0));
        let before_epoch_1 = Arc::new(AtomicUsize::new(0));
        let holders = Arc::new(AtomicUsize::new(0));
        let most_settled = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        // Per instance (closed, fallback): [ok, unreachable] per phase, and grants begun in
        // epoch 2.
        let tally = Arc::new(Mutex::new([[[0usize; 2]; 3]; 2]));
        let settled_grants = Arc::new(Mutex::new([0usize; 2]));
        let mut tasks = Vec::new();
        for (which, instance) in [(0, &closed), (1, &fallback)] {
            for _ in 0..3 {
                let instance = instance.clone();
                let (phase, epoch, before_epoch_1, holders, most_settled, stop, tally) = (
                    Arc::clone(&phase),
                    Arc::clone(&epoch),
                    Arc::clone(&before_epoch_1),
                    Arc::clone(&holders),
                    Arc::clone(&most_settled),
                    Arc::clone(&stop),
                    Arc::clone(&tally),
                );
                let settled_grants = Arc::clone(&settled_grants);
                let shown_url = shown_url.clone();
                tasks.push(tokio::spawn(async move {
                    while !stop.load(Ordering::SeqCst) {
                        let begun_in = epoch.load(Ordering::SeqCst);
                        if begun_in == 0 {
                            before_epoch_1.fetch_add(1, Ordering::SeqCst);
                        }
                        let call = tokio::time::timeout(HANG, instance.acquire("Op"));
                        let outcome = call.await.expect("no call hangs");
                        let at = phase.load(Ordering::SeqCst);
                        match outcome {
                            Ok(permit) => {
                                let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                                if begun_in == 2 {
                                    most_settled.fetch_max(now, Ordering::SeqCst);
                                    settled_grants.lock().unwrap()[which] += 1;
                                }
                                tally.lock().unwrap()[which][at][0] += 1;
                                tokio::time::sleep(Duration::from_millis(5)).await;
                                holders.fetch_sub(1, Ordering::SeqCst);
                                drop(permit);
                            }
                            Err(LimitError::BackendUnreachable { backend, url, .. }) => {
                                assert_eq!(which, 0, "the fallback never fails");
                                assert_eq!(
                                    (backend.as_str(), url.as_str()),
                                    ("Redis", &*shown_url)
                                );
                                tally.lock().unwrap()[which][at][1] += 1;
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                            Err(other) => panic!("{other:?}"),
                        }
                        if begun_in == 0 {
                            before_epoch_1.fetch_sub(1, Ordering::SeqCst);
                        }
                    }
                }));
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        server.stop();
        phase.store(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(800)).await;
        server.restart();
        phase.store(2, Ordering::SeqCst);
        for instance in [&closed, &fallback] {
            let deadline = Instant::now() + HANG;
            while instance.check_reachable().await.is_err() {
                assert!(Instant::now() < deadline, "Redis never answered again");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        epoch.store(1, Ordering::SeqCst);
        eventually("the permits asked for before Redis was back end", || {
            before_epoch_1.load(Ordering::SeqCst) == 0
        })
        .await;
        epoch.store(2, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(800)).await;
        stop.store(true, Ordering::SeqCst);
        for task in tasks {
            task.await.expect("no task panics");
        }
        let tally = *tally.lock().unwrap();
        let settled = *settled_grants.lock().unwrap();
        let most = most_settled.load(Ordering::SeqCst);
        eprintln!(
            "kill and restart ({persistence:?}): [ok, unreachable] before/down/after: fail \
             closed {:?}, fall back {:?}; {settled:?} grants once settled, at most {most} in \
             flight (cap 2)",
            tally[0], tally[1]
        );
        let [closed_tally, fallback_tally] = tally;
        assert!(
            closed_tally[0][0] > 0 && fallback_tally[0][0] > 0,
            "granted before"
        );
        assert!(closed_tally[1][1] > 0, "fails closed while Redis is down");
        assert!(fallback_tally[1][0] > 0, "the fallback keeps granting");
        assert!(closed_tally[2][0] > 0, "fail closed recovers");
        assert!(settled[0] > 0 && settled[1] > 0, "both grant once settled");
        assert!(most <= 2, "{most} in flight once settled, cap 2");
    }
}

/// While Redis is down, a `FallBackToLocal` process's permits (shared ones granted before,
/// local ones since) never exceed the cap together, and when Redis answers again the local
/// ones are registered, so that other processes count them too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fallback_permits_count_toward_the_cap_here_and_in_redis_once_it_is_back() {
    let Some(mut server) = RedisServer::start("fallback_cap") else {
        return;
    };
    let ns = "fallback_cap";
    let process = faulty(&server, ns, OnUnreachable::FallBackToLocal);
    let other = faulty(&server, ns, OnUnreachable::FailClosed);
    let shared = process.acquire("Op").await.expect("Redis answers");
    let shared_too = process.acquire("Op").await.expect("Redis answers");
    server.stop();
    // Both slots are taken by requests in flight: the fallback waits for one of them.
    let early = tokio::time::timeout(Duration::from_millis(300), process.acquire("Op")).await;
    assert!(
        early.is_err(),
        "a local permit over two shared ones in flight"
    );
    drop(shared_too);
    let local = tokio::time::timeout(HANG, process.acquire("Op"))
        .await
        .expect("no call hangs")
        .expect("falls back");
    // Redis is back, empty: both requests in flight (the shared one's lease lost, the local
    // one never registered) are registered by their leases' tasks.
    server.restart();
    let mut connection = server.client().get_connection().expect("connects");
    let leases = key(ns, "leases");
    eventually("both requests in flight are in Redis", || {
        zcard(&mut connection, &leases) == 2
    })
    .await;
    let taken = tokio::time::timeout(Duration::from_millis(300), async {
        loop {
            match other.acquire("Op").await {
                Ok(permit) => return permit,
                // Its first calls may find Redis still down (probed every 100 ms).
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    })
    .await;
    assert!(
        taken.is_err(),
        "another process got in over two requests in flight"
    );
    drop(local);
    let permit = tokio::time::timeout(HANG, other.acquire("Op"))
        .await
        .expect("no call hangs")
        .expect("the freed slot");
    drop((permit, shared));
}

/// Records every field of every event of the thread it is the default of, as text.
struct Recorder(Arc<Mutex<String>>);

impl tracing::field::Visit for Recorder {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let line = format!("{}={value:?}\n", field.name());
        self.0.lock().unwrap().push_str(&line);
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Recorder(Arc::clone(&self.0)));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

// One thread, so that every event (the spawned lease tasks' too) reaches the recorder.
#[tokio::test(flavor = "current_thread")]
async fn the_redis_password_never_shows_in_debug_errors_or_logs() {
    let Some(server) = RedisServer::start("password") else {
        return;
    };
    // The server wants another password than the one the URL gives: every call fails.
    let mut connection = server.client().get_connection().expect("connects");
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("requirepass")
        .arg("the-right-one")
        .query(&mut connection)
        .expect("answers CONFIG SET");
    let logs = Arc::new(Mutex::new(String::new()));
    let _recording = tracing::subscriber::set_default(Recorder(Arc::clone(&logs)));
    // `S3cret/Pw`, percent-encoded as a URL must.
    let with_password = |url: &str| url.replacen("redis://", "redis://user:S3cret%2FPw@", 1);
    let mut shown = Vec::new();
    for (url, policy) in [
        (with_password(&server.url()), OnUnreachable::FailClosed),
        (with_password(&server.url()), OnUnreachable::FallBackToLocal),
        (
            with_password("redis://127.0.0.1:1/"),
            OnUnreachable::FailClosed,
        ),
    ] {
        let limits = RedisLimits::builder(url)
            .namespace("password")
            .max_in_flight(2)
            .on_unreachable(policy)
            .build()
            .expect("valid");
        shown.push(format!("{limits:?} {}", limits.url()));
        match limits.acquire("Op").await {
            Ok(_permit) => assert_eq!(policy, OnUnreachable::FallBackToLocal),
            Err(error) => shown.push(format!("{error} {error:?}")),
        }
        if let Err(error) = limits.check_reachable().await {
            shown.push(format!("{error} {error:?}"));
        }
    }
    let bad = RedisLimits::builder("redis://user:S3cret%2FPw@127.0.0.1:port/")
        .build()
        .expect_err("not a port");
    shown.push(format!("{bad} {bad:?}"));
    shown.push(logs.lock().unwrap().clone());
    let shown = shown.join("\n");
    eprintln!("{shown}");
    assert!(
        shown.contains("Password authentication failed"),
        "the auth error is shown: {shown}"
    );
    assert!(!shown.contains("S3cret"), "{shown}");
    assert!(!shown.contains("user:"), "{shown}");
}

// One thread, so that the lease task's events reach the counter.
#[tokio::test(flavor = "current_thread")]
async fn a_lease_lost_in_flight_is_registered_again_with_one_warning() {
    let Some(server) = RedisServer::start("lost_warning") else {
        return;
    };
    let warnings = Arc::new(AtomicUsize::new(0));
    let _counting = tracing::subscriber::set_default(WarnCounter(Arc::clone(&warnings)));
    let ns = "lost_warning";
    let limits = limits(&server, ns)
        .max_in_flight(1)
        .lease_time(Duration::from_millis(300))
        .build()
        .expect("valid");
    let permit = limits.acquire("Op").await.expect("Redis answers");
    let mut connection = server.client().get_connection().expect("connects");
    let _: () = redis::cmd("FLUSHALL")
        .query(&mut connection)
        .expect("answers FLUSHALL");
    let leases = key(ns, "leases");
    eventually("the lease is registered again", || {
        zcard(&mut connection, &leases) == 1
    })
    .await;
    // Several renewals later (every 100 ms): still one lease, and one warning for the loss.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(zcard(&mut connection, &leases), 1);
    assert_eq!(warnings.load(Ordering::SeqCst), 1);
    drop(permit);
    eventually("the lease is released", || {
        zcard(&mut connection, &leases) == 0
    })
    .await;
}
