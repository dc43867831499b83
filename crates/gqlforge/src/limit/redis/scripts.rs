//! The Lua scripts, each one atomic on the Redis server and clocked by Redis's `TIME`, so that
//! machines whose clocks differ still share one timeline.
//!
//! That timeline never runs backwards: the clocked scripts begin with [`clock!`], which keeps
//! the last instant any script saw and an offset in one more key (`clock`, the last of each
//! script's `KEYS`). When Redis's clock has stepped back (NTP, a VM restored, an operator),
//! `TIME` plus the offset is below the last instant: the offset grows by the difference and
//! the timeline goes on from where it was, so the TAT, the slots given back, the window log,
//! the leases and the cool-down's end — all stored in this timeline — stay where they were
//! instead of lying an hour in the future (which made every caller sleep that hour).
//!
//! Nor does it jump forward with Redis's clock. A step forward cannot be told from an idle
//! pause by Redis alone, but the caller can tell: each process remembers the last instant of
//! the timeline a script answered it (`now`, the last element of the clocked scripts'
//! answers) and when the answer came, and passes the most the timeline can be now by its own
//! monotonic clock (that instant, plus the time elapsed since, plus a slack for the trips to
//! Redis, `STEP_SLACK`). `TIME` plus the offset beyond that is a step
//! forward: the offset shrinks by the excess, so leases do not expire early and the window
//! log forgets nothing (up to the slack). A process's first call knows no bound (0: none).
//! The clock key outlives every key whose times it anchors (its TTL is raised past theirs).
//!
//! Plain commands only (no modules):
//! they run on any Redis ≥ 5 (scripts that call `TIME` and then write need effects
//! replication, the default since 5 and the only mode since 7), managed ones included.
//!
//! Every key a script touches is passed in `KEYS` and shares one hash tag (`{namespace}`), so
//! the scripts also run on a Redis Cluster.

use std::sync::LazyLock;

use redis::Script;

/// The prelude of every clocked script: `now`, µs of the shared timeline (Redis's `TIME`, plus
/// a test-only skew, the last `ARGV`, plus the offset of the steps seen, the `clock` key
/// being the last of `KEYS`; at most the caller's bound, the `ARGV` before the skew, unless
/// the timeline is past it already), `clock_now` (the same, for the answer, as its last
/// element), and `keep(ms)`, which makes the clock key live at least `ms` + 1 s (call it with
/// every TTL a script gives a key holding timeline instants). "The clock's two" arguments
/// are that bound and the skew.
macro_rules! clock {
    () => {
        r"
local clock = KEYS[#KEYS]
local t = redis.call('TIME')
local raw = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[#ARGV])
local most = tonumber(ARGV[#ARGV - 1])
local c = redis.call('HMGET', clock, 'last', 'offset')
local offset = tonumber(c[2]) or 0
local now = raw + offset
if most > 0 and now > most then
  offset = offset - (now - most)
  now = most
end
local last = tonumber(c[1])
if last and now < last then
  offset = offset + (last - now)
  now = last
end
local clock_now = now
redis.call('HSET', clock, 'last', string.format('%.0f', now), 'offset', string.format('%.0f', offset))
local function keep(ms)
  if redis.call('PTTL', clock) < ms + 1000 then
    redis.call('PEXPIRE', clock, math.ceil(ms) + 1000)
  end
end
"
    };
}

/// GCRA as reservations: books the caller's slot, the earliest conforming instant, and moves
/// the theoretical arrival time (TAT) one interval on. The caller sleeps until its slot and
/// then asks [`GRANT`]: it keeps its place however late it wakes up, and callers of every
/// process are served in the order they booked. A slot given back ([`RELEASE`]) that is
/// still ahead is taken first, instead of a new one.
///
/// `KEYS[1]`: the TAT (µs of the timeline); `KEYS[2]`: the cool-down key (when it ends, µs of
/// the timeline); `KEYS[3]`: the slots given back (sorted set scored by their µs of the
/// timeline); `KEYS[4]`: the clock. `ARGV`: interval µs, tolerance µs (`(burst - 1) ×
/// interval`), then the clock's two.
/// Answers `{1, µs, slot, now}`: the slot is that far from now (0: now), at `slot` µs of the
/// timeline (what to give back); `{2, ms, 0, now}`: a cool-down is in force for that long,
/// nothing was booked.
pub(crate) static BOOK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
local cool = tonumber(redis.call('GET', KEYS[2]) or '0') - now
if cool > 0 then return {2, math.ceil(cool / 1000), 0, clock_now} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, tat - tolerance)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. now)
local freed = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if freed[2] ~= nil and tonumber(freed[2]) <= at then
  redis.call('ZREM', KEYS[3], freed[1])
  local slot = tonumber(freed[2])
  return {1, slot - now, slot, clock_now}
end
local slot = math.max(tat, at)
local new_tat = slot + interval
-- Kept while it matters (a TAT in the past books like no TAT at all).
local ttl = math.ceil((new_tat - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', ttl)
keep(ttl)
return {1, at - now, slot, clock_now}
"
    ))
});

