"""Keep the search index in step with the archive.

``index_article`` runs inside the transaction that stores the article, so an
article is never stored without its index entry (or the other way round).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import connections

from akhbar.news.models import Article
from akhbar.news.sql import insert
from akhbar.search.models import SearchDocument
from akhbar.search.query import engine_text
from akhbar.text.analyzer import ANALYZER_VERSION, analyze


def document_fields(title: str, lede: str, body: str, language: str | None) -> dict:
    """The analyzed terms of an article: the title, then the lede and body, one engine token
    per space-separated word (``engine_tokens``), so PostgreSQL counts them as FTS5 does.

    The lede and the body are analyzed apart (no word spans the line between them): the
    classifier analyzed the same body a moment before, and ``analyze`` kept its terms."""
    lang = language or None
    return {
        "title_terms": engine_text(analyze(title, lang)),
        "body_terms": engine_text(analyze(lede, lang) + analyze(body, lang)),
        "analyzer_version": ANALYZER_VERSION,
    }


def index_article(
    article: Article, using: str = "default", *, new: bool = False, terms: dict | None = None
) -> None:
    """Write the article's index entry; ``new``: it has none yet (one INSERT, no UPDATE);
    ``terms``: ``document_fields`` of the article, when the caller analyzed it already."""
    terms = terms or document_fields(article.title, article.lede, article.body, article.language)
    document = SearchDocument(article_id=article.pk, **terms)
    if new:
        insert(document, connections[using])
    else:
        document.save(using=using)


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
    """Bring index entries up to date, in batches of one transaction each; returns the count
    of articles checked. An entry whose terms and analyzer version are already those of its
    article is not rewritten (``changed_entries``): a full reindex of an archive the analyzer
    did not change writes nothing.

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
            pool.join()  # the workers are gone when reindex returns
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
# then see one statement and count only what changed, and the generated vector is computed
# once per row (an upsert computes it twice).
UPDATE_SQL = (
    "UPDATE search_document d SET title_terms = v.title_terms, body_terms = v.body_terms, "
    "analyzer_version = v.analyzer_version FROM unnest(%s::bigint[], %s::text[], %s::text[], "
    "%s::integer[]) AS v (article_id, title_terms, body_terms, analyzer_version) "
    "WHERE d.article_id = v.article_id RETURNING d.article_id"
)
# SQLite: one statement per batch for each kind of write, never one per row. FTS5 writes the
# terms it holds in memory as a new segment at the start of every statement that writes it
# (its savepoint), and merges segments as they pile up: a statement per row costs 2.5 times the
# CPU of a statement per batch.
SQLITE_UPDATE_SQL = (
    "UPDATE search_document AS d SET title_terms = v.column2, body_terms = v.column3, "
    "analyzer_version = v.column4 FROM (VALUES {rows}) AS v WHERE d.article_id = v.column1"
)
SQLITE_INSERT_SQL = (
    "INSERT INTO search_document (article_id, title_terms, body_terms, analyzer_version) "
    "VALUES {rows}"
)

Entry = tuple[int, str, str, int]  # article_id, title_terms, body_terms, analyzer_version


def changed_entries(
    entries: list[Entry], stored: dict[int, tuple]
) -> tuple[list[Entry], list[Entry]]:
    """The entries to write: (those to update, those to insert). An entry stored with the
    same terms and analyzer version is left out: rewriting it would change nothing but cost
    a delete and an insert in the full-text index."""
    updates, inserts = [], []
    for entry in entries:
        before = stored.get(entry[0])
        if before is None:
            inserts.append(entry)
        elif tuple(before) != entry[1:]:
            updates.append(entry)
    return updates, inserts


def _stored_entries(ids: list[int], using: str) -> dict[int, tuple]:
    """The stored (title_terms, body_terms, analyzer_version) of the entries of ``ids``."""
    from django.db import connections

    sql = (
        "SELECT article_id, title_terms, body_terms, analyzer_version FROM search_document "
        f"WHERE article_id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _updated_in_place(entries: list[Entry], using: str) -> list[Entry]:
    """Update the entries that exist (PostgreSQL); returns the others."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(UPDATE_SQL, [list(column) for column in zip(*entries, strict=True)])
        updated = {row[0] for row in cursor.fetchall()}
    return [entry for entry in entries if entry[0] not in updated]


def _sqlite_write(sql: str, entries: list[Entry], using: str) -> None:
    """Run ``sql`` over ``entries`` as few statements as SQLite's parameter limit allows."""
    import sqlite3

    from django.db import connections

    connection = connections[using]
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 4
    with connection.cursor() as cursor:
        for start in range(0, len(entries), limit):
            chunk = entries[start : start + limit]
            rows = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(sql.format(rows=rows), [value for entry in chunk for value in entry])


def _write_batch(batch: list[tuple], analyzing, using: str, progress) -> int:
    """Bring the entries of one batch of (id, title, lede, body, language) rows up to date:
    unchanged ones are left alone, changed ones updated in place (the triggers replace them
    in the full-text index), missing ones inserted."""
    from django.db import connections, transaction

    fields = analyzing if isinstance(analyzing, list) else analyzing.get()
    entries = [
        (row[0], values["title_terms"], values["body_terms"], values["analyzer_version"])
        for row, values in zip(batch, fields, strict=True)
    ]
    with transaction.atomic(using=using):
        updates, inserts = changed_entries(entries, _stored_entries([e[0] for e in entries], using))
        if connections[using].vendor == "postgresql":
            inserts += _updated_in_place(updates, using) if updates else []
            SearchDocument.objects.using(using).bulk_create(
                [SearchDocument(article_id=e[0], title_terms=e[1], body_terms=e[2],
                                analyzer_version=e[3]) for e in inserts],
                batch_size=500,
            )  # fmt: skip
        else:
            if updates:
                _sqlite_write(SQLITE_UPDATE_SQL, updates, using)
            if inserts:
                _sqlite_write(SQLITE_INSERT_SQL, inserts, using)
    if progress:
        progress(len(batch))
    return len(batch)
