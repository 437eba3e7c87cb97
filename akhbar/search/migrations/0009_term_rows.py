"""SQLite: a table for the row counts of the index's frequent terms (``search/term_rows.py``).

FTS5 keeps no document frequency: bm25's idf of a word is counted by walking the word's whole
doclist, 2–3.5 ms for a word in 50,000–200,000 of 1,000,000 articles. A writer stores the
counts of the terms that at least 10,000 rows hold here (``term_rows.refresh``), with FTS5's
row count then, and a search takes them while that count has moved by less than 1 %.

Additive and empty: searches walk the doclists until the first refresh (after the next crawl
pass, reindex or ``akhbar search-stats``; one scan of the index, 12 s at 1,000,000 articles).
PostgreSQL counts from ``search_term_df`` (0004).
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

SQLITE_FORWARD = [
    # documents: the rows holding the term; indexed: FTS5's row count then; counted_at: when
    # (Unix seconds). The row of the empty term records the refresh (documents: terms stored).
    "CREATE TABLE IF NOT EXISTS search_term_rows ("
    " term TEXT PRIMARY KEY, documents INTEGER NOT NULL, indexed INTEGER NOT NULL,"
    " counted_at INTEGER NOT NULL"
    ") WITHOUT ROWID"
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_term_rows"]


class Migration(migrations.Migration):
    dependencies = [("search", "0008_article_rank_index_postgres")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARD}),
            run_for_vendor({"sqlite": SQLITE_BACKWARD}),
        )
    ]
