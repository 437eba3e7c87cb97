"""Backups of the embedded SQLite database through SQLite's online backup API.

The online backup copies a consistent snapshot while the site and the
crawler keep running (pages are copied in steps; writers are not blocked
for the whole copy). PostgreSQL deployments use pg_dump (docs/DEPLOY.md).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

PAGES_PER_STEP = 1024


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, progress) -> None:
    def report(status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=report)


def backup_sqlite(database: Path, output: Path, progress: Callable | None = None) -> int:
    """Copy the live database to ``output``; returns the size in bytes."""
    if not database.exists():
        raise BackupError(f"backup: no database at {database}")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with contextlib.closing(sqlite3.connect(database)) as source:
        with contextlib.closing(sqlite3.connect(partial)) as target:
            _copy(source, target, progress)
    # The backup appears under its name only once complete.
    partial.replace(output)
    return output.stat().st_size


def restore_sqlite(backup: Path, database: Path, progress: Callable | None = None) -> None:
    """Replace the live database's content with the backup's, page by page."""
    if not backup.exists():
        raise BackupError(f"restore: no backup at {backup}")
    with contextlib.closing(sqlite3.connect(backup)) as source:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"restore: {backup} is damaged: {check}")
        with contextlib.closing(sqlite3.connect(database)) as target:
            _copy(source, target, progress)
