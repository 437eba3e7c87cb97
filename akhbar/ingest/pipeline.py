"""The pipeline: the one place where the network, text processing and the database meet.

Two units of work, each an orchestrator that reads top to bottom:

- ``refresh_feed``: claim → conditional GET → (304: done) → parse → pick the entries worth a
  fetch → ``process_article`` for each → record the feed's health and its next check;
- ``process_article``: fetch the page → decode → extract → quality gate → ArticleDraft → store
  (a new article, an edit at the source kept as a revision, or a removal on 404/410).

``crawl_once`` runs one pass over the due feeds with asyncio (one shared HTTP client), and
every synchronous step in thread pools: the ORM must never be called from the event loop, and
decoding and extraction are CPU work. Runners (``akhbar run``, ``akhbar crawl --once``, later
Celery) only decide when a pass runs. Successive passes of one process share what politeness
learned about each host (``HOST_MEMORY``: robots.txt for a day, Crawl-delay, Retry-After),
and a pass records its feeds' successful polls in batches (``FeedRecords``).

Re-polls. A known article listed again is not fetched again every time. It is re-read when:
its feed entry says it was updated after the version we hold; its feed title differs from the
stored one and we have not read it for ``RELISTED_RECHECK``; or it is young (published within
``RECHECK_WINDOW``) and was last read more than ``RECHECK_EVERY`` ago. The last rule also runs
as a sweep over young articles that have left their feeds, which is how a deletion at the
source (404/410) is noticed. A changed content hash stores the previous version as an
ArticleRevision and sets ``edited_at_source``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

import akhbar
from akhbar.ingest import schedule, store
from akhbar.ingest.discover import candidate_feed_urls, canonical_in, discover_feeds
from akhbar.ingest.draft import ArticleDraft
from akhbar.ingest.feeds import FeedEntry, ParsedFeed, ParseError, parse_feed
from akhbar.ingest.fetch import Fetcher, FetchError, FetchPolicy, FetchResult, HostMemory
from akhbar.news.models import Feed, FeedKind, Source
from akhbar.news.models.category import TAXONOMY
from akhbar.ops import metrics
from akhbar.text.categorize import classify
from akhbar.text.encoding import decode_html
from akhbar.text.extract import Extracted, extract_article, parse_html
from akhbar.text.quality import quality_problem as text_quality_problem
from akhbar.text.sections import category_from_section
from akhbar.text.urls import canonicalize_url

log = logging.getLogger("akhbar.ingest.pipeline")

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
LEASE = timedelta(minutes=10)  # a crashed runner's feeds are taken up again after this
FEED_LIMIT = 5000  # feeds claimed per pass
FEED_CONCURRENCY = 64  # feeds in flight at once (the fetcher limits each host further)
ARTICLE_CONCURRENCY = 8  # article pages in flight per feed
RECORD_BATCH = 100  # successful polls written per transaction (FeedRecords)
MAX_ENTRIES = 200  # entries of one feed read per poll (a sitemap archive can list thousands)
MAX_CHILD_SITEMAPS = 50  # sitemaps of one sitemap index registered as feeds
RECHECK_WINDOW = timedelta(hours=48)
RECHECK_EVERY = timedelta(hours=3)
RELISTED_RECHECK = timedelta(hours=1)
RECHECK_LIMIT = 200  # young articles re-read per pass by the sweep
DISCOVERY_RETRY = timedelta(hours=1)  # a homepage that failed discovery is tried again after
FEED_KINDS = {"rss": "rss", "rdf": "rss", "atom": "atom", "jsonfeed": "jsonfeed"}
GONE = (404, 410)
TAXONOMY_SLUGS = frozenset(slug for slug, *_ in TAXONOMY)
REREAD_AT_MOST = timedelta(minutes=5)  # an entry's "updated" never re-reads a page sooner
PERMANENT_ARTICLE_ERRORS = ("robots", "unsafe", "too_large")


# --- Settings, read in one place ---------------------------------------------------------


def policy_from_settings() -> FetchPolicy:
    """The fetch policy of this deployment: our User-Agent and the private hosts allowed."""
    agent = f"Akhbar/{akhbar.__version__} (+{settings.AKHBAR_USER_AGENT_CONTACT})"
    allowed = frozenset(settings.AKHBAR_ALLOWED_PRIVATE_HOSTS)
    return FetchPolicy(user_agent=agent, allowed_private_hosts=allowed)


@dataclass(frozen=True)
class Recheck:
    """When a stored article is read again (see the module docstring)."""

    window: timedelta = RECHECK_WINDOW
    every: timedelta = RECHECK_EVERY
    relisted: timedelta = RELISTED_RECHECK
    limit: int = RECHECK_LIMIT


# --- Outcomes: what each unit of work reports --------------------------------------------


@dataclass
class ArticleOutcome:
    url: str
    status: str  # new | held | updated | unchanged | removed | failed
    article_id: int | None = None
    error_kind: str = ""
    error: str = ""
    permanent: bool = False
    delay: float | None = None  # seconds from publication to ingestion, for a new article


@dataclass
class FeedOutcome:
    feed_id: int
    url: str
    status: str = "fetched"  # fetched | not_modified | failed
    error_kind: str = ""
    articles: list[ArticleOutcome] = field(default_factory=list)
    elapsed: float = 0.0  # seconds from the start of the refresh to its record

    @property
    def article_errors(self) -> list[ArticleOutcome]:
        return [a for a in self.articles if a.status == "failed"]


@dataclass
class CrawlSummary:
    feeds: int = 0
    not_modified: int = 0
    feeds_failed: int = 0
    discovered: int = 0
    articles: Counter = field(default_factory=Counter)  # by ArticleOutcome.status
    errors: Counter = field(default_factory=Counter)  # by "stage:kind"

    def add_feed(self, outcome: FeedOutcome) -> None:
        self.feeds += 1
        self.not_modified += outcome.status == "not_modified"
        if outcome.status == "failed":
            self.feeds_failed += 1
            self.errors[f"feed:{outcome.error_kind}"] += 1
        self.add_articles(outcome.articles)

    def add_articles(self, outcomes: Iterable[ArticleOutcome]) -> None:
        for outcome in outcomes:
            self.articles[outcome.status] += 1
            if outcome.status == "failed":
                self.errors[f"article:{outcome.error_kind}"] += 1

    def lines(self) -> list[str]:
        a = self.articles
        errors = ", ".join(f"{kind} {n}" for kind, n in sorted(self.errors.items())) or "none"
        return [
            f"feeds polled: {self.feeds} ({self.not_modified} not modified, "
            f"{self.feeds_failed} failed, {self.discovered} discovered)",
            f"articles: {a['new']} new, {a['updated']} updated, {a['removed']} removed, "
            f"{a['held']} held, {a['unchanged']} unchanged, {a['failed']} failed",
            f"errors: {errors}",
        ]


# --- Thread pools for the synchronous work -----------------------------------------------


class Workers:
    """Threads for the ORM (one for SQLite, which has one writer anyway) and for CPU work."""

    def __init__(self, cpu_threads: int | None = None, db_threads: int | None = None):
        cpu_threads = cpu_threads or settings.AKHBAR_WORKERS
        db_threads = db_threads or (1 if connection.vendor == "sqlite" else 4)
        self.db_threads = db_threads
        self.db_pool = ThreadPoolExecutor(db_threads, thread_name_prefix="akhbar-db")
        self.cpu_pool = ThreadPoolExecutor(cpu_threads, thread_name_prefix="akhbar-cpu")

    async def db(self, fn: Callable, *args, **kwargs):
        call = functools.partial(fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self.db_pool, call)

    async def cpu(self, fn: Callable, *args, **kwargs):
        call = functools.partial(fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self.cpu_pool, call)

    def close(self) -> None:
        """Close each database thread's connection, then the pools."""
        barrier = threading.Barrier(self.db_threads)

        def close_connections() -> None:
            barrier.wait(timeout=30)  # one call per thread: each one waits for the others
            connections.close_all()

        for future in [self.db_pool.submit(close_connections) for _ in range(self.db_threads)]:
            future.result()
        self.db_pool.shutdown()
        self.cpu_pool.shutdown()


