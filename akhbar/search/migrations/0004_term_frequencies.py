"""PostgreSQL: each term's document frequency in a table (additive only).

bm25's idf needs n, the rows holding the term. Counting them at query time is a GIN bitmap
scan that then visits every matching heap page for visibility (150 ms cold for a frequent
term at 200,000 articles). ``search_term_df(term, df)`` holds n for every lexeme of
``search_vector``, so a search reads it with one index lookup.

Statement triggers keep it in step, whatever writes ``search_document`` (the indexer's
batches, an article's update, a cascade delete, COPY): each statement's rows are unnested
and aggregated into one delta per term, upserted once — never a trigger per row. An update
upserts the net change of the rows whose vector changed (``reindex`` updates its batches'
entries in place, so an unchanged article costs a comparison). Every trigger first takes one transaction-level advisory lock, so two
writers upserting overlapping terms in different orders wait instead of deadlocking (the
ingest pipeline serializes its stores on a lock of its own already). TRUNCATE empties it.

Nothing is dropped or renamed: processes running the previous code keep working.
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

# pg_advisory_xact_lock key of the term statistics ("akdf").
DF_LOCK_KEY = 0x616B6466

DELTA = {
    "insert": (
        "SELECT lexeme, COUNT(*) FROM new_rows, "
        "unnest(tsvector_to_array(new_rows.search_vector)) AS lexeme GROUP BY lexeme"
    ),
    "delete": (
        "SELECT lexeme, -COUNT(*) FROM old_rows, "
        "unnest(tsvector_to_array(old_rows.search_vector)) AS lexeme GROUP BY lexeme"
    ),
    # Only the rows whose vector changed are unnested: a reindex that changes nothing
    # (same analyzer output) costs a comparison per row.
    "update": (
        "SELECT lexeme, SUM(delta) FROM ("
        " SELECT unnest(tsvector_to_array(n.search_vector)) AS lexeme, 1 AS delta"
        " FROM new_rows n WHERE NOT EXISTS (SELECT FROM old_rows o"
        "  WHERE o.article_id = n.article_id AND o.search_vector = n.search_vector)"
        " UNION ALL"
        " SELECT unnest(tsvector_to_array(o.search_vector)), -1"
        " FROM old_rows o WHERE NOT EXISTS (SELECT FROM new_rows n"
        "  WHERE n.article_id = o.article_id AND n.search_vector = o.search_vector)"
        ") AS changes GROUP BY lexeme HAVING SUM(delta) <> 0"
    ),
}
TRANSITION = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
}


def _delta_trigger(event: str) -> list[str]:
    return [
        f"""CREATE FUNCTION search_term_df_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({DF_LOCK_KEY});
            INSERT INTO search_term_df AS t (term, df)
            SELECT * FROM ({DELTA[event]}) AS delta (term, df)
            ON CONFLICT (term) DO UPDATE SET df = t.df + EXCLUDED.df;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER search_term_df_{event} AFTER {event.upper()} ON search_document
        REFERENCING {TRANSITION[event]} FOR EACH STATEMENT
        EXECUTE FUNCTION search_term_df_{event}()""",
    ]


POSTGRES_FORWARD = [
    "CREATE TABLE search_term_df (term text PRIMARY KEY, df bigint NOT NULL)",
    *_delta_trigger("insert"),
    *_delta_trigger("delete"),
    *_delta_trigger("update"),
    """CREATE FUNCTION search_term_df_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_term_df;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_term_df_truncate AFTER TRUNCATE ON search_document
        FOR EACH STATEMENT EXECUTE FUNCTION search_term_df_truncate()""",
    # Counted after the triggers exist: creating them locked out writers until the migration
    # commits, so no write falls between the count and the triggers. ts_stat reads every
    # vector once and counts each lexeme's rows (ndoc) in C.
    """INSERT INTO search_term_df (term, df)
        SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM search_document')""",
    "ANALYZE search_term_df",
]
POSTGRES_BACKWARD = [
    *[
        f"DROP TRIGGER IF EXISTS search_term_df_{e} ON search_document"
        for e in (*DELTA, "truncate")
    ],
    *[f"DROP FUNCTION IF EXISTS search_term_df_{e}()" for e in (*DELTA, "truncate")],
    "DROP TABLE IF EXISTS search_term_df",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_bm25_statistics")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
