"""Gather, per outlet, the numbers the health page shows (one pass over feeds and articles)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Length

from akhbar.news.models import Article, Feed, Source
from akhbar.ops.health import TEMPLATE_RUN, BodyStats, FeedState, Problem, source_problem


@dataclass
class SourceHealth:
    source: Source
    last_success_at: datetime | None
    articles_24h: int
    articles_7d: int
    median_delay: timedelta | None
    extraction_rate: float | None  # share of the last 7 days' articles not held back
    problem: Problem | None


def _feed_states(source: Source) -> list[FeedState]:
    return [
        FeedState(
            f.last_success_at,
            f.last_checked_at,
            f.consecutive_errors,
            f.last_error_kind,
            f.last_error,
            f.broken_since,
        )
        for f in source.feeds.filter(active=True)
    ]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


NEWEST = 10  # articles judged for a template change (newest first)
USUAL = 50  # articles before them that give the usual body length
MIN_USUAL = 5
PUBLISHED = 30  # publication times that give the outlet's rhythm


def _body_stats(source: Source) -> BodyStats:
    """The newest articles (by publication date: the (source, published_at) index serves
    it), their body lengths counted by the database, and the usual length of the ones
    before them (of all but the newest few, for an outlet with few articles yet)."""
    rows = list(
        Article.objects.filter(source=source, published_at__isnull=False)
        .order_by("-published_at")
        .annotate(chars=Length("body"))
        .values_list("chars", "fetched_at")[: NEWEST + USUAL]
    )
    before = rows[NEWEST:] if len(rows) >= NEWEST + MIN_USUAL else rows[TEMPLATE_RUN:]
    return BodyStats(newest=rows[:NEWEST], usual_median_chars=_median([n for n, _ in before]))


def _published(source: Source) -> list[datetime]:
    rows = Article.objects.filter(source=source, published_at__isnull=False)
    return list(rows.order_by("-published_at").values_list("published_at", flat=True)[:PUBLISHED])


def problem_of(source: Source, feeds: list[FeedState] | None = None) -> Problem | None:
    """The outlet's current problem (see akhbar.ops.health), from its feeds and articles."""
    feeds = _feed_states(source) if feeds is None else feeds
    return source_problem(feeds, _body_stats(source), _published(source))


def current_problems() -> dict[Source, Problem]:
    """Every active outlet with a problem, and the problem."""
    sources = Source.objects.filter(active=True).order_by("slug")
    problems = {source: problem_of(source) for source in sources}
    return {source: problem for source, problem in problems.items() if problem}


def _median_delay(source: Source, now: datetime) -> timedelta | None:
    rows = Article.objects.filter(
        source=source, fetched_at__gte=now - timedelta(days=7), published_at__isnull=False
    ).values_list("published_at", "fetched_at")[:1000]
    delays = [
        (fetched - published).total_seconds() for published, fetched in rows if fetched >= published
    ]
    median = _median(delays)
    return timedelta(seconds=median) if median is not None else None


def source_health(now: datetime) -> list[SourceHealth]:
    """One row per active outlet. The counts go by publication date (a recheck rewrites
    fetched_at); the problem does not depend on `now` at all (see akhbar.ops.health)."""
    day, week = now - timedelta(hours=24), now - timedelta(days=7)
    sources = Source.objects.filter(active=True).annotate(
        n24=Count("articles", filter=Q(articles__published_at__gte=day)),
        n7=Count("articles", filter=Q(articles__published_at__gte=week)),
        held7=Count(
            "articles", filter=Q(articles__published_at__gte=week) & ~Q(articles__held_reason="")
        ),
    )
    return [_health_of(source, now) for source in sources.order_by("slug")]


def _health_of(source: Source, now: datetime) -> SourceHealth:
    feeds = _feed_states(source)
    return SourceHealth(
        source=source,
        last_success_at=max((f.last_success_at for f in feeds if f.last_success_at), default=None),
        articles_24h=source.n24,
        articles_7d=source.n7,
        median_delay=_median_delay(source, now),
        extraction_rate=(1 - source.held7 / source.n7) if source.n7 else None,
        problem=problem_of(source, feeds),
    )


def due_feed_count(now: datetime) -> int:
    return Feed.objects.filter(active=True, next_check_at__lte=now).count()
