from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleoutConfig(AppConfig):
    name = "akhbar.scaleout"
    label = "scaleout"
    verbose_name = _("Scale-out")
