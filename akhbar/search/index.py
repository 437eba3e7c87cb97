"""Keep the search index in step with the archive.

``index_article`` runs inside the transaction that stores the article, so an
article is never stored without its index entry (or the other way round).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from akhbar.news.models import Article
from akhbar.search.models import SearchDocument
from akhbar.text.analyzer import ANALYZER_VERSION, analyze


def document_fields(title: str, lede: str, body: str, language: str | None) -> dict:
    """The analyzed terms of an article: the title, then the lede and body."""
    lang = language or None
    return {
        "title_terms": " ".join(analyze(title, lang)),
        "body_terms": " ".join(analyze(f"{lede}\n{body}", lang)),
        "analyzer_version": ANALYZER_VERSION,
    }


def index_article(article: Article) -> None:
    fields = document_fields(article.title, article.lede, article.body, article.language)
    SearchDocument.objects.update_or_create(article_id=article.pk, defaults=fields)


def stale_count() -> int:
    """Articles whose index entry is missing or was made by another analyzer version."""
    current = SearchDocument.objects.filter(analyzer_version=ANALYZER_VERSION)
    return Article.objects.exclude(pk__in=current.values("article_id")).count()


def reindex(
    articles: Iterable[Article] | None = None,
    *,
    only_stale: bool = False,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild index entries, in batches of one transaction each; returns the count."""
    from django.db import transaction

    queryset = Article.objects.all() if articles is None else articles
    if only_stale:
        current = SearchDocument.objects.filter(analyzer_version=ANALYZER_VERSION)
        queryset = queryset.exclude(pk__in=current.values("article_id"))
    fields = ("id", "title", "lede", "body", "language")
    done, batch = 0, []
    for article in queryset.only(*fields).order_by("id").iterator(chunk_size=batch_size):
        batch.append(article)
        if len(batch) == batch_size:
            done += _write_batch(batch, transaction, progress)
            batch = []
    if batch:
        done += _write_batch(batch, transaction, progress)
    return done


def _write_batch(batch: list[Article], transaction, progress) -> int:
    with transaction.atomic():
        SearchDocument.objects.filter(article_id__in=[a.pk for a in batch]).delete()
        SearchDocument.objects.bulk_create(
            SearchDocument(article_id=a.pk, **document_fields(a.title, a.lede, a.body, a.language))
            for a in batch
        )
    if progress:
        progress(len(batch))
    return len(batch)
