"""SQLite: an index that holds what a search reads of each matching article.

A search joins every match it ranks or samples with ``news_article`` for the article's
dates, folding, hold and filters. Those columns come after ``body`` in the table, so on
SQLite each lookup walked the row's overflow pages to reach them (a body is longer than a
page): at 1,000,000 articles, joining one month of a frequent word's matches (8,000 rows)
cost 21 ms that way and 4.5 ms from this index, which holds the columns in about 70 bytes
per article. ``SqliteBackend`` names it (``INDEXED BY``): SQLite would otherwise look the
id up in the table, as it always does for a rowid.

Additive: an index that older code never names. PostgreSQL keeps the body out of line
(TOAST), but reaching the heap row still cost a buffer a match: its own index is 0008.
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

COLUMNS = (
    "id, held_reason, duplicate_of_id, published_at, fetched_at, source_id, category_id, language"
)
SQLITE_FORWARD = [f"CREATE INDEX IF NOT EXISTS search_article_rank_idx ON news_article ({COLUMNS})"]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS search_article_rank_idx"]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_vector_in_heap_row"),
        ("news", "0013_drop_lshband"),
    ]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARD}),
            run_for_vendor({"sqlite": SQLITE_BACKWARD}),
        )
    ]
