"""A feed (or listing page) of a source, with what polling it has taught us."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedKind(models.TextChoices):
    RSS = "rss", "RSS"
    ATOM = "atom", "Atom"
    JSON = "jsonfeed", "JSON Feed"
    SITEMAP = "sitemap", _("News sitemap")
    HTML = "html", _("HTML listing page")


class ErrorKind(models.TextChoices):
    DNS = "dns", _("DNS failure")
    TIMEOUT = "timeout", _("Timeout")
    CONNECTION = "connection", _("Connection failure")
    HTTP = "http", _("HTTP error status")
    PARSE = "parse", _("Unparseable content")
    ROBOTS = "robots", _("Disallowed by robots.txt")
    TOO_LARGE = "too_large", _("Response too large")
    UNSAFE = "unsafe", _("Unsafe address")
    OTHER = "other", _("Other error")


class Feed(models.Model):
    source = models.ForeignKey(
        "news.Source", on_delete=models.CASCADE, related_name="feeds", verbose_name=_("source")
    )
    url = models.URLField(_("URL"), max_length=1000, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=FeedKind.choices, default=FeedKind.RSS
    )
    etag = models.CharField(_("ETag"), max_length=500, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    next_check_at = models.DateTimeField(_("next check at"), default=timezone.now, db_index=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success at"), null=True, blank=True)
    consecutive_errors = models.PositiveIntegerField(_("consecutive errors"), default=0)
    error_count = models.PositiveIntegerField(_("errors in total"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_kind = models.CharField(
        _("last error kind"), max_length=16, choices=ErrorKind.choices, blank=True
    )
    broken_since = models.DateTimeField(_("broken since"), null=True, blank=True)
    mean_delay_seconds = models.FloatField(_("mean delay to ingestion (s)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["source__slug", "url"]
        indexes = [models.Index(fields=["active", "next_check_at"], name="feed_due_idx")]

    def __str__(self) -> str:
        return self.url

    @property
    def is_broken(self) -> bool:
        return self.broken_since is not None