# --- URLs being fetched right now, and redirecting feed links we resolved ----------------

_INFLIGHT: set[str] = set()
_INFLIGHT_LOCK = threading.Lock()
_ALIASES: OrderedDict[str, str] = OrderedDict()  # canonical feed link -> canonical page URL
_ALIASES_MAX = 100_000
_DISCOVERY_FAILED: dict[int, datetime] = {}  # source id -> when discovery may be tried again
# What politeness learned per host (robots.txt, Crawl-delay, Retry-After), kept across the
# passes of this process: robots.txt is read once a day (robots_ttl), not once a pass.
HOST_MEMORY: dict[str, HostMemory] = {}


def claim_urls(urls: Iterable[str]) -> list[str]:
    """The URLs nobody in this process is fetching, now marked as being fetched."""
    with _INFLIGHT_LOCK:
        free = [url for url in urls if url not in _INFLIGHT]
        _INFLIGHT.update(free)
    return free


def release_urls(urls: Iterable[str]) -> None:
    with _INFLIGHT_LOCK:
        _INFLIGHT.difference_update(urls)


def remember_alias(listed: str, canonical: str) -> None:
    if listed != canonical:
        _ALIASES[listed] = canonical
        while len(_ALIASES) > _ALIASES_MAX:
            _ALIASES.popitem(last=False)


