"""ArticleDraft: what extraction hands to storage, as plain data (no database, no network).

The two fingerprints are computed here, from the text alone, so that every path that builds a
draft (a crawl, a re-check, a test) agrees on them:

- ``content_hash``: sha256 of the whitespace-normalized title, lede and body. A re-poll that
  finds another content hash means the source edited the article.
- ``body_hash``: sha256 of the analyzer-normalized body words (``normalize_for_match``), so
  that two copies of one wire story that differ only in tashkeel, hamza forms, spacing or
  punctuation get the same fingerprint. (A later issue adds the MinHash signature.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from akhbar.stories.fingerprints import body_words, exact_hash


def squeeze(text: str) -> str:
    """Text with every run of white space written as one space, stripped.

    ``str.split`` and a regular expression's ``\\s`` know the same white space (every code
    point ``str.isspace`` calls one); splitting and joining is faster than ``re.sub``."""
    return " ".join((text or "").split())


def content_hash(title: str, lede: str, body: str) -> str:
    """The fingerprint of what a reader sees: title, lede and body, spacing ignored."""
    parts = (squeeze(title), squeeze(lede), squeeze(body))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def body_hash(body: str) -> str:
    """The exact-duplicate fingerprint of a body: its normalized words, hashed ("" if none)."""
    return exact_hash(body_words(body))


@dataclass
class ArticleDraft:
    """One article as extracted from one page, ready to be stored."""

    source_id: int
    url: str  # canonical
    original_url: str  # as the feed listed it
    title: str
    lede: str
    body: str
    author: str
    published_at: datetime | None
    fetched_at: datetime
    language: str
    category: str | None  # a taxonomy slug, or None when the section maps to nothing
    image_url: str
    held_reason: str = ""
    content_hash: str = field(default="")
    body_hash: str = field(default="")

    def __post_init__(self) -> None:
        # Fingerprint last: after every field has its final (stripped) value.
        self.title, self.lede, self.body = squeeze(self.title), self.lede.strip(), self.body.strip()
        self.content_hash = self.content_hash or content_hash(self.title, self.lede, self.body)
        self.body_hash = self.body_hash or body_hash(self.body)

    @property
    def held(self) -> bool:
        return bool(self.held_reason)
