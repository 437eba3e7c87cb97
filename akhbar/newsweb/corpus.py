"""Load JSONL news corpora (ANT field format) into plain `Record` values.

Corpora are read at run time from where they live; nothing here copies their text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

# SaudiNewsNet dates are naive crawl times in Riyadh.
DEFAULT_OFFSET = timezone(timedelta(hours=3))


@dataclass(frozen=True)
class Record:
    """One source article, as the corpus gives it."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    lede: str
    published: datetime
    lang: str = "ar"
    source: str | None = None
    source_domain: str | None = None
    country: str | None = None
    url: str | None = None
    category: str = "misc"
    category_original: str | None = None
    author: str | None = None
    dup_group: str | None = None
    story_group: str | None = None
    image: str | None = None


def split_paragraphs(body: str) -> tuple[str, ...]:
    """Paragraphs are split by blank lines, or by single newlines when there are none."""
    sep = "\n\n" if "\n\n" in body else "\n"
    parts = (" ".join(p.split()) for p in body.split(sep))
    return tuple(p for p in parts if p)


def parse_date(raw: str | None) -> datetime:
    """An aware datetime from an ISO-ish corpus date; naive dates get Riyadh's offset."""
    if not raw:
        return datetime(2016, 1, 1, tzinfo=DEFAULT_OFFSET)
    value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=DEFAULT_OFFSET)


def record_from_json(data: dict) -> Record | None:
    """A `Record` from one JSON object, or None when it has no title or body."""
    paragraphs = split_paragraphs(data.get("body") or "")
    title = " ".join((data.get("title") or "").split())
    if not paragraphs or not title:
        return None
    lede = " ".join((data.get("abstract") or "").split()) or paragraphs[0]
    return Record(
        id=str(data["id"]),
        title=title,
        paragraphs=paragraphs,
        lede=lede,
        published=parse_date(data.get("date_iso") or data.get("date")),
        lang=data.get("lang") or "ar",
        source=data.get("source"),
        source_domain=data.get("source_domain"),
        country=data.get("source_country"),
        url=data.get("url"),
        category=data.get("category") or "misc",
        category_original=data.get("category_original"),
        author=data.get("author"),
        dup_group=data.get("dup_group"),
        story_group=data.get("story_group"),
        image=data.get("image"),
    )


def load_corpus(path: str | Path, limit: int | None = None) -> list[Record]:
    """Read up to `limit` usable records from a JSONL file, in file order."""
    records: list[Record] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(records) >= limit:
                break
            if line.strip():
                record = record_from_json(json.loads(line))
                if record is not None:
                    records.append(record)
    return records
