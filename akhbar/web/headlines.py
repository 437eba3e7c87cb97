"""Lists of headlines as plain rows: read in short SQL statements, without building models.

A page lists up to a hundred headlines (the ticker, the front page, the home sections, an
outlet's page). Building an ORM query costs about half a millisecond and a model instance
tens of microseconds, more than the rest of the page; here a list is one SELECT of the few
columns it shows, its rows become ``Headline`` values, and their outlets come in one more
query (joining them in SQL lets SQLite's planner start from the few outlets and sort every
article of the archive). The statements filter and order exactly as the ORM querysets they
replace did, so they walk the same indexes and stop after the rows they show.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache

from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language

from akhbar.news.links import cached_reverse
from akhbar.news.models import Article, Source
from akhbar.news.sql import fetch, placeholders, utc_moment

ARTICLES = Article._meta.db_table
SOURCES = Source._meta.db_table
# What a list of headlines shows (the ticker, the home sections, the article lists): the rest
# of the row (the lede, the URL, four dates) costs conversions and memory for nothing.
LISTED_FIELDS = (
    "id",
    "title",
    "language",
    "published_at",
    "fetched_at",
    "source_id",
    "duplicate_of_id",
    "story_id",
)
MOMENTS = ("published_at", "fetched_at")


def listed_columns(table: str = "") -> str:
    """The SELECT list of ``LISTED_FIELDS`` (of `table`, an alias, when given), the moments
    read as aware UTC datetimes (``news.sql.utc_moment``)."""
    prefix = f"{table}." if table else ""
    return ", ".join(
        utc_moment(prefix + name, name) if name in MOMENTS else prefix + name
        for name in LISTED_FIELDS
    )


COLUMNS = listed_columns()
VISIBLE = "held_reason = ''"
NEWEST_FIRST = "published_at DESC, id DESC"
OLDEST_FIRST = "published_at, id"


@dataclass(frozen=True, slots=True)
class Outlet:
    """An outlet as lists show it: its name in the reader's language and its page."""

    pk: int
    slug: str
    display_name: str
    url: str

    def article_url(self, article_id: int) -> str:
        """The page of one of its articles, ``/<slug>/<id>/`` (web/urls.py) below its own."""
        return f"{self.url}{article_id}/"


@dataclass(slots=True)
class Headline:
    """An article as lists show it. ``published_at`` is in the site's time zone;
    ``fetched_at`` is the moment as read (aware, in UTC): lists only order by it, so it is
    not converted (a conversion per row, 150 rows a home page)."""

    pk: int
    title: str
    language: str
    published_at: datetime | None
    fetched_at: datetime | None
    source_id: int
    duplicate_of_id: int | None
    story_id: int | None
    source: Outlet | None = None
    url: str = ""
    other_outlets: list[Outlet] = field(default_factory=list)
    original_outlet: Outlet | None = None  # a copy's original's outlet (the story timeline)

    @property
    def published_iso(self) -> str:
        """As the template filter ``date:'c'`` writes it (the ``datetime`` attribute)."""
        return self.published_at.isoformat() if self.published_at else ""

    @property
    def published_on(self) -> str:
        """As ``date:"d - m - Y"`` writes it."""
        return day_text(self.published_at) if self.published_at else ""

    @property
    def published_at_minute(self) -> str:
        """As ``date:"d - m - Y H:i"`` writes it."""
        moment = self.published_at
        return f"{day_text(moment)} {moment.hour:02d}:{moment.minute:02d}" if moment else ""


def day_text(moment: date) -> str:
    """A day as the reference site writes it, ``DD - MM - YYYY``."""
    return f"{moment.day:02d} - {moment.month:02d} - {moment.year:04d}"


def local_moment(value: datetime | None, zone: tzinfo) -> datetime | None:
    """A database timestamp in `zone`. The listed columns are aware (``listed_columns``),
    as the ORM's values are; a naive value is taken as UTC, as SQLite stores it."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


@dataclass(frozen=True, slots=True)
class Day:
    """Headlines published on one local day (``date`` None: the undated), under its heading."""

    date: date | None
    headlines: list[Headline]

    @property
    def url(self) -> str:
        """The day's page in the date archive."""
        return cached_reverse("web:archive_day", self.date.year, self.date.month, self.date.day)

    @property
    def iso(self) -> str:
        """As ``date:'Y-m-d'`` writes it."""
        return self.date.isoformat()

    @property
    def label(self) -> str:
        """As ``date:"l d - m - Y"`` writes it: the weekday in the reader's language."""
        return day_label(self.date, get_language())


@lru_cache(maxsize=4096)
def day_label(day: date, language: str | None) -> str:
    """A day with its weekday's name, remembered: each name is a lazy translation, looked up
    in the catalog at every use. Called with `language` active, part of the key since the
    name depends on it."""
    return f"{WEEKDAYS[day.weekday()]} {day_text(day)}"


