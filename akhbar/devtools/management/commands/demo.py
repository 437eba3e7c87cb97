"""``akhbar demo``: set up the offline demo and serve it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from akhbar.devtools.demo import load_demo_articles, load_demo_outlets, read_corpus


class Command(BaseCommand):
    help = "Migrate, load the demo outlets and articles (invented demo content), then serve."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set up, then exit.")

    def handle(self, *args, host, port, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        report = load_demo_outlets()
        self.stdout.write(f"demo: {report.summary()}")
        count = load_demo_articles(read_corpus())
        self.stdout.write(f"demo: {count} demo articles stored")
        if not no_serve:
            call_command("run", host=host, port=port, no_crawl=True, no_migrate=True)
