//! [`RedisLimits`]: one budget — rate, in-flight cap, `429` cool-down — shared by every process
//! and machine that uses the same Redis and namespace. Feature `redis`.
//!
//! What is shared, and how (all atomic Lua scripts clocked by Redis's `TIME`, `scripts.rs`):
//!
//! - **Rate**: GCRA as reservations plus a sliding-window log, as in process (`rate.rs`), in
//!   scripts. `BOOK` gives the caller the earliest conforming slot and moves the TAT one
//!   interval on; the caller sleeps until it (so it keeps its place however late it wakes up,
//!   and callers of all processes are served in the order they booked); then `GRANT` checks
//!   the window log and the cool-down at the instant the permit is given. A caller cancelled
//!   before its slot gives it back (`RELEASE`, from a task spawned on drop: the latest
//!   reservation is undone, any other is taken by the next `BOOK`), so callers that give up
//!   never push the schedule ahead of real time for every process. Why give back rather
//!   than book lazily (wait, then book at the moment of sending): lazy booking loses the
//!   queue order (the process whose timer fires first wins, below), and a give-back can
//!   only hand out a slot that was part of a valid schedule, so "never over the rate" holds
//!   whether or not the give-back arrives — a lost one (no runtime, Redis down, the process
//!   killed) only wastes a slot.
//! - **Concurrency**: a lease semaphore — a sorted set of lease ids scored by their expiry.
//!   Taking one removes the expired ones first, then takes a slot if fewer than `N` are held
//!   and the caller is among the longest waiting (a queue of waiters in Redis, first come,
//!   first served across processes; a waiter that stops asking for a second leaves it).
//!   Waiters ask again every few milliseconds (jittered). A held lease is renewed every third
//!   of the lease time by a task of its own and released when the [`Permit`] is dropped
//!   (`lease.rs`); a crashed process's leases expire. A lease Redis lost while its request is
//!   in flight (a restart without persistence, a flush, an eviction, a renewal later than the
//!   lease time) is registered again by its next renewal, in the same script, over the cap if
//!   others took its slot meanwhile: the request is at the server whatever happened, so it
//!   counts, and newcomers wait until the total is back under the cap. What that guarantees:
//!   once every request in flight has its lease in Redis, every grant finds fewer than the
//!   cap held, so at most the cap are in flight after it. Between a loss and the renewals
//!   (a third of the lease time; a failed renewal is tried again every reconnect interval),
//!   newcomers may take the slots the lost leases held, up to twice the cap in flight.
//! - **Cool-down**: one key holding its end, an instant of the scripts' timeline (the later
//!   end kept; its TTL only removes it afterwards), seen by every process's `acquire` (the
//!   rate scripts refuse grants until then) and by
//!   [`cool_down_remaining`](RedisLimits::cool_down_remaining), which never reports more than
//!   this process's `max_cool_down`.
//!
//! What the rate guarantees. Grants are instants of the Redis server's clock (one script at
//! a time, so they are totally ordered), which makes the bound independent of the callers'
//! clocks. Would plain GCRA with burst 1 do, across processes? Its bookings are spaced one
//! interval apart, so no window of `period` holds more than `count` *bookings*; but a
//! permit is given when its caller wakes up, and callers wake up late by different amounts
//! (timer resolution, a busy runtime, the round trip), so two grants can come closer than an
//! interval and a window can hold `count + 1` of them — what the in-process limiter's window
//! log is for, and more likely across processes. Checking "granted or retry after" in one
//! script instead (no bookings) would be exact but loses budget to every late caller and
//! favours the process whose timer happens to fire first (one process took 197 of 217
//! grants in a trial). So the window log is kept in Redis too (`GRANT`): a grant needs fewer
//! than `count` grants in the window before it, on Redis's clock, whatever the lateness.
//!
//! That is not yet what the API sees: a request arrives later than its grant, by the time the
//! answer takes to come back plus the caller's wake-up and send. Two grants `period` apart can
//! arrive closer together if the first is delayed more than the second, so a 151st request
//! could land in a second that already holds 150. The window log therefore spans
//! `period + margin` (default [`DEFAULT_WINDOW_MARGIN`], 60 ms): at most `count` grants in any
//! window of that length. A window of `period` at the API then holds at most `count` as long
//! as the delays from grant to arrival vary by less than the margin, for a cost of
//! `margin / (period + margin)` of the budget at saturation (5.7% of a 1-s period): 50 ms for
//! the network's spread, as the in-process limiter's fixed part, and 10 ms for Redis's answer
//! on its way back (the Redis limiter learns no adaptive part). No limiter outside the
//! API can promise more than that: its own network delays are not under the client's control.
//!
//! What is not shared: per-operation rates and quotas (`Limits::operation_rate`,
//! `Limits::operation_quota`) have no Redis counterpart yet; `acquire`'s operation name is
//! ignored. One login shared by all processes is [`RedisLimits::shared_token`] (`token.rs`),
//! a [`TokenSource`](crate::auth::TokenSource) wrapping any other.
//!
//! Clock steps. The instants stored (the TAT, the slots given back, the window log, lease
//! expiries, the cool-down's end) are of a timeline that never runs backwards: Redis's `TIME`
//! plus an offset kept in the `clock` key, grown by every backwards step the scripts see
//! (`scripts.rs`). A step back of Redis's clock (NTP, a restored VM) therefore stalls nobody.
//! Nor does the timeline jump forward with it: each process passes the most the timeline can
//! be by its own monotonic clock (an instant a script answered, plus the time elapsed since,
//! plus `STEP_SLACK`, 50 ms), and the offset shrinks by any excess. So a step forward
//! expires no lease early and makes the window log forget at most 50 ms of grants, unless
//! the first script after it comes from a process that has not had an answer yet (which
//! knows no bound). Redis's own key expiry runs on its clock, though: a step forward longer
//! than a key's TTL (the window log's: the period plus the margin plus 1 s; the leases':
//! the lease time plus 1 s) deletes it, which costs what a restart without persistence does.
//!
//! Redis restarts, flushes, evictions. Without persistence, a restart forgets every key (a
//! `FLUSHALL` or an eviction, some): the window log and the TAT, so the window around the
//! restart may hold up to twice the rate (the grants before it are forgotten, those after
//! counted afresh); the shared cool-down (each process still honours the ones it set, kept
//! in process too); the lease queue (waiters join it again at their next ask); the leases
//! (registered again by their holders, above). With an append-only file synced on every
//! write (`appendonly yes`, `appendfsync always`) a restart loses nothing but its downtime;
//! `appendfsync everysec` may lose the last second's grants (that second's worth more in the
//! window around the restart) and snapshots (RDB) everything since the last one. Evictions
//! must not happen: run Redis with `maxmemory-policy noeviction` (below).
//!
//! Keys, for a namespace `NS` (default `gqlforge`), all with the hash tag `{NS}` so that they
//! live on one Redis Cluster slot: `gqlforge:{NS}:tat` (string), `gqlforge:{NS}:freed`
//! (sorted set, slots given back), `gqlforge:{NS}:grants`
//! and `grant_seq` (the window log), `gqlforge:{NS}:leases`, `lease_queue` and
//! `lease_queue_seen` (sorted sets), `gqlforge:{NS}:cool_down` (string),
//! `gqlforge:{NS}:clock` (hash: the timeline's last instant and offset; it outlives the keys
//! whose instants it anchors). Every key expires when idle. They must not be evicted before
//! then: run Redis with `maxmemory-policy noeviction` (every key has a TTL, so the
//! `volatile-*` policies would evict them too).

