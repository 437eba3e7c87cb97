"""Articles as plain records for datasets: one dict per article, stable field order.

The export holds what readers may see: articles the quality gate held back are left out,
a hidden image is ``image: null, image_hidden: true``, and an article deleted at its source
keeps its text with ``removed_at_source`` set (as on its page). The same records are written
as JSON lines or as Parquet (``write_parquet``).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone

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
    "removed_at_source",
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
        "removed_at_source": _iso(article.removed_at_source),
    }


@dataclass(frozen=True)
class ExportFilters:
    """Which articles to export; None means "all". Days are inclusive, in the site's zone."""

    source: str | None = None
    category: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def exported_articles(filters: ExportFilters = ExportFilters()) -> QuerySet[Article]:
    """The articles an export holds, in id order (held articles never)."""
    articles = Article.objects.filter(held_reason="").select_related("source", "category")
    for field, lookup in (("source", "source__slug"), ("category", "category__slug")):
        if getattr(filters, field):
            articles = articles.filter(**{lookup: getattr(filters, field)})
    if filters.language:
        articles = articles.filter(language=filters.language)
    if filters.since:
        articles = articles.filter(published_at__gte=_midnight(filters.since))
    if filters.until:
        articles = articles.filter(published_at__lt=_midnight(filters.until + timedelta(1)))
    return articles.defer("minhash").order_by("id")


def export_records(queryset=None) -> Iterator[dict]:
    articles = queryset if queryset is not None else exported_articles()
    for article in articles.select_related("source", "category").iterator(chunk_size=500):
        yield article_record(article)


def parquet_schema():
    """The Parquet columns: the JSON fields, with real timestamps (UTC) and integers."""
    import pyarrow as pa

    types = dict.fromkeys(EXPORT_FIELDS, pa.string())
    types.update(
        id=pa.int64(), story_id=pa.int64(), duplicate_of=pa.int64(), image_hidden=pa.bool_()
    )
    for name in ("published_at", "fetched_at", "removed_at_source"):
        types[name] = pa.timestamp("us", tz="UTC")
    return pa.schema([(name, types[name]) for name in EXPORT_FIELDS])


def _columns(batch: list[dict]) -> dict:
    columns = {name: [record[name] for record in batch] for name in EXPORT_FIELDS}
    for name in ("published_at", "fetched_at", "removed_at_source"):
        columns[name] = [datetime.fromisoformat(v) if v else None for v in columns[name]]
    return columns


def write_parquet(records: Iterable[dict], path: Path, batch_size: int = 1000) -> int:
    """Write the records to a Parquet file, ``batch_size`` rows per row group; returns count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema, count, batch = parquet_schema(), 0, []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for record in records:
            batch.append(record)
            if len(batch) == batch_size:
                writer.write_table(pa.Table.from_pydict(_columns(batch), schema=schema))
                count, batch = count + len(batch), []
        if batch:
            writer.write_table(pa.Table.from_pydict(_columns(batch), schema=schema))
    return count + len(batch)
