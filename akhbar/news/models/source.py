"""An outlet: a newspaper, agency, radio or TV station that publishes news."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from akhbar.news.links import cached_reverse
from akhbar.news.slugs import is_reserved


class SourceKind(models.TextChoices):
    AGENCY = "agency", _("News agency")
    DAILY = "daily", _("Daily newspaper")
    WEEKLY = "weekly", _("Weekly newspaper")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    ONLINE = "online", _("Online outlet")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


def choice_label(choices: type[models.TextChoices], value):
    """What Django's ``get_FOO_display`` gives for `value` of a field with these `choices`:
    the choice's label in the reader's language, or the value itself when it is none."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Source(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    homepage = models.URLField(_("homepage"), max_length=500)
    country = models.CharField(_("country"), max_length=2, default="DZ")
    languages = models.JSONField(_("languages"), default=list)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    ownership = models.CharField(_("ownership"), max_length=16, choices=Ownership.choices)
    timezone = models.CharField(_("time zone"), max_length=64, default="Africa/Algiers")
    rules = models.JSONField(_("extraction rules"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return cached_reverse("web:source", self.slug)

    # Django's own get_FOO_display builds a dict of every choice at each call, hashing (and so
    # translating) each lazy label: a tenth of an outlet's page, for two words.
    def get_kind_display(self) -> str:
        return choice_label(SourceKind, self.kind)

    def get_ownership_display(self) -> str:
        return choice_label(Ownership, self.ownership)

    def clean(self) -> None:
        if is_reserved(self.slug):
            raise ValidationError({"slug": _("This slug is taken by one of the site's own pages.")})

    @property
    def display_name(self) -> str:
        """The name in the reader's interface language, falling back to Arabic."""
        if (get_language() or "ar").startswith("ar") or not self.name_fr:
            return self.name_ar
        return self.name_fr
