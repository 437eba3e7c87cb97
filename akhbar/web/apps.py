from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "akhbar.web"
    label = "web"
