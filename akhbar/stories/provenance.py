"""Provenance (pure): who published first, which agencies are credited, the order of outlets."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import regex

# A credit is a whole word: واج must not match inside another word.
_EDGE_BEFORE = r"(?<![\p{L}\p{N}])"
_EDGE_AFTER = r"(?![\p{L}\p{N}])"
AGENCIES = {
    "APS": [r"\(واج\)", "واج", r"\(?و\.\s?أ\.\s?ج\)?", "وكالة الأنباء الجزائرية", "APS"],
    "AFP": ["AFP", "أ ف ب", "ا ف ب", "فرانس برس", "وكالة الصحافة الفرنسية"],
    "Reuters": ["رويترز", "Reuters"],
    "SPA": ["واس", "وكالة الأنباء السعودية"],
}
_PATTERNS = {
    code: regex.compile("|".join(f"{_EDGE_BEFORE}(?:{p}){_EDGE_AFTER}" for p in patterns))
    for code, patterns in AGENCIES.items()
}
# Credits sit in the byline, the dateline at the top or the signature at the bottom.
HEAD_CHARS = 200
TAIL_CHARS = 120


def agency_credits(author: str = "", body: str = "") -> list[str]:
    """Agency codes credited in the author line or the head or tail of the body, sorted."""
    body = body or ""
    places = f"{author or ''}\n{body[:HEAD_CHARS]}\n{body[-TAIL_CHARS:]}"
    return sorted(code for code, pattern in _PATTERNS.items() if pattern.search(places))


@dataclass(frozen=True)
class Publication:
    """One article as provenance sees it."""

    article_id: int
    source_id: int
    published_at: datetime | None
    fetched_at: datetime | None


def order_key(item: Publication) -> tuple:
    """Publication time first, then ingestion time, then arrival order; unknown times last."""
    far = float("inf")
    published = item.published_at.timestamp() if item.published_at else far
    fetched = item.fetched_at.timestamp() if item.fetched_at else far
    return (published, fetched, item.article_id)


def first_published(items: Iterable[Publication]) -> Publication | None:
    """Who published first: the earliest publication time, then ingestion time."""
    return min(items, key=order_key, default=None)


def timeline(items: Iterable[Publication]) -> list[Publication]:
    """Every publication in order, first publisher first."""
    return sorted(items, key=order_key)


def outlets_in_order(items: Iterable[Publication]) -> list[int]:
    """Source ids in the order they first published, each once."""
    seen: dict[int, None] = {}
    for item in timeline(items):
        seen.setdefault(item.source_id, None)
    return list(seen)
