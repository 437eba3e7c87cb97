"""Operator alerts: one row per outlet and problem while the problem lasts."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Problem(models.TextChoices):
    """What can be wrong with an outlet (akhbar.ops.health names them)."""

    BLOCKED = "blocked", _("Blocked (403)")
    RATE_LIMITED = "rate_limited", _("Rate-limited")
    TIMING_OUT = "timing_out", _("Timing out")
    FEED_BROKEN = "feed_broken", _("Feed broken")
    FAILING = "failing", _("Failing")
    TEMPLATE_CHANGED = "template_changed", _("Template changed")
    QUIET = "quiet", _("Quiet")


class Alert(models.Model):
    """An outlet's problem, from the pass that first saw it to the pass that saw it cleared.

    At most one open alert per outlet and problem (a partial unique constraint), so two
    passes evaluating at once cannot open it twice.
    """

    source = models.ForeignKey(
        "news.Source", on_delete=models.CASCADE, related_name="alerts", verbose_name=_("source")
    )
    problem = models.CharField(_("problem"), max_length=32, choices=Problem.choices)
    since = models.DateTimeField(_("since"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "problem"],
                condition=Q(resolved_at__isnull=True),
                name="ops_alert_one_open_per_problem",
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "-opened_at"], name="ops_alert_open_idx")]

    def __str__(self) -> str:
        return f"{self.source.slug}: {self.problem}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
