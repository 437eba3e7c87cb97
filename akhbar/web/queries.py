"""Read-side queries shared by the pages: what readers may see, in the order they see it.

Every query here costs the same on a thousand articles and on millions: each walks an index
in the order it is read and stops after the rows it shows, and lists count at most
``MAX_PAGES`` pages (readers reach older articles by the date archives).
"""

from functools import cached_property

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from akhbar.news.models import Article, Category, Source
from akhbar.readership.service import most_read_ids

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


def visible_articles() -> QuerySet[Article]:
    """Articles readers may see: not held back by the quality gate, newest first."""
    return (
        Article.objects.filter(held_reason="")
        .select_related("source", "category")
        .defer("body", "minhash")
        .order_by("-published_at", "-id")
    )


# What a list of headlines shows (web/_article_list.html, the ticker, the home sections): the
# rest of the row (the lede, the URL, four dates) costs conversions and memory for nothing.
LISTED_FIELDS = (
    "title",
    "language",
    "published_at",
    "fetched_at",
    "source_id",
    "duplicate_of_id",
    "story_id",
    "category_id",
)


def listed_articles() -> QuerySet[Article]:
    """``visible_articles()`` as lists of headlines show them: the listed fields only, and
    their outlets in a second query. Joining the outlets in SQL lets SQLite's planner start
    from the (few) outlets and sort every article of the archive (0.27 s on a million)."""
    outlets = Source.objects.only("id", "slug", "name_ar", "name_fr")
    return (
        Article.objects.filter(held_reason="")
        .only(*LISTED_FIELDS)
        .prefetch_related(Prefetch("source", queryset=outlets))
        .order_by("-published_at", "-id")
    )


def ticker_headlines(limit: int = 12) -> list[Article]:
    """The latest headline of each outlet first, then the latest overall."""
    return list(listed_articles()[:limit])


def front_page_articles(limit: int) -> list[Article]:
    """Latest articles with wire copies folded: one entry per original."""
    return with_other_outlets(list(listed_articles().filter(duplicate_of__isnull=True)[:limit]))


def category_sections(per_section: int) -> list[tuple[Category, list[Article]]]:
    """Each category's latest originals. Copies are dropped here rather than in SQL, so that
    the query walks the (category, -published_at) index and stops after a few rows: twice the
    section's length, then ten times when that was mostly copies."""
    sections = []
    for category in Category.objects.all():
        articles = []
        for depth in (per_section * 2, per_section * 10):
            latest = list(listed_articles().filter(category=category)[:depth])
            articles = [item for item in latest if not item.duplicate_of_id][:per_section]
            if len(articles) == per_section or len(latest) < depth:
                break
        if articles:
            sections.append((category, articles))
    return sections


def most_read_today(limit: int = 10) -> list[Article]:
    ids = most_read_ids(limit=limit)
    found = listed_articles().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def latest_per_outlet() -> list[Article]:
    """Each outlet's latest original (copies are folded into theirs), newest first.

    Two queries: the id of each outlet's latest, a correlated subquery on the
    (source, duplicate_of, -published_at) index (however long ago the outlet last
    published), then those articles.
    """
    latest = (
        Article.objects.filter(held_reason="", source=OuterRef("pk"), duplicate_of__isnull=True)
        .order_by("-published_at", "-id")
        .values("id")[:1]
    )
    ids = Source.objects.filter(active=True).annotate(latest=Subquery(latest))
    ids = [pk for pk in ids.values_list("latest", flat=True) if pk]
    articles = listed_articles().in_bulk(ids).values()
    return sorted(articles, key=lambda a: a.published_at or a.fetched_at, reverse=True)


def with_other_outlets(articles: list[Article]) -> list[Article]:
    """Give each original an ``other_outlets`` list: the other outlets that ran its copies.

    One query for the whole page: the copies of these originals, with their outlets.
    """
    by_id = {item.pk: item for item in articles}
    for item in articles:
        item.other_outlets = []
    copies = (
        Article.objects.filter(held_reason="", duplicate_of__in=list(by_id))
        .select_related("source")
        .order_by("published_at", "id")
        .only("id", "duplicate_of_id", "source")
    )
    for copy in copies:
        original = by_id[copy.duplicate_of_id]
        outlets = original.other_outlets
        if copy.source_id != original.source_id and all(s.pk != copy.source_id for s in outlets):
            outlets.append(copy.source)
    return articles


def wire_group(article: Article) -> list[Article]:
    """The other articles of this article's wire group: its original and every copy, in order."""
    root = article.duplicate_of_id or article.pk
    group = listed_articles().filter(Q(pk=root) | Q(duplicate_of=root)).exclude(pk=article.pk)
    return list(group.order_by("published_at", "id"))


def story_articles(article: Article, limit: int = 10) -> list[Article]:
    """The story's other originals (its copies are listed as "also published by")."""
    if not article.story_id:
        return []
    root = article.duplicate_of_id or article.pk
    others = listed_articles().filter(story=article.story_id, duplicate_of__isnull=True)
    return list(others.exclude(pk=root).order_by("published_at", "id")[:limit])


def story_timeline(story) -> list[Article]:
    """Every article of a story in publication order (then ingestion order)."""
    return list(
        visible_articles()
        .filter(story=story)
        .select_related("duplicate_of__source")
        .order_by(F("published_at").asc(nulls_last=True), "fetched_at", "id")
    )
