"""``akhbar import-warc FILE.warc.gz …``: archived news pages through the pipeline, resumable.

(Django names commands after their module, so this is ``import_warc``; ``akhbar.cli`` also
accepts the spelling ``import-warc``.)
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from akhbar.ingest.warc import import_warc


class Command(BaseCommand):
    help = "Import the HTML pages of WARC files (e.g. CC-NEWS) as articles; resumable."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="WARC files (.warc or .warc.gz)")
        parser.add_argument("--restart", action="store_true", help="ignore earlier progress")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, files: list[Path], restart: bool, no_progress: bool, **options):
        progress_dir = Path(settings.DATA_DIR) / "warc-progress"
        for path in files:
            if not path.is_file():
                raise CommandError(f"import-warc: cannot read {path}")
            size = path.stat().st_size
            with tqdm(
                total=size,
                unit="B",
                unit_scale=True,
                desc=path.name,
                file=sys.stderr,
                disable=no_progress,
            ) as bar:
                summary = import_warc(path, progress_dir, restart=restart, on_bytes=bar.update)
            self.stdout.write(f"{path.name}: {summary.line()}")
