"""``akhbar demo``: crawl the invented demo outlets from an in-process newsweb, then serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from akhbar.devtools.demo import allow_newsweb, crawl_demo, register_outlets, start_demo_web
from akhbar.news.categories import ensure_categories


class Command(BaseCommand):
    help = (
        "Start the simulated news web on 127.0.0.1 with the demo corpus (invented content), "
        "crawl it, then serve the site while the crawler keeps polling it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Crawl, then exit.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between passes.")

    def handle(self, *args, host, port, no_serve, interval, **options):
        call_command("migrate", interactive=False, verbosity=0)
        ensure_categories()
        web = start_demo_web()
        try:
            self.stdout.write(f"demo: newsweb serving the demo corpus at {web.base_url}")
            allow_newsweb(web)
            self.stdout.write(f"demo: {register_outlets(web)}")
            report = crawl_demo(web, progress=self.report_pass)
            self.stdout.write(
                f"demo: {report.stored} demo articles stored (of {report.expected} servable), "
                f"crawled in {report.passes} pass(es)"
            )
            if not no_serve:
                # newsweb keeps running in this process: the background crawler keeps polling it
                call_command("run", host=host, port=port, no_migrate=True, interval=interval)
        finally:
            web.stop()

    def report_pass(self, number: int, summary) -> None:
        for line in summary.lines():
            self.stdout.write(f"demo: pass {number}: {line}")
