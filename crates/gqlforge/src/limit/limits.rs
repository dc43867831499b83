//! [`Limits`]: the in-process limiter — rate, concurrency, per-operation rates and quotas,
//! and the shared `429` cool-down — behind one lock that is never held across an `.await`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::{sleep_until, Instant};

use super::concurrency::{Concurrency, Permit, SendReport};
use super::margin::{LocalDelays, RateLimitedBackoff};
use super::quota::Quota;
use super::rate::{Rate, RateState};
use super::{LimitError, LimitsConfigError};

/// The longest cool-down [`Limits::cool_down`] accepts by default; longer ones are cut to it.
pub const DEFAULT_MAX_COOL_DOWN: Duration = Duration::from_secs(3600);

/// The fixed part of the margin by which each window log of [`Limits`] is longer than its
/// rate's period, by default (see [`LimitsBuilder::window_margin`]): 50 ms, for the spread
/// of the network's delays, which the client cannot see. At saturation a 1-s rate then uses
/// 1 s / 1.05 s = 95.2% of its budget; in exchange a server that counts arrivals delayed by
/// anything from 0 to 50 ms after their grants never sees a 1-s window over the rate (an
/// API such as Cleverbridge's blocks every caller for 60 s when it does).
pub const DEFAULT_LOCAL_WINDOW_MARGIN: Duration = Duration::from_millis(50);

/// The most the adaptive part of the window margin adds to the fixed part, by default (see
/// [`LimitsBuilder::max_adaptive_margin`]): 200 ms.
pub const DEFAULT_MAX_ADAPTIVE_MARGIN: Duration = Duration::from_millis(200);

/// Everything that paces one client's requests. Cheap to clone: clones share one state, so a
/// cool-down set through one pauses the callers of all.
///
/// ```
/// # use gqlforge::limit::{Limits, Rate};
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let limits = Limits::builder()
///     .rate(Rate::per_second(150))
///     .max_in_flight(4)
///     .operation_rate("SubscriptionParams", Rate::per_minute(60))
///     .operation_quota("CreateCoupon", 1_000)
///     .build()?;
/// let permit = limits.acquire("SubscriptionParams").await?;
/// // ... send the request, read the body ...
/// drop(permit);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Limits {
    inner: Arc<Inner>,
}

struct Inner {
    concurrency: Option<Concurrency>,
    /// Shared with `State::delays`, for reports made without the state's lock.
    delays: LocalDelays,
    max_adaptive_margin: Duration,
    max_cool_down: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    cool_down_until: Option<Instant>,
    rate: Option<RateState>,
    operations: HashMap<String, OperationState>,
    /// The adaptive part of the window margin: the local delays seen (from grant to send,
    /// the timers' lateness), and the widening `429`s asked for, together at most
    /// `max_adaptive`.
    delays: LocalDelays,
    backoff: RateLimitedBackoff,
    max_adaptive: Duration,
    /// The fixed part, as every `RateState` holds it.
    fixed_margin: Duration,
}

#[derive(Debug, Default)]
struct OperationState {
    rate: Option<RateState>,
    quota: Option<Quota>,
}

/// What the state says at the instant a task comes for its permit.
enum Grant {
    Granted,
    /// The client's window is full until then.
    WaitClient(Instant),
    /// The operation's window is full: book the operation's rate again.
    WaitOperation,
    /// A cool-down began after the slots were booked: wait it out and book again.
    CoolingDown,
}

impl Limits {
    /// A [`LimitsBuilder`] with no limits set.
    pub fn builder() -> LimitsBuilder {
        LimitsBuilder::default()
    }

    /// No limits at all: every `acquire` is granted at once.
    pub fn unlimited() -> Limits {
        LimitsBuilder::default().assemble()
    }

