"""SaudiNewsNet records for the stories tests: read from ../shared/data at test time (never
copied), and stored the way the pipeline stores an article."""

import json
from datetime import datetime

from akhbar.news.models import Article, Source
from eval import SHARED_DATA

SNN = SHARED_DATA / "saudinewsnet" / "articles.jsonl"


def read_records(ids) -> dict[str, dict]:
    """The records of the given ids, by id."""
    wanted, found = set(ids), {}
    with open(SNN, encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            if row["id"] in wanted:
                found[row["id"]] = row
    return found


def outlet(slug: str) -> Source:
    return Source.objects.create(
        slug=slug,
        name_ar=slug,
        homepage=f"https://{slug}.test/",
        kind="online",
        ownership="private",
    )


def stored(row: dict, source: Source, when: datetime) -> Article:
    """A record stored by ``source``, published (and fetched) at ``when``."""
    return Article.objects.create(
        source=source,
        url=f"https://{source.slug}.test/{row['id']}",
        title=row["title"],
        body=row["body"],
        published_at=when,
        fetched_at=when,
        language="ar",
    )
