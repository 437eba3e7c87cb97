"""How many times each article was read, one row per article and day."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleView(models.Model):
    """A daily counter: cheap to bump (one UPDATE), cheap to rank (an index on day, count)."""

    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views")
        verbose_name_plural = _("article views")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="one_counter_per_article_day")
        ]
        indexes = [models.Index(fields=["day", "-count"], name="readership_day_count_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.count}"
