"""Four workers on one feed list: no feed fetched twice, each host's limits kept together.

The newsweb runs in this process, so every request it answers is recorded here, with the
wall-clock time it arrived."""

from __future__ import annotations

import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from tests.scaleout.conftest import crawl_delay_outlet, once_per_suite, open_web, servable
from tests.scaleout.harness import query_write, wait_for_crawl
from tests.support import query

pytestmark = once_per_suite
WORKERS = 4


class RequestLog:
    """Wraps newsweb's request counter: (outlet, path, arrival time) of every request."""

    def __init__(self, web) -> None:
        self.rows: list[tuple[str, str, float]] = []
        self.lock = threading.Lock()
        stats = web.handler.stats
        original = stats.record

        def record(slug: str, target: str) -> None:
            with self.lock:
                self.rows.append((slug, target, time.time()))
            original(slug, target)

        stats.record = record

    def times(self, slug: str) -> list[float]:
        return sorted(t for s, target, t in self.rows if s == slug and target != "/robots.txt")

    def count(self) -> Counter:
        return Counter((slug, target) for slug, target, _ in self.rows)


@pytest.fixture
def small_web():
    """Twelve articles: the outlet with a Crawl-delay of 2 s stays short to crawl."""
    handle = open_web(limit=12)
    yield handle
    handle.stop()


def feed_targets(env: dict, web) -> dict[str, tuple[str, str]]:
    """Each feed's URL -> (outlet slug, request target), as newsweb records it."""
    ports = {urlsplit(o.base_url).port: o.slug for o in web.outlets}
    targets = {}
    for (url,) in query(env, "SELECT url FROM news_feed WHERE active"):
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        targets[url] = (ports[parts.port], target)
    return targets


def keep_three_feeds(env: dict, slug: str) -> None:
    """The Crawl-delay outlet's first three feeds only: each of its requests costs 2 s."""
    source = f"(SELECT id FROM news_source WHERE slug = '{slug}')"
    first = f"(SELECT id FROM news_feed WHERE source_id = {source} ORDER BY id LIMIT 3)"
    query_write(
        env, f"UPDATE news_feed SET active = false WHERE source_id = {source} AND id NOT IN {first}"
    )


def polls(env: dict, web, counts: Counter) -> dict[str, int]:
    """Requests per feed, less the homepage fetch of discovery (an HTML listing feed)."""
    homepages = {url for (url,) in query(env, "SELECT url FROM news_feed WHERE kind = 'html'")}
    targets = feed_targets(env, web)
    return {url: counts[target] - (url in homepages) for url, target in targets.items()}


def test_it_shares_feeds_and_host_limits_among_four_workers(small_web, cluster_on, redis_url):
    web = small_web
    requests = RequestLog(web)
    slow = crawl_delay_outlet(web)
    with cluster_on(AKHBAR_TASK_TIME_LIMIT="120", AKHBAR_LEASE_SECONDS="120") as cluster:
        env = cluster.env
        cluster.setup(web)
        keep_three_feeds(env, slow)
        cluster.start("beat", "beat")
        for n in range(1, WORKERS + 1):
            cluster.worker(f"w{n}")
        expected = servable(web)
        wait_for_crawl(env, redis_url, expected, message=cluster.log_tail)
        cluster.stop_all()
        polled = polls(env, web, requests.count())
        logs = [(cluster.logs / f"w{n}.log").read_text() for n in range(1, WORKERS + 1)]
    # it should poll every feed exactly once, though four workers took turns
    assert polled == dict.fromkeys(polled, 1)
    spaced = requests.times(slow)
    gaps = [later - earlier for earlier, later in zip(spaced, spaced[1:], strict=False)]
    # it should keep the outlet's Crawl-delay between any two requests, from any worker
    assert len(spaced) >= 5 and min(gaps) >= 2.0 - 0.05
    # (and the four workers did share the work)
    assert all("'status': 'fetched'" in log for log in logs)
