from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    name = "akhbar.readership"
    label = "readership"
    verbose_name = _("Readership")
