"""An article as one outlet published it, and the earlier versions it replaced."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from akhbar.news.links import cached_reverse


class ImageState(models.TextChoices):
    NONE = "none", _("No image")
    SHOWN = "shown", _("Shown")
    HIDDEN = "hidden", _("Hidden after reports")
    CONFIRMED = "confirmed", _("Hidden by a moderator")
    BANNED = "banned", _("Banned")


class Article(models.Model):
    # The foreign keys below have no index of their own: each leads a composite index of
    # Meta.indexes, which serves the same lookups (migration 0008).
    source = models.ForeignKey(
        "news.Source",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("source"),
        db_index=False,
    )
    url = models.URLField(_("canonical URL"), max_length=1000, unique=True)
    title = models.CharField(_("title"), max_length=500)
    lede = models.TextField(_("lede"), blank=True)
    body = models.TextField(_("body"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, db_index=True)
    fetched_at = models.DateTimeField(_("fetched at"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    category = models.ForeignKey(
        "news.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("category"),
        db_index=False,
    )
    image_url = models.URLField(_("image URL"), max_length=1000, blank=True)
    image_state = models.CharField(
        _("image state"), max_length=16, choices=ImageState.choices, default=ImageState.NONE
    )
    # Fingerprints: the exact hash of the normalized body; the MinHash signature used to
    # find near-duplicates (wire copies) was stored here by folds before 30 Nov 2026 and is
    # now kept in StoryKey.minhash only (this column is read for older rows only).
    body_hash = models.CharField(_("body fingerprint"), max_length=64, blank=True, db_index=True)
    minhash = models.BinaryField(_("MinHash signature"), null=True, blank=True)
    # What the page looked like when we last read it: a changed hash on a
    # re-poll means the source edited the article (the old text goes to
    # ArticleRevision); removed_at_source is set on a 404/410.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    edited_at_source = models.DateTimeField(_("edited at the source"), null=True, blank=True)
    removed_at_source = models.DateTimeField(_("removed at the source"), null=True, blank=True)
    held_reason = models.CharField(_("held back because"), max_length=200, blank=True)
    story = models.ForeignKey(
        "news.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("story"),
        db_index=False,
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("duplicate of"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["source", "-published_at"], name="article_source_idx"),
            models.Index(fields=["category", "-published_at"], name="article_category_idx"),
            # The front page's "originals only, newest first": without it SQLite reads every
            # original (duplicate_of IS NULL) and sorts them.
            models.Index(fields=["duplicate_of", "-published_at"], name="article_original_idx"),
            # Pages that stay bounded on a large archive (migration 0006 says which query each
            # serves): an outlet's and a category's lists, each outlet's latest original, a
            # story's originals. The first two also count an outlet's or a section's visible
            # articles (pagination) from the index alone: held_reason is stored after the
            # body, so a row check would read the whole row.
            models.Index(
                fields=["source", "held_reason", "-published_at"], name="article_source_list_idx"
            ),
            # These two end in -id, the lists' tiebreak (NEWEST_FIRST): a list read in their
            # order needs no sort of the rows that share a publication time (migration 0014).
            models.Index(
                fields=["category", "held_reason", "-published_at", "-id"],
                name="article_category_newest_idx",
            ),
            models.Index(
                fields=["source", "duplicate_of", "-published_at", "-id"],
                name="article_source_newest_orig_idx",
            ),
            models.Index(
                fields=["story", "duplicate_of", "published_at"], name="article_story_original_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("web:article", self.source.slug, self.pk)

    @property
    def image_hidden(self) -> bool:
        return self.image_state in (ImageState.HIDDEN, ImageState.CONFIRMED, ImageState.BANNED)

    @property
    def visible_image_url(self) -> str:
        """The image to show readers: empty when there is none or it is hidden."""
        return "" if self.image_hidden else self.image_url


class ArticleRevision(models.Model):
    """A version of an article that its source later replaced."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    title = models.CharField(_("title"), max_length=500)
    lede = models.TextField(_("lede"), blank=True)
    body = models.TextField(_("body"), blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    seen_from = models.DateTimeField(_("seen from"))
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.replaced_at:%Y-%m-%d %H:%M})"
