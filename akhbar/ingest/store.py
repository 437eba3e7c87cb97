"""The database side of the pipeline: every function is one short transaction.

Nothing here fetches or parses; the pipeline calls these from worker threads (never from the
event loop). Each write is safe to repeat and safe against a second runner doing the same:

- feeds are claimed with a conditional UPDATE, so two runners never take the same feed;
- an article is inserted with insert-or-ignore semantics on its unique URL, so a crash between
  "stored" and "feed marked checked" only means the article is seen again, never stored twice;
- an edit at the source is applied under a row lock, comparing content hashes first.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from akhbar.ingest.draft import ArticleDraft
from akhbar.news.models import Article, ArticleRevision, Category, Feed, ImageState, Source
from akhbar.news.sql import fetch, insert
from akhbar.news.writeturn import writer_turn
from akhbar.ops import metrics
from akhbar.search.index import document_fields, index_article
from akhbar.stories.service import FoldInputs, fold_and_cluster, fold_inputs

log = logging.getLogger("akhbar.ingest.store")

DELAY_WEIGHT = 0.2  # weight of the newest batch in the running mean delay to ingestion
MAX_ERROR_TEXT = 2000


@dataclass(frozen=True)
class KnownArticle:
    """What the pipeline needs to know about a stored article to decide on a re-fetch."""

    id: int
    url: str
    title: str
    published_at: datetime | None
    fetched_at: datetime
    edited_at_source: datetime | None
    removed_at_source: datetime | None
    content_hash: str
    held_reason: str


KNOWN_FIELDS = [
    "id",
    "url",
    "title",
    "published_at",
    "fetched_at",
    "edited_at_source",
    "removed_at_source",
    "content_hash",
    "held_reason",
]


def _unclaimed(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def due_feeds(now: datetime) -> Q:
    """Active feeds of active sources whose next check has come and that nobody holds."""
    return Q(active=True, source__active=True, next_check_at__lte=now) & _unclaimed(now)


CLAIM_CHUNK = 500  # feeds claimed per statement


@transaction.atomic
def claim_due_feeds(now: datetime, limit: int, lease: timedelta) -> list[int]:
    """Take up to `limit` due feeds, oldest due first, for `lease`; returns their ids.

    The claim is conditional: a chunk of candidates is locked and updated only where each row
    is still "due and unclaimed", so when two runners race for one feed exactly one takes it.
    """
    candidates = Feed.objects.filter(due_feeds(now)).order_by("next_check_at", "pk")
    pending = list(candidates.values_list("pk", flat=True)[: limit * 2])
    claimed: list[int] = []
    while pending and len(claimed) < limit:
        chunk = pending[: min(CLAIM_CHUNK, limit - len(claimed))]
        pending = pending[len(chunk) :]
        claimed += _claim(chunk, now, lease)
    return claimed


def _claim(feed_ids: list[int], now: datetime, lease: timedelta) -> list[int]:
    """The feeds among `feed_ids` still due and unclaimed, now claimed, in the given order.

    The condition names this row's own columns only: a join (say, on the source) would become
    a subquery that PostgreSQL does not re-check after waiting for a row lock. On PostgreSQL
    the rows are locked first, skipping those another runner is claiming right now; SQLite
    has one writer, and the transaction (BEGIN IMMEDIATE) holds it from the start.
    """
    still_due = _unclaimed(now) & Q(pk__in=feed_ids, next_check_at__lte=now)
    rows = Feed.objects.select_for_update(skip_locked=True).filter(still_due).order_by("pk")
    free = set(rows.values_list("pk", flat=True))
    if free:
        Feed.objects.filter(pk__in=free).update(claimed_until=now + lease)
    return [pk for pk in feed_ids if pk in free]


def release_feeds(feed_ids: list[int]) -> None:
    """Give back claimed feeds that a stopping runner did not get to."""
    Feed.objects.filter(pk__in=feed_ids).update(claimed_until=None)


def load_feed(feed_id: int) -> Feed:
    return Feed.objects.select_related("source").get(pk=feed_id)


def load_feeds(feed_ids: list[int]) -> dict[int, Feed]:
    """The claimed feeds with their sources, in one query."""
    return Feed.objects.select_related("source").in_bulk(feed_ids)


def sources_without_feeds() -> list[Source]:
    """Active sources that have no feed row yet: autodiscovery starts from their homepage."""
    return list(Source.objects.filter(active=True, feeds__isnull=True))


def add_feeds(source_id: int, feeds: list[tuple[str, str]], now: datetime) -> int:
    """Register discovered feeds (url, kind) of a source, due now; returns how many were new."""
    added = 0
    for url, kind in feeds:
        with transaction.atomic():
            _, created = Feed.objects.get_or_create(
                url=url[:1000],
                defaults={"source_id": source_id, "kind": kind, "next_check_at": now},
            )
        added += int(created)
    return added


def known_articles(urls: list[str]) -> dict[str, KnownArticle]:
    """The stored articles among `urls`, by URL."""
    rows = Article.objects.filter(url__in=urls).values(*KNOWN_FIELDS)
    return {row["url"]: KnownArticle(**row) for row in rows}


def articles_to_recheck(now: datetime, window: timedelta, every: timedelta, limit: int) -> list:
    """Young articles (published within `window`) not read for `every`: (source_id, url)."""
    rows = Article.objects.filter(
        published_at__gte=now - window,
        fetched_at__lte=now - every,
        removed_at_source__isnull=True,
        source__active=True,
    )
    return list(rows.order_by("fetched_at").values_list("source_id", "url")[:limit])


def _category_id(slug: str | None) -> int | None:
    if not slug:
        return None
    # one plain query per stored article: the queryset machinery costs more than the lookup
    rows = fetch(f"SELECT id FROM {Category._meta.db_table} WHERE slug = %s", [slug])
    return rows[0][0] if rows else None


def _article_fields(draft: ArticleDraft, *, category: bool = True) -> dict:
    return {
        "source_id": draft.source_id,
        "title": draft.title[:500],
        "lede": draft.lede,
        "body": draft.body,
        "author": draft.author[:200],
        "published_at": draft.published_at,
        "fetched_at": draft.fetched_at,
        "language": draft.language[:8],
        "category_id": _category_id(draft.category) if category else None,
        "image_url": draft.image_url[:1000],
        "image_state": ImageState.SHOWN if draft.image_url else ImageState.NONE,
        "content_hash": draft.content_hash,
        "body_hash": draft.body_hash,
        "held_reason": draft.held_reason[:200],
    }


def new_row(draft: ArticleDraft, *, category: bool = True) -> Article:
    """The draft as an unsaved Article; ``category=False``: its category id not read yet
    (``category_id`` None), for a caller that reads it in its transaction."""
    return Article(url=draft.url, **_article_fields(draft, category=category))


def store_article(draft: ArticleDraft, article: Article | None = None) -> tuple[Article, bool]:
    """Insert the article unless its URL is stored already: (article, created).

    The insert is tried first and skips a row whose URL is stored already (a re-check, a
    re-import, or another runner that was first: ``ON CONFLICT DO NOTHING``), and that row
    is read instead. Never read-then-write, no savepoint, and a new article (the usual case)
    costs no read. ``article``: the draft's unsaved row (``new_row``), when the caller made
    it already.
    """
    article = article or new_row(draft)
    if insert(article, unless_stored=True):
        return article, True
    return Article.objects.get(url=draft.url), False


def ingest_article(draft: ArticleDraft) -> tuple[Article, bool]:
    """Store a new article with its story and its search entry, in one transaction.

    A held article is stored for the operator only: no story, no index entry, never shown.
    What needs no database (the row's fields, the analyzed index terms) is computed before
    the transaction: on SQLite, other writers wait while it runs.
    """
    row = new_row(draft, category=False)  # the category's id is read in the transaction
    terms = inputs = None
    if not draft.held:
        terms = document_fields(row.title, row.lede, row.body, row.language)
        # the story keys too, though a wire copy will not use them: less waiting for others
        inputs = fold_inputs(row, with_story_keys=True)
    with writer_turn(), transaction.atomic():
        # a read of its own outside the transaction: on SQLite a read transaction (its read
        # lock taken and dropped, 55 µs), inside it a lookup (a few µs)
        row.category_id = _category_id(draft.category)
        article, created = store_article(draft, row)
        if created and terms is not None:
            publish(article, new=True, terms=terms, inputs=inputs)
    return article, created


# Two copies of one dispatch stored at the same moment by two workers must see each
# other: on PostgreSQL, folding waits for a lock held until the storing transaction
# commits. (SQLite has one writer at a time already.)
FOLD_LOCK_KEY = 0x616B6862


def serialize_folding() -> None:
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK_KEY])


def publish(
    article: Article,
    *,
    new: bool = False,
    terms: dict | None = None,
    inputs: FoldInputs | None = None,
) -> None:
    """Fold the article into its wire group and story, then index it (idempotent).

    ``new``: the article was inserted by this transaction, so it has no index entry yet;
    ``terms`` and ``inputs``: its analyzed index terms and ``stories.service.fold_inputs``,
    when the caller computed them already."""
    # dedupe before indexing: the index entry of a wire copy points at its story
    serialize_folding()
    with metrics.STAGE_SECONDS.labels(stage="dedupe").time():
        folded = fold_and_cluster(article, inputs, new=new)
    if folded.is_duplicate and not folded.already_done:
        metrics.DUPLICATES_FOLDED.inc()
    with metrics.STAGE_SECONDS.labels(stage="index").time():
        index_article(article, new=new, terms=terms)


def record_revision(article_id: int, draft: ArticleDraft, edited_at: datetime) -> bool:
    """Apply an edit made at the source; the replaced version becomes an ArticleRevision.

    Returns False (and changes nothing) when the stored content already has the draft's hash,
    so a repeated re-check, or two runners re-checking at once, record one revision.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.content_hash == draft.content_hash:
            Article.objects.filter(pk=article_id).update(fetched_at=draft.fetched_at)
            return False
        if draft.held and not article.held_reason:
            # a page that now fails the quality gate (a changed template, an error page
            # served with 200) is no edit: the version readers were shown stays
            log.warning(
                "store: re-check of article %s fails the quality gate (%s); the shown "
                "version is kept",
                article_id,
                draft.held_reason,
                extra={"stage": "store", "article_id": article_id},
            )
            Article.objects.filter(pk=article_id).update(fetched_at=draft.fetched_at)
            return False
        fields = _article_fields(draft) | {"removed_at_source": None}
        # a held version was never shown to anyone: it is replaced, not kept as an edit
        if not article.held_reason:
            _keep_revision(article, draft.fetched_at)
            fields["edited_at_source"] = edited_at
        Article.objects.filter(pk=article_id).update(**fields)
        if not draft.held:
            publish(Article.objects.get(pk=article_id))
        return True


def _keep_revision(article: Article, replaced_at: datetime) -> None:
    ArticleRevision.objects.create(
        article=article,
        title=article.title,
        lede=article.lede,
        body=article.body,
        content_hash=article.content_hash,
        seen_from=article.edited_at_source or article.fetched_at,
        replaced_at=replaced_at,
    )


def mark_checked(article_id: int, now: datetime) -> None:
    """A re-check found the article unchanged: remember when we last read it."""
    Article.objects.filter(pk=article_id).update(fetched_at=now)


def mark_removed(article_id: int, now: datetime) -> bool:
    """The source answers 404/410 for a stored article; returns True the first time."""
    updated = Article.objects.filter(pk=article_id, removed_at_source__isnull=True)
    return updated.update(removed_at_source=now) == 1


def _mean_delay(previous: float | None, delays: list[float]) -> float | None:
    if not delays:
        return previous
    batch = sum(delays) / len(delays)
    return batch if previous is None else previous * (1 - DELAY_WEIGHT) + batch * DELAY_WEIGHT


@dataclass(frozen=True)
class FeedSuccess:
    """One successful poll to record (see record_feed_successes)."""

    feed_id: int
    next_check_at: datetime
    etag: str | None = None  # None keeps the stored validator
    last_modified: str | None = None
    delays: tuple[float, ...] = ()  # seconds from publication to ingestion, new articles


def record_feed_success(
    feed_id: int,
    *,
    now: datetime,
    next_check_at: datetime,
    etag: str | None,
    last_modified: str | None,
    delays: list[float] = (),
) -> None:
    """The feed was read: new validators (None keeps the stored ones), health reset, released."""
    success = FeedSuccess(feed_id, next_check_at, etag, last_modified, tuple(delays))
    record_feed_successes([success], now)


def record_feed_successes(successes: list[FeedSuccess], now: datetime) -> None:
    """Record many successful polls in one transaction (each as record_feed_success would).

    One statement run for every feed: a polling pass records thousands of 304s, and building
    an ORM UPDATE per feed cost more than the database's work. The running mean delay needs
    the stored value: those rows are read, locked, first.
    """
    if not successes:
        return
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic():
        means = _mean_delays([s for s in successes if s.delays])
        rows = [
            (
                adapt(now),
                adapt(now),
                adapt(s.next_check_at),
                None if s.etag is None else s.etag[:500],
                None if s.last_modified is None else s.last_modified[:100],
                means.get(s.feed_id),
                s.feed_id,
            )
            for s in successes
        ]
        with connection.cursor() as cursor:
            cursor.executemany(_success_sql(connection.vendor), rows)


def _mean_delays(successes: list[FeedSuccess]) -> dict[int, float | None]:
    if not successes:
        return {}
    locked = Feed.objects.select_for_update().filter(pk__in=[s.feed_id for s in successes])
    previous = dict(locked.values_list("pk", "mean_delay_seconds"))
    return {s.feed_id: _mean_delay(previous.get(s.feed_id), list(s.delays)) for s in successes}


@functools.cache
def _success_sql(vendor: str) -> str:
    """UPDATE of one feed's health after a success, for the database `vendor`; parameters:
    now (twice), next check, etag, last_modified, mean delay (NULL: each keeps its stored
    value), feed id."""
    quote = connection.ops.quote_name
    column = {f.name: quote(f.column) for f in Feed._meta.concrete_fields}
    keep = [("etag", "%s"), ("last_modified", "%s"), ("mean_delay_seconds", "%s")]
    assignments = [
        f"{column['last_checked_at']} = %s",
        f"{column['last_success_at']} = %s",
        f"{column['consecutive_errors']} = 0",
        f"{column['broken_since']} = NULL",
        f"{column['next_check_at']} = %s",
        f"{column['claimed_until']} = NULL",
        *(f"{column[name]} = COALESCE({param}, {column[name]})" for name, param in keep),
    ]
    table = quote(Feed._meta.db_table)
    return f"UPDATE {table} SET {', '.join(assignments)} WHERE {column['id']} = %s"


@transaction.atomic
def record_feed_failure(
    feed_id: int,
    *,
    now: datetime,
    kind: str,
    message: str,
    next_check_at: datetime,
    broken: bool,
    delays: list[float] = (),
) -> Feed:
    """The feed could not be read: count the error, back off, mark it broken when it is."""
    feed = Feed.objects.select_for_update().get(pk=feed_id)
    feed.last_checked_at = now
    feed.consecutive_errors += 1
    feed.error_count += 1
    feed.last_error, feed.last_error_kind = message[:MAX_ERROR_TEXT], kind
    feed.broken_since = (feed.broken_since or now) if broken else None
    feed.next_check_at, feed.claimed_until = next_check_at, None
    feed.mean_delay_seconds = _mean_delay(feed.mean_delay_seconds, list(delays))
    feed.save()
    return feed


def sources_by_id(ids: set[int]) -> dict[int, Source]:
    return Source.objects.in_bulk(list(ids))


def recent_publication_times(source_id: int, count: int = 20) -> list[datetime]:
    """When the source's latest articles were published: its rhythm, for the schedule."""
    return recent_publication_times_by_source([source_id], count).get(source_id, [])


def recent_publication_times_by_source(
    source_ids: Iterable[int], count: int = 20
) -> dict[int, list[datetime]]:
    """recent_publication_times of many sources in one query (newest first, each)."""
    newest_first = Window(
        RowNumber(), partition_by=[F("source_id")], order_by=F("published_at").desc()
    )
    rows = (
        Article.objects.filter(source_id__in=list(source_ids), published_at__isnull=False)
        .annotate(rank=newest_first)
        .filter(rank__lte=count)
        .order_by("source_id", "rank")
        .values_list("source_id", "published_at")
    )
    times: dict[int, list[datetime]] = {}
    for source_id, published_at in rows:
        times.setdefault(source_id, []).append(published_at)
    return times
