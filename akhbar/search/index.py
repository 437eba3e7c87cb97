"""Keep the search index in step with the archive.

``index_article`` runs inside the transaction that stores the article, so an
article is never stored without its index entry (or the other way round).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from akhbar.news.models import Article
from akhbar.search.models import SearchDocument
from akhbar.search.query import engine_text
from akhbar.text.analyzer import ANALYZER_VERSION, analyze


def document_fields(title: str, lede: str, body: str, language: str | None) -> dict:
    """The analyzed terms of an article: the title, then the lede and body, one engine token
    per space-separated word (``engine_tokens``), so PostgreSQL counts them as FTS5 does."""
    lang = language or None
    return {
        "title_terms": engine_text(analyze(title, lang)),
        "body_terms": engine_text(analyze(f"{lede}\n{body}", lang)),
        "analyzer_version": ANALYZER_VERSION,
    }


def index_article(
    article: Article, using: str = "default", *, new: bool = False, terms: dict | None = None
) -> None:
    """Write the article's index entry; ``new``: it has none yet (one INSERT, no UPDATE);
    ``terms``: ``document_fields`` of the article, when the caller analyzed it already."""
    terms = terms or document_fields(article.title, article.lede, article.body, article.language)
    SearchDocument(article_id=article.pk, **terms).save(using=using, force_insert=new)


def stale_count() -> int:
    """Articles whose index entry is missing or was made by another analyzer version."""
    current = SearchDocument.objects.filter(analyzer_version=ANALYZER_VERSION)
    return Article.objects.exclude(pk__in=current.values("article_id")).count()


def reindex(
    articles: Iterable[Article] | None = None,
    *,
    only_stale: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
    using: str = "default",
    workers: int = 1,
) -> int:
    """Rebuild index entries, in batches of one transaction each; returns the count.

    With ``workers`` > 1 the analyzer runs in that many processes (analysis is the costly
    part, and pure); the database is written from this process only."""
    queryset = Article.objects.using(using).all() if articles is None else articles
    if only_stale:
        current = SearchDocument.objects.using(using).filter(analyzer_version=ANALYZER_VERSION)
        queryset = queryset.exclude(pk__in=current.values("article_id"))
    fields = ("id", "title", "lede", "body", "language")
    rows = queryset.values_list(*fields).order_by("id").iterator(chunk_size=batch_size)
    pool = _analyzer_pool(workers)
    done, pending = 0, None
    try:
        # Double buffering: the workers analyze the next batch while this process writes
        # the last one (the rows are read here: the workers never touch the database).
        for batch in _batches(rows, batch_size):
            analyzing = _analyze_batch(batch, pool)
            if pending is not None:
                done += _write_batch(*pending, using, progress)
            pending = (batch, analyzing)
        if pending is not None:
            done += _write_batch(*pending, using, progress)
    finally:
        if pool is not None:
            pool.close()
    return done


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analyze_batch(batch: list[tuple], pool):
    """Start analyzing a batch: a pending result in the pool, or the fields right away."""
    if pool is None:
        return list(map(_row_fields, batch))
    return pool.map_async(_row_fields, batch, chunksize=max(1, len(batch) // 16))


def _analyzer_pool(workers: int):
    """Processes for the analyzer (forked: they inherit the loaded analyzer, never the
    database, which they do not touch)."""
    if workers <= 1:
        return None
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(workers)


def _row_fields(row: tuple) -> dict:
    _pk, title, lede, body, lang = row
    return document_fields(title, lede, body, lang)


# One UPDATE for the entries that exist: the term statistics' triggers (migrations 0003, 0004)
# then see one statement and count only what changed (nothing, for an unchanged entry), and
# the generated vector is computed once per row (an upsert computes it twice).
UPDATE_SQL = (
    "UPDATE search_document d SET title_terms = v.title_terms, body_terms = v.body_terms, "
    "analyzer_version = v.analyzer_version FROM unnest(%s::bigint[], %s::text[], %s::text[], "
    "%s::integer[]) AS v (article_id, title_terms, body_terms, analyzer_version) "
    "WHERE d.article_id = v.article_id RETURNING d.article_id"
)


def _updated_in_place(documents: list[SearchDocument], using: str) -> list[SearchDocument]:
    """Update the entries of ``documents`` that exist (PostgreSQL); returns the others."""
    from django.db import connections

    columns = [
        [getattr(document, name) for document in documents]
        for name in ("article_id", "title_terms", "body_terms", "analyzer_version")
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(UPDATE_SQL, columns)
        updated = {row[0] for row in cursor.fetchall()}
    return [document for document in documents if document.article_id not in updated]


def _write_batch(batch: list[tuple], analyzing, using: str, progress) -> int:
    """Replace the entries of one batch of (id, title, lede, body, language) rows."""
    from django.db import connections, transaction

    fields = analyzing if isinstance(analyzing, list) else analyzing.get()
    documents = [
        SearchDocument(article_id=row[0], **values)
        for row, values in zip(batch, fields, strict=True)
    ]
    documents_of = SearchDocument.objects.using(using)
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            documents = _updated_in_place(documents, using)
        else:
            documents_of.filter(article_id__in=[row[0] for row in batch]).delete()
        documents_of.bulk_create(documents, batch_size=500)
    if progress:
        progress(len(batch))
    return len(batch)
