"""The Celery runner's parts, in this process, on the suite's database (SQLite and PostgreSQL):
its configuration, the tick's claims, a delivery's take-over, dead letters, and the per-host
permits in Redis."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from akhbar.ingest import tasks
from akhbar.ingest.celery_app import celery_config
from akhbar.ingest.fetch import FetchError
from akhbar.ingest.pipeline import ArticleOutcome, FeedOutcome
from akhbar.news.models import Feed
from akhbar.scaleout import deadletters
from akhbar.scaleout.models import DeadLetter
from akhbar.scaleout.politeness import HostPermits
from tests.scaleout.harness import MACHINE_REDIS
from tests.support import akhbar, akhbar_env

pytestmark = pytest.mark.django_db


@pytest.fixture
def feeds(agency) -> list[Feed]:
    """Two feeds of the agency, due a minute ago."""
    due = timezone.now() - timedelta(minutes=1)
    return [
        Feed.objects.create(source=agency, url=f"https://wakala.test/{name}.xml", next_check_at=due)
        for name in ("ar", "fr")
    ]


def test_it_configures_celery_for_at_least_once_delivery(settings):
    settings.REDIS_URL = "redis://redis.internal:6379/3"
    config = celery_config(settings)
    # it should use Redis as broker and result store
    assert config["broker_url"] == config["result_backend"] == settings.REDIS_URL
    # it should acknowledge after the work, and deliver again when a worker dies
    assert config["task_acks_late"] and config["task_reject_on_worker_lost"]
    assert config["worker_prefetch_multiplier"] == 1
    # it should stop a stuck task, and redeliver only after the longest task
    limit = settings.AKHBAR_TASK_TIME_LIMIT
    assert config["task_soft_time_limit"] < config["task_time_limit"] == limit
    assert config["broker_transport_options"]["visibility_timeout"] > limit
    # it should send the tick every AKHBAR_SCHEDULE_INTERVAL seconds
    tick = config["beat_schedule"]["akhbar-tick"]
    assert tick["task"] == "akhbar.tick" and tick["schedule"] == settings.AKHBAR_SCHEDULE_INTERVAL


def test_it_claims_due_feeds_and_sends_one_task_each(feeds, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "room_in_queue", lambda: 100)
    monkeypatch.setattr(tasks.refresh_feed, "delay", sent.append)
    report = tasks.tick()
    # it should claim both feeds and send one refresh for each
    assert sorted(sent) == sorted(f.pk for f in feeds)
    assert report == {"discovered": 0, "claimed": 2, "sent": 2}
    assert Feed.objects.filter(claimed_until__isnull=True).count() == 0
    # it should claim nothing twice: the next tick finds them taken
    assert tasks.tick()["claimed"] == 0 and len(sent) == 2


def test_it_sends_the_feeds_of_different_sources_in_turns(feeds, daily):
    more = [Feed.objects.create(source=daily, url=f"https://sada.test/{n}.xml") for n in (1, 2)]
    a1, a2 = (f.pk for f in feeds)
    d1, d2 = (f.pk for f in more)
    # it should alternate sources, keeping each source's own order
    assert tasks.interleave_by_source([a1, a2, d1, d2]) == [a1, d1, a2, d2]


def test_it_gives_claims_back_when_the_broker_is_gone(feeds, monkeypatch):
    def unreachable(feed_id):
        raise ConnectionError("broker: connection refused")

    monkeypatch.setattr(tasks, "room_in_queue", lambda: 100)
    monkeypatch.setattr(tasks.refresh_feed, "delay", unreachable)
    report = tasks.tick()
    # it should give back the claims it could not send, for the next tick
    assert report["claimed"] == 2 and report["sent"] == 0
    assert Feed.objects.filter(claimed_until__isnull=False).count() == 0


def test_it_claims_nothing_while_the_queue_is_full(feeds, monkeypatch):
    monkeypatch.setattr(tasks, "room_in_queue", lambda: 0)
    # it should leave the feeds for a tick after the workers caught up
    assert tasks.tick()["claimed"] == 0
    assert Feed.objects.filter(claimed_until__isnull=False).count() == 0


def test_it_lets_only_a_delivery_of_a_claimed_feed_take_it_over(feeds):
    claimed, released = feeds
    now = timezone.now()
    Feed.objects.filter(pk=claimed.pk).update(claimed_until=now)
    # it should renew the claim of a claimed feed, and refuse a feed released since
    assert tasks.take_over(claimed.pk, now)
    assert not tasks.take_over(released.pk, now)
    claimed.refresh_from_db()
    assert claimed.claimed_until == now + tasks.lease()


@pytest.fixture
def machine_redis(settings, redis_url):
    """The tasks' Redis client on this session's database of the machine's Redis."""
    settings.REDIS_URL = redis_url
    tasks._redis = None
    yield redis_url
    tasks._redis = None


