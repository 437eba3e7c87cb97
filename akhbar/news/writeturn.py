"""Writers of one SQLite file take turns in the kernel, not in SQLite's busy handler.

SQLite lets one transaction write at a time. A writer that finds the file locked waits in
its busy handler, which sleeps and retries (1, 2, 5, 10 … up to 100 ms between tries): two
`akhbar crawl` processes storing articles side by side spent most of their time asleep, and
ingested fewer articles together than one alone (bench/bench_throughput.py). Instead, a
writer first takes an exclusive `flock` on a file beside the database (`<database>.writer`)
and holds it until its transaction ends: the next writer wakes the moment it is released.

The turn is an optimisation, not the safety: the transaction itself is what SQLite locks,
so a writer that does not take a turn (the site's report button, an admin edit) still waits
in the busy handler as before and nothing is ever written unlocked. A process killed while
holding a turn releases it with its file descriptors. On PostgreSQL, and on a database SQLite
keeps in memory, `writer_turn` does nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator

from django.db import connections

# A writer's page cache: SQLite's default of 2 MB, not the 64 MB readers keep between
# requests (conf.SQLITE_INIT). At the end of every write transaction SQLite truncates its
# page cache to the database's size (pager.c, pager_end_transaction), a walk over the cache's
# hash table that grows with the cache; and the pages a writer reads (the band keys and story
# terms of random earlier articles) are seldom read again. Folding at 1 M articles took
# 4.74-4.84 ms CPU per article with 2 MB against 4.99-5.16 ms with 64 MB (docs/STORIES.md).
WRITER_CACHE_KIB = 2000

# (process, lock file) → descriptor: a forked child opens its own (a descriptor it inherited
# shares its parent's lock). flock is per open file, so threads queue on a Lock first.
_TURNS: dict[tuple[int, str], tuple[int, threading.Lock]] = {}
_GUARD = threading.Lock()
_HELD = threading.local()  # the lock files this thread holds a turn of


def _lock_file(database: str) -> str | None:
    if not database or database == ":memory:" or "mode=memory" in database:
        return None
    return f"{os.fspath(database)}.writer"


def _turn_of(path: str) -> tuple[int, threading.Lock]:
    key = (os.getpid(), path)
    with _GUARD:
        if key not in _TURNS:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            _TURNS[key] = (descriptor, threading.Lock())
        return _TURNS[key]


@contextlib.contextmanager
def writer_turn(using: str = "default") -> Iterator[None]:
    """Around a write transaction: wait for this process's (and this thread's) turn first,
    with the small page cache of a writer (``WRITER_CACHE_KIB``) on this connection.

    Nested use, or use inside a transaction that is open already, takes no second turn.
    """
    connection = connections[using]
    path = _lock_file(str(connection.settings_dict["NAME"]))
    held = getattr(_HELD, "paths", None)
    if held is None:
        held = _HELD.paths = set()
    if connection.vendor != "sqlite" or connection.in_atomic_block or path in held | {None}:
        yield
        return
    connection.ensure_connection()
    if getattr(connection, "_akhbar_writer_cache_set_on", None) is not connection.connection:
        # once per SQLite connection: it keeps the setting for its life
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
        connection._akhbar_writer_cache_set_on = connection.connection
    descriptor, threads = _turn_of(path)
    with threads:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