def resolve(url: str) -> str:
    """The canonical spelling of a listed URL, through a redirect we already followed."""
    canonical = canonicalize_url(url)
    return _ALIASES.get(canonical, canonical)


def forget() -> None:
    """Drop what this process remembers between passes (resolved redirects, failed
    discoveries, hosts' robots.txt and Retry-After): for tests, and for an operator who
    re-registered sources."""
    _ALIASES.clear()
    _DISCOVERY_FAILED.clear()
    HOST_MEMORY.clear()


def _log_extra(stage: str, *, source=None, feed_url="", article_id=None, url="") -> dict:
    slug = getattr(source, "slug", source) or ""
    return {
        "source": slug,
        "feed_url": feed_url,
        "stage": stage,
        "article_id": article_id,
        "url": url,
    }


# --- One pass over the due feeds ---------------------------------------------------------


def crawl_once(
    *,
    policy: FetchPolicy | None = None,
    now: datetime | None = None,
    limit: int | None = None,
    progress: Callable[[FeedOutcome], None] | None = None,
    stop: threading.Event | None = None,
    recheck: Recheck | None = Recheck(),
    lease: timedelta = LEASE,
    memory: dict[str, HostMemory] | None = None,
) -> CrawlSummary:
    """Poll every due feed once, ingest what they list, re-read young articles; never raises
    for one feed's or one article's failure. `memory`: the hosts' politeness state to start
    from and update (default: this process' HOST_MEMORY, shared by its passes)."""
    policy = policy or policy_from_settings()
    now = now or timezone.now()
    memory = HOST_MEMORY if memory is None else memory
    # the pipeline logs every failed fetch itself; httpx's line per request would drown it
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger("httpx").level))
    workers = Workers()
    try:
        crawl = _crawl(
            policy, memory, now, limit or FEED_LIMIT, workers, progress, stop, recheck, lease
        )
        return asyncio.run(crawl)
    finally:
        workers.close()


async def _crawl(
    policy, memory, now, limit, workers, progress, stop, recheck, lease
) -> CrawlSummary:
    summary = CrawlSummary()
    async with Fetcher(policy, memory=memory) as fetcher:
        # discover first, so that a new source's feeds are due in this very pass
        summary.discovered = await discover_sources(fetcher=fetcher, now=now, workers=workers)
        feed_ids = await workers.db(store.claim_due_feeds, now, limit, lease)
        await _refresh_all(feed_ids, fetcher, now, workers, summary, progress, stop)
        if recheck and not (stop and stop.is_set()):
            summary.add_articles(
                await recheck_articles(fetcher=fetcher, now=now, workers=workers, recheck=recheck)
            )
    return summary


async def _refresh_all(feed_ids, fetcher, now, workers, summary, progress, stop) -> None:
    gate = asyncio.Semaphore(FEED_CONCURRENCY)
    skipped: list[int] = []
    feeds = await workers.db(store.load_feeds, feed_ids)
    records = FeedRecords(workers, now)

    async def one(feed_id: int) -> None:
        async with gate:
            if stop is not None and stop.is_set():
                skipped.append(feed_id)  # stopping: give the claim back, untouched
                return
            outcome = await refresh_feed_safely(
                feed_id,
                fetcher=fetcher,
                now=now,
                workers=workers,
                feed=feeds.get(feed_id),
                records=records,
            )
        summary.add_feed(outcome)
        if progress:
            progress(outcome)

    try:
        await asyncio.gather(*(one(feed_id) for feed_id in feed_ids))
    finally:
        await records.flush()
    if skipped:
        await workers.db(store.release_feeds, skipped)


async def refresh_feed_safely(
    feed_id: int, *, fetcher, now, workers, feed=None, records: FeedRecords | None = None
) -> FeedOutcome:
    """refresh_feed, with any unexpected error recorded on the feed instead of raised."""
    started = time.monotonic()
    try:
        outcome = await refresh_feed(
            feed_id, fetcher=fetcher, now=now, workers=workers, feed=feed, records=records
        )
    except Exception as error:  # a bug or a database error: the pass goes on
        log.exception("pipeline: feed %s failed", feed_id, extra=_log_extra("pipeline"))
        await _record_crash(feed_id, error, now, workers)
        outcome = FeedOutcome(feed_id, "", "failed", "other")
    outcome.elapsed = time.monotonic() - started
    count(outcome)
    return outcome


def count(outcome: FeedOutcome) -> None:
    """Add one feed's refresh to the Prometheus counters (every runner comes through here)."""
    metrics.FETCHES.labels(kind="feed", outcome=outcome.error_kind or outcome.status).inc()
    metrics.STAGE_SECONDS.labels(stage="refresh_feed").observe(outcome.elapsed)
    for article in outcome.articles:
        fetched = article.error_kind or ("not_fetched" if article.status == "unchanged" else "ok")
        metrics.FETCHES.labels(kind="article", outcome=fetched).inc()
        metrics.ARTICLES_INGESTED.labels(outcome=article.status).inc()