def by_day(headlines: list[Headline]) -> list[Day]:
    """Consecutive headlines grouped by their local day, in order."""
    day = lambda item: item.published_at.date() if item.published_at else None  # noqa: E731
    return [Day(key, list(group)) for key, group in itertools.groupby(headlines, key=day)]


# --- Reading ---------------------------------------------------------------------------------


def rows_where(
    condition: str = "",
    params=(),
    order=NEWEST_FIRST,
    limit: int | None = None,
    offset: int = 0,
):
    """The listed columns of visible articles (meeting `condition`), in `order`."""
    return fetch(rows_sql(condition, order, limit, offset), params)


def rows_sql(condition: str = "", order=NEWEST_FIRST, limit: int | None = None, offset: int = 0):
    """The SELECT of ``rows_where``."""
    sql = f"SELECT {COLUMNS} FROM {ARTICLES} WHERE {_visible(condition)} ORDER BY {order}"
    return _limited(sql, limit, offset)


def count_sql(condition: str = "", limit: int | None = None, offset: int = 0) -> str:
    """How many rows ``rows_where`` would give with the same window. A count does not
    depend on the order, so it selects no column and sorts nothing: a list's index answers
    it alone (at 1,000,000 articles, a page's count of 1,501 rows of one outlet took 4 ms
    reading each article's row, 0.07 ms from ``article_source_list_idx``)."""
    inner = _limited(f"SELECT 1 FROM {ARTICLES} WHERE {_visible(condition)}", limit, offset)
    return f"SELECT COUNT(*) FROM ({inner}) listed"


def _visible(condition: str) -> str:
    return f"{VISIBLE} AND {condition}" if condition else VISIBLE


def _limited(sql: str, limit: int | None, offset: int) -> str:
    if limit is not None:
        # written out, as the ORM does: with a bound LIMIT SQLite's planner cannot tell a
        # short list and may walk the whole archive by date rather than the list's index
        sql = f"{sql} LIMIT {int(limit)}"
        if offset:
            sql = f"{sql} OFFSET {int(offset)}"
    return sql


def headlines(rows) -> list[Headline]:
    """Rows of the listed columns (from ``rows_where`` or a ``values_list`` of ``COLUMNS``)
    as headlines in the current time zone, their outlets read in one query."""
    rows = list(rows)
    outlets = outlets_by_id({row[SOURCE_ID] for row in rows})
    zone = timezone.get_current_timezone()
    return [headline(row, outlets[row[SOURCE_ID]], zone) for row in rows]


SOURCE_ID = LISTED_FIELDS.index("source_id")
OUTLET = len(LISTED_FIELDS)  # where a row's outlet columns start


def headlines_with_outlets(rows) -> list[Headline]:
    """Rows of the listed columns followed by their outlet's ``slug, name_ar, name_fr`` (a
    JOIN) as headlines in the current time zone: no query for the outlets."""
    language, prefix = get_language(), get_script_prefix()
    zone = timezone.get_current_timezone()
    return [
        headline(row[:OUTLET], outlet(row[SOURCE_ID], *row[OUTLET:], language, prefix), zone)
        for row in rows
    ]


def headline(row: tuple, source: Outlet, zone: tzinfo) -> Headline:
    """One row of the listed columns as a headline, with its outlet."""
    pk, title, language, published_at, fetched_at, source_id, duplicate_of_id, story_id = row
    return Headline(
        pk,
        title,
        language,
        local_moment(published_at, zone),
        fetched_at if fetched_at is None or fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC),
        source_id,
        duplicate_of_id,
        story_id,
        source=source,
        url=source.article_url(pk),
    )


def outlets_by_id(ids) -> dict[int, Outlet]:
    """The outlets of these ids, named in the reader's language (one query)."""
    return {item.pk: item for item in outlets_where("id", ids)}


def outlets_by_slug(slugs) -> dict[str, Outlet]:
    """The outlets of these slugs (the search facets), named in the reader's language."""
    return {item.slug: item for item in outlets_where("slug", slugs)}


def outlets_where(column: str, values) -> list[Outlet]:
    values = sorted(set(values))
    if not values:
        return []
    where = f"{column} IN ({placeholders(values)})"
    sql = f"SELECT id, slug, name_ar, name_fr FROM {SOURCES} WHERE {where}"
    language, prefix = get_language(), get_script_prefix()
    return [outlet(*row, language, prefix) for row in fetch(sql, values)]


@lru_cache(maxsize=4096)
def outlet(pk: int, slug: str, name_ar: str, name_fr: str, language: str, prefix: str) -> Outlet:
    """An outlet as the model names and links it, remembered: a page lists the same few
    outlets many times. Called with `language` and the script `prefix` active, which are
    part of the key since the name and the address depend on them."""
    source = Source(id=pk, slug=slug, name_ar=name_ar, name_fr=name_fr)
    return Outlet(pk, slug, source.display_name, source.get_absolute_url())
