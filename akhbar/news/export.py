"""Articles as plain records for datasets: one dict per article, stable field order."""

from collections.abc import Iterator
from datetime import datetime

from akhbar.news.models import Article

EXPORT_FIELDS = (
    "id",
    "url",
    "source",
    "source_name",
    "title",
    "lede",
    "body",
    "author",
    "published_at",
    "fetched_at",
    "language",
    "category",
    "image",
    "image_hidden",
    "story_id",
    "duplicate_of",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_record(article: Article) -> dict:
    """The export record of one article: null where a value is unknown; no hidden image URL."""
    return {
        "id": article.pk,
        "url": article.url,
        "source": article.source.slug,
        "source_name": article.source.name_ar,
        "title": article.title,
        "lede": article.lede or None,
        "body": article.body,
        "author": article.author or None,
        "published_at": _iso(article.published_at),
        "fetched_at": _iso(article.fetched_at),
        "language": article.language or None,
        "category": article.category.slug if article.category_id else None,
        "image": article.visible_image_url or None,
        "image_hidden": article.image_hidden,
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of_id,
    }


def export_records(queryset=None) -> Iterator[dict]:
    articles = (queryset if queryset is not None else Article.objects.all()).select_related(
        "source", "category"
    )
    for article in articles.order_by("id").iterator(chunk_size=500):
        yield article_record(article)
