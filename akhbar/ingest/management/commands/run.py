"""``akhbar run``: serve the site and run the pipeline in the background."""

import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from akhbar.ingest.runner import EmbeddedRunner
from akhbar.web.serving import SERVERS, serve

log = logging.getLogger("akhbar.run")


def crawl_pass(stop) -> None:
    """One pass of the crawler over the due feeds; `stop` ends it early, cleanly."""
    from akhbar.ingest import pipeline

    summary = pipeline.crawl_once(stop=stop)
    if summary.feeds:
        log.info("crawl: %s", "; ".join(summary.lines()))


class Command(BaseCommand):
    help = "Serve the site (granian or waitress) and run the crawler in a background thread."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="Threads per process.")
        parser.add_argument("--workers", type=int, default=1, help="Serving processes (granian).")
        parser.add_argument("--server", choices=SERVERS, default="granian")
        parser.add_argument("--no-crawl", action="store_true", help="Serve only.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between passes.")
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply migrations.")

    def handle(
        self, *args, host, port, threads, workers, server, no_crawl, interval, no_migrate, **options
    ):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        # with AKHBAR_RUNNER=celery the workers crawl (`akhbar worker`, `akhbar beat`)
        crawls = not no_crawl and settings.AKHBAR_RUNNER != "celery"
        runner = EmbeddedRunner(crawl_pass, interval) if crawls else None

        def ready(bound: int) -> None:
            self.stdout.write(f"akhbar: serving http://{host}:{bound}/ (Ctrl-C stops)")
            if runner:
                runner.start()

        try:
            serve(server, host, port, threads, workers, on_ready=ready)
        except KeyboardInterrupt:
            pass
        finally:
            self.stdout.write("akhbar: stopping")
            if runner:
                runner.stop()
