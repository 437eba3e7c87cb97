"""``akhbar beat [CELERY OPTIONS]``: the Celery scheduler that sends the crawl's ticks."""

from akhbar.ingest.management.celerycmd import CeleryCommand


class Command(CeleryCommand):
    help = "Start the Celery beat scheduler (`celery beat`); every option is passed to Celery."
    celery_command = "beat"
