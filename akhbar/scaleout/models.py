"""Dead letters: feeds, articles and tasks that keep failing, for the operator to see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadLetterKind(models.TextChoices):
    FEED = "feed", _("feed")
    ARTICLE = "article", _("article")
    TASK = "task", _("task")


class DeadLetter(models.Model):
    """One failing feed (key: its id), article (key: its URL) or task (key: name + args).

    A row counts the failures since the last success and is deleted by the next success;
    it is *dead* once ``failures`` reaches ``AKHBAR_DEAD_LETTER_AFTER``. Written with an
    upsert on the unique (kind, key), so workers failing at once count every failure.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=DeadLetterKind.choices)
    key = models.CharField(_("key"), max_length=1000)
    task = models.CharField(_("task"), max_length=100, blank=True)
    source = models.ForeignKey(
        "news.Source", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("source")
    )
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    error_kind = models.CharField(_("error kind"), max_length=16, blank=True)
    first_failed_at = models.DateTimeField(_("first failed at"))
    last_failed_at = models.DateTimeField(_("last failed at"), db_index=True)

    class Meta:
        verbose_name = _("dead letter")
        verbose_name_plural = _("dead letters")
        ordering = ["-last_failed_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="scaleout_deadletter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
