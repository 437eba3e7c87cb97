"""``akhbar import``: bring a corpus of JSON lines in through the pipeline from analysis on.

A record has the fields of ``../shared/data/ant/articles.jsonl`` (``id, source, source_domain,
lang, url, title, body, abstract, category, date_iso`` or ``date, author``, …). Each one becomes
an ``ArticleDraft`` handed to the pipeline's ``ingest_article`` (insert-or-ignore on the URL,
so a re-import adds nothing; then wire group, story and search index in the same transaction),
exactly as a crawled article.
"""

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from akhbar.ingest.draft import ArticleDraft
from akhbar.ingest.store import ingest_article, serialize_folding
from akhbar.news.models import Article, Category, Source, Story
from akhbar.news.slugs import usable_slug
from akhbar.stories.service import fold_and_cluster
from akhbar.text.lang import detect_language

log = logging.getLogger(__name__)

# The corpus categories that are not already our taxonomy's slugs.
CATEGORY_ALIASES = {"world": "international", "sport": "sports", "tech": "technology"}


class RecordError(ValueError):
    """A record that cannot be imported (message prefixed "import:")."""


@dataclass
class ImportSummary:
    imported: int = 0
    skipped: int = 0
    duplicates: int = 0
    new_stories: int = 0
    errors: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # record id → article id

    def line(self) -> str:
        return (
            f"import: {self.imported} imported, {self.skipped} skipped, "
            f"{self.duplicates} duplicates folded, {self.new_stories} stories"
        )


def read_records(lines: Iterable[str]) -> Iterator[dict]:
    """Parsed JSON objects, one per non-blank line."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise RecordError(f"import: line {number}: {error}") from error


def parse_date(record: dict, zone: str) -> datetime | None:
    """``date_iso`` (ANT), ``published_at`` (our export), else ``date``, as an aware datetime;
    naive times are the outlet's local."""
    for name in ("date_iso", "published_at", "date"):
        value = (record.get(name) or "").strip()
        if not value:
            continue
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            continue
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=ZoneInfo(zone))
        return parsed
    return None


def category_slug(value: str | None, known: set[str]) -> str | None:
    slug = CATEGORY_ALIASES.get(value or "", value or "")
    return slug if slug in known else None


def source_for(record: dict, cache: dict[str, Source]) -> Source:
    """The outlet of a record: an existing Source (by slug) or a new one, created once."""
    name = (record.get("source") or "").strip()
    domain = (
        record.get("source_domain") or urlsplit(record.get("url") or "").hostname or ""
    ).strip()
    slug = usable_slug((slugify(name) or slugify(domain.replace(".", "-")))[:57])
    if not slug:
        raise RecordError("import: record has no source")
    if slug in cache:
        return cache[slug]
    source = Source.objects.filter(slug__in=[name, slug]).first()
    if source is None:
        source, _ = Source.objects.get_or_create(
            slug=slug[:64],
            defaults={
                "name_ar": name or domain,
                "name_fr": name if name.isascii() else "",
                "homepage": f"https://{domain}/" if domain else "https://invalid.test/",
                "country": (record.get("source_country") or "")[:2] or "DZ",
                "languages": [lang]
                if (lang := record.get("lang") or record.get("language"))
                else [],
                "kind": "online",
                "ownership": "private",
            },
        )
    cache[slug] = source
    return source


def draft_from(record: dict, source: Source, known_categories: set[str], now) -> ArticleDraft:
    url = (record.get("url") or "").strip()
    title = (record.get("title") or "").strip()
    body = record.get("body") or ""
    if not url or not title or len(url) > 1000:
        raise RecordError(f"import: record {record.get('id')!r} lacks a usable url or title")
    image = record.get("image") or ""
    return ArticleDraft(
        source_id=source.pk,
        url=url,
        original_url=url,
        title=title,
        lede=record.get("abstract") or record.get("lede") or "",
        body=body,
        author=(record.get("author") or "").strip(),
        published_at=parse_date(record, source.timezone),
        fetched_at=now,
        language=record.get("lang")
        or record.get("language")
        or detect_language(f"{title}\n{body}"),
        category=category_slug(record.get("category"), known_categories),
        image_url=image if image.startswith(("http://", "https://")) else "",
    )


def import_records(records: Iterable[dict], batch_size: int = 200, progress=None) -> ImportSummary:
    """Store and fold every record, ``batch_size`` per transaction; safe to run again."""
    summary = ImportSummary()
    sources: dict[str, Source] = {}
    known_categories = set(Category.objects.values_list("slug", flat=True))
    stories_before = Story.objects.count()
    created: list[int] = []
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            _import_batch(batch, summary, sources, known_categories, progress, created)
            batch = []
    if batch:
        _import_batch(batch, summary, sources, known_categories, progress, created)
    # Count at the end: a later, earlier-published copy can make an earlier one a duplicate.
    summary.duplicates = sum(
        Article.objects.filter(pk__in=created[i : i + 500], duplicate_of__isnull=False).count()
        for i in range(0, len(created), 500)
    )
    summary.new_stories = Story.objects.count() - stories_before
    return summary


@transaction.atomic
def _import_batch(batch, summary, sources, known_categories, progress, created) -> None:
    now = timezone.now()
    for record in batch:
        try:
            draft = draft_from(record, source_for(record, sources), known_categories, now)
        except RecordError as error:
            summary.skipped += 1
            summary.errors.append(str(error))
            continue
        article, new = ingest_article(draft)
        summary.ids[str(record.get("id", article.url))] = article.pk
        if new:
            summary.imported += 1
            created.append(article.pk)
        else:
            # An article stored before dedupe existed gets its keys now; for one already
            # folded this changes nothing. Under the folding lock, as ingestion folds
            # (PostgreSQL: a worker storing a copy meanwhile must see this one's keys).
            serialize_folding()
            fold_and_cluster(article)
            summary.skipped += 1
        if progress is not None:
            progress.update(1)
