"""SharedFetcher: the fetcher with per-host limits in Redis, over real sockets (TinyServer) and
the machine's Redis. It adapts the fetcher through its public hook, `exchange_permit`."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import pytest

from akhbar.ingest.fetch import Fetcher, FetchError, FetchPolicy
from akhbar.scaleout.politeness import HostPermits, SharedFetcher
from tests.ingest.servers import TinyServer, reply
from tests.scaleout.harness import MACHINE_REDIS

POLICY = FetchPolicy(
    user_agent="AkhbarTest/0.1 (+https://akhbar.test/contact)",
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=3.0,
    allowed_private_hosts=frozenset({"127.0.0.1"}),
    respect_robots=False,
)


@contextlib.asynccontextmanager
async def worker(prefix: str):
    """One worker's SharedFetcher: its own Redis client, its own in-process memory."""
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(MACHINE_REDIS)
    permits = HostPermits(client, concurrency=2, permit_ttl=5, prefix=prefix)
    try:
        async with SharedFetcher(POLICY, permits=permits) as fetcher:
            yield fetcher
    finally:
        await client.aclose()


def test_it_overrides_no_private_method_of_the_fetcher():
    overridden = {
        name
        for name, value in vars(SharedFetcher).items()
        if callable(value) and name in vars(Fetcher)
    }
    # it should adapt the fetcher through its public hook only
    assert overridden == {"__init__", "exchange_permit"}


def test_it_shares_a_retry_after_with_another_worker():
    prefix = f"test:{uuid.uuid4().hex}:"  # no other test run shares these keys
    routes = {"/busy": reply(429, headers={"Retry-After": "60"}), "/feed": reply(200, b"<rss/>")}

    async def scenario():
        async with TinyServer(routes) as server:
            async with worker(prefix) as first:
                with pytest.raises(FetchError):
                    await first.fetch(server.base + "/busy")
            async with worker(prefix) as second:
                with pytest.raises(FetchError) as caught:
                    await second.fetch(server.base + "/feed")
        return server, caught.value

    server, error = asyncio.run(scenario())
    # it should fail fast in the other worker, without asking the host again
    assert server.paths() == ["/busy"]
    assert error.status == 429 and 30 < error.retry_after <= 60


def test_it_lets_two_workers_hold_no_more_than_two_requests_to_a_host():
    prefix = f"test:{uuid.uuid4().hex}:"
    in_flight, peak = [0], [0]

    async def slow(request, writer):
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        await asyncio.sleep(0.05)
        in_flight[0] -= 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()

    async def scenario():
        async with TinyServer({"/p": slow}) as server:
            async with worker(prefix) as one, worker(prefix) as two:
                fetches = [f.fetch(server.base + "/p") for f in (one, two) for _ in range(4)]
                await asyncio.gather(*fetches)
        return server

    server = asyncio.run(scenario())
    # it should serve all eight, never more than two at once across both workers
    assert len(server.requests) == 8 and peak[0] == 2
