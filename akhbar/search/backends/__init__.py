"""One backend per database vendor; ``backend_for(connection)`` picks it."""

from akhbar.search.backends.base import SearchBackend


def backend_for(connection) -> SearchBackend:
    if connection.vendor == "postgresql":
        from akhbar.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    from akhbar.search.backends.sqlite import SqliteBackend

    return SqliteBackend(connection)
