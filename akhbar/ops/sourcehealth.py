"""Gather, per outlet, the numbers the health page shows (one pass over feeds and articles)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q

from akhbar.news.models import Article, Feed, Source
from akhbar.ops.health import BodyStats, FeedState, Problem, source_problem


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


def _body_stats(source: Source, now: datetime) -> BodyStats:
    recent = Article.objects.filter(source=source, fetched_at__gte=now - timedelta(hours=24))
    usual = Article.objects.filter(
        source=source,
        fetched_at__lt=now - timedelta(hours=24),
        fetched_at__gte=now - timedelta(days=8),
    )
    recent_lengths = [len(body) for body in recent.values_list("body", flat=True)[:200]]
    usual_lengths = [len(body) for body in usual.values_list("body", flat=True)[:500]]
    return BodyStats(
        recent_median_chars=_median(recent_lengths),
        usual_median_chars=_median(usual_lengths),
        recent_count=len(recent_lengths),
        recent_empty=sum(1 for n in recent_lengths if n < 50),
    )


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
    day, week = now - timedelta(hours=24), now - timedelta(days=7)
    sources = Source.objects.filter(active=True).annotate(
        n24=Count("articles", filter=Q(articles__fetched_at__gte=day)),
        n7=Count("articles", filter=Q(articles__fetched_at__gte=week)),
        held7=Count(
            "articles", filter=Q(articles__fetched_at__gte=week) & ~Q(articles__held_reason="")
        ),
        last_article=Max("articles__fetched_at"),
        last_success=Max("feeds__last_success_at"),
    )
    return [_health_of(source, now) for source in sources.order_by("slug")]


def _health_of(source: Source, now: datetime) -> SourceHealth:
    problem = source_problem(
        _feed_states(source), _body_stats(source, now), source.last_article, now
    )
    return SourceHealth(
        source=source,
        last_success_at=source.last_success,
        articles_24h=source.n24,
        articles_7d=source.n7,
        median_delay=_median_delay(source, now),
        extraction_rate=(1 - source.held7 / source.n7) if source.n7 else None,
        problem=problem,
    )


def due_feed_count(now: datetime) -> int:
    return Feed.objects.filter(active=True, next_check_at__lte=now).count()