async def _record_crash(feed_id: int, error: Exception, now: datetime, workers) -> None:
    try:
        feed = await workers.db(store.load_feed, feed_id)
        await _feed_failed(feed, "other", f"pipeline: {error!r}", None, now, workers)
    except Exception:
        log.exception("store: cannot record the failure of feed %s", feed_id)


# --- Unit of work 1: refresh one feed ----------------------------------------------------


async def refresh_feed(
    feed_id: int,
    *,
    fetcher: Fetcher,
    now: datetime,
    workers: Workers | None = None,
    feed: Feed | None = None,
    records: FeedRecords | None = None,
) -> FeedOutcome:
    """Poll one (claimed) feed and ingest the articles it lists that we need. (`feed` is the
    row, when the caller loaded it already with the others it claimed; `records`, the
    pass's batch of successful polls to write, else this one is written at once.)"""
    async with _pools(workers) as workers:
        records = records or _AtOnce(workers, now)
        feed = feed or await workers.db(store.load_feed, feed_id)
        outcome = FeedOutcome(feed.pk, feed.url)
        try:
            result = await fetcher.fetch(
                feed.url,
                etag=feed.etag or None,
                last_modified=feed.last_modified or None,
                accept=FEED_ACCEPT,
            )
            if result.not_modified:
                # 304 costs no parsing: only the schedule moves
                outcome.status = "not_modified"
                await records.add(_unchanged(feed, result))
                return outcome
            parsed = await workers.cpu(parse_feed, result.final_url, result.content, _ctype(result))
        except (FetchError, ParseError) as error:
            return await _fail_feed(feed, error, now, workers, outcome)
        await _follow_sitemaps(feed, parsed, now, workers)
        outcome.articles = await _process_entries(feed, parsed.entries, fetcher, now, workers)
        # store the articles before marking the feed checked: a crash in between only means
        # the feed is read again (its old validators are still stored), never a lost entry
        await _feed_read(feed, result, parsed, outcome, now, workers, records)
        return outcome


def _ctype(result: FetchResult) -> str | None:
    return result.headers.get("content-type")


async def _fail_feed(feed: Feed, error, now, workers, outcome: FeedOutcome) -> FeedOutcome:
    stage = "parse" if isinstance(error, ParseError) else "fetch"
    kind = "parse" if stage == "parse" else error.kind
    retry_after = getattr(error, "retry_after", None)
    log.warning(
        "%s: feed %s: %s",
        stage,
        feed.url,
        error,
        extra=_log_extra(stage, source=feed.source, feed_url=feed.url),
    )
    await _feed_failed(feed, kind, _message(stage, error), retry_after, now, workers)
    outcome.status, outcome.error_kind = "failed", kind
    return outcome


def _message(stage: str, error: Exception) -> str:
    text = str(error)
    return text if text.startswith(f"{stage}:") else f"{stage}: {text}"


async def _feed_failed(
    feed: Feed, kind: str, message: str, retry_after, now, workers, delays=()
) -> None:
    errors = feed.consecutive_errors + 1
    next_at = schedule.next_check_at(now, retry_after=retry_after, consecutive_errors=errors)
    broken = schedule.is_broken(errors, _first_error_at(feed, now), now)
    await workers.db(
        store.record_feed_failure,
        feed.pk,
        now=now,
        kind=kind,
        message=message,
        next_check_at=next_at,
        broken=broken,
        delays=list(delays),
    )


def _first_error_at(feed: Feed, now: datetime) -> datetime:
    """When the current run of errors began: after the last success (or since the source
    was added), the row holding no finer record."""
    if feed.consecutive_errors == 0:
        return now
    return feed.last_success_at or feed.source.created_at


@dataclass(frozen=True)
class FeedRecord:
    """A successful poll waiting to be written: store.FeedSuccess, and for a 304 (no
    `next_check_at` yet) what schedules it: its source's recent publications, looked up
    when the batch is written, and the response's freshness headers."""

    feed_id: int
    next_check_at: datetime | None
    etag: str | None
    last_modified: str | None
    delays: tuple[float, ...] = ()
    source_id: int | None = None
    freshness: dict = field(default_factory=dict)  # cache_control, expires