/// Gives back a slot [`BOOK`] gave to a caller that gave up before its time (cancelled), if
/// it is still ahead on the timeline (a slot whose time has come is spent). The latest
/// reservation is undone (the TAT moves back to it, and on through slots given back before
/// it); any other is kept for the next [`BOOK`]. So the slots held are always part of one
/// valid GCRA schedule, and [`GRANT`] still checks every grant.
///
/// `KEYS[1]`: the TAT; `KEYS[2]`: the slots given back; `KEYS[3]`: the clock. `ARGV`:
/// interval µs, the slot µs (of the timeline), then the clock's two.
/// Answers 0 spent, 1 undone, 2 kept for the next caller.
pub(crate) static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
local interval = tonumber(ARGV[1])
local slot = tonumber(ARGV[2])
if slot <= now then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat == slot + interval then
  local new_tat = slot
  while true do
    local before = string.format('%.0f', new_tat - interval)
    if not redis.call('ZSCORE', KEYS[2], before) then break end
    redis.call('ZREM', KEYS[2], before)
    new_tat = new_tat - interval
  end
  local ttl = math.ceil((new_tat - now) / 1000) + 1000
  redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', ttl)
  keep(ttl)
  return 1
end
local member = string.format('%.0f', slot)
redis.call('ZADD', KEYS[2], slot, member)
local keep_ms = math.ceil((slot - now) / 1000) + 1000
if redis.call('PTTL', KEYS[2]) < keep_ms then redis.call('PEXPIRE', KEYS[2], keep_ms) end
keep(keep_ms)
return 2
"
    ))
});

/// The grant: the sliding-window log of the last grants, checked with the cool-down at the
/// instant the permit is given.
///
/// `KEYS[1]`: sorted set, the log of the last grants scored by their µs of the timeline, its
/// members named by a counter kept in `KEYS[2]`; `KEYS[3]`: the cool-down key; `KEYS[4]`:
/// the clock. `ARGV`: count, window µs (the period plus the margin), then the clock's two.
/// Answers `{0, 0, now}` granted, `{1, µs, now}` the window is full for that long (keep the
/// booking and ask again), `{2, ms, now}` a cool-down is in force for that long.
pub(crate) static GRANT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
local cool = tonumber(redis.call('GET', KEYS[3]) or '0') - now
if cool > 0 then return {2, math.ceil(cool / 1000), clock_now} end
local count = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
-- Fewer than `count` grants in (now - window, now].
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= count then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {1, math.max(1, tonumber(oldest[2]) + window - now), clock_now}
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], now, seq)
-- Idle namespaces leave no keys behind.
local keep_ms = math.ceil(window / 1000) + 1000
redis.call('PEXPIRE', KEYS[1], keep_ms)
redis.call('PEXPIRE', KEYS[2], keep_ms)
keep(keep_ms)
return {0, 0, clock_now}
"
    ))
});

/// Takes a lease of the concurrency semaphore, first come, first served across processes.
///
/// `KEYS[1]`: sorted set of lease ids scored by their expiry (ms of the timeline); `KEYS[2]`:
/// the waiters, scored by when they first asked (µs), `KEYS[3]`: the waiters scored by when
/// they last asked (ms); `KEYS[4]`: the clock. `ARGV`: lease id, max leases, lease time ms,
/// stale ms, then the clock's two.
/// Expired leases are removed first, then waiters that stopped asking (gone for `stale` ms: a
/// crashed or cancelled caller). A free slot goes to the longest waiting callers: the caller
/// takes one if its place in the queue is within the free slots (none while leases registered
/// again by `RENEW_LEASE` hold the cap or more). Answers `{1, 0, now}` taken,
/// or `{0, ms, now}`: not yet, the first held lease expires in that long (at least 1).
pub(crate) static TAKE_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
local now_us = now
now = math.floor(now_us / 1000)
local id = ARGV[1]
local max = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local stale = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - stale)
for _, waiter in ipairs(gone) do
  redis.call('ZREM', KEYS[2], waiter)
  redis.call('ZREM', KEYS[3], waiter)