mod lease;
mod scripts;
mod token;

pub use token::{SharedTokenSource, DEFAULT_REFRESH_AHEAD};

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, FromRedisValue, RedisError, ScriptInvocation};
use secrecy::ExposeSecret;
use tokio::sync::{oneshot, Semaphore};
use tokio::time::{sleep, Instant};

use super::backoff::Jitter;
use super::concurrency::Permit;
use super::limits::{Limits, DEFAULT_MAX_COOL_DOWN};
use super::rate::Rate;
use super::{BoxFuture, LimitError, Limiter, LimitsConfigError};
use crate::redact::{shown_url, without_secret};
use crate::waits::{after, LONGEST};
use lease::{hold, millis, new_lease_id, LeaseGuard, Registered};
use scripts::{BOOK, COOL_DOWN, COOL_DOWN_LEFT, GRANT, RELEASE, TAKE_LEASE};

/// How long a concurrency lease lives unless renewed (default): a crashed process's slots
/// are free again after this long.
pub const DEFAULT_LEASE_TIME: Duration = Duration::from_secs(10);

/// How much further than the time elapsed by this process's clock the scripts' timeline may
/// have advanced since an instant a script answered: the trips to Redis and back. A forward
/// step of Redis's clock beyond it is absorbed (`scripts.rs`); a smaller one goes through.
pub(crate) const STEP_SLACK: Duration = Duration::from_millis(50);

/// The margin added to the rate's period by the window log (default); see the module docs.
pub const DEFAULT_WINDOW_MARGIN: Duration = Duration::from_millis(60);

/// What `acquire` does when Redis does not answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnUnreachable {
    /// `acquire` fails with [`LimitError::BackendUnreachable`]: nothing is sent that the
    /// shared budget did not allow (the default). Requests already sent cannot be un-sent:
    /// their permits keep this process's slots of the cap, and their leases are renewed (or
    /// registered again, if Redis lost them) as soon as Redis answers, so they count toward
    /// the shared cap until they end.
    #[default]
    FailClosed,
    /// This process goes on with in-process [`Limits`] of the same settings (its own rate and
    /// cap, not shared: `P` processes may send up to `P` times the budget meanwhile), logs a
    /// `tracing` warning once per outage, and goes back to Redis when it answers again. Its
    /// permits take this process's slots of the cap as shared ones do (shared and local
    /// together, never more than the cap in flight here), and each holds a lease registered
    /// in Redis as soon as it answers, so that the other processes count the requests sent
    /// meanwhile once it is back.
    FallBackToLocal,
}

/// A bad [`RedisLimitsBuilder`] setting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RedisLimitsConfigError {
    /// The URL given to [`RedisLimits::builder`] is not a Redis URL.
    #[error(
        "`{url}` is not a Redis URL: {cause} (hint: `redis://HOST:PORT/DB`, \
         `redis://:PASSWORD@HOST:PORT`, or `rediss://` for TLS if the crate is built with it)"
    )]
    Url {
        /// The URL as given.
        url: String,
        /// Why the Redis client refused it.
        cause: String,
    },
    /// A [`lease_time`](RedisLimitsBuilder::lease_time) under 30 ms.
    #[error("lease_time is {lease_time:?}: a lease must live at least 30 ms so it can be renewed")]
    LeaseTooShort {
        /// The lease time given.
        lease_time: Duration,
    },
    /// A rate or cap that would never let a request through.
    #[error(transparent)]
    Limits(#[from] LimitsConfigError),
}

/// Limits shared through Redis by every process and machine using the same namespace.
/// Cheap to clone (clones share one connection and state). See the module docs for what is
/// shared and what is guaranteed.
///
/// ```no_run
/// # use gqlforge::limit::{Limiter, OnUnreachable, Rate, RedisLimits};
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let limits = RedisLimits::builder("redis://127.0.0.1:6379/")
///     .namespace("cleverbridge")
///     .rate(Rate::per_second(150))
///     .max_in_flight(4)
///     .on_unreachable(OnUnreachable::FallBackToLocal)
///     .build()?;
/// let permit = limits.acquire("SubscriptionParams").await?;
/// // ... send the request, read the body ...
/// drop(permit);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisLimits {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    client: Client,
    config: AsyncConnectionConfig,
    /// The server's address, without credentials: what errors and logs name.
    pub(crate) url: String,
    /// The password Redis is logged in with, kept out of every cause shown (`redact.rs`).
    password: Option<secrecy::SecretString>,
    pub(crate) keys: Keys,
    rate: Option<Rate>,
    window_margin: Duration,
    /// The shared cap, and this process's slots of it: at most that many leases asked for
    /// or held by this process at once.
    max_in_flight: Option<(usize, Arc<Semaphore>)>,
    pub(crate) lease_time: Duration,
    pub(crate) renew_every: Duration,
    lease_poll: Duration,
    max_cool_down: Duration,
    on_unreachable: OnUnreachable,
    reconnect_every: Duration,
    /// The in-process limits of the same settings: the fallback, and a copy of every
    /// cool-down (so a `429` is honoured here even if writing it to Redis failed).
    local: Limits,
    connection: Mutex<Option<MultiplexedConnection>>,
    health: Mutex<Health>,
    /// Set while an outage lasts, for the once-per-outage warning.
    down: AtomicBool,
    /// The instant of the scripts' timeline that bounds how far it may be now by this
    /// process's clock (see `scripts.rs`): an instant a script answered and when the answer
    /// came, the one received soonest after its script ran (the largest instant minus
    /// arrival) of the last 10 s or so.
    anchor: Mutex<Option<(i64, std::time::Instant)>>,
    /// What unit tests add to Redis's clock (µs), to step it.
    #[cfg(test)]
    clock_skew: std::sync::atomic::AtomicI64,
}

pub(crate) struct Keys {
    /// `gqlforge:{NS}`: what every key begins with.
    prefix: String,
    tat: String,
    /// Rate slots given back before their time, for the next bookings.
    freed: String,
    grants: String,
    sequence: String,
    pub(crate) leases: String,
    waiters: String,
    waiters_seen: String,
    cool_down: String,
    /// The shared timeline's last instant and offset (see `scripts.rs`).
    pub(crate) clock: String,
}

#[derive(Default)]
struct Health {
    /// While Redis is down: the cause, and when to try it again (before then, calls fail at
    /// once with that cause instead of waiting for a connect timeout each).
    outage: Option<(String, Instant)>,
}

/// A call to Redis.
pub(crate) enum Call<'a> {
    Script(&'a ScriptInvocation<'static>),
    Command(&'a redis::Cmd),
    Pipeline(&'a redis::Pipeline),
}

impl<'a> From<&'a mut redis::Pipeline> for Call<'a> {
    fn from(pipeline: &'a mut redis::Pipeline) -> Call<'a> {
        Call::Pipeline(pipeline)
    }
}

impl<'a> From<&'a mut redis::Cmd> for Call<'a> {
    fn from(cmd: &'a mut redis::Cmd) -> Call<'a> {
        Call::Command(cmd)
    }
}

impl<'a> From<&'a mut ScriptInvocation<'static>> for Call<'a> {
    fn from(invocation: &'a mut ScriptInvocation<'static>) -> Call<'a> {
        Call::Script(invocation)
    }
}

