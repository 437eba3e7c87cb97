"""The offline demo: invented outlets and articles written for Akhbar.

Until the crawler lands, the demo stores the demo corpus directly; the
simulated news web and the crawler (issues 3 and 4) replace this with a
real crawl of the same corpus.
"""

import json
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from akhbar.news.categories import ensure_categories
from akhbar.news.loading import LoadReport, load_sources
from akhbar.news.models import Article, Category, ImageState, Source
from akhbar.news.sourcefile import parse_sources
from akhbar.search.index import index_article

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_OUTLETS = DEMO_DIR / "outlets.toml"
DEMO_CORPUS = DEMO_DIR / "corpus.jsonl"


def load_demo_outlets(path: Path = DEMO_OUTLETS) -> LoadReport:
    ensure_categories()
    return load_sources(parse_sources(path.read_text(encoding="utf-8"), filename=str(path)))


def read_corpus(path: Path = DEMO_CORPUS) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def _article_fields(record: dict, sources: dict, categories: dict) -> dict:
    image = record.get("image") or ""
    if image.startswith("/"):
        image = f"https://{record['source_domain']}{image}"
    return {
        "source": sources[record["source"]],
        "title": record["title"],
        "lede": record.get("abstract") or "",
        "body": record["body"],
        "author": record.get("author") or "",
        "published_at": datetime.fromisoformat(record["date_iso"]),
        "fetched_at": timezone.now(),
        "language": record["lang"],
        "category": categories.get(record.get("category")),
        "image_url": image,
        "image_state": ImageState.SHOWN if image else ImageState.NONE,
    }


@transaction.atomic
def load_demo_articles(records: list[dict]) -> int:
    """Store the demo records as articles (idempotent: keyed by URL)."""
    sources = {source.slug: source for source in Source.objects.all()}
    categories = {category.slug: category for category in Category.objects.all()}
    for record in records:
        article, _ = Article.objects.update_or_create(
            url=record["url"], defaults=_article_fields(record, sources, categories)
        )
        index_article(article)
    return len(records)
