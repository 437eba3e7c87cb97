"""Celery tasks: thin wrappers that run the pipeline's units of work on a worker.

``akhbar beat`` sends ``tick`` every ``AKHBAR_SCHEDULE_INTERVAL`` seconds; a worker runs it:
discovery for sources without feeds, then ``store.claim_due_feeds`` (a conditional UPDATE:
two ticks never claim one feed), then one ``refresh_feed`` task per claimed feed.

``refresh_feed`` runs ``pipeline.refresh_feed_safely`` (the function the embedded runner runs)
with a ``SharedFetcher``, whose per-host limits live in Redis. Each delivery of a feed task:

1. takes the feed's Redis lock (non-blocking): a second delivery of the same feed while the
   first one runs (a redelivered message, a re-claim after an expired lease) does nothing;
2. renews the claim with a conditional UPDATE that matches only a still-claimed feed: a
   delivery that comes after the work was done (the message of a killed worker, restored by
   Redis) finds the claim released and does nothing;
3. runs the pipeline, which stores each article in one transaction, then records the feed's
   health and releases the claim: "store the article before marking the feed checked".
   Before fetching what the feed lists, the pipeline takes the source's turn, here a Redis
   lock shared by every worker (``shared_source_turn``): an article that two feeds of one
   outlet list is fetched once, by the first; the second finds it stored.

The pipeline run stops at ``pipeline_budget()`` (under the soft time limit): the feed's claim
is given back, still due, and the next tick goes on from what was stored.

A database outage is the one failure the pipeline cannot record: the task retries with a
jittered exponential backoff, up to ``AKHBAR_TASK_MAX_RETRIES`` times, then dead-letters.
Whatever the failure, a claimed feed comes back after its lease (``AKHBAR_LEASE_SECONDS``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import threading
from collections import Counter
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from akhbar.ingest import pipeline, store
from akhbar.ingest.celery_app import QUEUE, app
from akhbar.news.models import Article, Feed, Source
from akhbar.ops import alerts
from akhbar.scaleout import deadletters
from akhbar.scaleout.models import DeadLetterKind
from akhbar.scaleout.politeness import shared_fetcher

log = logging.getLogger("akhbar.ingest.tasks")

DB_ERRORS = (OperationalError, InterfaceError)
HOST_MEMORY: dict = {}  # robots.txt and Crawl-delay per host, kept by this worker process
RECLUSTER_BATCH = 1000
MAX_BACKLOG = 2000  # feed tasks waiting in the queue beyond which a tick claims nothing
_redis = None


def lease() -> timedelta:
    return timedelta(seconds=settings.AKHBAR_LEASE_SECONDS)


def redis_client():
    """This process' Redis client (for the feed locks)."""
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=2, health_check_interval=10
        )
    return _redis


def run_pipeline(work):
    """``await work(fetcher, workers)`` in a fresh event loop, with the shared-politeness
    fetcher and the pipeline's own thread pools (closed afterwards, connections included)."""
    policy = pipeline.policy_from_settings()
    workers = pipeline.Workers()

    async def main():
        pipeline.SOURCE_TURN.set(shared_source_turn)  # (this run's context only)
        async with asyncio.timeout(pipeline_budget()):
            async with shared_fetcher(policy, settings.REDIS_URL, memory=HOST_MEMORY) as fetcher:
                return await work(fetcher, workers)

    try:
        return asyncio.run(main())
    finally:
        workers.close()


def pipeline_budget() -> float:
    """Seconds one task's pipeline run may take: a little under Celery's soft time limit.
    Past it the run is cancelled at its next await, which unwinds it cleanly (the pipeline's
    ``except Exception`` guards let cancellation through), raising TimeoutError. Celery's
    soft-limit signal, by contrast, lands anywhere, often inside one of those guards, which
    then recorded a feed that was merely slow as failed and backed it off for minutes."""
    return settings.AKHBAR_TASK_TIME_LIMIT * 0.8


# --- The scheduler's tick -------------------------------------------------------------------


@app.task(name="akhbar.tick")
def tick(limit: int | None = None) -> dict:
    """Discover feeds of new sources, claim the due feeds, enqueue one task per feed."""
    now = timezone.now()
    try:
        discovered = discover(now) if store.sources_without_feeds() else 0
        room = min(limit or pipeline.FEED_LIMIT, room_in_queue())
        feed_ids = store.claim_due_feeds(now, room, lease()) if room else []
    except DB_ERRORS as error:  # the next tick comes soon enough: no retry
        log.warning("store: tick skipped, database unreachable: %s", error, extra=_extra("store"))
        return {"discovered": 0, "claimed": 0, "sent": 0}
    sent = enqueue(feed_ids)
    # the operator's alerts, from what the feed tasks of the earlier ticks recorded
    alerts.evaluate_safely(now)
    if feed_ids or discovered:
        log.info(
            "schedule: %d feed(s) claimed, %d sent, %d discovered",
            len(feed_ids),
            sent,
            discovered,
            extra=_extra("schedule"),
        )
    return {"discovered": discovered, "claimed": len(feed_ids), "sent": sent}