    /// A permit to send one request of `operation` (the operation's name, as
    /// `Operation::NAME` gives it).
    ///
    /// In order: a quota that is used up fails at once, before any waiting and without
    /// taking anything else; then a cool-down in force is waited out; then the operation's
    /// own rate is booked and waited for; then a concurrency slot is taken; then the client's
    /// rate is booked and waited for (GCRA: each caller keeps its place, callers leave one
    /// interval apart); last, under the lock, the grant is checked against the cool-down and
    /// every rate's window log. A cool-down that began meanwhile sends the caller back, slot
    /// released, to wait it out and book again. Cancelling the future (dropping it) gives back
    /// the quota unit, the concurrency slot, and a booked rate slot whose time has not come
    /// (the next caller takes it), so callers that give up — a `timeout` around the call, a
    /// cancelled request handler — never push the schedule ahead of real time. A slot whose
    /// time has come is spent, which only ever errs on the side of sending less.
    pub async fn acquire(&self, operation: &str) -> Result<Permit, LimitError> {
        let mut claim = self.claim_quota(operation)?;
        'start: loop {
            self.wait_cool_down().await;
            // The operation's own rate is waited for before a slot is taken, so that callers
            // queued behind a slow operation never hold the slots other operations could use.
            let at = self.state().book_operation(operation, Instant::now());
            if let Some((at, booked)) = at {
                Booking::new(self, Some(operation), at, booked).wait().await;
            }
            let slot = match &self.inner.concurrency {
                Some(concurrency) => Some(concurrency.acquire().await),
                None => None,
            };
            let (at, booked) = self.state().book_client(Instant::now());
            Booking::new(self, None, at, booked).wait().await;
            loop {
                let now = Instant::now();
                let grant = self.state().grant(operation, now);
                match grant {
                    Grant::Granted => {
                        claim.keep();
                        return Ok(Permit::local(slot, self.send_report(now)));
                    }
                    Grant::WaitClient(until) => sleep_past(until).await,
                    // Rare (the operation's slot came late); give the slot back meanwhile.
                    Grant::WaitOperation | Grant::CoolingDown => {
                        drop(slot);
                        continue 'start;
                    }
                }
            }
        }
    }

    /// Pauses every caller of this `Limits` (and its clones) for `retry_after` from now: what
    /// a `429`'s `Retry-After` asks. A cool-down already in force ends at the later of the two
    /// ends. When it ends, callers are let through paced by the rate, one interval apart
    /// (with no rate set, as many at once as the concurrency cap allows).
    /// `retry_after` is cut to the builder's `max_cool_down` (default one hour).
    ///
    /// A cool-down that begins (none was in force) also widens the window margin by 50 ms,
    /// which wears off at 10 ms a minute (see [`LimitsBuilder::max_adaptive_margin`]): a
    /// `429` says the server saw more than the limiter let through.
    pub fn cool_down(&self, retry_after: Duration) {
        let now = Instant::now();
        let until = now + retry_after.min(self.inner.max_cool_down);
        let mut state = self.state();
        if state.cool_down_until.is_none_or(|until| until <= now) {
            let cap = state.max_adaptive;
            state.backoff.step(now, cap);
        }
        state.cool_down_until = Some(state.cool_down_until.map_or(until, |u| u.max(until)));
    }

    /// How much of a cool-down is left (`None` when none is in force).
    pub fn cool_down_remaining(&self) -> Option<Duration> {
        let until = self.state().cool_down_until?;
        let left = until.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }

    /// Requests `operation`'s quota still allows (`None` when it has no quota).
    pub fn quota_remaining(&self, operation: &str) -> Option<u64> {
        let state = self.state();
        Some(state.operations.get(operation)?.quota.as_ref()?.remaining())
    }

    /// Concurrency slots free right now (`None` without a cap).
    pub fn available_slots(&self) -> Option<usize> {
        self.inner.concurrency.as_ref().map(Concurrency::available)
    }

    /// The window margin in force now: the fixed part and the adaptive part.
    pub fn window_margin(&self) -> Duration {
        let now = Instant::now();
        let state = self.state();
        state
            .fixed_margin
            .saturating_add(state.adaptive_margin(now))
    }

    /// What a permit granted at `granted` reports its send through, when the margin adapts.
    fn send_report(&self, granted: Instant) -> Option<SendReport> {
        let inner = &self.inner;
        (!inner.max_adaptive_margin.is_zero())
            .then(|| SendReport::new(inner.delays.clone(), granted))
    }

    /// How far after now the client's rate would book a caller asking now (tests).
    #[cfg(test)]
    pub(crate) fn client_schedule_ahead(&self) -> Option<Duration> {
        let now = Instant::now();
        let state = self.state();
        Some(
            state
                .rate
                .as_ref()?
                .earliest(now, state.adaptive_margin(now))
                - now,
        )
    }

    /// How far after now `operation`'s own rate would book a caller asking now (tests).
    #[cfg(test)]
    pub(crate) fn operation_schedule_ahead(&self, operation: &str) -> Option<Duration> {
        let now = Instant::now();
        let state = self.state();
        let extra = state.adaptive_margin(now);
        let rate = state.operations.get(operation)?.rate.as_ref()?;
        Some(rate.earliest(now, extra) - now)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock, so a poisoned state is still consistent.
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn claim_quota<'a>(&'a self, operation: &'a str) -> Result<QuotaClaim<'a>, LimitError> {
        let mut state = self.state();
        let Some(quota) = state
            .operations
            .get_mut(operation)
            .and_then(|o| o.quota.as_mut())
        else {
            return Ok(QuotaClaim::none());
        };
        if quota.take() {
            Ok(QuotaClaim {
                limits: Some(self),
                operation,
            })
        } else {
            Err(LimitError::QuotaExhausted {
                operation: operation.to_owned(),
                limit: quota.limit(),
            })
        }
    }

    async fn wait_cool_down(&self) {
        loop {
            let until = self.state().cool_down_until;
            match until {
                Some(until) if until > Instant::now() => sleep_until(until).await,
                _ => return,
            }
        }
    }
}

