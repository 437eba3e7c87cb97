from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "akhbar.devtools"
    label = "devtools"
