"""Fixtures of the story tests: outlets beyond the shared cast of tests/conftest.py."""

import pytest

from akhbar.news.models import Source


@pytest.fixture
def weekly(db) -> Source:
    """A French-language weekly that reports the same events in its own words."""
    return Source.objects.create(
        slug="hebdo",
        name_ar="الأسبوعية",
        name_fr="L'Hebdo",
        homepage="https://hebdo.test/",
        languages=["fr"],
        kind="weekly",
        ownership="private",
    )
