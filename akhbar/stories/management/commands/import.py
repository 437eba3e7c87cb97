"""``akhbar import FILE.jsonl``: import a corpus through dedupe and story clustering."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from akhbar.stories.importing import RecordError, import_records, read_records


class Command(BaseCommand):
    help = "Import articles from a JSON-lines file (fields of the ANT corpus), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file, one article per line ('-' for stdin)")
        parser.add_argument("--batch-size", type=int, default=200, help="articles per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: str, batch_size: int, no_progress: bool, **options):
        started = time.monotonic()
        try:
            stream = sys.stdin if file == "-" else open(file, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"import: cannot read {file}: {error}") from error
        with stream:
            lines = stream.readlines()
        total = sum(1 for line in lines if line.strip())
        with tqdm(total=total, unit="article", file=sys.stderr, disable=no_progress) as bar:
            try:
                summary = import_records(read_records(lines), batch_size, progress=bar)
            except RecordError as error:
                raise CommandError(str(error)) from error
        for message in summary.errors[:20]:
            self.stderr.write(message)
        elapsed = time.monotonic() - started
        self.stdout.write(f"{summary.line()} in {elapsed:.1f} s")
