"""``akhbar crawl --once``: poll every due feed once and ingest what it lists."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Poll the due feeds once (--once) and ingest their new articles."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass over the due feeds.")

    def handle(self, *args, **options):
        raise CommandError("crawl: not yet available (the crawler lands with issue 4)")
