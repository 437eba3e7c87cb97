from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "akhbar.ingest"
    label = "ingest"
