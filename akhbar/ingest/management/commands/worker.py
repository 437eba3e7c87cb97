"""``akhbar worker [CELERY OPTIONS]``: a Celery worker that runs the pipeline's tasks."""

from akhbar.ingest.management.celerycmd import CeleryCommand


class Command(CeleryCommand):
    help = "Start a Celery worker (`celery worker`); every option is passed to Celery."
    celery_command = "worker"