def test_it_skips_a_delivery_of_a_feed_already_done(feeds, machine_redis):
    result = tasks.refresh_feed.apply(args=(feeds[0].pk,)).get()
    # it should do nothing for a feed nobody claims (its work was done by an earlier delivery)
    assert result == {"feed": feeds[0].pk, "status": "done"}


def test_it_skips_a_feed_another_delivery_is_running(feeds, machine_redis):
    with tasks.feed_lock(feeds[0].pk) as held:
        assert held
        result = tasks.refresh_feed.apply(args=(feeds[0].pk,)).get()
    # it should leave the feed to the delivery that holds its lock
    assert result == {"feed": feeds[0].pk, "status": "busy"}


def test_it_gives_back_a_feed_that_ran_out_of_time_without_backing_it_off(
    feeds, machine_redis, monkeypatch
):
    from akhbar.ingest import pipeline

    async def slow_refresh(feed_id, **kwargs):  # a feed whose articles take long to fetch
        await asyncio.sleep(30)

    monkeypatch.setattr(pipeline, "refresh_feed", slow_refresh)
    monkeypatch.setattr(tasks, "pipeline_budget", lambda: 0.3)
    now = timezone.now()
    Feed.objects.filter(pk=feeds[0].pk).update(claimed_until=now + timedelta(minutes=10))
    due = Feed.objects.get(pk=feeds[0].pk).next_check_at
    started = time.monotonic()
    result = tasks.refresh_feed.apply(args=(feeds[0].pk,)).get()
    feed = Feed.objects.get(pk=feeds[0].pk)
    # it should stop the run at its budget, past the pipeline's guards, and say so
    assert result == {"feed": feeds[0].pk, "status": "timeout"}
    assert time.monotonic() - started < 10
    # it should give the claim back with the feed still due: slow is not failed
    assert feed.claimed_until is None and feed.next_check_at == due
    assert feed.consecutive_errors == 0 and feed.last_error == ""


async def _hold_turn(source_id: int, held: list, release: asyncio.Event) -> None:
    async with tasks.shared_source_turn(source_id):
        held.append(source_id)
        await release.wait()


def test_it_gives_one_worker_at_a_time_a_sources_turn(machine_redis):
    async def scenario():
        first_held, second_held = [], []
        release = asyncio.Event()
        first = asyncio.create_task(_hold_turn(7, first_held, release))
        await asyncio.sleep(0.3)
        # another worker's turn: the lock is in Redis, another lock object on another client
        tasks._redis = None
        second = asyncio.create_task(_hold_turn(7, second_held, asyncio.Event()))
        other = asyncio.create_task(_hold_turn(8, [], asyncio.Event()))
        await asyncio.sleep(0.5)
        waited = (first_held, list(second_held))
        release.set()
        await first
        await asyncio.sleep(0.5)
        for task in (second, other):
            task.cancel()
        return waited, second_held

    (first_held, second_before), second_after = asyncio.run(scenario())
    # it should hold the second feed of a source until the first one's turn ends
    assert first_held == [7] and second_before == []
    assert second_after == [7]


# --- Dead letters --------------------------------------------------------------------------


def test_it_counts_failures_and_forgets_them_on_success(feeds, agency):
    now = timezone.now()
    failed = FeedOutcome(feeds[0].pk, feeds[0].url, "failed", "timeout")
    failed.articles = [ArticleOutcome("https://wakala.test/1", "failed", error_kind="http")]
    for _ in range(3):
        deadletters.record_feed_outcome(failed, agency.pk, now)
    letters = {(d.kind, d.key): d for d in DeadLetter.objects.all()}
    # it should keep one row per failing feed and article, counting every failure
    assert set(letters) == {("feed", str(feeds[0].pk)), ("article", "https://wakala.test/1")}
    assert {d.failures for d in letters.values()} == {3}
    assert deadletters.dead(threshold=3).count() == 2
    fixed = FeedOutcome(feeds[0].pk, feeds[0].url, "fetched")
    fixed.articles = [ArticleOutcome("https://wakala.test/1", "new")]
    deadletters.record_feed_outcome(fixed, agency.pk, now)
    # it should forget them once they work
    assert DeadLetter.objects.count() == 0