/// Redis did not answer (or answered with an error): the cause, as text.
#[derive(Debug)]
pub(crate) struct Unreachable(String);

impl RedisLimits {
    /// Limits shared through the Redis at `url` (`redis://HOST:PORT/DB`). Nothing is
    /// connected until the first call.
    pub fn builder(url: impl Into<String>) -> RedisLimitsBuilder {
        RedisLimitsBuilder::new(Target::Url(url.into()))
    }

    /// Limits shared through a Redis client configured elsewhere.
    pub fn builder_with_client(client: Client) -> RedisLimitsBuilder {
        RedisLimitsBuilder::new(Target::Client(Box::new(client)))
    }

    /// A permit to send one request. In order: a cool-down in force (in Redis, or set here)
    /// is waited out; then a concurrency lease is taken (in turn with the callers of every
    /// process, asking every few milliseconds while all are held); then a rate slot is booked
    /// and slept until; last, the grant is checked against the window log and the cool-down.
    /// A cool-down that began meanwhile sends the caller back, lease released, to wait it out
    /// and book again. Cancelling the future releases a lease already taken, leaves the
    /// lease queue, and gives back a booked rate slot whose time has not come (a task spawned
    /// on drop runs `RELEASE`; the next caller of any process takes the slot), so callers that
    /// give up never push the shared schedule ahead of real time. A slot whose time has come
    /// is spent (which only ever errs on the side of sending less). The operation's name is
    /// not used: per-operation limits are not shared.
    ///
    /// When Redis does not answer: [`LimitError::BackendUnreachable`] with
    /// [`OnUnreachable::FailClosed`], or the in-process limits with
    /// [`OnUnreachable::FallBackToLocal`].
    pub async fn acquire(&self, operation: &str) -> Result<Permit, LimitError> {
        match self.acquire_shared().await {
            Ok(permit) => Ok(permit),
            Err(Unreachable(cause)) => match self.inner.on_unreachable {
                OnUnreachable::FailClosed => Err(LimitError::BackendUnreachable {
                    backend: "Redis".to_owned(),
                    url: self.inner.url.clone(),
                    cause,
                }),
                OnUnreachable::FallBackToLocal => self.acquire_local(operation).await,
            },
        }
    }

    /// A permit of the in-process fallback. It takes one of this process's slots of the cap
    /// (as a shared permit does: this process never has more than the cap in flight, shared
    /// and local permits together) and holds a lease that is registered in Redis as soon as
    /// it answers again, so that the requests sent meanwhile count toward the shared cap for
    /// as long as they are in flight.
    async fn acquire_local(&self, operation: &str) -> Result<Permit, LimitError> {
        let Some((_, slots)) = &self.inner.max_in_flight else {
            return self.inner.local.acquire(operation).await;
        };
        let slot = Arc::clone(slots)
            .acquire_owned()
            .await
            .expect("the local slots are private to RedisLimits and never closed");
        let permit = self.inner.local.acquire(operation).await?;
        let lease = hold(
            Arc::clone(&self.inner),
            new_lease_id(),
            slot,
            Registered::No,
        );
        Ok(Permit::from_guard((permit, lease)))
    }

    /// Pauses every caller of every process sharing the namespace for `retry_after` (cut to
    /// `max_cool_down`), keeping the later end if one is in force. Also recorded in this
    /// process, so that it is honoured here even if Redis does not answer.
    pub async fn cool_down(&self, retry_after: Duration) {
        let retry_after = retry_after.min(self.inner.max_cool_down);
        self.inner.local.cool_down(retry_after);
        let mut script = COOL_DOWN.prepare_invoke();
        script
            .key(&self.inner.keys.cool_down)
            .key(&self.inner.keys.clock)
            .arg(millis(retry_after))
            .arg(self.inner.clock_args());
        // Unreachable: recorded as an outage; the local copy above still pauses this process.
        let _: Result<i64, _> = self.inner.run(&mut script).await;
    }

    /// How much of a cool-down set by any process sharing the namespace (or by this one) is
    /// left; `None` when none is in force.
    pub async fn cool_down_remaining(&self) -> Option<Duration> {
        let local = self.inner.local.cool_down_remaining();
        let shared = self.shared_cool_down().await.ok().flatten();
        local.max(shared)
    }

    /// Whether Redis answers now (a `PING`); for a health check at start-up.
    pub async fn check_reachable(&self) -> Result<(), LimitError> {
        let pong: Result<String, _> = self.inner.run(&mut redis::cmd("PING")).await;
        pong.map(drop)
            .map_err(|Unreachable(cause)| LimitError::BackendUnreachable {
                backend: "Redis".to_owned(),
                url: self.inner.url.clone(),
                cause,
            })
    }