class FeedRecords:
    """A pass's successful polls, written `size` at a time, each batch in one transaction.

    A 304 costs one UPDATE, and a pass is mostly 304s: one transaction and one hop to the
    database thread per feed was most of a pass's database time. Only successes wait here,
    and only after their feed's articles are stored; until its batch is written a feed stays
    claimed, so a crash in between means it is polled again after its lease, nothing more.
    """

    def __init__(self, workers: Workers, now: datetime, size: int = RECORD_BATCH) -> None:
        self.workers, self.now, self.size = workers, now, size
        self.pending: list[FeedRecord] = []

    async def add(self, record: FeedRecord) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.size:
            await self.flush()

    async def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            await self.workers.db(write_feed_records, batch, self.now)
        except Exception:  # the feeds stay claimed, and come back after their lease
            ids = [record.feed_id for record in batch]
            log.exception(
                "store: cannot record the polls of feeds %s", ids, extra=_log_extra("store")
            )


class _AtOnce:
    """FeedRecords' stand-in for a single refresh: writes at once, and raises what fails
    (a Celery task retries a database outage)."""

    def __init__(self, workers: Workers, now: datetime) -> None:
        self.workers, self.now = workers, now

    async def add(self, record: FeedRecord) -> None:
        await self.workers.db(write_feed_records, [record], self.now)


def write_feed_records(records: list[FeedRecord], now: datetime) -> None:
    """Schedule the batch's 304s from their sources' rhythm, then write every record."""
    unscheduled = {r.source_id for r in records if r.next_check_at is None}
    times = store.recent_publication_times_by_source(unscheduled) if unscheduled else {}
    successes = [
        store.FeedSuccess(
            r.feed_id,
            r.next_check_at
            or schedule.next_check_at(now, entry_times=times.get(r.source_id, ()), **r.freshness),
            r.etag,
            r.last_modified,
            r.delays,
        )
        for r in records
    ]
    store.record_feed_successes(successes, now)


def _unchanged(feed: Feed, result: FetchResult) -> FeedRecord:
    """A 304: new validators if the server sent any (else the stored ones stay)."""
    return FeedRecord(
        feed.pk,
        None,
        result.etag,
        result.last_modified,
        source_id=feed.source_id,
        freshness=_freshness(result),
    )


def _freshness(result: FetchResult) -> dict:
    headers = result.headers
    return {"cache_control": headers.get("cache-control"), "expires": headers.get("expires")}


async def _feed_read(
    feed: Feed, result, parsed: ParsedFeed, outcome: FeedOutcome, now, workers, records
) -> None:
    """Record the poll: a success, or, when an article failed for a passing reason, an error
    that keeps the old validators so that the next poll lists (and retries) it again."""
    delays = [a.delay for a in outcome.articles if a.delay is not None]
    transient = [a for a in outcome.article_errors if not a.permanent]
    if transient:
        first = transient[0]
        message = f"fetch: {len(transient)} article(s) failed, first {first.url}: {first.error}"
        await _feed_failed(feed, first.error_kind, message, None, now, workers, delays)
        return
    times = [e.published for e in parsed.entries if e.published]
    next_at = schedule.next_check_at(
        now, entry_times=times, ttl_seconds=parsed.ttl_seconds, **_freshness(result)
    )
    etag, last_modified = result.etag or "", result.last_modified or ""
    await records.add(FeedRecord(feed.pk, next_at, etag, last_modified, tuple(delays)))


async def _follow_sitemaps(feed: Feed, parsed: ParsedFeed, now, workers) -> None:
    """A sitemap index lists sitemaps: each becomes a feed of the source, polled on its own."""
    children = [(url, FeedKind.SITEMAP) for url in parsed.sitemaps[:MAX_CHILD_SITEMAPS]]
    if children:
        await workers.db(store.add_feeds, feed.source_id, children, now)


# --- Which entries are worth a fetch ------------------------------------------------------


@dataclass
class Candidate:
    url: str  # canonical (as far as we know before fetching)
    entry: FeedEntry
    known: store.KnownArticle | None


async def _process_entries(
    feed: Feed, entries: list[FeedEntry], fetcher, now, workers
) -> list[ArticleOutcome]:
    # one source's feeds take turns here: its main and section feeds list one article under
    # different addresses (an id URL that redirects, the slug URL it redirects to); the
    # first feed's fetches teach us those aliases, so the second finds them stored
    async with SOURCE_TURN.get()(feed.source_id):
        return await _process_listed(feed, entries, fetcher, now, workers)


_SOURCE_TURNS: dict[tuple[int, int], asyncio.Lock] = {}


def source_turn(source_id: int) -> asyncio.Lock:
    """The lock of one source within the running event loop (a pass, or a Celery task)."""
    key = (id(asyncio.get_running_loop()), source_id)
    if key not in _SOURCE_TURNS:
        if len(_SOURCE_TURNS) > 10_000:  # locks of finished loops: nobody holds them
            _SOURCE_TURNS.clear()
        _SOURCE_TURNS[key] = asyncio.Lock()
    return _SOURCE_TURNS[key]


