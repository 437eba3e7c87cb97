"""Read-side queries shared by the pages: what readers may see, in the order they see it."""

from django.db.models import QuerySet

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
    return list(visible_articles().filter(duplicate_of__isnull=True)[:limit])