    /// The Redis server's address, without credentials.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    async fn shared_cool_down(&self) -> Result<Option<Duration>, Unreachable> {
        let mut left = COOL_DOWN_LEFT.prepare_invoke();
        left.key(&self.inner.keys.cool_down)
            .key(&self.inner.keys.clock)
            .arg(self.inner.clock_args());
        let (ms, now): (i64, i64) = self.inner.run(&mut left).await?;
        self.inner.saw(now);
        // Never longer than this process would set: another version's key cannot stall it.
        Ok(u64::try_from(ms)
            .ok()
            .filter(|&ms| ms > 0)
            .map(|ms| Duration::from_millis(ms).min(self.inner.max_cool_down)))
    }

    async fn wait_cool_down(&self) -> Result<(), Unreachable> {
        loop {
            let left = self
                .inner
                .local
                .cool_down_remaining()
                .max(self.shared_cool_down().await?);
            match left {
                Some(left) => sleep(left).await,
                None => return Ok(()),
            }
        }
    }

    async fn acquire_shared(&self) -> Result<Permit, Unreachable> {
        loop {
            self.wait_cool_down().await?;
            let lease = match &self.inner.max_in_flight {
                Some((max, slots)) => Some(self.take_lease(*max, slots).await?),
                None => None,
            };
            let Some(rate) = self.inner.rate else {
                // No rate: only the cool-down, checked once more at the grant.
                match self.shared_cool_down().await? {
                    None => return Ok(permit(lease)),
                    Some(_) => continue,
                }
            };
            let interval = micros_up(rate.interval());
            let burst = rate.burst().clamp(1, rate.count().max(1));
            let Some((wait, booking)) = self.book(interval, burst).await? else {
                continue; // cooling down: give the lease back, wait it out
            };
            sleep_micros(wait).await;
            // The slot's time has come: from here on it is spent, whatever happens.
            booking.reached();
            loop {
                let mut grant = GRANT.prepare_invoke();
                grant
                    .key(&self.inner.keys.grants)
                    .key(&self.inner.keys.sequence)
                    .key(&self.inner.keys.cool_down)
                    .key(&self.inner.keys.clock)
                    .arg(rate.count())
                    .arg(micros_up(
                        rate.period().saturating_add(self.inner.window_margin),
                    ))
                    .arg(self.inner.clock_args());
                let (answer, wait, now): (i64, i64, i64) = self.inner.run(&mut grant).await?;
                self.inner.saw(now);
                match answer {
                    0 => return Ok(permit(lease)),
                    1 => sleep_micros(wait).await,
                    // A cool-down began: give the lease back, wait it out, book again.
                    _ => break,
                }
            }
        }
    }

    /// Books a rate slot (`BOOK`): how long to wait for it (µs), and the booking that gives
    /// it back if dropped before then; `None` while a cool-down is in force.
    ///
    /// The script runs in a task of its own, so that its answer is always read: a caller
    /// cancelled while the booking is on its way to Redis and back still has its slot given
    /// back, by that task.
    async fn book(
        &self,
        interval: u64,
        burst: u32,
    ) -> Result<Option<(i64, SharedBooking)>, Unreachable> {
        let (answer, answered) = oneshot::channel();
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            let mut book = BOOK.prepare_invoke();
            book.key(&inner.keys.tat)
                .key(&inner.keys.cool_down)
                .key(&inner.keys.freed)
                .key(&inner.keys.clock)
                .arg(interval)
                .arg(interval.saturating_mul(u64::from(burst - 1)))
                .arg(inner.clock_args());
            let booked: Result<(i64, i64, i64, i64), Unreachable> = inner.run(&mut book).await;
            if let Ok((.., now)) = booked {
                inner.saw(now);
            }
            if let Err(Ok((1, _, slot, _))) = answer.send(booked) {
                // Nobody waits for it any more.
                release(&inner, interval, slot).await;
            }
        });
        let booked = answered.await.map_err(|_| {
            Unreachable("the task asking Redis for a rate slot ended without an answer".into())
        })?;
        match booked? {
            (1, wait, slot, _) => Ok(Some((
                wait,
                SharedBooking {
                    inner: Some(Arc::clone(&self.inner)),
                    interval,
                    slot,
                },
            ))),
            _ => Ok(None),
        }
    }

    /// A waiter that has not asked for this long is gone: ten poll intervals, at least 1 s.
    fn stale_waiter(&self) -> Duration {
        (self.inner.lease_poll.saturating_mul(10)).max(Duration::from_secs(1))
    }

    async fn take_lease(
        &self,
        max: usize,
        slots: &Arc<Semaphore>,
    ) -> Result<LeaseGuard, Unreachable> {
        let local = Arc::clone(slots)
            .acquire_owned()
            .await
            .expect("the local slots are private to RedisLimits and never closed");
        let id = new_lease_id();
        // Leaves the queue if this caller is cancelled (or Redis fails) while waiting.
        let mut waiting = Waiting {
            inner: Some(Arc::clone(&self.inner)),
            id: id.clone(),
        };
        let mut jitter = Jitter::seeded(seed_from(&id));
        let poll_micros = micros_up(self.inner.lease_poll);
        loop {
            let mut script = TAKE_LEASE.prepare_invoke();
            script
                .key(&self.inner.keys.leases)
                .key(&self.inner.keys.waiters)
                .key(&self.inner.keys.waiters_seen)
                .key(&self.inner.keys.clock)
                .arg(&id)
                .arg(max)
                .arg(millis(self.inner.lease_time))
                .arg(millis(self.stale_waiter()))
                .arg(self.inner.clock_args());
            let (taken, wait, now): (i64, i64, i64) = self.inner.run(&mut script).await?;
            self.inner.saw(now);
            if taken == 1 {
                waiting.taken();
                return Ok(hold(Arc::clone(&self.inner), id, local, Registered::Yes));
            }
            // Jittered (½ to 1½ of the poll interval), so that no process's timer phase wins
            // every freed slot.
            let wait = Duration::from_millis(u64::try_from(wait).unwrap_or(1));
            let poll = self.inner.lease_poll / 2
                + Duration::from_micros(jitter.below_or_equal(poll_micros));
            sleep(wait.min(poll)).await;
        }
    }
}

async fn sleep_micros(micros: i64) {
    if let Ok(micros @ 1..) = u64::try_from(micros) {
        sleep(Duration::from_micros(micros)).await;
    }
}

/// A rate slot booked in Redis (`slot`, µs of the scripts' timeline) by a caller on its way to it:
/// given back (`RELEASE`) if dropped before [`reached`](SharedBooking::reached). `Drop`
/// cannot wait for Redis, so it spawns the call; without a runtime (shut-down), or if Redis
/// does not answer, the slot is lost, which only ever errs on the side of sending less.
/// `RELEASE` checks on that timeline that the slot is still ahead, so a late give-back
/// changes nothing.
struct SharedBooking {
    inner: Option<Arc<Inner>>,
    interval: u64,
    slot: i64,
}

impl SharedBooking {
    fn reached(mut self) {
        self.inner = None;
    }
}

impl Drop for SharedBooking {
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        let (interval, slot) = (self.interval, self.slot);
        spawn_from_drop(async move { release(&inner, interval, slot).await });
    }
}

/// Runs `undo` (a call to Redis) in a task of its own, for a `Drop`, which cannot wait for
/// it. Without a runtime (dropped at shut-down) nothing runs: what `undo` would give back is
/// lost, or goes stale by itself, as the guards' docs say.
fn spawn_from_drop(undo: impl std::future::Future<Output = ()> + Send + 'static) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(undo);
    }
}

/// Gives `slot` back (see `RELEASE`); unreachable, it is lost.
async fn release(inner: &Inner, interval: u64, slot: i64) {
    let mut script = RELEASE.prepare_invoke();
    script
        .key(&inner.keys.tat)
        .key(&inner.keys.freed)
        .key(&inner.keys.clock)
        .arg(interval)
        .arg(slot)
        .arg(inner.clock_args());
    let _: Result<i64, _> = inner.run(&mut script).await;
}

/// A place in the lease queue: left on drop unless the lease was taken.
struct Waiting {
    inner: Option<Arc<Inner>>,
    id: String,
}

impl Waiting {
    fn taken(&mut self) {
        self.inner = None;
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        // No runtime (dropped at shut-down): the place goes stale by itself.
        let id = std::mem::take(&mut self.id);
        spawn_from_drop(async move {
            let mut leave = redis::pipe();
            leave
                .cmd("ZREM")
                .arg(&inner.keys.waiters)
                .arg(&id)
                .ignore()
                .cmd("ZREM")
                .arg(&inner.keys.waiters_seen)
                .arg(&id)
                .ignore();
            let _: Result<(), _> = inner.run(&mut leave).await;
        });
    }
}

