"""``akhbar backup [--output FILE]``: a consistent copy of the embedded database."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from akhbar.ops.backup import BackupError, backup_sqlite

PG_GUIDANCE = (
    "backup: this deployment runs on PostgreSQL; use pg_dump, e.g.\n"
    '  pg_dump --format=custom --file=akhbar-$(date +%F).dump "$DATABASE_URL"\n'
    "and pg_restore to restore (see docs/DEPLOY.md)."
)


class Command(BaseCommand):
    help = "Back up the SQLite database with SQLite's online backup API (PostgreSQL: pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="Backup file to write.")

    def handle(self, *args, output: Path | None, **options):
        if connection.vendor != "sqlite":
            raise CommandError(PG_GUIDANCE)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        output = output or settings.DATA_DIR / "backups" / f"akhbar-{stamp}.sqlite3"
        with tqdm(unit="page", desc="backup", file=self.stderr._out) as bar:
            try:
                size = backup_sqlite(Path(connection.settings_dict["NAME"]), output, _bar(bar))
            except (BackupError, OSError) as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(f"backup: {output} ({size / 1e6:.1f} MB)")


def _bar(bar):
    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update
