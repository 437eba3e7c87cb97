from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "akhbar.web"
    label = "web"

    def ready(self):
        from akhbar.web.caching import connect_signals

        connect_signals()
