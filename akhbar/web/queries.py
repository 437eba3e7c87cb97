"""Read-side queries shared by the pages: what readers may see, in the order they see it.

Every query here costs the same on a thousand articles and on millions: each walks an index
in the order it is read and stops after the rows it shows, and lists count at most
``MAX_PAGES`` pages (readers reach older articles by the date archives).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from akhbar.news.models import Article, Source
from akhbar.news.sql import fetch, in_bulk, placeholders
from akhbar.readership.service import MOST_READ_ORDER, most_read_day, most_read_sql
from akhbar.web.context import Section
from akhbar.web.headlines import (
    ARTICLES,
    LISTED_FIELDS,
    NEWEST_FIRST,
    OLDEST_FIRST,
    SOURCES,
    VISIBLE,
    Headline,
    count_sql,
    headlines,
    headlines_with_outlets,
    listed_columns,
    outlets_by_id,
    rows_sql,
    rows_where,
)

# Lists page back at most this far (1,500 articles at 30 a page): counting an outlet's or a
# section's whole archive, or an OFFSET deep into it, would grow with the archive.
MAX_PAGES = 50


class CappedPaginator(Paginator):
    """A paginator that counts at most ``MAX_PAGES`` pages of rows.

    The count is a ``COUNT(*)`` over a ``LIMIT``ed subquery, so it reads at most that many
    index entries; ``capped`` tells a list longer than that.
    """

    def __init__(self, object_list, per_page, max_pages: int | None = None):
        super().__init__(object_list, per_page)
        self.max_pages = max_pages or MAX_PAGES

    @cached_property
    def seen(self) -> int:
        limit = self.per_page * self.max_pages
        return self.object_list[: limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.seen, self.per_page * self.max_pages)

    @property
    def capped(self) -> bool:
        return self.seen > self.count


def paginate(request, queryset, per_page: int):
    """The page of `queryset` that ``?page=`` asks for: the first for a missing or malformed
    number, a 404 before the first page and past the last (an empty list still has its first
    page)."""
    paginator = CappedPaginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        raise Http404("pages: no such page") from None


def shown_article(source_slug: str, article_id: int) -> Article | None:
    """The article of ``/<source_slug>/<article_id>/`` if readers may see it, with its outlet
    and section: what ``get_object_or_404(Article.objects.select_related("source",
    "category"), ...)`` read, by a statement built once (``news.sql.in_bulk``) rather than an
    ORM query compiled on every article page."""
    low, high = connection.ops.integer_field_range(Article._meta.pk.get_internal_type())
    if not low <= article_id <= high:  # no such row (and SQLite could not take the number)
        return None
    item = in_bulk(Article, [article_id], ("source", "category")).get(article_id)
    if item is None or item.held_reason != "" or item.source.slug != source_slug:
        return None
    return item


def outlet_by_slug(slug: str) -> Source | None:
    """The outlet of this slug (an outlet's page), as ``Source.objects.get(slug=slug)`` gives
    it: its id by the slug's unique index, then the row by ``news.sql.in_bulk``."""
    found = fetch(f"SELECT id FROM {SOURCES} WHERE slug = %s", [slug])
    if not found:
        return None
    return in_bulk(Source, [found[0][0]]).get(found[0][0])


def visible_articles() -> QuerySet[Article]:
    """Articles readers may see: not held back by the quality gate, newest first."""
    return (
        Article.objects.filter(held_reason="")
        .select_related("source", "category")
        .defer("body", "minhash")
        .order_by("-published_at", "-id")
    )


def listed_articles() -> QuerySet[Article]:
    """``visible_articles()`` as models with the listed fields only (the API's wire groups),
    their outlets in a second query. Joining the outlets in SQL lets SQLite's planner start
    from the (few) outlets and sort every article of the archive (0.27 s on a million)."""
    outlets = Source.objects.only("id", "slug", "name_ar", "name_fr")
    return (
        Article.objects.filter(held_reason="")
        .only(*LISTED_FIELDS, "category_id")
        .prefetch_related(Prefetch("source", queryset=outlets))
        .order_by("-published_at", "-id")
    )


@dataclass(frozen=True, slots=True)
class ListedRows:
    """The listed columns of visible articles meeting `condition`, newest first, read in
    plain SQL the way a paginator reads a queryset: sliced once (a LIMIT and an OFFSET),
    counted, iterated. The statements are the ORM's, without building its query (half a
    millisecond each), so they walk the same indexes."""

    condition: str
    params: tuple = ()
    offset: int = 0
    limit: int | None = None

    def __getitem__(self, window: slice) -> ListedRows:
        if self.limit is not None or window.step:
            raise TypeError("ListedRows: slice an unsliced list, without a step")
        start = window.start or 0
        return replace(self, offset=start, limit=window.stop - start)

    def __iter__(self):
        return iter(rows_where(self.condition, self.params, limit=self.limit, offset=self.offset))

    def count(self) -> int:
        sql = count_sql(self.condition, limit=self.limit, offset=self.offset)
        return fetch(sql, self.params)[0][0]


def outlet_rows(source_id: int) -> ListedRows:
    return ListedRows("source_id = %s", (source_id,))


def section_rows(category_id: int) -> ListedRows:
    return ListedRows("category_id = %s", (category_id,))


def author_rows(name: str) -> ListedRows:
    return ListedRows("author = %s", (name,))


def published_rows(start: datetime, end: datetime) -> ListedRows:
    """Published from `start` up to `end` (aware moments, as the database stores them)."""
    bounds = tuple(connection.ops.adapt_datetimefield_value(moment) for moment in (start, end))
    return ListedRows("published_at >= %s AND published_at < %s", bounds)


def headline_page(request, rows: ListedRows, per_page: int) -> Page:
    """``paginate`` over `rows`, the page's rows as headlines."""
    page = paginate(request, rows, per_page)
    page.object_list = headlines(page.object_list)
    return page


def ticker_headlines(limit: int = 12) -> list[Headline]:
    """The latest headlines, whatever their outlet."""
    return headlines(rows_where(limit=limit))


def front_page_articles(limit: int) -> list[Headline]:
    """Latest articles with wire copies folded: one entry per original."""
    return with_other_outlets(headlines(rows_where("duplicate_of_id IS NULL", limit=limit)))


DUPLICATE_OF = LISTED_FIELDS.index("duplicate_of_id")  # its place in a listed row


def category_sections(
    sections: list[Section], per_section: int
) -> list[tuple[Section, list[Headline]]]:
    """Each category's latest originals. Copies are dropped here rather than in SQL, so that
    each list walks the (category, -published_at) index and stops after a few rows: twice
    the section's length for every section in one statement, then ten times for a section
    whose first rows were mostly copies."""
    depth = per_section * 2
    first = latest_in_categories([section.pk for section in sections], depth)
    picked = []
    for section in sections:
        latest = first.get(section.pk, [])
        rows = [row for row in latest if row[DUPLICATE_OF] is None][:per_section]
        if len(rows) < per_section and len(latest) == depth:
            deeper = rows_where("category_id = %s", [section.pk], limit=per_section * 10)
            rows = [row for row in deeper if row[DUPLICATE_OF] is None][:per_section]
        if rows:
            picked.append((section, rows))
    items = iter(headlines([row for _, rows in picked for row in rows]))
    return [(section, list(itertools.islice(items, len(rows)))) for section, rows in picked]


def latest_in_categories(category_ids: list[int], depth: int) -> dict[int, list[tuple]]:
    """The latest `depth` rows of each category, in one statement: one arm per category,
    each with its own ORDER BY and LIMIT (so each walks its category's index), joined by
    UNION ALL. The home page's sections cost one round trip instead of one per category."""
    if not category_ids:
        return {}
    arms = " UNION ALL ".join(
        f"SELECT %s AS section, arm{n}.* FROM ({rows_sql('category_id = %s', limit=depth)}) arm{n}"
        for n in range(len(category_ids))
    )
    found: dict[int, list[tuple]] = {}
    for section, *row in fetch(arms, [value for pk in category_ids for value in (pk, pk)]):
        found.setdefault(section, []).append(tuple(row))
    return found


def most_read_today(limit: int = 10) -> list[Headline]:
    """The day's most read articles that readers may see, most read first, with their
    outlets: one statement (the ranking's ids, the articles, the outlets were three)."""
    sql = (
        f"SELECT {listed_columns('a')}, s.slug, s.name_ar, s.name_fr"
        f" FROM ({most_read_sql(limit)}) ranked"
        f" JOIN {ARTICLES} a ON a.id = ranked.article_id JOIN {SOURCES} s ON s.id = a.source_id"
        f" WHERE a.{VISIBLE} ORDER BY {MOST_READ_ORDER.format(alias='ranked')}"
    )
    return headlines_with_outlets(fetch(sql, [most_read_day()]))


# Each active outlet's latest original, its outlet's columns joined: the correlated subquery
# walks the (source, duplicate_of, -published_at) index however long ago the outlet last
# published, and the join reads the article by its primary key.
_LATEST_PER_OUTLET = (
    f"SELECT {listed_columns('a')}, s.slug, s.name_ar, s.name_fr"
    f" FROM {SOURCES} s JOIN {ARTICLES} a ON a.id = (SELECT id FROM {ARTICLES}"
    f" WHERE {VISIBLE} AND source_id = s.id AND duplicate_of_id IS NULL"
    f" ORDER BY {NEWEST_FIRST} LIMIT 1)"
    f" WHERE s.active = %s"
)


def latest_per_outlet() -> list[Headline]:
    """Each active outlet's latest original (copies are folded into theirs), newest first.

    One statement: the articles and their outlets (it used to be three: the ids, the
    articles, the outlets)."""
    articles = headlines_with_outlets(fetch(_LATEST_PER_OUTLET, [True]))
    return sorted(articles, key=lambda a: a.published_at or a.fetched_at, reverse=True)


def with_other_outlets(articles: list[Headline]) -> list[Headline]:
    """Give each original its ``other_outlets``: the other outlets that ran its copies, in
    the order they did. Two queries for the whole page: the copies, then their outlets."""
    by_id = {item.pk: item for item in articles}
    if not by_id:
        return articles
    copies = fetch(
        f"SELECT duplicate_of_id, source_id FROM {ARTICLES} WHERE {VISIBLE}"
        f" AND duplicate_of_id IN ({placeholders(by_id)}) ORDER BY {OLDEST_FIRST}",
        list(by_id),
    )
    outlets = outlets_by_id(source_id for _, source_id in copies)
    for original_id, source_id in copies:
        original = by_id[original_id]
        others = original.other_outlets
        if source_id != original.source_id and all(o.pk != source_id for o in others):
            others.append(outlets[source_id])
    return articles


def wire_group_headlines(article: Article) -> list[Headline]:
    """``wire_group`` as headlines (the article page)."""
    root = article.duplicate_of_id or article.pk
    condition = "(id = %s OR duplicate_of_id = %s) AND id != %s"
    return headlines(rows_where(condition, [root, root, article.pk], order=OLDEST_FIRST))


def story_articles(article: Article, limit: int = 10) -> list[Headline]:
    """The story's other originals (its copies are listed as "also published by")."""
    if not article.story_id:
        return []
    root = article.duplicate_of_id or article.pk
    condition = "story_id = %s AND duplicate_of_id IS NULL AND id != %s"
    rows = rows_where(condition, [article.story_id, root], order=OLDEST_FIRST, limit=limit)
    return headlines(rows)


def related_articles(article: Article, limit: int = 6) -> list[Headline]:
    """The latest other headlines of the article's category."""
    if not article.category_id:
        return []
    condition = "category_id = %s AND id != %s"
    return headlines(rows_where(condition, [article.category_id, article.pk], limit=limit))


def story_timeline_headlines(story_id: int) -> list[Headline]:
    """``story_timeline`` as headlines, each copy with its original's outlet."""
    rows = rows_where("story_id = %s", [story_id], order=TIMELINE_ORDER)
    items = headlines(rows)
    originals = {item.duplicate_of_id for item in items if item.duplicate_of_id}
    if originals:
        sql = f"SELECT id, source_id FROM {ARTICLES} WHERE id IN ({placeholders(originals)})"
        source_of = dict(fetch(sql, list(originals)))
        outlets = outlets_by_id(source_of.values())
        for item in items:
            if item.duplicate_of_id:
                item.original_outlet = outlets[source_of[item.duplicate_of_id]]
    return items


# Publication order, the undated last, then ingestion order (as story_timeline orders).
TIMELINE_ORDER = "published_at ASC NULLS LAST, fetched_at, id"


def wire_group(article: Article) -> list[Article]:
    """The other articles of this article's wire group: its original and every copy, in order."""
    root = article.duplicate_of_id or article.pk
    group = listed_articles().filter(Q(pk=root) | Q(duplicate_of=root)).exclude(pk=article.pk)
    return list(group.order_by("published_at", "id"))


def story_timeline(story) -> list[Article]:
    """Every article of a story in publication order (then ingestion order)."""
    return list(
        visible_articles()
        .filter(story=story)
        .select_related("duplicate_of__source")
        .order_by(F("published_at").asc(nulls_last=True), "fetched_at", "id")
    )
