"""pytest helpers: a fixture factory any conftest can use.

from akhbar.newsweb.testing import newsweb_fixture
newsweb = newsweb_fixture(scope="session")
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .app import NewsWeb, start_newsweb

DEMO_CORPUS = Path(__file__).resolve().parent.parent / "demo" / "corpus.jsonl"
ANT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ant" / "articles.jsonl"


def default_corpus() -> Path:
    """The demo corpus when it exists, else the ANT corpus from the shared data folder."""
    return DEMO_CORPUS if DEMO_CORPUS.exists() else ANT_CORPUS


def newsweb_fixture(scope: str = "session", **options):
    """A pytest fixture that starts a newsweb on free ports and stops it afterwards."""
    options.setdefault("corpus", default_corpus())
    options.setdefault("limit", 300)

    @pytest.fixture(scope=scope)
    def newsweb() -> NewsWeb:
        web = start_newsweb(**options)
        yield web
        web.stop()

    return newsweb


__all__ = ["NewsWeb", "newsweb_fixture", "start_newsweb", "default_corpus"]
