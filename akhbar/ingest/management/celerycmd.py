"""What ``akhbar worker`` and ``akhbar beat`` share: hand the command line to Celery."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class CeleryCommand(BaseCommand):
    """Run ``celery <celery_command> [ARGS...]`` on Akhbar's Celery app, configured from the
    same settings as everything else; every argument after the command goes to Celery."""

    celery_command = ""

    def run_from_argv(self, argv: list[str]) -> None:
        # Celery parses its own options: Django's parser would refuse them
        try:
            self.handle(*argv[2:])
        except CommandError as error:
            self.stderr.write(f"{error}")
            raise SystemExit(2) from None

    def handle(self, *args: str, **options) -> None:
        if not settings.REDIS_URL:
            raise CommandError(
                f"{self.celery_command}: REDIS_URL is not set (the Celery broker); "
                "see docs/DEPLOY.md"
            )
        from akhbar.ingest.celery_app import app

        app.start([self.celery_command, *args])