end
if not redis.call('ZSCORE', KEYS[2], id) then
  redis.call('ZADD', KEYS[2], now_us, id)
end
redis.call('ZADD', KEYS[3], now, id)
redis.call('PEXPIRE', KEYS[2], stale + 1000)
redis.call('PEXPIRE', KEYS[3], stale + 1000)
keep(stale + 1000)
local free = max - redis.call('ZCARD', KEYS[1])
if free > 0 and redis.call('ZRANK', KEYS[2], id) < free then
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZADD', KEYS[1], now + lease, id)
  redis.call('PEXPIRE', KEYS[1], lease + 1000)
  keep(lease + 1000)
  return {1, 0, clock_now}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if first[2] == nil then return {0, 1, clock_now} end
return {0, math.max(1, tonumber(first[2]) - now), clock_now}
"
    ))
});

/// Renews a lease: its expiry moves to now + lease time. A lease that is gone — Redis
/// restarted without persistence, the key was flushed or evicted, or it expired because its
/// renewal came too late (a stalled process, Redis unreachable for a lease time, a forward
/// step of Redis's clock) — is registered again, at once and in this script: its request is
/// already at the server, so it must count toward the cap whatever happened meanwhile. If
/// others took the slots it held, it is registered all the same, over the cap: `TAKE_LEASE`
/// grants a slot only while fewer than the cap are held, so newcomers wait until the total is
/// back under it. Expired leases are removed first, as in `TAKE_LEASE`.
///
/// `KEYS[1]`: the leases, `KEYS[2]`: the clock; `ARGV`: lease id, lease time ms, the cap,
/// then the clock's two. Answers `{1, now}` renewed, `{2, now}` registered again within the
/// cap, `{3, now}` registered again over it.
pub(crate) static RENEW_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
now = math.floor(now / 1000)
local id = ARGV[1]
local lease = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local held = redis.call('ZSCORE', KEYS[1], id)
redis.call('ZADD', KEYS[1], now + lease, id)
redis.call('PEXPIRE', KEYS[1], lease + 1000)
keep(lease + 1000)
if held then return {1, clock_now} end
if redis.call('ZCARD', KEYS[1]) <= max then return {2, clock_now} end
return {3, clock_now}
"
    ))
});

/// Starts or extends the shared cool-down: it ends `ARGV[1]` ms from now unless it already
/// ends later (the later end wins). `KEYS[1]`: the cool-down key, holding its end (µs of the
/// timeline; its TTL only removes it afterwards); `KEYS[2]`: the clock. `ARGV`: ms, then the clock's two.
pub(crate) static COOL_DOWN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
local ms = tonumber(ARGV[1])
local ends = now + ms * 1000
if tonumber(redis.call('GET', KEYS[1]) or '0') < ends then
  redis.call('SET', KEYS[1], string.format('%.0f', ends), 'PX', ms)
  keep(ms)
end
return 0
"
    ))
});

/// How long the shared cool-down has left, in ms (0: none). `KEYS[1]`: the cool-down key,
/// `KEYS[2]`: the clock. `ARGV`: the clock's two. Answers `{ms, now}`.
pub(crate) static COOL_DOWN_LEFT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        clock!(),
        r"
local left = tonumber(redis.call('GET', KEYS[1]) or '0') - now
return {math.max(0, math.ceil(left / 1000)), clock_now}
"
    ))
});

/// Deletes a lock key if it is still ours. `KEYS[1]`: the lock; `ARGV[1]`: its owner.
pub(crate) static UNLOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
",
    )
});

/// Extends a lock key's life to `ARGV[2]` ms if it is still ours. `KEYS[1]`: the lock;
/// `ARGV[1]`: its owner. Answers 1 extended, 0 not ours (it expired and may be another's).
pub(crate) static RENEW_LOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
",
    )
});