# The hook that gives a source its turn: this event loop's lock by default; the Celery path
# sets one that every worker shares (akhbar.ingest.tasks.shared_source_turn), since two
# workers refreshing two feeds of one outlet would otherwise both fetch what both list.
SOURCE_TURN: contextvars.ContextVar = contextvars.ContextVar("source_turn", default=source_turn)


async def _process_listed(
    feed: Feed, entries: list[FeedEntry], fetcher, now, workers
) -> list[ArticleOutcome]:
    listed = dedupe_entries(entries[:MAX_ENTRIES])
    # claim before looking the URLs up: a URL another feed is fetching right now is skipped,
    # and once that fetch is stored and released, the lookup below finds it stored
    claimed = claim_urls(listed)
    try:
        candidates = await workers.db(plan_entries, {url: listed[url] for url in claimed}, now)
        return await _fetch_candidates(feed, candidates, fetcher, now, workers)
    finally:
        release_urls(claimed)


async def _fetch_candidates(
    feed: Feed, candidates: list[Candidate], fetcher, now, workers
) -> list[ArticleOutcome]:
    gate = asyncio.Semaphore(ARTICLE_CONCURRENCY)

    async def one(candidate: Candidate) -> ArticleOutcome:
        async with gate:
            return await process_article(
                feed.source,
                candidate.url,
                fetcher=fetcher,
                entry=candidate.entry,
                now=now,
                known=candidate.known,
                workers=workers,
                feed_url=feed.url,
            )

    return list(await asyncio.gather(*(one(c) for c in candidates)))


def dedupe_entries(entries: list[FeedEntry]) -> dict[str, FeedEntry]:
    """Entries by canonical URL, first one kept: a feed can list one article twice (with
    and without tracking parameters, or through a redirecting link we resolved before)."""
    by_url: dict[str, FeedEntry] = {}
    for entry in entries:
        by_url.setdefault(resolve(entry.url), entry)
    return by_url


def plan_entries(
    listed: dict[str, FeedEntry], now: datetime, recheck: Recheck = Recheck()
) -> list[Candidate]:
    """The entries to fetch: new URLs, and known ones due a re-read."""
    known = store.known_articles(list(listed))
    return [
        Candidate(url, entry, known.get(url))
        for url, entry in listed.items()
        if url not in known or needs_recheck(known[url], entry, now, recheck)
    ]


def needs_recheck(
    known: store.KnownArticle, entry: FeedEntry | None, now: datetime, recheck: Recheck
) -> bool:
    """Whether a stored article listed again should be read again (module docstring)."""
    if known.removed_at_source is not None:
        return False
    since_read = now - known.fetched_at
    if entry is not None and entry.updated is not None and entry.updated > known.fetched_at:
        return since_read >= REREAD_AT_MOST  # the feed says it changed after we read it
    if known.held_reason or (entry is not None and _titles_differ(entry.title, known.title)):
        return since_read >= recheck.relisted  # held back, or retitled: worth another look
    young = known.published_at is not None and now - known.published_at <= recheck.window
    return young and since_read >= recheck.every


def _titles_differ(listed: str, stored: str) -> bool:
    """A feed title that is neither the stored title nor a part of it (or it of the feed's)."""
    listed, stored = _squash(listed), _squash(stored)
    return bool(listed and stored) and listed not in stored and stored not in listed


def _squash(text: str) -> str:
    return " ".join((text or "").split())


# --- Unit of work 2: process one article -------------------------------------------------


async def process_article(
    source: Source,
    url: str,
    *,
    fetcher: Fetcher,
    entry: FeedEntry | None,
    now: datetime,
    known: store.KnownArticle | None = None,
    workers: Workers | None = None,
    feed_url: str = "",
) -> ArticleOutcome:
    """Fetch one article page and store what it holds (new, edited, removed or held)."""
    async with _pools(workers) as workers:
        return await _process_article(source, url, fetcher, entry, now, known, workers, feed_url)


async def _process_article(
    source, url, fetcher, entry, now, known, workers, feed_url
) -> ArticleOutcome:
    listed = entry.url if entry is not None else url
    try:
        result = await fetcher.fetch(listed, accept=PAGE_ACCEPT)
    except FetchError as error:
        return await _article_fetch_failed(source, url, error, known, now, workers, feed_url)
    canonical = canonicalize_url(result.final_url)
    remember_alias(url, canonical)
    if known is None and canonical != url:
        known = (await workers.db(store.known_articles, [canonical])).get(canonical)
    try:
        draft = await workers.cpu(build_draft, source, canonical, listed, result, entry, now)
    except Exception as error:  # the extractor must never stop the crawl
        log.warning(
            "extract: %s: %r",
            canonical,
            error,
            extra=_log_extra("extract", source=source, feed_url=feed_url, url=canonical),
        )
        return ArticleOutcome(
            canonical, "failed", error_kind="parse", error=f"extract: {error!r}", permanent=True
        )
    return await workers.db(save_draft, draft, known, entry)


