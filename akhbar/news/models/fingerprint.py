"""What deduplication and story clustering remember, in indexed tables shared by all workers.

No worker keeps a private index: a new process (or a restart) finds every earlier article
through these rows, and several workers see each other's articles as soon as they commit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BandKey(models.Model):
    """One MinHash LSH band key of an article (42 per article, see stories/fingerprints.py).

    The band number is hashed into ``key``, so one table finds the articles that share any
    band. ``bucket`` is the time bucket of the article's publication (else ingestion) time
    (stories/timebuckets.py): leading the key, it keeps the inserts of new articles in the
    newest part of the table, and a lookup seeks only in the buckets its window overlaps;
    the window itself is checked on the candidates' story keys.

    The primary key (bucket, key, article) is the whole row: on SQLite the table is created
    WITHOUT ROWID (migration news/0012), so a band key is one entry of the table's B-tree
    (about 21 bytes) and one of the (article) index (19). It replaced ``LshBand`` (a rowid
    table of id, key, at, bucket and article with a (bucket, key, at, article) index and an
    (article) index: three B-trees and about 117 bytes per band key).
    """

    pk = models.CompositePrimaryKey("bucket", "key", "article")
    bucket = models.IntegerField(_("time bucket"))
    key = models.BigIntegerField(_("band key"))
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="band_keys", db_index=False
    )

    class Meta:
        verbose_name = _("LSH band key")
        verbose_name_plural = _("LSH band keys")
        # the article's band keys, for deleting an article (the primary key leads with the
        # bucket); article ids grow, so its inserts append
        indexes = [models.Index(fields=["article"], name="bandkey_article_idx")]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"


class StoryKey(models.Model):
    """The story keys of a processed article; its existence marks the article as folded."""

    article = models.OneToOneField(
        "news.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="story_key",
        verbose_name=_("article"),
    )
    story = models.ForeignKey(
        "news.Story", on_delete=models.CASCADE, related_name="keys", verbose_name=_("story")
    )
    at = models.DateTimeField(_("publication or ingestion time"))
    shingle_count = models.PositiveIntegerField(_("5-shingles"), default=0)
    version = models.PositiveSmallIntegerField(_("fingerprint version"), default=1)
    keys = models.JSONField(_("keys"), default=dict)
    # The article's MinHash signature, read by the duplicate lookup for each of its
    # candidates: a small row here rather than a random read of the article table (where
    # folds before 30 Nov 2026 also stored it, after the body, often past its overflow pages).
    minhash = models.BinaryField(_("MinHash signature"), null=True, blank=True)

    class Meta:
        verbose_name = _("story key")
        verbose_name_plural = _("story keys")

    def __str__(self) -> str:
        return f"{self.article_id} → {self.story_id}"


class StoryTerm(models.Model):
    """A key term or entity of a story's article, dated, for finding story candidates."""

    term = models.CharField(_("term"), max_length=64)
    at = models.DateTimeField(_("publication or ingestion time"))
    bucket = models.IntegerField(_("time bucket"), null=True)  # of ``at``, see BandKey
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="story_terms", db_index=False
    )
    story = models.ForeignKey(
        "news.Story", on_delete=models.CASCADE, related_name="terms", db_index=False
    )

    class Meta:
        verbose_name = _("story term")
        verbose_name_plural = _("story terms")
        indexes = [
            # (bucket, term, at, article): the candidate lookup counts articles per term
            # within the story window from the index alone, without reading a table row per
            # match; the bucket keeps new rows in the newest part of the index
            models.Index(
                fields=["bucket", "term", "at", "article"], name="storyterm_bucket_term_idx"
            ),
            models.Index(fields=["article"], name="storyterm_article_idx"),
            models.Index(fields=["story"], name="storyterm_story_idx"),
        ]

    def __str__(self) -> str:
        return self.term


class StoryMerge(models.Model):
    """A story folded into another when a later article showed both were one event.

    The absorbed story's row is deleted; this row keeps its id pointing at the story that
    took its articles, so old links and workers holding the old id find the right story.
    """

    absorbed_id = models.BigIntegerField(_("absorbed story"), primary_key=True)
    into = models.ForeignKey(
        "news.Story", on_delete=models.CASCADE, related_name="+", verbose_name=_("merged into")
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("story merge")
        verbose_name_plural = _("story merges")

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.into_id}"
