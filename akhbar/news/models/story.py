"""A story: the articles of several outlets about one event."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Story(models.Model):
    title = models.CharField(_("title"), max_length=500)
    first_published_at = models.DateTimeField(_("first published at"), null=True, db_index=True)
    last_published_at = models.DateTimeField(_("last published at"), null=True, db_index=True)
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    source_count = models.PositiveIntegerField(_("outlets"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Provenance: the article that published first (publication time, then ingestion time)
    # and the agencies any of the story's articles credit ("APS", "AFP", "Reuters", "SPA").
    first_article = models.ForeignKey(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first published by"),
    )
    agency_credits = models.JSONField(_("agency credits"), default=list, blank=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-last_published_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:story", args=[self.pk])
