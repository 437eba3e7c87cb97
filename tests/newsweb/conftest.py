"""The cast: a small simulated web of 18 outlets (Arabic and French) on real sockets.

Articles: the first lines of the ANT corpus (read from ../shared/data at run time), the demo
corpus when it exists, and a few French dispatches written here for the test.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from akhbar.newsweb.app import NewsWeb, start_newsweb
from akhbar.newsweb.corpus import Record, load_corpus
from akhbar.newsweb.testing import ANT_CORPUS, DEMO_CORPUS, newsweb_fixture

TOWNS = ("Oran", "Annaba", "Béjaïa", "Tlemcen", "Sétif", "Biskra", "Ghardaïa", "Batna")
TOPICS = (
    "la saison des dattes",
    "le marché du livre",
    "la rentrée scolaire",
    "un festival de théâtre",
)


def french_records(count: int = 30) -> list[Record]:
    """Short French dispatches written for these tests (accents: é, è, ï, ç, œ, « »)."""
    records = []
    for k in range(count):
        town, topic = TOWNS[k % len(TOWNS)], TOPICS[k % len(TOPICS)]
        paragraphs = (
            f"À {town}, les responsables locaux ont présenté mercredi le bilan de {topic}.",
            f"« Nous espérons faire mieux l'an prochain », a déclaré un élu de {town} (n° {k}).",
            "Les habitants se sont déclarés satisfaits, malgré quelques problèmes de cœur de ville.",
        )
        published = datetime(2026, 11, 1 + k % 20, 9 + k % 8, 15, tzinfo=UTC)
        records.append(
            Record(
                f"fr-test-{k}",
                f"{town} : le bilan de {topic} ({k})",
                paragraphs,
                paragraphs[0],
                published,
                lang="fr",
                category="society",
            )
        )
    return records


def cast_records() -> list[Record]:
    demo = load_corpus(DEMO_CORPUS) if DEMO_CORPUS.exists() else []
    return load_corpus(ANT_CORPUS, limit=220) + demo + french_records()


@pytest.fixture(scope="session")
def web() -> NewsWeb:
    """18 invented outlets: every template, feed format, encoding and date style appears."""
    newsweb = start_newsweb(cast_records(), outlets=18, seed=7, by_source=False)
    yield newsweb
    newsweb.stop()


# The factory other conftests use: a small web of the default corpus (demo, else ANT).
newsweb = newsweb_fixture(scope="session", limit=60)


@pytest.fixture
def client() -> httpx.Client:
    with httpx.Client(timeout=10) as c:
        yield c


def live(web: NewsWeb, **where) -> list[dict]:
    """Live, servable truth entries whose outlet matches every `where` attribute."""
    entries = []
    for entry in web.truth.values():
        outlet = web.outlet(entry["outlet"])
        if entry["servable"] and all(getattr(outlet, k) == v for k, v in where.items()):
            entries.append(entry)
    return entries


def page_text(response: httpx.Response, codec: str) -> str:
    """Decode with the real codec and resolve character references."""
    return html.unescape(response.content.decode(codec))


__all__ = ["live", "page_text", "french_records", "Path"]