/// A seed that differs between processes and callers: the lease id's FNV-1a hash.
fn seed_from(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn permit(lease: Option<LeaseGuard>) -> Permit {
    match lease {
        Some(lease) => Permit::from_guard(lease),
        None => Permit::unlimited(),
    }
}

fn micros_i64(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

fn micros_up(d: Duration) -> u64 {
    u64::try_from(d.as_nanos().div_ceil(1_000)).unwrap_or(u64::MAX)
}

impl Inner {
    /// The clocked scripts' last two arguments: the most their timeline can be now by this
    /// process's clock (0: unknown), and the skew.
    pub(crate) fn clock_args(&self) -> (i64, i64) {
        let most = self.anchor_slot().map_or(0, |(at, seen)| {
            at.saturating_add(micros_i64(seen.elapsed().saturating_add(STEP_SLACK)))
        });
        (most, self.clock_skew())
    }

    /// Records `now`, an instant of the timeline a clocked script answered: the new anchor if
    /// it came sooner after its script ran than the one kept, or if that one is older than
    /// 10 s (so that the bound follows Redis's clock however their rates differ).
    pub(crate) fn saw(&self, now: i64) {
        let seen = std::time::Instant::now();
        let mut anchor = self.anchor.lock().unwrap_or_else(PoisonError::into_inner);
        let better = anchor.is_none_or(|(at, then)| {
            let since = seen.saturating_duration_since(then);
            since > Duration::from_secs(10) || now.saturating_sub(at) > micros_i64(since)
        });
        if better {
            *anchor = Some((now, seen));
        }
    }

    fn anchor_slot(&self) -> Option<(i64, std::time::Instant)> {
        *self.anchor.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The shift of Redis's clock the clocked scripts add (µs, their last argument): zero,
    /// except where a unit test steps the clock.
    pub(crate) fn clock_skew(&self) -> i64 {
        #[cfg(test)]
        return self.clock_skew.load(Ordering::Relaxed);
        #[cfg(not(test))]
        0
    }

    /// Runs one call, over the shared connection (connected on first use, and again after a
    /// failure). While an outage lasts, calls fail at once until the next probe is due.
    pub(crate) async fn run<'a, T: FromRedisValue>(
        &self,
        call: impl Into<Call<'a>>,
    ) -> Result<T, Unreachable> {
        let call = call.into();
        {
            let mut health = self.health();
            if let Some((cause, retry_at)) = &mut health.outage {
                let now = Instant::now();
                if now < *retry_at {
                    return Err(Unreachable(cause.clone()));
                }
                // This caller probes; the others keep failing fast until the next probe.
                *retry_at = after(now, self.reconnect_every);
            }
        }
        match self.call(&call).await {
            Ok(value) => {
                if self.down.swap(false, Ordering::AcqRel) {
                    tracing::info!(url = %self.url, "Redis answers again: limits are shared again");
                }
                self.health().outage = None;
                Ok(value)
            }
            Err(e) => {
                let cause = without_secret(
                    &e.to_string(),
                    self.password.as_ref().map(ExposeSecret::expose_secret),
                );
                self.health().outage =
                    Some((cause.clone(), after(Instant::now(), self.reconnect_every)));
                if !self.down.swap(true, Ordering::AcqRel) {
                    match self.on_unreachable {
                        OnUnreachable::FallBackToLocal => tracing::warn!(
                            url = %self.url,
                            cause = %cause,
                            "Redis does not answer: falling back to this process's own limits \
                             (not shared with other processes) until it does"
                        ),
                        OnUnreachable::FailClosed => tracing::warn!(
                            url = %self.url,
                            cause = %cause,
                            "Redis does not answer: no permits are granted until it does \
                             (fail closed)"
                        ),
                    }
                }
                Err(Unreachable(cause))
            }
        }
    }

    async fn call<T: FromRedisValue>(&self, call: &Call<'_>) -> Result<T, RedisError> {
        let mut connection = self.connection().await?;
        let answer = match call {
            Call::Script(script) => script.invoke_async(&mut connection).await,
            Call::Command(cmd) => cmd.query_async(&mut connection).await,
            Call::Pipeline(pipeline) => pipeline.query_async(&mut connection).await,
        };
        if answer.is_err() {
            // Connect afresh next time: the connection may be broken.
            *self.connection_slot() = None;
        }
        answer
    }

    async fn connection(&self) -> Result<MultiplexedConnection, RedisError> {
        if let Some(connection) = self.connection_slot().clone() {
            return Ok(connection);
        }
        let connection = self
            .client
            .get_multiplexed_async_connection_with_config(&self.config)
            .await?;
        *self.connection_slot() = Some(connection.clone());
        Ok(connection)
    }

    fn connection_slot(&self) -> MutexGuard<'_, Option<MultiplexedConnection>> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn health(&self) -> MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Limiter for RedisLimits {
    fn acquire<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<Permit, LimitError>> {
        Box::pin(RedisLimits::acquire(self, operation))
    }

    fn cool_down(&self, retry_after: Duration) -> BoxFuture<'_, ()> {
        Box::pin(RedisLimits::cool_down(self, retry_after))
    }

    fn cool_down_remaining(&self) -> BoxFuture<'_, Option<Duration>> {
        Box::pin(RedisLimits::cool_down_remaining(self))
    }
}

impl fmt::Debug for RedisLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLimits")
            .field("url", &self.inner.url)
            .field("tat_key", &self.inner.keys.tat)
            .field("rate", &self.inner.rate)
            .field(
                "max_in_flight",
                &self.inner.max_in_flight.as_ref().map(|(max, _)| max),
            )
            .field("lease_time", &self.inner.lease_time)
            .field("on_unreachable", &self.inner.on_unreachable)
            .field("down", &self.inner.down.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

enum Target {
    Url(String),
    Client(Box<Client>),
}

/// Builds [`RedisLimits`]; nothing is limited unless set (the cool-down always is shared).
pub struct RedisLimitsBuilder {
    target: Target,
    namespace: String,
    rate: Option<Rate>,
    window_margin: Duration,
    max_in_flight: Option<usize>,
    lease_time: Duration,
    lease_poll: Duration,
    max_cool_down: Duration,
    on_unreachable: OnUnreachable,
    connect_timeout: Duration,
    response_timeout: Duration,
    reconnect_every: Duration,
}

impl fmt::Debug for RedisLimitsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLimitsBuilder")
            .field("namespace", &self.namespace)
            .field("rate", &self.rate)
            .field("max_in_flight", &self.max_in_flight)
            .field("lease_time", &self.lease_time)
            .field("on_unreachable", &self.on_unreachable)
            .finish_non_exhaustive()
    }
}

impl RedisLimitsBuilder {
    fn new(target: Target) -> RedisLimitsBuilder {
        RedisLimitsBuilder {
            target,
            namespace: "gqlforge".to_owned(),
            rate: None,
            window_margin: DEFAULT_WINDOW_MARGIN,
            max_in_flight: None,
            lease_time: DEFAULT_LEASE_TIME,
            lease_poll: Duration::from_millis(10),
            max_cool_down: DEFAULT_MAX_COOL_DOWN,
            on_unreachable: OnUnreachable::default(),
            connect_timeout: Duration::from_secs(1),
            response_timeout: Duration::from_secs(1),
            reconnect_every: Duration::from_secs(1),
        }
    }

    /// The name every process sharing one budget uses (one per API: `cleverbridge`), so that
    /// several APIs share one Redis. Default `gqlforge`.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// The rate shared by all processes (Cleverbridge: `Rate::per_second(150)`).
    pub fn rate(mut self, rate: Rate) -> Self {
        self.rate = Some(rate);
        self
    }

    /// The window log's margin over the rate's period (default [`DEFAULT_WINDOW_MARGIN`]):
    /// how much the delays from grant to arrival may vary without a window at the API holding
    /// more than the rate. Zero keeps only Redis-clock exactness.
    pub fn window_margin(mut self, margin: Duration) -> Self {
        self.window_margin = margin;
        self
    }

    /// At most `max` requests in flight across all processes (Cleverbridge: 4).
    pub fn max_in_flight(mut self, max: usize) -> Self {
        self.max_in_flight = Some(max);
        self
    }

