"""``akhbar export --jsonl [--output FILE]``: the archive as JSON lines."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from akhbar.news.export import export_records


class Command(BaseCommand):
    help = "Export articles, one JSON object per line (fields: see docs/CLI.md)."

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", help="Write JSON lines (the default).")
        parser.add_argument("--output", "-o", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, output: Path | None, **options):
        if output is None:
            count = self.write(sys.stdout)
        else:
            try:
                with output.open("w", encoding="utf-8") as stream:
                    count = self.write(stream)
            except OSError as exc:
                raise CommandError(f"export: cannot write {output}: {exc}") from None
        self.stderr.write(f"export: {count} articles written")

    def write(self, stream) -> int:
        count = 0
        for record in export_records():
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