def discover(now) -> int:
    return run_pipeline(lambda f, w: pipeline.discover_sources(fetcher=f, now=now, workers=w))


def room_in_queue() -> int:
    """How many more feed tasks the queue takes: while workers are behind, claiming more
    would only let leases run out in the queue (each delivery checks its claim anyway)."""
    try:
        return max(0, MAX_BACKLOG - redis_client().llen(QUEUE))
    except Exception:  # no Redis, no sending either: enqueue() gives the claims back
        return MAX_BACKLOG


def interleave_by_source(feed_ids: list[int]) -> list[int]:
    """The feeds in turns, one source (one host, usually) after another: workers taking tasks
    in order then work on different hosts at once, instead of all queueing for the permits of
    the outlet whose feeds came first (its section feeds are due together)."""
    by_source: dict[int, list[int]] = {}
    rows = Feed.objects.filter(pk__in=feed_ids).values_list("pk", "source_id")
    source_of = dict(rows)
    for feed_id in feed_ids:
        by_source.setdefault(source_of.get(feed_id, 0), []).append(feed_id)
    turns = itertools.zip_longest(*by_source.values())
    return [feed_id for turn in turns for feed_id in turn if feed_id is not None]


def enqueue(feed_ids: list[int]) -> int:
    """Send one refresh per claimed feed; the claims of feeds not sent are given back."""
    sent = 0
    feed_ids = interleave_by_source(feed_ids)
    try:
        for feed_id in feed_ids:
            refresh_feed.delay(feed_id)
            sent += 1
    except Exception as error:  # the broker is gone: the claims would block the feeds
        log.warning("schedule: broker unreachable: %s", error, extra=_extra("schedule"))
        with contextlib.suppress(*DB_ERRORS):
            store.release_feeds(feed_ids[sent:])
    return sent


# --- Unit of work 1: one feed ---------------------------------------------------------------


@app.task(name="akhbar.refresh_feed", bind=True)
def refresh_feed(self, feed_id: int) -> dict:
    """Poll one claimed feed and ingest what it lists (see the module docstring)."""
    now = timezone.now()
    try:
        with feed_lock(feed_id) as held:
            if not held:
                return {"feed": feed_id, "status": "busy"}
            if not take_over(feed_id, now):
                return {"feed": feed_id, "status": "done"}
            outcome = run_pipeline(
                lambda f, w: pipeline.refresh_feed_safely(feed_id, fetcher=f, now=now, workers=w)
            )
            if outcome.status == "failed" and outcome.error_kind == "other":
                database_reachable()  # the pipeline could not record a database outage
        source_id = Feed.objects.filter(pk=feed_id).values_list("source_id", flat=True).first()
        deadletters.record_feed_outcome(outcome, source_id, now)
    except DB_ERRORS as error:
        return retry_later(self, error, f"akhbar.refresh_feed:{feed_id}")
    except (TimeoutError, SoftTimeLimitExceeded):
        # what was stored stays stored; the claim is given back (the feed is still due), so
        # the next tick goes on from there instead of waiting for the lease to run out
        log.warning("pipeline: feed %s hit the time limit", feed_id, extra=_extra("pipeline"))
        with contextlib.suppress(*DB_ERRORS):
            store.release_feeds([feed_id])
            deadletters.record_failure(
                DeadLetterKind.FEED,
                str(feed_id),
                now=now,
                error=f"time limit ({settings.AKHBAR_TASK_TIME_LIMIT} s) reached",
                error_kind="timeout",
                task=self.name,
            )
        return {"feed": feed_id, "status": "timeout"}
    articles = Counter(a.status for a in outcome.articles)
    return {"feed": feed_id, "status": outcome.status, "articles": dict(articles)}


LOCK_TTL = 15  # seconds: a killed holder's feed or source lock frees itself this soon
TURN_POLL = 0.1  # seconds between two tries at a source's turn


@contextlib.contextmanager
def feed_lock(feed_id: int):
    """Yield True if this delivery holds the feed's Redis lock (also when Redis is
    unreachable: the database claim alone guards the feed then), False if another delivery
    runs it right now."""
    with redis_lock(f"akhbar:feed:{feed_id}") as held:
        yield held is not False


@contextlib.asynccontextmanager
async def shared_source_turn(source_id: int):
    """The pipeline's source turn (``pipeline.SOURCE_TURN``) shared by every worker: one
    feed of a source at a time stores what it lists, so an article that two feeds of an
    outlet list is fetched once, by the first, and found stored by the second, as in the
    embedded runner. Waits for the turn without blocking the event loop; without Redis each
    worker goes on alone (a doubled fetch, never a doubled article: URLs are unique)."""
    while True:
        with redis_lock(f"akhbar:source:{source_id}") as held:
            if held is not False:
                yield
                return
        await asyncio.sleep(TURN_POLL)