    /// How long a lease lives unless renewed (default [`DEFAULT_LEASE_TIME`]): the time a
    /// crashed process's slots stay taken. Renewed every third of it while held (a failed
    /// renewal is tried again every reconnect interval, if that is sooner); a lease lost
    /// meanwhile is registered again by the renewal (see the type's docs).
    pub fn lease_time(mut self, lease_time: Duration) -> Self {
        self.lease_time = lease_time;
        self
    }

    /// How often a caller waiting for a lease asks again while all are held (default 10 ms).
    pub fn lease_poll_interval(mut self, every: Duration) -> Self {
        self.lease_poll = every;
        self
    }

    /// The longest cool-down honoured (default [`DEFAULT_MAX_COOL_DOWN`]).
    pub fn max_cool_down(mut self, max: Duration) -> Self {
        self.max_cool_down = max;
        self
    }

    /// What to do when Redis does not answer (default [`OnUnreachable::FailClosed`]).
    pub fn on_unreachable(mut self, policy: OnUnreachable) -> Self {
        self.on_unreachable = policy;
        self
    }

    /// How long connecting and each answer may take before Redis counts as unreachable
    /// (defaults 1 s each), and how often it is tried again during an outage (default 1 s;
    /// meanwhile calls fail, or fall back, at once).
    pub fn timeouts(mut self, connect: Duration, response: Duration, reconnect: Duration) -> Self {
        self.connect_timeout = connect;
        self.response_timeout = response;
        self.reconnect_every = reconnect;
        self
    }

    /// The limits, or the first bad setting. Nothing is sent to Redis yet: the first call
    /// that needs it connects.
    pub fn build(self) -> Result<RedisLimits, RedisLimitsConfigError> {
        if self.lease_time < Duration::from_millis(30) {
            return Err(RedisLimitsConfigError::LeaseTooShort {
                lease_time: self.lease_time,
            });
        }
        let mut local = Limits::builder()
            .max_cool_down(self.max_cool_down)
            .window_margin(self.window_margin);
        if let Some(rate) = self.rate {
            local = local.rate(rate);
        }
        if let Some(max) = self.max_in_flight {
            local = local.max_in_flight(max);
        }
        let local = local.build()?;
        let client = match self.target {
            Target::Client(client) => *client,
            Target::Url(url) => {
                Client::open(url.as_str()).map_err(|e| RedisLimitsConfigError::Url {
                    url: shown_url(&url),
                    cause: without_secret(
                        &e.to_string(),
                        reqwest::Url::parse(&url)
                            .ok()
                            .as_ref()
                            .and_then(|u| u.password()),
                    ),
                })?
            }
        };
        let url = describe(&client);
        let password = client
            .get_connection_info()
            .redis_settings()
            .password()
            .map(|p| secrecy::SecretString::from(p.to_owned()));
        let ns = &self.namespace;
        let key = |name: &str| format!("gqlforge:{{{ns}}}:{name}");
        Ok(RedisLimits {
            inner: Arc::new(Inner {
                config: AsyncConnectionConfig::new()
                    .set_connection_timeout(Some(self.connect_timeout.min(LONGEST)))
                    .set_response_timeout(Some(self.response_timeout.min(LONGEST))),
                client,
                url,
                password,
                keys: Keys {
                    prefix: format!("gqlforge:{{{ns}}}"),
                    tat: key("tat"),
                    freed: key("freed"),
                    grants: key("grants"),
                    sequence: key("grant_seq"),
                    leases: key("leases"),
                    waiters: key("lease_queue"),
                    waiters_seen: key("lease_queue_seen"),
                    cool_down: key("cool_down"),
                    clock: key("clock"),
                },
                rate: self.rate,
                window_margin: self.window_margin.min(LONGEST),
                max_in_flight: self.max_in_flight.map(|max| {
                    (
                        max,
                        Arc::new(Semaphore::new(max.min(Semaphore::MAX_PERMITS))),
                    )
                }),
                // Every setting is cut to 366 days (`waits::LONGEST`): sums of instants and
                // settings never overflow, and every millisecond count fits Redis and Lua.
                lease_time: self.lease_time.min(LONGEST),
                renew_every: self.lease_time.min(LONGEST) / 3,
                lease_poll: self.lease_poll.clamp(Duration::from_millis(1), LONGEST),
                max_cool_down: self.max_cool_down.min(LONGEST),
                on_unreachable: self.on_unreachable,
                reconnect_every: self.reconnect_every.min(LONGEST),
                local,
                connection: Mutex::new(None),
                health: Mutex::new(Health::default()),
                down: AtomicBool::new(false),
                anchor: Mutex::new(None),
                #[cfg(test)]
                clock_skew: std::sync::atomic::AtomicI64::new(0),
            }),
        })
    }
}

/// `redis://HOST:PORT` (or the socket path) from the client's settings: never the password.
fn describe(client: &Client) -> String {
    let addr = client.get_connection_info().addr();
    match addr {
        redis::ConnectionAddr::Unix(_) => format!("unix://{addr}"),
        redis::ConnectionAddr::Tcp(..) => format!("redis://{addr}"),
        _ => format!("rediss://{addr}"),
    }
}

