"""PostgreSQL: each row's tsvector kept in the heap row, not in TOAST (additive in effect).

Every ranking window, phrase check and document-frequency recheck reads ``search_vector``.
Out of line (``toast_tuple_target = 128``, migration 0003), each read is a lookup in the
TOAST index and one or two TOAST pages: about three buffer hits per row, which made that
read most of a window's cost (a 60-day window of a frequent word at 200,000 articles: 47 ms
against 20 ms with the vectors in the heap rows). Storage ``MAIN`` keeps the vector in the
row (compressed only if the row would outgrow a page), while ``toast_tuple_target`` still
moves the term texts, which searches never read, out of line.

The storage setting applies to rows written from now on; the existing rows are rewritten
once, in id order (CLUSTER on the primary key, which also rebuilds the indexes): the table
is locked for the rewrite (minutes at a million articles). Processes running the previous
code read and write the table as before: nothing is dropped, renamed or tightened.
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

POSTGRES_FORWARD = [
    "ALTER TABLE search_document ALTER COLUMN search_vector SET STORAGE MAIN",
    # The GIN index is rebuilt by the rewrite: give it the memory a large archive needs.
    "SET LOCAL maintenance_work_mem = '256MB'",
    "CLUSTER search_document USING search_document_pkey",
    "ANALYZE search_document",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_document ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_fts_update_when_changed")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