async def _article_fetch_failed(
    source, url, error: FetchError, known, now, workers, feed_url
) -> ArticleOutcome:
    article_id = known.id if known else None
    if known is not None and error.status in GONE:
        # the source deleted the article: keep it, marked, for the operator to see
        await workers.db(store.mark_removed, known.id, now)
        log.info(
            "fetch: %s is gone (%s)",
            url,
            error.status,
            extra=_log_extra(
                "fetch", source=source, feed_url=feed_url, article_id=article_id, url=url
            ),
        )
        return ArticleOutcome(url, "removed", article_id)
    log.warning(
        "fetch: article %s: %s",
        url,
        error,
        extra=_log_extra("fetch", source=source, feed_url=feed_url, article_id=article_id, url=url),
    )
    permanent = bool(error.permanent) or error.kind in PERMANENT_ARTICLE_ERRORS
    return ArticleOutcome(
        url, "failed", article_id, error.kind, _message("fetch", error), permanent
    )


def build_draft(
    source: Source,
    url: str,
    listed: str,
    result: FetchResult,
    entry: FeedEntry | None,
    now: datetime,
) -> ArticleDraft:
    """decode → extract → quality gate → draft (pure of the database and the network)."""
    # decode the whole page ourselves: the extractor never sees undecoded bytes
    html, _codec = decode_html(result.content, _ctype(result))
    tree = parse_html(html)  # once: the canonical link is read from the tree extraction reads
    # the page's own rel=canonical (same site only) names the article better than the URL
    # we reached it by: it folds AMP, print and tracking variants the URL rules cannot see
    url = canonicalize_url((canonical_in(url, tree) if tree is not None else None) or url)
    feed_date = entry.published if entry is not None else None
    with metrics.STAGE_SECONDS.labels(stage="extract").time():
        extracted = extract_article(
            html,
            url,
            tree=tree,
            rules=source.rules or None,
            tz=source.timezone,
            now=now,
            feed_date=feed_date,
        )
    return make_draft(source, url, listed, extracted, entry, now)


def make_draft(
    source: Source,
    url: str,
    listed: str,
    extracted: Extracted,
    entry: FeedEntry | None,
    now: datetime,
) -> ArticleDraft:
    entry = entry or FeedEntry(url=listed)
    draft = ArticleDraft(
        source_id=source.pk,
        url=url,
        original_url=listed,
        title=extracted.title or entry.title,
        lede=extracted.lede,
        body=extracted.text,
        author=extracted.author or entry.author,
        published_at=extracted.published_at or entry.published,
        fetched_at=now,
        language=extracted.language or (source.languages or [""])[0],
        category=category_slug(extracted.category_hint, entry.categories),
        image_url=extracted.image or entry.image,
    )
    # the outlet's own section first; the classifier only where the outlet names none
    draft.category = draft.category or classified_category(draft.title, draft.body, draft.language)
    # the quality gate runs on the finished draft: a held article is stored, never shown;
    # garbled text, an unsupported language or a short body come from the text's own gate
    draft.held_reason = text_quality_problem(extracted) or quality_problem(draft) or ""
    return draft


def category_slug(hint: str, feed_categories: Iterable[str] = ()) -> str | None:
    """The taxonomy slug named by the page's section or the feed's categories, if any."""
    for name in (hint, *feed_categories):
        slug = (name or "").strip().lower()
        if slug in TAXONOMY_SLUGS:
            return slug
    return category_from_section(hint, *feed_categories)


# The classifier is trained on Arabic news only (ANT): other languages keep the
# outlet's section or no category. Below this confidence it is no better than none.
CLASSIFIER_MIN_CONFIDENCE = 0.5


def classified_category(title: str, body: str, language: str) -> str | None:
    """The category the text classifier gives an Arabic article it is sure enough about."""
    if language != "ar" or not body:
        return None
    slug, confidence = classify(title, body, "ar")
    return slug if confidence >= CLASSIFIER_MIN_CONFIDENCE else None


MIN_BODY_CHARS = 200


def quality_problem(draft: ArticleDraft) -> str | None:
    """Why an extracted article must not be shown, or None."""
    if not draft.title:
        return "no title"
    if len(draft.body) < MIN_BODY_CHARS:
        return f"body too short ({len(draft.body)} characters)"
    return None


