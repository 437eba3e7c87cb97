"""SQLite: the FTS5 update trigger replaces a row's entry only when its terms change.

The trigger of migration 0002 deleted and re-inserted the row in FTS5 on every UPDATE of
search_document, whatever changed: saving an article's index entry with the same terms (an
article stored again, a new ``analyzer_version`` whose output is the same for this text)
cost FTS5 a delete and an insert, and left delete markers to merge. Now the trigger runs
only when the rowid or a term column changes; what FTS5 holds is the same either way.

Additive in effect: the trigger is replaced within the migration's transaction, processes
running the previous code write search_document as before and FTS5 stays in step.
PostgreSQL needs nothing: its statement triggers already count only the rows whose vector
changed (migration 0004).
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

FTS_UPDATE = """
    INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
    VALUES ('delete', old.article_id, old.title_terms, old.body_terms);
    INSERT INTO search_fts(rowid, title_terms, body_terms)
    VALUES (new.article_id, new.title_terms, new.body_terms);
"""

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_document
        WHEN old.article_id IS NOT new.article_id OR old.title_terms IS NOT new.title_terms
            OR old.body_terms IS NOT new.body_terms
        BEGIN {FTS_UPDATE} END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_document BEGIN
        {FTS_UPDATE} END""",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_term_frequencies")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARD}),
            run_for_vendor({"sqlite": SQLITE_BACKWARD}),
        )
    ]
