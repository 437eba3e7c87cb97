"""The row counts of the index's frequent terms, stored for the searches (SQLite).

bm25's idf needs the number of rows holding each phrase of a query, and FTS5 keeps no such
count: it walks the phrase's whole doclist (2–3.5 ms for a word in 50,000–200,000 of
1,000,000 articles, about a fifth of a reader's first search of such a word). So a writer
stores the counts of the terms that at least ``FREQUENT`` rows hold in
``search_term_rows`` (migration 0009): ``refresh`` reads them all in one scan of the index
(FTS5's ``fts5vocab``: 6–12 s at 1,000,000 articles) and replaces the table in one short
transaction. A search takes a term's stored count while FTS5's row count is within
``DF_DRIFT`` of the one it was stored with (the rule of the counts a process remembers, and
of PostgreSQL's), and walks the doclist otherwise, for a phrase of several words, and for a
rarer term (never stored: its walk is short, and its count stays exact).

``refresh_when_due`` refreshes once FTS5's row count has moved by ``REFRESH_DRIFT`` since
the last refresh (every 5,000 articles at 1,000,000), or a day after it (``REFRESH_AGE``:
what moves the counts and not the rows, a pruned body, an edited article): after each crawl
pass of ``akhbar run`` and after the hourly reindex task (Celery). ``akhbar reindex``
refreshes at its end whatever the drift (an analyzer change moves the counts, not the rows);
``akhbar reindex --counts`` only refreshes. PostgreSQL counts exactly from
``search_term_df``.
"""

from __future__ import annotations

import logging
import time

from django.db import connections, transaction

from akhbar.news.sql import execute, fetch
from akhbar.news.writeturn import writer_turn
from akhbar.search.backends.sqlite import DF_REMEMBERED_FROM, SqliteBackend

log = logging.getLogger("akhbar.search.term_rows")

# Terms held by at least this many rows are stored (a rarer term's walk costs less than a
# millisecond): the threshold past which a search process remembers a count too.
FREQUENT = DF_REMEMBERED_FROM
# The table is refreshed once FTS5's row count moved by this share (a stored count serves
# up to DF_DRIFT, twice as far: backends/sqlite.py).
REFRESH_DRIFT = 0.005
REFRESH_AGE = 86_400  # seconds
# The row that records the refresh itself (no term is empty), with the count of terms stored.
MARKER = ""
_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.akhbar_vocab USING fts5vocab(main, search_fts, 'row')"
)


def fts_rows(connection) -> int:
    """FTS5's row count (bm25's N)."""
    return SqliteBackend(connection).fts5_rows()


def refresh(using: str = "default") -> int:
    """Store the row count of every term at least FREQUENT rows hold, in place of the last
    ones; the count of terms stored (0 on another database than SQLite)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return 0
    execute(_VOCAB, [], connection)
    # read before the write transaction: the scan takes seconds, the write milliseconds
    rows = fts_rows(connection)
    counts = fetch(
        "SELECT term, doc FROM temp.akhbar_vocab WHERE doc >= %s", [FREQUENT], connection
    )
    now = int(time.time())
    with writer_turn(using), transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_term_rows")
            cursor.executemany(
                "INSERT INTO search_term_rows (term, documents, indexed, counted_at) "
                "VALUES (%s, %s, %s, %s)",
                [(term, doc, rows, now) for term, doc in [(MARKER, len(counts)), *counts]],
            )
    log.info("search: %d frequent terms' row counts stored (%d rows indexed)", len(counts), rows)
    return len(counts)


def due(using: str = "default") -> bool:
    """Whether FTS5's row count moved by REFRESH_DRIFT since the last refresh, or REFRESH_AGE
    passed (or there was none, on an index of at least FREQUENT rows)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    rows = fts_rows(connection)
    sql = "SELECT indexed, counted_at FROM search_term_rows WHERE term = %s"
    marker = fetch(sql, [MARKER], connection)
    if not marker:
        return rows >= FREQUENT
    indexed, counted_at = marker[0]
    moved = abs(rows - indexed) > REFRESH_DRIFT * indexed
    return moved or time.time() - counted_at > REFRESH_AGE


def refresh_when_due(using: str = "default") -> bool:
    """``refresh`` when ``due``; never raises (a crawl pass or a task goes on without it:
    searches then walk the doclists, as before any refresh). Whether it refreshed."""
    try:
        if due(using):
            refresh(using)
            return True
    except Exception:
        log.exception("search: the frequent terms' row counts were not refreshed")
    return False
