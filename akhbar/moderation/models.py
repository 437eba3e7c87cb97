"""Readers' reports of images and articles, the state of each image, and the audit log.

An image is identified by its URL, not by an article: wire copies share the
image, so hiding it hides it in every article that shows it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImageReason(models.TextChoices):
    SHOCKING = "shocking", _("Shocking or violent image")
    UNRELATED = "unrelated", _("Image unrelated to the article")
    OTHER = "other", _("Other")


class ArticleReason(models.TextChoices):
    WRONG_SOURCE = "wrong_source", _("Wrong source")
    WRONG_DATE = "wrong_date", _("Wrong date")
    BROKEN_LINK = "broken_link", _("Broken link")
    DUPLICATE = "duplicate", _("Duplicate")
    OTHER = "other", _("Other")


class ImageStatusState(models.TextChoices):
    SHOWN = "shown", _("Shown")
    HIDDEN = "hidden", _("Hidden automatically")
    CONFIRMED = "confirmed", _("Hidden, confirmed by a moderator")
    RESTORED = "restored", _("Restored by a moderator")
    BANNED = "banned", _("Banned")


class ImageStatus(models.Model):
    """What readers and moderators decided about one image URL."""

    image_url = models.URLField(_("image URL"), max_length=1000, unique=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ImageStatusState.choices, default=ImageStatusState.SHOWN
    )
    # Weighted count of distinct reporters since the last restore.
    score = models.FloatField(_("weighted reports"), default=0.0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    restored_at = models.DateTimeField(_("restored at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    moderator_note = models.TextField(_("moderator's note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reported image")
        verbose_name_plural = _("reported images")
        ordering = ["-report_count", "-updated_at"]

    def __str__(self) -> str:
        return self.image_url


class ImageReport(models.Model):
    """One reader's report of one image; a reader counts once per image."""

    status = models.ForeignKey(
        ImageStatus, on_delete=models.CASCADE, related_name="reports", verbose_name=_("image")
    )
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.CASCADE,
        related_name="image_reports",
        verbose_name=_("article"),
    )
    reporter = models.CharField(_("reporter"), max_length=64)
    network = models.CharField(_("network"), max_length=64, db_index=True)
    reason = models.CharField(_("reason"), max_length=16, choices=ImageReason.choices, blank=True)
    weight = models.FloatField(_("weight"), default=1.0)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("image report")
        verbose_name_plural = _("image reports")
        constraints = [
            models.UniqueConstraint(fields=["status", "reporter"], name="one_report_per_reporter")
        ]

    def __str__(self) -> str:
        return f"{self.status.image_url} ({self.get_reason_display() or '-'})"


class ArticleReport(models.Model):
    """A reader's report about an article itself; never hides anything on its own."""

    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="reports", verbose_name=_("article")
    )
    reporter = models.CharField(_("reporter"), max_length=64)
    reason = models.CharField(_("reason"), max_length=16, choices=ArticleReason.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article report")
        verbose_name_plural = _("article reports")
        ordering = ["resolved", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reporter", "reason"], name="one_article_report_per_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} ({self.get_reason_display()})"


class BannedImageHost(models.Model):
    host = models.CharField(_("host"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("banned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("banned image host")
        verbose_name_plural = _("banned image hosts")

    def __str__(self) -> str:
        return self.host


class Decision(models.TextChoices):
    AUTO_HIDE = "auto_hide", _("Hidden automatically")
    CONFIRM = "confirm", _("Confirmed hidden")
    RESTORE = "restore", _("Restored")
    BAN_URL = "ban_url", _("Banned the image")
    BAN_HOST = "ban_host", _("Banned the image host")
    RESOLVE = "resolve", _("Resolved an article report")


class AuditEntry(models.Model):
    """Who decided what, when and why. Automatic decisions have no moderator."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("moderator"),
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    subject = models.CharField(_("subject"), max_length=1000)
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.subject}"
