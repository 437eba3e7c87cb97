"""Per-host politeness shared by every worker process: the limits live in Redis.

The in-process ``Fetcher`` keeps each host's concurrency slots and spacing in one event loop.
With N Celery workers each one would allow ``per_host_concurrency`` requests of its own, so
``SharedFetcher`` takes a Redis permit around each HTTP exchange first:

- at most ``per_host_concurrency`` permits per host at once (a sorted set of holders whose
  scores are expiry times, so a killed worker's permit frees itself);
- a host with a spacing (``min_host_interval`` or its robots.txt Crawl-delay) gets one permit
  at a time, the next one ``interval`` after the previous request ended;
- a Retry-After that one worker receives blocks the host for all of them.

Both steps run as Lua scripts on Redis' own clock, so machines need no synchronized clocks.
When Redis is unreachable the fetcher falls back to the in-process limits (and says so in the
log) rather than stopping the crawl.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid

from akhbar.ingest.fetch import RETRY_AFTER_STATUSES, Fetcher, FetchError, FetchPolicy

log = logging.getLogger("akhbar.scaleout.politeness")

PREFIX = "akhbar:host:"
POLL = 0.02  # seconds between two tries for a busy host (jittered)

# KEYS: holders (zset), next start (string), block (string); ARGV: token, limit, ttl_ms.
# Returns 0 (taken), -1 (all permits held), or the milliseconds to wait.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = redis.call('PTTL', KEYS[3])
if blocked > 0 then return blocked end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_start then return next_start - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 0
"""

# KEYS: holders, next start; ARGV: token, interval_ms.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
local interval = tonumber(ARGV[2])
if interval > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('SET', KEYS[2], now + interval, 'PX', interval + 1000)
end
return 1
"""


class HostPermits:
    """Redis-held permits per host key (``scheme://host:port``)."""

    def __init__(self, redis, *, concurrency: int, permit_ttl: float, prefix: str = PREFIX):
        self.redis = redis
        self.concurrency = concurrency
        self.permit_ttl_ms = int(permit_ttl * 1000)
        self.prefix = prefix
        self._acquire = redis.register_script(ACQUIRE)
        self._release = redis.register_script(RELEASE)
        self._warned_at = 0.0

    def keys(self, host: str) -> list[str]:
        base = self.prefix + host
        return [base + ":holders", base + ":next", base + ":blocked"]

    @contextlib.asynccontextmanager
    async def hold(self, host: str, interval: float, *, url: str = "", too_long=None):
        """Wait for a permit of `host` (one at a time when it has a spacing `interval`).

        `too_long`: a Retry-After block longer than this raises FetchError at once (as the
        in-process fetcher does) instead of waiting it out.
        """
        token = uuid.uuid4().hex
        taken = await self._take(host, token, interval, url or host, too_long)
        try:
            yield taken
        finally:
            if taken:
                await self._give_back(host, token, interval)

    async def block(self, host: str, seconds: float, status: int | None) -> None:
        """Every worker waits `seconds` before its next request to `host` (a Retry-After)."""
        with self._unless_unreachable():
            milliseconds = max(1, int(seconds * 1000))
            await self.redis.set(self.keys(host)[2], status or 0, px=milliseconds)

    async def _take(self, host: str, token: str, interval: float, url: str, too_long) -> bool:
        limit = 1 if interval > 0 else self.concurrency
        ttl = self.permit_ttl_ms + int(interval * 1000)
        while True:
            with self._unless_unreachable():
                wait = await self._acquire(keys=self.keys(host), args=[token, limit, ttl])
                if wait == 0:
                    return True
                if wait > 0 and too_long is not None and wait / 1000 > too_long:
                    await self._raise_if_blocked(host, url, wait / 1000)
                delay = POLL if wait < 0 else wait / 1000
                await asyncio.sleep(delay + random.uniform(0, POLL))
                continue
            return False  # Redis is unreachable: the in-process limits still apply

    async def _raise_if_blocked(self, host: str, url: str, seconds: float) -> None:
        status = await self.redis.get(self.keys(host)[2])
        if status is not None:  # a Retry-After, not a spacing: fail fast, as Fetcher does
            message = f"host asked us to retry after {seconds:.0f} s"
            raise FetchError("http", url, message, status=int(status) or None, retry_after=seconds)

    async def _give_back(self, host: str, token: str, interval: float) -> None:
        with self._unless_unreachable():
            await self._release(keys=self.keys(host)[:2], args=[token, int(interval * 1000)])

    @contextlib.contextmanager
    def _unless_unreachable(self):
        from redis.exceptions import ConnectionError, TimeoutError

        try:
            yield
        except (ConnectionError, TimeoutError, OSError) as error:
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning(
                    "fetch: Redis unreachable (%s); per-host limits are per process meanwhile",
                    error,
                    extra={"stage": "fetch"},
                )


class SharedFetcher(Fetcher):
    """A ``Fetcher`` whose per-host limits are shared through Redis (module docstring).

    It overrides ``Fetcher.exchange_permit``, the public hook around each HTTP exchange
    (redirect hops and robots.txt included): a Redis permit is held around the fetcher's own
    per-host waits and the request, and a Retry-After the exchange fails with blocks the host
    for every worker.
    """

    def __init__(self, policy: FetchPolicy, *, permits: HostPermits, memory=None):
        super().__init__(policy, memory=memory)
        self.permits = permits

    @contextlib.asynccontextmanager
    async def exchange_permit(self, url: str, host: str, interval: float):
        too_long = self.policy.total_timeout
        async with self.permits.hold(host, interval, url=url, too_long=too_long):
            try:
                yield
            except FetchError as error:
                if error.status in RETRY_AFTER_STATUSES and error.retry_after:
                    await self.permits.block(host, error.retry_after, error.status)
                raise


def permit_ttl(policy: FetchPolicy) -> float:
    """How long a permit may be held: one exchange, plus a Retry-After wait, plus slack."""
    return 2 * policy.total_timeout + 5.0


@contextlib.asynccontextmanager
async def shared_fetcher(policy: FetchPolicy, redis_url: str, *, memory=None):
    """A SharedFetcher on `redis_url`, its Redis connection closed afterwards."""
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(
        redis_url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=10
    )
    permits = HostPermits(
        client, concurrency=policy.per_host_concurrency, permit_ttl=permit_ttl(policy)
    )
    try:
        async with SharedFetcher(policy, permits=permits, memory=memory) as fetcher:
            yield fetcher
    finally:
        await client.aclose()