#[cfg(test)]
#[path = "../../../tests/redis_support/mod.rs"]
#[allow(dead_code)]
mod redis_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_step_back_of_the_redis_clock_stalls_no_caller() {
        let Some(server) = redis_support::RedisServer::start("clock_step") else {
            return;
        };
        let limits = RedisLimits::builder(server.url())
            .namespace("clock_step")
            .rate(Rate::per_second(20))
            .max_in_flight(1)
            .build()
            .expect("valid");
        let acquire_5 = || async {
            for _ in 0..5 {
                drop(limits.acquire("Op").await.expect("a permit"));
            }
        };
        acquire_5().await;
        // Held across the step: its lease must stay renewable and then be released.
        let held = limits.acquire("Op").await.expect("a permit");
        // NTP, a restored VM or an operator sets the Redis host's clock back an hour.
        limits
            .inner
            .clock_skew
            .store(-3_600_000_000, Ordering::Relaxed);
        // A lease registered after the step is renewed (its expiry is on the timeline, not an
        // hour in its past).
        let renew = || async {
            let mut renew = scripts::RENEW_LEASE.prepare_invoke();
            renew
                .key(&limits.inner.keys.leases)
                .key(&limits.inner.keys.clock)
                .arg("probe")
                .arg(1_000)
                .arg(1)
                .arg(limits.inner.clock_args());
            limits.inner.run::<(i64, i64)>(&mut renew).await
        };
        assert!(
            matches!(renew().await, Ok((3, _))),
            "registered, over the cap"
        );
        assert!(matches!(renew().await, Ok((1, _))), "renewed");
        let _: i64 = limits
            .inner
            .run(
                redis::cmd("ZREM")
                    .arg(&limits.inner.keys.leases)
                    .arg("probe"),
            )
            .await
            .expect("Redis answers");
        drop(held);
        // A cool-down set before the step still ends when it was meant to, not an hour later.
        limits.inner.clock_skew.store(0, Ordering::Relaxed);
        limits.cool_down(Duration::from_millis(300)).await;
        limits
            .inner
            .clock_skew
            .store(-3_600_000_000, Ordering::Relaxed);
        let left = limits.shared_cool_down().await.expect("Redis answers");
        assert!(
            left.is_some_and(|left| left <= Duration::from_millis(300)),
            "{left:?}"
        );
        // Callers go on at the rate (5 at 20/s: a quarter of a second, after the cool-down),
        // not an hour later.
        // The bound is far from both, so the machine's load cannot decide the outcome.
        tokio::time::timeout(Duration::from_secs(20), acquire_5())
            .await
            .expect("the callers are not stalled by the clock step");
        // The clock key, which anchors the stored instants, outlives every key holding them.
        let mut redis = server.client().get_connection().expect("a connection");
        let mut pttl =
            |key: &str| -> i64 { redis::cmd("PTTL").arg(key).query(&mut redis).expect("PTTL") };
        let clock = pttl(&limits.inner.keys.clock);
        for key in [
            &limits.inner.keys.tat,
            &limits.inner.keys.freed,
            &limits.inner.keys.grants,
            &limits.inner.keys.leases,
            &limits.inner.keys.waiters,
        ] {
            assert!(clock >= pttl(key), "{key}: {} > {clock}", pttl(key));
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slots_are_given_back_on_the_timeline_across_a_step_back_of_the_redis_clock() {
        let Some(server) = redis_support::RedisServer::start("clock_step_release") else {
            return;
        };
        let limits = RedisLimits::builder(server.url())
            .namespace("clock_step_release")
            .rate(Rate::per_second(10))
            .build()
            .expect("valid");
        let inner = &limits.inner;
        let interval = micros_up(Rate::per_second(10).interval());
        let book = || async {
            let mut book = BOOK.prepare_invoke();
            book.key(&inner.keys.tat)
                .key(&inner.keys.cool_down)
                .key(&inner.keys.freed)
                .key(&inner.keys.clock)
                .arg(interval)
                .arg(0)
                .arg(inner.clock_args());
            let (answer, wait, slot, _): (i64, i64, i64, i64) =
                inner.run(&mut book).await.expect("Redis answers");
            assert_eq!(answer, 1);
            (wait, slot)
        };
        let give_back = |slot: i64| async move {
            let mut release = RELEASE.prepare_invoke();
            release
                .key(&inner.keys.tat)
                .key(&inner.keys.freed)
                .key(&inner.keys.clock)
                .arg(interval)
                .arg(slot)
                .arg(inner.clock_args());
            inner.run::<i64>(&mut release).await.expect("Redis answers")
        };
        // Two slots booked, then Redis's clock steps back an hour: the timeline goes on.
        let (_, first) = book().await;
        let (_, second) = book().await;
        inner.clock_skew.store(-3_600_000_000, Ordering::Relaxed);
        // The second is still ahead on the timeline (not an hour behind it): the latest
        // reservation is undone, and the next caller books it again.
        assert_eq!(give_back(second).await, 1, "the latest slot is undone");
        let (wait, again) = book().await;
        assert_eq!(again, second);
        assert!(wait <= i64::try_from(interval).expect("fits"), "{wait} µs");
        // The first one's time has come on the timeline (though Redis's raw clock is an hour
        // behind it): it is spent and cannot be given back.
        sleep(Duration::from_micros(interval)).await;
        assert_eq!(give_back(first).await, 0, "a spent slot is not given back");
        // A slot given back that is not the latest is kept for the next booking, in the
        // sorted set, whose TTL the clock key outlives.
        let (_, third) = book().await;
        let (_, _fourth) = book().await;
        assert_eq!(give_back(third).await, 2, "kept for the next caller");
        let mut redis = server.client().get_connection().expect("a connection");
        let mut pttl =
            |key: &str| -> i64 { redis::cmd("PTTL").arg(key).query(&mut redis).expect("PTTL") };
        let freed = pttl(&inner.keys.freed);
        assert!(freed > 0, "{freed}");
        assert!(pttl(&inner.keys.clock) >= freed);
        let (_, taken) = book().await;
        assert_eq!(taken, third, "the slot given back is taken first");
    }

    /// Runs `TAKE_LEASE` for lease `id`: whether it was taken.
    async fn take(inner: &Inner, id: &str, max: usize) -> bool {
        let mut take = TAKE_LEASE.prepare_invoke();
        take.key(&inner.keys.leases)
            .key(&inner.keys.waiters)
            .key(&inner.keys.waiters_seen)
            .key(&inner.keys.clock)
            .arg(id)
            .arg(max)
            .arg(60_000)
            .arg(60_000)
            .arg(inner.clock_args());
        let (taken, ..): (i64, i64, i64) = inner.run(&mut take).await.expect("Redis answers");
        taken == 1
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_lost_lease_is_registered_again_over_the_cap_and_newcomers_wait_under_it() {
        let Some(server) = redis_support::RedisServer::start("lost_lease") else {
            return;
        };
        let limits = RedisLimits::builder(server.url())
            .namespace("lost_lease")
            .max_in_flight(2)
            .build()
            .expect("valid");
        let inner = &limits.inner;
        let renew = |id: &'static str| async move {
            let mut renew = scripts::RENEW_LEASE.prepare_invoke();
            renew
                .key(&inner.keys.leases)
                .key(&inner.keys.clock)
                .arg(id)
                .arg(60_000)
                .arg(2)
                .arg(inner.clock_args());
            let (answer, _): (i64, i64) = inner.run(&mut renew).await.expect("Redis answers");
            answer
        };
        let held = || async {
            let mut redis = server.client().get_connection().expect("a connection");
            redis::cmd("ZCARD")
                .arg(&inner.keys.leases)
                .query::<usize>(&mut redis)
                .expect("ZCARD")
        };
        // Two requests in flight, then Redis forgets their leases (a restart without
        // persistence looks the same).
        assert!(take(inner, "a1", 2).await && take(inner, "a2", 2).await);
        let mut redis = server.client().get_connection().expect("a connection");
        let _: () = redis::cmd("FLUSHALL").query(&mut redis).expect("FLUSHALL");
        // Before their holders renew, newcomers take the slots that look free.
        assert!(take(inner, "b1", 2).await && take(inner, "b2", 2).await);
        assert_eq!(renew("b1").await, 1, "a lease held is renewed");
        // The holders' renewals register their leases again, over the cap: their requests
        // are at the server.
        assert_eq!(renew("a1").await, 3);
        assert_eq!(renew("a2").await, 3);
        assert_eq!(held().await, 4);
        // Newcomers wait until the total is back under the cap, not just under four.
        assert!(!take(inner, "c", 2).await);
        for id in ["b1", "b2"] {
            let _: i64 = inner
                .run(redis::cmd("ZREM").arg(&inner.keys.leases).arg(id))
                .await
                .expect("Redis answers");
            assert!(!take(inner, "c", 2).await, "{} held, cap 2", held().await);
        }
        let _: i64 = inner
            .run(redis::cmd("ZREM").arg(&inner.keys.leases).arg("a1"))
            .await
            .expect("Redis answers");
        assert!(take(inner, "c", 2).await, "one held, cap 2");
        // A lease gone while there is room comes back within the cap.
        let _: () = redis::cmd("FLUSHALL").query(&mut redis).expect("FLUSHALL");
        assert_eq!(renew("a2").await, 2);
        assert_eq!(renew("a2").await, 1);
    }

    /// A forward step of Redis's clock does not end the leases in flight: the timeline goes on
    /// by the callers' own clocks, the holders' leases stay live, and a newcomer waits for the
    /// cap. Before, every lease expired at once and the newcomer got in at once. (The
    /// test-only skew moves the scripts' clock only: Redis's own key expiry, which a real
    /// step larger than the keys' TTLs also runs early, is the restart case, tested in
    /// `redis_limits.rs`.)
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn after_a_forward_step_of_the_redis_clock_the_holders_leases_hold_the_cap_again() {
        let Some(server) = redis_support::RedisServer::start("forward_step") else {
            return;
        };
        let build = || {
            RedisLimits::builder(server.url())
                .namespace("forward_step")
                .max_in_flight(2)
                .lease_time(Duration::from_millis(900))
                .build()
                .expect("valid")
        };
        let (holder, newcomer) = (build(), build());
        let held = (
            holder.acquire("Op").await.expect("a permit"),
            holder.acquire("Op").await.expect("a permit"),
        );
        // The Redis host's clock jumps an hour ahead: every lease has expired on the timeline.
        holder
            .inner
            .clock_skew
            .store(3_600_000_000, Ordering::Relaxed);
        let _ = holder.shared_cool_down().await.expect("Redis answers");
        // Both leases are live on the timeline (expiring after its last instant), renewed by
        // their holders.
        let mut redis = server.client().get_connection().expect("a connection");
        let mut live_leases = || -> usize {
            let last: Option<u64> = redis::cmd("HGET")
                .arg(&holder.inner.keys.clock)
                .arg("last")
                .query(&mut redis)
                .expect("HGET");
            let Some(last) = last else {
                return 0; // no clock: nothing was renewed lately
            };
            redis::cmd("ZCOUNT")
                .arg(&holder.inner.keys.leases)
                .arg(format!("({}", last / 1_000))
                .arg("+inf")
                .query(&mut redis)
                .expect("ZCOUNT")
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while live_leases() < 2 {
            assert!(
                Instant::now() < deadline,
                "the leases in flight are not live"
            );
            sleep(Duration::from_millis(10)).await;
        }
        // From then on the cap holds: the newcomer waits while both are in flight...
        let early = tokio::time::timeout(Duration::from_millis(500), newcomer.acquire("Op")).await;
        assert!(
            early.is_err(),
            "a newcomer got in over two requests in flight"
        );
        // ...and gets the slot one of them frees.
        drop(held.0);
        let permit = tokio::time::timeout(Duration::from_secs(30), newcomer.acquire("Op"))
            .await
            .expect("the freed slot is taken")
            .expect("Redis answers");
        drop((permit, held.1));
    }

    /// A forward step of Redis's clock, while callers of 20/s wait for their slots, lets no
    /// burst through: the timeline goes on by the callers' own clocks, so the window log
    /// forgets at most `STEP_SLACK` of grants (one at 20/s). Before, a step of 300 ms or more
    /// let 26 grants into a second (the log forgotten, new bookings beside the old ones).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_forward_step_of_the_redis_clock_lets_no_burst_through() {
        let Some(server) = redis_support::RedisServer::start("forward_rate") else {
            return;
        };
        for (case, step) in [300_000i64, 3_600_000_000].into_iter().enumerate() {
            let limits = RedisLimits::builder(server.url())
                .namespace(format!("forward_rate{case}"))
                .rate(Rate::per_second(20))
                // As in `redis_limits.rs`: grants are timed when `acquire` returns, on a busy
                // machine.
                .window_margin(Duration::from_millis(50))
                .build()
                .expect("valid");
            let start = Instant::now();
            let grants = Arc::new(Mutex::new(Vec::new()));
            let mut tasks = Vec::new();
            for _ in 0..6 {
                let (limits, grants) = (limits.clone(), Arc::clone(&grants));
                tasks.push(tokio::spawn(async move {
                    while start.elapsed() < Duration::from_millis(2_500) {
                        drop(limits.acquire("Op").await.expect("a permit"));
                        grants.lock().unwrap().push(start.elapsed());
                    }
                }));
            }
            sleep(Duration::from_millis(1_200)).await;
            limits.inner.clock_skew.store(step, Ordering::Relaxed);
            for task in tasks {
                task.await.expect("no task panics");
            }
            let mut grants = grants.lock().unwrap().clone();
            grants.sort();
            let mut most = 0;
            let mut from = 0;
            for (i, &t) in grants.iter().enumerate() {
                while grants[from] + Duration::from_secs(1) <= t {
                    from += 1;
                }
                most = most.max(i - from + 1);
            }
            eprintln!(
                "forward step of {step} µs at 20/s: {} grants, at most {most} in a second",
                grants.len()
            );
            let forgotten = (20 * STEP_SLACK.as_millis()).div_ceil(1_000) as usize;
            assert!(
                most <= 20 + forgotten,
                "step {step} µs: {most} in one second"
            );
        }
    }

    #[test]
    fn credentials_never_appear_in_what_is_shown() {
        let Ok(client) = Client::open("redis://:hunter2@127.0.0.1:6390/2") else {
            panic!("a valid URL")
        };
        assert_eq!(describe(&client), "redis://127.0.0.1:6390");
        assert_eq!(
            without_secret("WRONGPASS hunter2 aHVudGVyMg== hunter%32", Some("hunter2")),
            "WRONGPASS [redacted] [redacted] [redacted]"
        );
    }

    #[test]
    fn a_bad_url_is_a_config_error_naming_it() {
        let Err(error) = RedisLimits::builder("http://:pw@127.0.0.1:1").build() else {
            panic!("an http URL is not a Redis URL")
        };
        let message = error.to_string();
        assert!(
            message.starts_with("`http://127.0.0.1:1/` is not a Redis URL"),
            "{message}"
        );
        assert!(!message.contains("pw"), "{message}");
    }

    #[test]
    fn a_lease_too_short_to_renew_is_refused() {
        let error = RedisLimits::builder("redis://127.0.0.1:1")
            .lease_time(Duration::from_millis(10))
            .build()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("lease_time is 10ms: a lease must live at least 30 ms so it can be renewed")
        );
    }

