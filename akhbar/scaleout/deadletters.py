"""Record what keeps failing (``DeadLetter``), and clear it when it works again.

The pipeline already records a feed's health on the feed; this ledger adds what a fleet of
workers needs on top: articles and tasks too, one upserted row per failing thing, counted
across every worker, listed in the admin once it reaches ``AKHBAR_DEAD_LETTER_AFTER``.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from akhbar.scaleout.models import DeadLetter, DeadLetterKind

MAX_ERROR = 2000


def record_failure(
    kind: str,
    key: str,
    *,
    now: datetime,
    error: str = "",
    error_kind: str = "",
    task: str = "",
    source_id: int | None = None,
) -> None:
    """Count one failure of (kind, key): insert-or-increment, never read-then-write."""
    key = str(key)[:1000]
    defaults = {"first_failed_at": now, "last_failed_at": now, "task": task}
    with transaction.atomic():
        letter, _ = DeadLetter.objects.get_or_create(
            kind=kind, key=key, defaults=defaults | {"source_id": source_id}
        )
        DeadLetter.objects.filter(pk=letter.pk).update(
            failures=F("failures") + 1,
            last_error=error[:MAX_ERROR],
            error_kind=error_kind[:16],
            last_failed_at=now,
        )


def clear(kind: str, keys: list[str]) -> None:
    """They worked: forget their failures."""
    if keys:
        DeadLetter.objects.filter(kind=kind, key__in=[str(k)[:1000] for k in keys]).delete()


def record_feed_outcome(outcome, source_id: int | None, now: datetime) -> None:
    """The ledger's view of one refresh: the feed, then each article it tried."""
    if outcome.status == "failed":
        record_failure(
            DeadLetterKind.FEED,
            str(outcome.feed_id),
            now=now,
            error=_feed_error(outcome),
            error_kind=outcome.error_kind,
            task="akhbar.refresh_feed",
            source_id=source_id,
        )
    else:
        clear(DeadLetterKind.FEED, [str(outcome.feed_id)])
    record_article_outcomes(outcome.articles, source_id, now)


def record_article_outcomes(articles, source_id: int | None, now: datetime) -> None:
    for article in articles:
        if article.status == "failed":
            record_failure(
                DeadLetterKind.ARTICLE,
                article.url,
                now=now,
                error=article.error,
                error_kind=article.error_kind,
                task="akhbar.process_article",
                source_id=source_id,
            )
    clear(DeadLetterKind.ARTICLE, [a.url for a in articles if a.status != "failed"])


def _feed_error(outcome) -> str:
    failed = outcome.article_errors
    if failed:
        return f"{len(failed)} article(s) failed, first {failed[0].url}: {failed[0].error}"
    return f"feed {outcome.url}: {outcome.error_kind}"


def dead(threshold: int):
    return DeadLetter.objects.filter(failures__gte=threshold)


def retry(letter: DeadLetter) -> bool:
    """Try a dead letter again now: a feed is made due, an article is enqueued."""
    from akhbar.ingest import tasks
    from akhbar.news.models import Feed

    if letter.kind == DeadLetterKind.FEED:
        return Feed.objects.filter(pk=int(letter.key)).update(next_check_at=timezone.now()) == 1
    if letter.kind == DeadLetterKind.ARTICLE and letter.source_id:
        tasks.process_article.delay(letter.source_id, letter.key)
        return True
    return False
