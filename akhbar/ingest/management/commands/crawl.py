"""``akhbar crawl --once``: poll every due feed once and ingest what it lists."""

import sys
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from akhbar.ingest import pipeline
from akhbar.ops.alerts import evaluate_safely
from akhbar.search.term_rows import refresh_when_due


def progress_bar(total_hint: str = "feeds"):
    """A tqdm bar on standard error when it is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" " + total_hint, file=sys.stderr, leave=False)


class Command(BaseCommand):
    help = "Poll the due feeds once (--once) and ingest their new articles."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass over the due feeds.")
        parser.add_argument("--limit", type=int, default=None, help="Claim at most N feeds.")
        parser.add_argument(
            "--lease",
            type=float,
            default=pipeline.LEASE.total_seconds(),
            help="Seconds a claimed feed stays reserved (a crashed run's feeds wait this long).",
        )

    def handle(self, *args, once: bool, limit, lease: float, **options):
        if not once:
            raise CommandError("crawl: say --once (`akhbar run` crawls continuously)")
        bar = progress_bar()
        try:
            summary = pipeline.crawl_once(
                limit=limit,
                lease=timedelta(seconds=lease),
                progress=bar and (lambda _: bar.update()),
            )
        finally:
            if bar is not None:
                bar.close()
        for line in summary.lines():
            self.stdout.write(f"crawl: {line}")
        # the operator's alerts follow each pass: open the new ones, resolve the cleared
        alerts = evaluate_safely()
        if alerts is not None:
            self.stdout.write(f"crawl: {alerts.line()}")
        # and, when due, the search index's frequent terms' row counts (SQLite)
        if refresh_when_due():
            self.stdout.write("crawl: the frequent terms' row counts stored")