    #[tokio::test]
    async fn settings_as_long_as_a_duration_can_be_never_panic() {
        // Nothing listens on port 1: the outage path, which adds the reconnect interval to
        // an instant, runs too.
        let limits = RedisLimits::builder("redis://127.0.0.1:1/")
            .rate(Rate::new(1, Duration::MAX).with_burst(u32::MAX))
            .window_margin(Duration::MAX)
            .max_in_flight(1)
            .lease_time(Duration::MAX)
            .lease_poll_interval(Duration::MAX)
            .max_cool_down(Duration::MAX)
            .timeouts(
                Duration::from_secs(1),
                Duration::from_secs(1),
                Duration::MAX,
            )
            .build()
            .expect("valid settings");
        assert_eq!(limits.inner.lease_time, LONGEST);
        assert_eq!(limits.stale_waiter(), LONGEST.saturating_mul(10));
        for _ in 0..2 {
            assert!(matches!(
                limits.acquire("Op").await,
                Err(LimitError::BackendUnreachable { .. })
            ));
        }
        limits.cool_down(Duration::MAX).await;
        let left = limits.cool_down_remaining().await.expect("a cool-down");
        assert!(
            left <= LONGEST && left > LONGEST - Duration::from_secs(60),
            "{left:?}"
        );
    }

    #[test]
    fn interval_in_micros_rounds_up() {
        assert_eq!(micros_up(Rate::per_second(150).interval()), 6_667);
        assert_eq!(micros_up(Duration::from_millis(20)), 20_000);
    }
}
