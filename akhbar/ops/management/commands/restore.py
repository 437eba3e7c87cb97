"""``akhbar restore FILE``: put a backup made by ``akhbar backup`` back in place."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from akhbar.ops.backup import BackupError, restore_sqlite
from akhbar.ops.management.commands.backup import PG_GUIDANCE, _bar


class Command(BaseCommand):
    help = "Restore the SQLite database from a backup file (stop the site and crawler first)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if connection.vendor != "sqlite":
            raise CommandError(PG_GUIDANCE.replace("backup:", "restore:"))
        with tqdm(unit="page", desc="restore", file=self.stderr._out) as bar:
            try:
                restore_sqlite(file, Path(connection.settings_dict["NAME"]), _bar(bar))
            except (BackupError, OSError) as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(f"restore: {file} restored")