def test_it_makes_a_dead_feed_due_when_retried(feeds, agency):
    later = timezone.now() + timedelta(hours=5)
    Feed.objects.filter(pk=feeds[0].pk).update(next_check_at=later)
    deadletters.record_failure("feed", str(feeds[0].pk), now=timezone.now(), source_id=agency.pk)
    # it should make the feed due for the next tick
    assert deadletters.retry(DeadLetter.objects.get())
    feeds[0].refresh_from_db()
    assert feeds[0].next_check_at <= timezone.now()


# --- Per-host permits in Redis ---------------------------------------------------------------


def permits_run(holders: int, holds: int, interval: float, hold_for: float) -> list[tuple]:
    """`holders` independent clients (as separate workers would be) each taking `holds`
    permits of one host; returns every (start, end) of a hold."""
    import redis.asyncio

    spans: list[tuple] = []
    prefix = f"test:{uuid.uuid4().hex}:"  # no other test run shares these keys

    async def holder(client):
        permits = HostPermits(client, concurrency=2, permit_ttl=5, prefix=prefix)
        for _ in range(holds):
            async with permits.hold("http://outlet.test:80", interval):
                start = time.monotonic()
                await asyncio.sleep(hold_for)
                spans.append((start, time.monotonic()))

    async def main():
        clients = [redis.asyncio.Redis.from_url(MACHINE_REDIS) for _ in range(holders)]
        try:
            await asyncio.gather(*(holder(c) for c in clients))
        finally:
            for client in clients:
                await client.aclose()

    asyncio.run(main())
    return sorted(spans)


def most_at_once(spans: list[tuple]) -> int:
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


def test_it_allows_two_requests_per_host_across_workers(machine_redis):
    spans = permits_run(holders=4, holds=4, interval=0.0, hold_for=0.03)
    # it should let 16 requests through, never more than two at once
    assert len(spans) == 16 and most_at_once(spans) == 2


def test_it_spaces_requests_to_a_host_with_a_crawl_delay(machine_redis):
    spans = permits_run(holders=3, holds=2, interval=0.15, hold_for=0.01)
    gaps = [start - end for (_, end), (start, _) in zip(spans, spans[1:], strict=False)]
    # it should start each request at least the interval after the previous one ended
    assert len(spans) == 6 and min(gaps) >= 0.15 - 0.01


def test_it_shares_a_retry_after_with_every_worker(machine_redis):
    import redis.asyncio

    async def main():
        client = redis.asyncio.Redis.from_url(MACHINE_REDIS)
        try:
            await HostPermits(client, concurrency=2, permit_ttl=5).block("h", 60, 429)
            other = HostPermits(client, concurrency=2, permit_ttl=5)
            async with other.hold("h", 0.0, url="http://h/x", too_long=30):
                pass
        finally:
            await client.aclose()

    # it should fail fast, as the fetcher does for a Retry-After longer than its timeout
    with pytest.raises(FetchError) as error:
        asyncio.run(main())
    assert error.value.status == 429 and error.value.retry_after > 30


def test_it_falls_back_to_local_limits_without_redis():
    import redis.asyncio

    async def main():
        client = redis.asyncio.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
        try:
            async with HostPermits(client, concurrency=2, permit_ttl=5).hold("h", 0.0) as taken:
                return taken
        finally:
            await client.aclose()

    # it should go on fetching (with each process' own limits), not stop the crawl
    assert asyncio.run(main()) is False


# --- The commands ----------------------------------------------------------------------------


def test_it_refuses_to_start_a_worker_without_a_broker(tmp_path):
    env = akhbar_env(tmp_path)
    env.pop("REDIS_URL", None)
    result = akhbar("worker", "--loglevel", "INFO", env=env)
    # it should say what is missing, and exit with status 2
    assert result.returncode == 2 and "REDIS_URL" in result.stderr


def test_it_hands_every_option_to_celery(monkeypatch, settings):
    from akhbar.ingest.celery_app import app
    from akhbar.ingest.management.commands.beat import Command

    settings.REDIS_URL = MACHINE_REDIS
    calls = []
    monkeypatch.setattr(app, "start", calls.append)
    Command().run_from_argv(["akhbar", "beat", "--loglevel", "DEBUG", "--max-interval", "5"])
    # it should pass the options to `celery beat` unchanged
    assert calls == [["beat", "--loglevel", "DEBUG", "--max-interval", "5"]]


def test_it_keeps_the_task_api_small():
    # it should expose the pipeline's units of work and the repairs as named tasks
    names = {t.name for t in vars(tasks).values() if isinstance(getattr(t, "name", None), str)}
    assert {
        "akhbar.tick",
        "akhbar.refresh_feed",
        "akhbar.process_article",
        "akhbar.recheck",
        "akhbar.recluster",
        "akhbar.reindex",
        "akhbar.ping",
    } <= names