/// A rate slot booked by a caller on its way to `at`: given back if the caller is dropped
/// before `at` (see `Gcra::give_back`). Dropping it after `at` changes nothing.
struct Booking<'a> {
    limits: &'a Limits,
    /// `Some(name)`: the operation's own rate; `None`: the client's.
    operation: Option<&'a str>,
    /// When the caller goes on.
    at: Instant,
    /// The GCRA slot it holds (at or before `at`).
    slot: Instant,
}

impl<'a> Booking<'a> {
    fn new(
        limits: &'a Limits,
        operation: Option<&'a str>,
        at: Instant,
        slot: Instant,
    ) -> Booking<'a> {
        Booking {
            limits,
            operation,
            at,
            slot,
        }
    }

    /// Sleeps until the slot. Dropped on the way (the caller cancelled), the slot goes back.
    /// Reports how late the timer woke the caller: the machine's scheduling delay (and the
    /// timer's 1-ms ticks), which its requests meet on their way out too, and which the
    /// adaptive margin covers.
    async fn wait(self) {
        if self.at > Instant::now() {
            sleep_until(self.at).await;
            let now = Instant::now();
            if !self.limits.inner.max_adaptive_margin.is_zero() {
                let late = now.saturating_duration_since(self.at);
                self.limits.inner.delays.observe(late, now);
            }
        }
    }
}

impl Drop for Booking<'_> {
    fn drop(&mut self) {
        let now = Instant::now();
        if self.at <= now {
            return;
        }
        let mut state = self.limits.state();
        let rate = match self.operation {
            Some(operation) => state
                .operations
                .get_mut(operation)
                .and_then(|o| o.rate.as_mut()),
            None => state.rate.as_mut(),
        };
        if let Some(rate) = rate {
            rate.give_back(self.slot, now);
        }
    }
}

/// Sleeps until `at` unless it has passed.
async fn sleep_past(at: Instant) {
    if at > Instant::now() {
        sleep_until(at).await;
    }
}

impl State {
    /// The adaptive part of the window margin at `now`: the largest recent local delay, plus
    /// what `429`s left, at most `max_adaptive`.
    fn adaptive_margin(&self, now: Instant) -> Duration {
        if self.max_adaptive.is_zero() {
            return Duration::ZERO;
        }
        let learned = self.delays.recent_max(now);
        learned
            .saturating_add(self.backoff.at(now))
            .min(self.max_adaptive)
    }

    /// Books `operation`'s own rate, if it has one, at the first instant at or after `now`
    /// that it and the cool-down allow: that instant, and the slot to give back.
    fn book_operation(&mut self, operation: &str, now: Instant) -> Option<(Instant, Instant)> {
        let extra = self.adaptive_margin(now);
        let rate = self.operations.get_mut(operation)?.rate.as_mut()?;
        let at = rate
            .earliest(now, extra)
            .max(self.cool_down_until.unwrap_or(now));
        let slot = rate.reserve(at);
        Some((at, slot))
    }

    /// Books the client's rate at the first instant at or after `now` that it and the
    /// cool-down allow (`now` without a rate).
    ///
    /// The operation's slot is booked and waited for first, the client's only then: booking
    /// both at once, at the later of the two instants, would move the client's GCRA past the
    /// slots in between and waste them. A grant that comes late through the waits in between
    /// cannot overfill the operation's windows: the window log checks every grant.
    fn book_client(&mut self, now: Instant) -> (Instant, Instant) {
        let at = now.max(self.cool_down_until.unwrap_or(now));
        let extra = self.adaptive_margin(now);
        match &mut self.rate {
            Some(rate) => {
                let at = rate.earliest(at, extra);
                (at, rate.reserve(at))
            }
            None => (at, at),
        }
    }

