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
    f'SELECT article_id, "count" FROM {ArticleView._meta.db_table} WHERE day = %s'
    ' ORDER BY "count" DESC, article_id LIMIT {limit}'
)
# The order of MOST_READ_SQL's rows, for a statement that joins them (as `alias`).
MOST_READ_ORDER = '{alias}."count" DESC, {alias}.article_id'


def most_read_sql(limit: int = 10) -> str:
    """The day's most read (``article_id, count``), most read first: one ``%s``, the day
    (``most_read_day``). The limit is written out, as the ORM writes it (the planner then
    knows the list is short)."""
    return MOST_READ_SQL.format(limit=int(limit))


def most_read_day(day: date | None = None):
    """The day of ``most_read_sql`` as the database takes it (today when None)."""
    return connection.ops.adapt_datefield_value(day or today())


def most_read_ids(day: date | None = None, limit: int = 10) -> list[int]:
    """The ids of the day's most read articles, most read first."""
    with connection.cursor() as cursor:
        cursor.execute(most_read_sql(limit), [most_read_day(day)])
        return [article_id for (article_id, _) in cursor.fetchall()]
