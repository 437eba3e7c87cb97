"""``akhbar export --jsonl|--parquet [--output FILE] [filters]``: the archive as a dataset."""

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from akhbar.news.export import ExportFilters, export_records, exported_articles, write_parquet


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"export: {value!r} is not a day (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Export the articles readers may see, as JSON lines or Parquet (fields: docs/CLI.md)."

    def add_arguments(self, parser):
        formats = parser.add_mutually_exclusive_group()
        formats.add_argument("--jsonl", action="store_true", help="JSON lines (the default).")
        formats.add_argument("--parquet", action="store_true", help="Parquet (needs --output).")
        parser.add_argument("--output", "-o", type=Path, help="File to write (default: stdout).")
        parser.add_argument("--source", help="only this outlet (slug)")
        parser.add_argument("--category", help="only this category (slug)")
        parser.add_argument("--language", help="only this language (ar, fr, en)")
        parser.add_argument("--since", type=_day, help="published on or after this day")
        parser.add_argument("--until", type=_day, help="published on or before this day")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, output: Path | None, parquet: bool, **options):
        if parquet and output is None:
            raise CommandError("export: --parquet needs --output FILE")
        names = ("source", "category", "language", "since", "until")
        articles = exported_articles(ExportFilters(**{name: options[name] for name in names}))
        total = articles.count()
        with tqdm(
            total=total, unit="article", file=sys.stderr, disable=options["no_progress"]
        ) as bar:
            records = self.counted(export_records(articles), bar)
            try:
                count = (
                    write_parquet(records, output) if parquet else self.write_jsonl(records, output)
                )
            except OSError as exc:
                raise CommandError(f"export: cannot write {output}: {exc}") from None
        self.stderr.write(f"export: {count} articles written")

    def counted(self, records, bar):
        for record in records:
            yield record
            bar.update(1)

    def write_jsonl(self, records, output: Path | None) -> int:
        if output is None:
            return self.write(records, sys.stdout)
        with output.open("w", encoding="utf-8") as stream:
            return self.write(records, stream)

    def write(self, records, stream) -> int:
        count = 0
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
