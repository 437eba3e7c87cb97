"""PostgreSQL: what FTS5's bm25 needs, so that both backends rank alike (additive only).

- ``toast_tuple_target = 128`` on search_document: narrow heap rows, so that counting the
  rows holding a term (bm25's document frequency) reads few pages;
- ``search_document.term_count``: the row's tokens in both columns (FTS5's ``D``), a stored
  generated column (the terms are space-separated engine tokens, see ``index.py``).
- ``search_totals``: the index's row count and token count (FTS5's ``N`` and
  ``N * avgdl``), kept as delta rows that statement triggers append on every insert, update
  and delete (no row is ever updated: concurrent workers never wait on each other) and that
  searches fold into one row now and then (``PostgresBackend._totals``). TRUNCATE empties it.

Nothing is dropped or renamed: processes running the previous code keep working.
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

DELTA = {
    "insert": "SELECT COUNT(*), COALESCE(SUM(term_count), 0) FROM new_rows",
    "delete": "SELECT -COUNT(*), -COALESCE(SUM(term_count), 0) FROM old_rows",
    "update": (
        "SELECT 0, (SELECT COALESCE(SUM(term_count), 0) FROM new_rows)"
        " - (SELECT COALESCE(SUM(term_count), 0) FROM old_rows)"
    ),
}
TRANSITION = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
}


def _delta_trigger(event: str) -> list[str]:
    return [
        f"""CREATE FUNCTION search_totals_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_totals (documents, terms)
            SELECT * FROM ({DELTA[event]}) AS delta (documents, terms)
            WHERE documents <> 0 OR terms <> 0;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER search_totals_{event} AFTER {event.upper()} ON search_document
        REFERENCING {TRANSITION[event]} FOR EACH STATEMENT
        EXECUTE FUNCTION search_totals_{event}()""",
    ]


POSTGRES_FORWARD = [
    # Narrow heap rows (the terms and the tsvector move to TOAST): counting a term's rows
    # and walking id windows read a tenth of the pages. Set first: the ADD COLUMN below
    # rewrites the table, with this target.
    "ALTER TABLE search_document SET (toast_tuple_target = 128)",
    """ALTER TABLE search_document ADD COLUMN term_count integer
        GENERATED ALWAYS AS (
            COALESCE(array_length(array_remove(string_to_array(title_terms, ' '), ''), 1), 0) +
            COALESCE(array_length(array_remove(string_to_array(body_terms, ' '), ''), 1), 0)
        ) STORED""",
    "CREATE TABLE search_totals (documents bigint NOT NULL, terms bigint NOT NULL)",
    """INSERT INTO search_totals (documents, terms)
        SELECT COUNT(*), COALESCE(SUM(term_count), 0) FROM search_document""",
    *_delta_trigger("insert"),
    *_delta_trigger("delete"),
    *_delta_trigger("update"),
    """CREATE FUNCTION search_totals_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_totals;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_totals_truncate AFTER TRUNCATE ON search_document
        FOR EACH STATEMENT EXECUTE FUNCTION search_totals_truncate()""",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_document RESET (toast_tuple_target)",
    *[f"DROP TRIGGER IF EXISTS search_totals_{e} ON search_document" for e in (*DELTA, "truncate")],
    *[f"DROP FUNCTION IF EXISTS search_totals_{e}()" for e in (*DELTA, "truncate")],
    "DROP TABLE IF EXISTS search_totals",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS term_count",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
