//! The Lua scripts, each one atomic on the Redis server and clocked by Redis's `TIME`, so that
//! machines whose clocks differ still share one timeline. Plain commands only (no modules):
//! they run on any Redis ≥ 5 (scripts that call `TIME` and then write need effects
//! replication, the default since 5 and the only mode since 7), managed ones included.
//!
//! Every key a script touches is passed in `KEYS` and shares one hash tag (`{namespace}`), so
//! the scripts also run on a Redis Cluster.

use std::sync::LazyLock;

use redis::Script;

/// GCRA (burst from `ARGV[2]`) plus a sliding-window log, checked together with the cool-down.
///
/// `KEYS[1]`: hash `tat` (theoretical arrival time, µs of Redis time) and `seq` (grant
/// counter, names the log's members); `KEYS[2]`: sorted set, the log of the last grants
/// scored by their µs; `KEYS[3]`: the cool-down key (only its TTL matters).
/// `ARGV`: interval µs, tolerance µs (`(burst - 1) × interval`), count (0: no rate, only the
/// cool-down is checked), window µs (the period plus the margin).
///
/// Answers `{0, 0}` granted, `{1, µs}` retry after that long (rate), `{2, ms}` a cool-down is
/// in force for that long.
pub(crate) static RATE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local cool = redis.call('PTTL', KEYS[3])
if cool > 0 then return {2, cool} end
local count = tonumber(ARGV[3])
if count == 0 then return {0, 0} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local window = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
-- GCRA: conforming when now >= TAT - tolerance.
if tat - tolerance > now then return {1, tat - tolerance - now} end
-- The window log: fewer than `count` grants in (now - window, now].
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if redis.call('ZCARD', KEYS[2]) >= count then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {1, math.max(1, tonumber(oldest[2]) + window - now)}
end
local new_tat = math.max(tat, now) + interval
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', new_tat))
redis.call('ZADD', KEYS[2], now, seq)
-- Nothing outlives what it remembers: idle namespaces leave no keys behind.
local keep_ms = math.ceil((new_tat - now + window) / 1000) + 1000
redis.call('PEXPIRE', KEYS[1], keep_ms)
redis.call('PEXPIRE', KEYS[2], keep_ms)
return {0, 0}
",
    )
});

/// Takes a lease of the concurrency semaphore.
///
/// `KEYS[1]`: sorted set of lease ids scored by their expiry (ms of Redis time).
/// `ARGV`: lease id, max leases, lease time ms.
/// Expired leases are removed first. Answers `{1, 0}` taken, or `{0, ms}`: all slots are
/// held, the first of them expires in that long (at least 1).
pub(crate) static TAKE_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease + 1000)
  return {1, 0}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(first[2]) - now)}
",
    )
});

/// Renews a lease: its expiry moves to now + lease time, if it is still held. A lease that
/// expired (the renewal came too late) is removed and not renewed: others may have counted
/// its slot as free already. `KEYS[1]`: the leases; `ARGV`: lease id, lease time ms.
/// Answers 1 renewed, 0 lost.
pub(crate) static RENEW_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry then return 0 end
if tonumber(expiry) <= now then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease + 1000)
return 1
",
    )
});

/// Starts or extends the shared cool-down: the key lives `ARGV[1]` ms unless it already
/// lives longer (the later end wins). `KEYS[1]`: the cool-down key.
pub(crate) static COOL_DOWN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 0
",
    )
});
