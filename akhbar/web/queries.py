"""Read-side queries shared by the pages: what readers may see, in the order they see it."""

from django.db.models import F, Q, QuerySet

from akhbar.news.models import Article


def visible_articles() -> QuerySet[Article]:
    """Articles readers may see: not held back by the quality gate, newest first."""
    return (
        Article.objects.filter(held_reason="")
        .select_related("source", "category")
        .defer("body", "minhash")
        .order_by("-published_at", "-id")
    )


def ticker_headlines(limit: int = 12) -> list[Article]:
    """The latest headline of each outlet first, then the latest overall."""
    return list(visible_articles()[:limit])


def front_page_articles(limit: int) -> list[Article]:
    """Latest articles with wire copies folded: one entry per original."""
    return with_other_outlets(list(visible_articles().filter(duplicate_of__isnull=True)[:limit]))


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
    group = visible_articles().filter(Q(pk=root) | Q(duplicate_of=root)).exclude(pk=article.pk)
    return list(group.order_by("published_at", "id"))


def story_articles(article: Article, limit: int = 10) -> list[Article]:
    """The story's other originals (its copies are listed as "also published by")."""
    if not article.story_id:
        return []
    root = article.duplicate_of_id or article.pk
    others = visible_articles().filter(story=article.story_id, duplicate_of__isnull=True)
    return list(others.exclude(pk=root).order_by("published_at", "id")[:limit])


def story_timeline(story) -> list[Article]:
    """Every article of a story in publication order (then ingestion order)."""
    return list(
        visible_articles()
        .filter(story=story)
        .select_related("duplicate_of__source")
        .order_by(F("published_at").asc(nulls_last=True), "fetched_at", "id")
    )
