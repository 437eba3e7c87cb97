"""Full-text structures, by database vendor.

SQLite: an external-content FTS5 table over search_document, kept in step by
triggers. The terms are already normalized and stemmed by our analyzer, so
FTS5's own tokenizer only splits on spaces (``remove_diacritics 0``: nothing
left to fold, and folding would merge letters our analyzer keeps apart).

PostgreSQL: a stored, weighted tsvector (title 'A', body 'B') built with the
'simple' configuration (no stemming of its own: the terms are ours) and a GIN
index over it.
"""

from django.db import migrations

from akhbar.search.migrations._vendor import run_for_vendor

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms,
        content='search_document', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms)
        VALUES (new.article_id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.article_id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.article_id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms)
        VALUES (new.article_id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    """ALTER TABLE search_document ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', left(title_terms, 100000)), 'A') ||
            setweight(to_tsvector('simple', left(body_terms, 900000)), 'B')
        ) STORED""",
    "CREATE INDEX search_document_vector_idx ON search_document USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_idx",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run_for_vendor({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
