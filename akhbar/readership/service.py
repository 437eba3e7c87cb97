"""Count a reading and rank today's most read articles."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from akhbar.news.sql import execute
from akhbar.readership.models import ArticleView


def today() -> date:
    return timezone.localdate()


def count_view(article_id: int, day: date | None = None) -> None:
    """One more reading of this article today: an atomic UPDATE, an INSERT the first time."""
    day = day or today()
    if bump(article_id, day):
        return
    try:
        with transaction.atomic():
            ArticleView.objects.create(article_id=article_id, day=day, count=1)
    except IntegrityError:  # another reader created it between our UPDATE and INSERT
        bump(article_id, day)


# The UPDATE of a reading, written once: every article page (and each of its cache hits)
# bumps a counter, and the ORM's ``filter(...).update(count=F("count") + 1)`` compiled it
# anew each time, several times the cost of the statement.
BUMP_SQL = (
    f'UPDATE {ArticleView._meta.db_table} SET "count" = "count" + 1'
    " WHERE article_id = %s AND day = %s"
)


def bump(article_id: int, day: date) -> int:
    """Add one to the article's counter of `day`; how many counters it changed (0 or 1)."""
    return execute(BUMP_SQL, [article_id, connection.ops.adapt_datefield_value(day)])


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
