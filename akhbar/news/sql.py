"""Plain SQL for the hot paths that skip the ORM (folding, lists of headlines, search)."""

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX


def fetch(sql: str, params=(), connection=None) -> list[tuple]:
    """Every row of one statement, on `connection` (the default database when None)."""
    return _run(sql, params, connection, rows=True)


def execute(sql: str, params=(), connection=None) -> int:
    """Run one statement that returns no rows (INSERT, UPDATE, DELETE); its row count."""
    return _run(sql, params, connection, rows=False)


def _run(sql: str, params, connection, rows: bool):
    # the wrapper itself, once: each attribute read through django.db.connection (a proxy
    # to this thread's wrapper) costs a lookup in asgiref's Local
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if _plain_sqlite(connection):
        # Straight to the DB-API cursor: through Django's cursor wrapper a statement cost
        # 11.3 µs, this way 3.4 µs (and Django's SQLite cursor rewrites the placeholders of
        # a 42-row INSERT with a regular expression at every call; here once per statement
        # text); a fold and a page run about a dozen statements each. Django's error
        # classes and its thread check are kept.
        connection.validate_thread_sharing()
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(_qmark(sql), params)
                return cursor.fetchall() if rows else cursor.rowcount
            finally:
                cursor.close()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if rows else cursor.rowcount


def _plain_sqlite(connection) -> bool:
    """An open SQLite connection that nothing watches: no query log (DEBUG, tests counting
    queries), no execute wrappers, no broken transaction (Django's path raises for it)."""
    return (
        connection.vendor == "sqlite"
        and connection.connection is not None
        and not connection.queries_logged
        and not connection.execute_wrappers
        and not connection.needs_rollback
    )


@lru_cache(maxsize=2048)
def _qmark(sql: str) -> str:
    """Django's "format" placeholders as SQLite's "qmark" ones, as Django's SQLite cursor
    converts them (``%s`` → ``?``, ``%%`` → ``%``)."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


def placeholders(values) -> str:
    """One ``%s`` per value, comma-separated: for ``IN (...)`` and multi-row VALUES."""
    return ", ".join(["%s"] * len(values))