@contextlib.contextmanager
def redis_lock(key: str):
    """Yield True if this process now holds the Redis lock `key`, False if someone else
    does, None if Redis is unreachable. The lock is short-lived and renewed while held, so
    a worker killed with SIGKILL holds it for LOCK_TTL seconds at most."""
    from redis.exceptions import LockError, RedisError

    lock = redis_client().lock(key, timeout=LOCK_TTL, blocking=False, thread_local=False)
    try:
        held = lock.acquire()
    except RedisError:
        held = None
    stop = threading.Event()
    if held:
        threading.Thread(target=_keep_alive, args=(lock, stop), daemon=True).start()
    try:
        yield held
    finally:
        stop.set()
        if held:
            with contextlib.suppress(LockError, RedisError):
                lock.release()


def _keep_alive(lock, stop: threading.Event) -> None:
    from redis.exceptions import LockError, RedisError

    while not stop.wait(LOCK_TTL / 3):
        with contextlib.suppress(LockError, RedisError):
            lock.extend(LOCK_TTL, replace_ttl=True)


def take_over(feed_id: int, now) -> bool:
    """Renew the scheduler's claim for this delivery, unless the feed was released since
    (another delivery finished it): a conditional UPDATE, never read-then-write."""
    still_claimed = Feed.objects.filter(pk=feed_id, claimed_until__isnull=False)
    return still_claimed.update(claimed_until=now + lease()) == 1


def database_reachable() -> None:
    """Raise the database's error if it cannot answer (after a failure the pipeline logged)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DB_ERRORS:
        connection.close()
        raise


def retry_later(task, error: Exception, key: str) -> dict:
    """Retry with a jittered exponential backoff; dead-letter after the last retry."""
    retries = task.request.retries
    if retries < settings.AKHBAR_TASK_MAX_RETRIES:
        countdown = min(300.0, 2.0 * 2**retries) * random.uniform(0.8, 1.2)
        log.warning(
            "store: %s: database unreachable (%s), retry %d in %.0f s",
            key,
            error,
            retries + 1,
            countdown,
            extra=_extra("store"),
        )
        raise task.retry(exc=error, countdown=countdown)
    log.error(
        "store: %s: giving up after %d retries: %s", key, retries, error, extra=_extra("store")
    )
    with contextlib.suppress(*DB_ERRORS):
        deadletters.record_failure(
            DeadLetterKind.TASK, key, now=timezone.now(), error=repr(error), task=task.name
        )
    return {"status": "dead", "key": key}


# --- Unit of work 2: one article ------------------------------------------------------------


@app.task(name="akhbar.process_article", bind=True)
def process_article(self, source_id: int, url: str) -> dict:
    """Fetch and store one article page (a dead letter retried from the admin)."""
    now = timezone.now()
    try:
        source = Source.objects.get(pk=source_id)
        known = store.known_articles([url]).get(url)
        outcome = run_pipeline(
            lambda f, w: pipeline.process_article(
                source, url, fetcher=f, entry=None, now=now, known=known, workers=w
            )
        )
        deadletters.record_article_outcomes([outcome], source_id, now)
    except DB_ERRORS as error:
        return retry_later(self, error, f"akhbar.process_article:{url}")
    return {"url": outcome.url, "status": outcome.status}


# --- Sweeps and repairs ---------------------------------------------------------------------


@app.task(name="akhbar.recheck")
def recheck() -> int:
    """Re-read young articles not read for a while (edits and deletions at the source)."""
    now = timezone.now()
    outcomes = run_pipeline(lambda f, w: pipeline.recheck_articles(fetcher=f, now=now, workers=w))
    return len(outcomes)


@app.task(name="akhbar.recluster")
def recluster(limit: int = RECLUSTER_BATCH) -> int:
    """Fold into wire groups and stories the shown articles that have no story yet (the
    pipeline does it when it stores them; this repairs imported or older rows)."""
    pending = Article.objects.filter(story__isnull=True, held_reason="").order_by("pk")
    done = 0
    for article in pending[:limit]:
        with transaction.atomic():
            store.publish(article)
        done += 1
    return done


@app.task(name="akhbar.reindex")
def reindex(only_stale: bool = True) -> int:
    """Rebuild the search entries that are missing or made by another analyzer version;
    then the frequent terms' row counts, when due (SQLite: ``search.term_rows``)."""
    from akhbar.search.index import reindex as rebuild
    from akhbar.search.term_rows import refresh_when_due

    done = rebuild(only_stale=only_stale)
    refresh_when_due()
    return done


@app.task(name="akhbar.ping", ignore_result=False)
def ping(value=None):
    """A no-op: the broker's round trip, for `akhbar worker` health checks and the bench."""
    return value


def _extra(stage: str) -> dict:
    return {"stage": stage, "source": "", "feed_url": "", "article_id": None, "url": ""}