    /// Grants at `now` if no cool-down is in force and every window has room.
    fn grant(&mut self, operation: &str, now: Instant) -> Grant {
        if self.cool_down_until.is_some_and(|until| until > now) {
            return Grant::CoolingDown;
        }
        let extra = self.adaptive_margin(now);
        let operation_rate = self
            .operations
            .get_mut(operation)
            .and_then(|o| o.rate.as_mut());
        if operation_rate
            .as_ref()
            .is_some_and(|rate| rate.grantable(now, extra) > now)
        {
            return Grant::WaitOperation;
        }
        if let Some(until) = self.rate.as_ref().map(|rate| rate.grantable(now, extra)) {
            if until > now {
                return Grant::WaitClient(until);
            }
        }
        if let Some(rate) = &mut self.rate {
            rate.grant(now);
        }
        if let Some(rate) = operation_rate {
            rate.grant(now);
        }
        Grant::Granted
    }
}

/// A unit of an operation's quota taken by a call still waiting for its permit: given back
/// if the call ends (is cancelled) before the permit is granted.
struct QuotaClaim<'a> {
    limits: Option<&'a Limits>,
    operation: &'a str,
}

impl QuotaClaim<'_> {
    fn none() -> QuotaClaim<'static> {
        QuotaClaim {
            limits: None,
            operation: "",
        }
    }

    /// The permit was granted: the unit stays used.
    fn keep(&mut self) {
        self.limits = None;
    }
}

impl Drop for QuotaClaim<'_> {
    fn drop(&mut self) {
        let Some(limits) = self.limits else { return };
        let mut state = limits.state();
        if let Some(quota) = state
            .operations
            .get_mut(self.operation)
            .and_then(|o| o.quota.as_mut())
        {
            quota.give_back();
        }
    }
}

impl fmt::Debug for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limits")
            .field("concurrency", &self.inner.concurrency)
            .field("state", &*self.state())
            .finish()
    }
}

/// Builds [`Limits`]; nothing is limited unless set.
///
/// Which failures are retried is not the limiter's business: the Client has one retry
/// policy, whatever [`Limiter`](super::Limiter) it holds
/// ([`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy)).
///
/// ```compile_fail
/// let _ = gqlforge::limit::Limits::builder().retry_policy(gqlforge::RetryPolicy::never());
/// ```
#[derive(Clone, Debug)]
pub struct LimitsBuilder {
    rate: Option<Rate>,
    max_in_flight: Option<usize>,
    operation_rates: Vec<(String, Rate)>,
    operation_quotas: Vec<(String, u64)>,
    window_margin: Duration,
    max_adaptive_margin: Duration,
    max_cool_down: Duration,
}

impl Default for LimitsBuilder {
    fn default() -> LimitsBuilder {
        LimitsBuilder {
            rate: None,
            max_in_flight: None,
            operation_rates: Vec::new(),
            operation_quotas: Vec::new(),
            window_margin: DEFAULT_LOCAL_WINDOW_MARGIN,
            max_adaptive_margin: DEFAULT_MAX_ADAPTIVE_MARGIN,
            max_cool_down: DEFAULT_MAX_COOL_DOWN,
        }
    }
}

impl LimitsBuilder {
    /// The client's rate, over all operations (Cleverbridge: `Rate::per_second(150)`).
    pub fn rate(mut self, rate: Rate) -> Self {
        self.rate = Some(rate);
        self
    }

    /// At most `max` requests in flight (Cleverbridge: 4).
    pub fn max_in_flight(mut self, max: usize) -> Self {
        self.max_in_flight = Some(max);
        self
    }

    /// A rate of its own for `operation`, on top of the client's (e.g. 60 per minute).
    /// Setting it twice keeps the last.
    pub fn operation_rate(mut self, operation: impl Into<String>, rate: Rate) -> Self {
        self.operation_rates.push((operation.into(), rate));
        self
    }

    /// At most `total` requests of `operation` for the life of the limits; the next call
    /// fails with [`LimitError::QuotaExhausted`]. Setting it twice keeps the last.
    pub fn operation_quota(mut self, operation: impl Into<String>, total: u64) -> Self {
        self.operation_quotas.push((operation.into(), total));
        self
    }

