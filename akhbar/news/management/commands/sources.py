"""``akhbar sources load FILE.toml``: validate a sources file, then store it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from akhbar.news.categories import ensure_categories
from akhbar.news.loading import load_sources
from akhbar.news.sourcefile import SourceFileError, parse_sources


class Command(BaseCommand):
    help = "Manage sources: `sources load FILE.toml` validates the file and loads its outlets."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load sources and feeds from a TOML file.")
        load.add_argument("file", type=Path)

    def handle(self, *args, action: str, **options):
        if action == "load":
            self.load(options["file"])

    def load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"sources: cannot read {path}: {exc}") from None
        try:
            specs = parse_sources(text, filename=str(path))
        except SourceFileError as exc:
            raise CommandError(f"sources: {path} has errors, nothing was loaded:\n{exc}") from None
        ensure_categories()
        report = load_sources(specs)
        self.stdout.write(f"{path}: {report.summary()}")
