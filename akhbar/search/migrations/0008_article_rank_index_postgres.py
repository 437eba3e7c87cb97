"""PostgreSQL: the index of what a search reads of each matching article (0007 on SQLite).

A search joins every match it samples or ranks with ``news_article`` for the article's
dates, folding, hold and filters. Through the primary key each lookup reads the index and
then the heap row: at 1,000,000 articles, a month of a frequent word's matches (5,000-6,000
rows) took 11-13 ms to join, four buffers a row. This index holds those columns beside the
id (``INCLUDE``), so the planner joins with an index-only scan (about 1 us a row, or 2.6 ms
merging a window's range) wherever the visibility map says a page holds no unvacuumed
change.

Pages of new articles are not all-visible until a vacuum sees them, and autovacuum's
default for a table that mostly grows (a vacuum after inserts of 20 % of its rows: 200,000
articles at a million) would leave the newest weeks, which every search reads first, to
the heap. ``news_article`` is vacuumed after 2,500 inserts instead (about a day of the
outlets' articles): such a vacuum reads only the pages changed since the last one.

Additive: an index and a storage setting that older code never relies on. Building the index
locks writes to ``news_article`` for its duration (about 2 s at 1,000,000 articles here).
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

COLUMNS = "held_reason, duplicate_of_id, published_at, fetched_at, source_id, category_id, language"
VACUUM_AFTER_INSERTS = 2500
POSTGRES_FORWARD = [
    f"CREATE INDEX IF NOT EXISTS search_article_rank_idx ON news_article (id) INCLUDE ({COLUMNS})",
    "ALTER TABLE news_article SET (autovacuum_vacuum_insert_scale_factor = 0, "
    f"autovacuum_vacuum_insert_threshold = {VACUUM_AFTER_INSERTS})",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE news_article RESET (autovacuum_vacuum_insert_scale_factor, "
    "autovacuum_vacuum_insert_threshold)",
    "DROP INDEX IF EXISTS search_article_rank_idx",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0007_article_rank_index")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
