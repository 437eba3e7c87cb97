"""Count a reading and rank today's most read articles."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, connection, transaction
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


# Read in plain SQL: the home page asks on every render, and building the ORM query cost
# half a millisecond, more than the query. It walks the (day, -count) index.
MOST_READ_SQL = (
    f"SELECT article_id FROM {ArticleView._meta.db_table} WHERE day = %s"
    ' ORDER BY "count" DESC, article_id LIMIT {limit}'
)


def most_read_ids(day: date | None = None, limit: int = 10) -> list[int]:
    """The ids of the day's most read articles, most read first."""
    day = connection.ops.adapt_datefield_value(day or today())
    with connection.cursor() as cursor:
        # the limit written out, as the ORM writes it (the planner then knows the list is short)
        cursor.execute(MOST_READ_SQL.format(limit=int(limit)), [day])
        return [article_id for (article_id,) in cursor.fetchall()]
