"""``akhbar reindex``: rebuild the search index (after an analyzer change, or to repair it)."""

import os

from django.core.management.base import BaseCommand
from tqdm import tqdm

from akhbar.news.models import Article
from akhbar.search import term_rows
from akhbar.search.index import reindex, stale_count


class Command(BaseCommand):
    help = (
        "Rebuild the search index with the current analyzer, with a progress bar; then store "
        "the frequent terms' row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true", help="Only missing or outdated entries."
        )
        parser.add_argument(
            "--counts",
            action="store_true",
            help="Only store the frequent terms' row counts (SQLite; done after every reindex).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes running the analyzer (default: one per CPU).",
        )

    def handle(self, *args, stale: bool, counts: bool, workers: int, **options):
        if not counts:
            total = stale_count() if stale else Article.objects.count()
            with tqdm(total=total, unit="article", desc="reindex", file=self.stderr._out) as bar:
                done = reindex(only_stale=stale, progress=bar.update, workers=workers)
            self.stdout.write(f"reindex: {done} articles indexed")
        # an analyzer change moves the terms' counts, not the index's rows: after any reindex
        stored = term_rows.refresh()
        self.stdout.write(f"reindex: {stored} frequent terms' row counts stored")
