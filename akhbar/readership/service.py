"""Count a reading and rank today's most read articles."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from akhbar.readership.models import ArticleView


def today() -> date:
    return timezone.localdate()


def count_view(article_id: int, day: date | None = None) -> None:
    """One more reading of this article today: an atomic UPDATE, an INSERT the first time."""
    day = day or today()
    counters = ArticleView.objects.filter(article_id=article_id, day=day)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ArticleView.objects.create(article_id=article_id, day=day, count=1)
    except IntegrityError:  # another reader created it between our UPDATE and INSERT
        counters.update(count=F("count") + 1)


def most_read_ids(day: date | None = None, limit: int = 10) -> list[int]:
    """The ids of the day's most read articles, most read first."""
    rows = ArticleView.objects.filter(day=day or today()).order_by("-count", "article_id")
    return list(rows.values_list("article_id", flat=True)[:limit])