def save_draft(
    draft: ArticleDraft, known: store.KnownArticle | None, entry: FeedEntry | None
) -> ArticleOutcome:
    """Store a draft: a new article, or an edit of a known one (previous version kept)."""
    if known is not None and known.url != draft.url:  # rel=canonical named another address
        known = store.known_articles([draft.url]).get(draft.url)
    if known is None:
        article, created = store.ingest_article(draft)
        if created:
            status = "held" if draft.held else "new"
            return ArticleOutcome(draft.url, status, article.pk, delay=_delay(draft))
        known = store.known_articles([draft.url])[draft.url]
    if known.content_hash == draft.content_hash:
        store.mark_checked(known.id, draft.fetched_at)
        return ArticleOutcome(draft.url, "unchanged", known.id)
    edited = store.record_revision(known.id, draft, edited_at=_edited_at(entry, draft))
    return ArticleOutcome(draft.url, "updated" if edited else "unchanged", known.id)


def _delay(draft: ArticleDraft) -> float | None:
    if draft.published_at is None or draft.published_at > draft.fetched_at:
        return None
    return (draft.fetched_at - draft.published_at).total_seconds()


def _edited_at(entry: FeedEntry | None, draft: ArticleDraft) -> datetime:
    """When the source edited the article: what its feed says, else when we noticed."""
    updated = entry.updated if entry is not None else None
    if updated is not None and updated <= draft.fetched_at:
        return updated
    return draft.fetched_at


# --- Re-reading young articles ------------------------------------------------------------


async def recheck_articles(
    *, fetcher: Fetcher, now: datetime, workers, recheck: Recheck = Recheck()
) -> list[ArticleOutcome]:
    """Re-read young articles not read for a while, listed or not: edits and deletions."""
    rows = await workers.db(
        store.articles_to_recheck, now, recheck.window, recheck.every, recheck.limit
    )
    urls = claim_urls(url for _, url in rows)
    sources = await workers.db(store.sources_by_id, {source_id for source_id, _ in rows})
    known = await workers.db(store.known_articles, urls)
    gate = asyncio.Semaphore(FEED_CONCURRENCY)

    async def one(source_id: int, url: str) -> ArticleOutcome:
        async with gate:
            return await process_article(
                sources[source_id],
                url,
                fetcher=fetcher,
                entry=None,
                now=now,
                known=known[url],
                workers=workers,
            )

    try:
        return list(await asyncio.gather(*(one(s, u) for s, u in rows if u in urls)))
    finally:
        release_urls(urls)


# --- Autodiscovery for sources without feeds ----------------------------------------------


async def discover_sources(*, fetcher: Fetcher, now: datetime, workers) -> int:
    """Give every source without a feed row the feeds its homepage declares (or the
    well-known paths), or else its homepage as an HTML listing; returns feeds added."""
    sources = await workers.db(store.sources_without_feeds)
    due = [s for s in sources if _DISCOVERY_FAILED.get(s.pk, now) <= now]
    counts = await asyncio.gather(
        *(discover_source(s, fetcher=fetcher, now=now, workers=workers) for s in due)
    )
    return sum(counts)


async def discover_source(source: Source, *, fetcher: Fetcher, now: datetime, workers) -> int:
    try:
        home = await fetcher.fetch(source.homepage, accept=PAGE_ACCEPT)
    except FetchError as error:
        log.warning(
            "discover: %s: %s",
            source.homepage,
            error,
            extra=_log_extra("discover", source=source, url=source.homepage),
        )
        _DISCOVERY_FAILED[source.pk] = now + DISCOVERY_RETRY
        return 0
    page, _ = decode_html(home.content, _ctype(home))
    feeds = [
        (url, FEED_KINDS.get(kind, FeedKind.RSS))
        for url, kind in discover_feeds(home.final_url, page)
    ]
    feeds = feeds or await _probe_well_known(source, fetcher)
    # no feed at all: the homepage itself is read as a listing of articles
    feeds = feeds or [(canonicalize_url(home.final_url), FeedKind.HTML)]
    return await workers.db(store.add_feeds, source.pk, feeds, now)


async def _probe_well_known(source: Source, fetcher: Fetcher) -> list[tuple[str, str]]:
    for url in candidate_feed_urls(source.homepage):
        try:
            result = await fetcher.fetch(url, accept=FEED_ACCEPT)
            parsed = parse_feed(result.final_url, result.content, _ctype(result))
        except (FetchError, ParseError):
            continue
        if parsed.kind != "html" and (parsed.entries or parsed.sitemaps):
            kind = (
                FeedKind.SITEMAP
                if parsed.kind.startswith("sitemap")
                else FEED_KINDS.get(parsed.kind, FeedKind.RSS)
            )
            return [(url, kind)]
    return []


@contextlib.asynccontextmanager
async def _pools(workers: Workers | None):
    """The caller's thread pools, or, for a caller that brought none (a test calling one
    unit of work), pools of our own, closed afterwards."""
    if workers is not None:
        yield workers
        return
    own = Workers()
    try:
        yield own
    finally:
        await asyncio.to_thread(own.close)
