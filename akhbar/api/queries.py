"""What the API reads: the site's visible articles (never the held ones) and source health."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from akhbar.news.models import Article, Feed, Source, Story
from akhbar.web.queries import visible_articles


def articles(*, body: bool = False) -> QuerySet[Article]:
    """The articles readers may see, as on the site: the quality gate's held ones never."""
    queryset = visible_articles()
    return queryset.defer(None).defer("minhash") if body else queryset


def with_copies(queryset: QuerySet[Article]) -> QuerySet[Article]:
    copies = Article.objects.filter(duplicate_of=OuterRef("pk"), held_reason="")
    return queryset.annotate(has_copies=Exists(copies))


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone (the one pages show)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_articles(queryset: QuerySet[Article], filters: dict) -> QuerySet[Article]:
    """Apply the list filters that were given (None means "not filtered")."""
    lookups = {
        "source": "source__slug",
        "category": "category__slug",
        "language": "language",
        "story": "story_id",
    }
    for name, lookup in lookups.items():
        if filters.get(name) is not None:
            queryset = queryset.filter(**{lookup: filters[name]})
    if filters.get("date_from"):
        queryset = queryset.filter(published_at__gte=day_start(filters["date_from"]))
    if filters.get("date_to"):
        queryset = queryset.filter(published_at__lt=day_start(filters["date_to"] + timedelta(1)))
    if filters.get("has_duplicates") is not None:
        queryset = with_copies(queryset).filter(has_copies=filters["has_duplicates"])
    return queryset


def visible_stories() -> QuerySet[Story]:
    """Stories with at least one article readers may see."""
    return Story.objects.filter(Exists(articles().filter(story=OuterRef("pk"))))


def _count(queryset) -> Subquery:
    counted = queryset.order_by().values("source_id").annotate(n=Count("pk")).values("n")
    return Subquery(counted, output_field=IntegerField())


def sources_with_health(now: datetime) -> QuerySet[Source]:
    """Sources annotated with their feeds' health and their recent articles (subqueries, so
    that counting feeds never multiplies the count of articles)."""
    feeds = Feed.objects.filter(source=OuterRef("pk"), active=True).order_by()
    recent = Article.objects.filter(source=OuterRef("pk"), held_reason="")
    latest_error = feeds.exclude(last_error_kind="").order_by("-last_checked_at")
    return Source.objects.annotate(
        last_success_at=Subquery(
            feeds.values("source_id").annotate(m=Max("last_success_at")).values("m")
        ),
        consecutive_errors=Subquery(
            feeds.values("source_id").annotate(m=Max("consecutive_errors")).values("m")
        ),
        broken_since=Subquery(
            feeds.values("source_id").annotate(m=Min("broken_since")).values("m")
        ),
        last_error_kind=Subquery(latest_error.values("last_error_kind")[:1]),
        articles_24h=_count(recent.filter(fetched_at__gte=now - timedelta(hours=24))),
        articles_7d=_count(recent.filter(fetched_at__gte=now - timedelta(days=7))),
    ).order_by("slug")


def health_record(source: Source) -> dict:
    return {
        "last_success_at": source.last_success_at,
        "consecutive_errors": source.consecutive_errors or 0,
        "last_error_kind": source.last_error_kind or None,
        "broken_since": source.broken_since,
        "articles_24h": source.articles_24h or 0,
        "articles_7d": source.articles_7d or 0,
    }
