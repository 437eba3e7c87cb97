"""What the search tests share."""

from datetime import timedelta

import pytest

from akhbar.news.models import Article, Category
from akhbar.search.index import reindex
from tests.search.test_search import NOW

WORDS = "مستشفى ولاية وهران طريق جامعة سوق".split()


@pytest.fixture
def two_years(agency):
    """240 articles over two years, stored oldest first, most about hospitals."""
    national = Category.objects.get(slug="national")
    for n in range(240):
        when = NOW - timedelta(days=720 - 3 * n)
        words = [WORDS[(n * k) % len(WORDS)] for k in range(1, 2 + n % 5)]
        Article.objects.create(
            source=agency,
            url=f"https://wakala.test/w/{n}",
            title=" ".join(words),
            body=" ".join(words * (1 + n % 3)) + " مستشفى",
            language="ar",
            published_at=when,
            fetched_at=when,
            category=national,
        )
    reindex()