    /// The fixed part of the margin by which each window log is longer than its rate's
    /// period (default [`DEFAULT_LOCAL_WINDOW_MARGIN`], 50 ms), for every rate of these
    /// limits: how much the delays from grant to arrival at the server may vary beyond what
    /// the client sees. The adaptive part ([`max_adaptive_margin`](Self::max_adaptive_margin))
    /// comes on top.
    ///
    /// The limiter's windows are exact at the instants permits are granted. The API counts
    /// arrivals, and a request arrives a little after its grant: the time to hand it to the
    /// connection, write it, cross the network, and for the server to read it. When that
    /// delay varies, two requests granted `period` apart can arrive less than `period` apart,
    /// and a window at the API could hold `count + 1`. With a margin, at most `count` grants
    /// fall in any window of `period + margin`, so a window of `period` at the API holds at
    /// most `count` as long as the delays from grant to arrival vary by no more than the
    /// margin. The cost is `margin / (period + margin)` of the budget at saturation (4.8% of a
    /// 1-s period by default). A network known to vary less (a server on the same host) may
    /// take less; zero makes the grants exact and nothing more.
    pub fn window_margin(mut self, margin: Duration) -> Self {
        self.window_margin = margin;
        self
    }

    /// The most the adaptive part of the window margin adds to the fixed one (default
    /// [`DEFAULT_MAX_ADAPTIVE_MARGIN`], 200 ms); zero turns it off.
    ///
    /// The adaptive part is the largest local delay of the last 10 to 20 s — from a grant to
    /// the moment its request was handed over to be sent ([`Permit::sending`], which the
    /// Client reports), or how late the limiter's timers woke a waiting caller (the
    /// machine's scheduling delay, which requests meet on their way out too) — so a loaded
    /// machine widens its own windows, and narrows them back once the load is gone; plus
    /// 50 ms for each cool-down a `429` began ([`Limits::cool_down`]), wearing off at 10 ms a
    /// minute. It never makes the margin smaller than the fixed part,
    /// and costs at most `max / (period + margin + max)` of the budget.
    pub fn max_adaptive_margin(mut self, max: Duration) -> Self {
        self.max_adaptive_margin = max;
        self
    }

    /// The longest cool-down honoured (default [`DEFAULT_MAX_COOL_DOWN`]).
    pub fn max_cool_down(mut self, max: Duration) -> Self {
        self.max_cool_down = max;
        self
    }

    /// The limits, or the first setting that would never let a request through.
    pub fn build(self) -> Result<Limits, LimitsConfigError> {
        if let Some(rate) = self.rate {
            check_rate("the client's rate", rate)?;
        }
        for (operation, rate) in &self.operation_rates {
            check_rate(&format!("the rate of operation `{operation}`"), *rate)?;
        }
        if self.max_in_flight == Some(0) {
            return Err(LimitsConfigError::ZeroInFlight);
        }
        Ok(self.assemble())
    }

    fn assemble(self) -> Limits {
        let mut operations: HashMap<String, OperationState> = HashMap::new();
        for (operation, rate) in self.operation_rates {
            operations.entry(operation).or_default().rate =
                Some(RateState::new(rate, self.window_margin));
        }
        for (operation, total) in self.operation_quotas {
            operations.entry(operation).or_default().quota = Some(Quota::new(total));
        }
        let delays = LocalDelays::default();
        let max_adaptive = self.max_adaptive_margin.min(Rate::MAX_PERIOD);
        Limits {
            inner: Arc::new(Inner {
                concurrency: self.max_in_flight.map(Concurrency::new),
                delays: delays.clone(),
                max_adaptive_margin: max_adaptive,
                // Far enough to mean "for now, forever", near enough that `Instant + it`
                // cannot overflow.
                max_cool_down: self.max_cool_down.min(Duration::from_secs(366 * 86_400)),
                state: Mutex::new(State {
                    cool_down_until: None,
                    rate: self
                        .rate
                        .map(|rate| RateState::new(rate, self.window_margin)),
                    operations,
                    delays,
                    backoff: RateLimitedBackoff::default(),
                    max_adaptive,
                    fixed_margin: self.window_margin,
                }),
            }),
        }
    }
}

fn check_rate(scope: &str, rate: Rate) -> Result<(), LimitsConfigError> {
    if rate.count() == 0 {
        return Err(LimitsConfigError::ZeroCount {
            scope: scope.to_owned(),
            rate,
        });
    }
    if rate.period().is_zero() {
        return Err(LimitsConfigError::ZeroPeriod {
            scope: scope.to_owned(),
            rate,
        });
    }
    Ok(())
}
