"""The fixed taxonomy of sections that articles are filed under."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# slug, Arabic, French, English: the taxonomy every outlet's sections map to.
TAXONOMY = [
    ("politics", "سياسة", "Politique", "Politics"),
    ("national", "وطني", "National", "National"),
    ("international", "دولي", "International", "World"),
    ("economy", "اقتصاد", "Économie", "Economy"),
    ("sports", "رياضة", "Sports", "Sports"),
    ("culture", "ثقافة", "Culture", "Culture"),
    ("religion", "دين", "Religion", "Religion"),
    ("health", "صحة", "Santé", "Health"),
    ("society", "مجتمع", "Société", "Society"),
    ("technology", "تكنولوجيا", "Technologie", "Technology"),
    ("opinion", "رأي", "Opinion", "Opinion"),
]


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=32, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("web:category", args=[self.slug])

    @property
    def display_name(self) -> str:
        language = (get_language() or "ar")[:2]
        return {"fr": self.name_fr, "en": self.name_en}.get(language, self.name_ar)
