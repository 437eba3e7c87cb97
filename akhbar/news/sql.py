"""Plain SQL for the hot paths that skip the ORM (folding, lists of headlines, search)."""

from django.db import connection as default_connection


def fetch(sql: str, params=(), connection=None) -> list[tuple]:
    """Every row of one statement, on `connection` (the default database when None)."""
    with (connection or default_connection).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(values) -> str:
    """One ``%s`` per value, comma-separated: for ``IN (...)`` and multi-row VALUES."""
    return ", ".join(["%s"] * len(values))
