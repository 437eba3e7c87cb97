"""Shared fixtures: a cast of outlets, articles and readers built on real models."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from akhbar.news.categories import ensure_categories
from akhbar.news.models import Article, Category, ImageState, Source
from akhbar.search import index
from eval import SHARED_DATA

ALGIERS = ZoneInfo("Africa/Algiers")


def pytest_sessionstart(session):
    """The tests read real news from ../shared/data: without it they fail at once, rather
    than skip what a user would meet."""
    if not (SHARED_DATA / "ant" / "articles.jsonl").exists():
        raise pytest.UsageError(f"tests: the shared data is missing at {SHARED_DATA}")


@pytest.fixture
def categories(db) -> None:
    """The taxonomy (a data migration creates it; transactional tests flush it, so re-create)."""
    ensure_categories()


@pytest.fixture
def agency(categories) -> Source:
    """A public news agency publishing in Arabic and French."""
    return Source.objects.create(
        slug="wakala",
        name_ar="وكالة الأخبار التجريبية",
        name_fr="Agence de démonstration",
        homepage="https://wakala.test/",
        languages=["ar", "fr"],
        kind="agency",
        ownership="public",
    )


@pytest.fixture
def daily(categories) -> Source:
    """A private Arabic daily that republishes the agency's dispatches."""
    return Source.objects.create(
        slug="sada",
        name_ar="صدى اليوم",
        name_fr="Sada",
        homepage="https://sada.test/",
        languages=["ar"],
        kind="daily",
        ownership="private",
    )


@pytest.fixture
def dispatch(agency) -> Article:
    """An agency dispatch with an image."""
    return Article.objects.create(
        source=agency,
        url="https://wakala.test/ar/national/1",
        title="افتتاح الموسم الفلاحي بولاية تيارت",
        lede="أشرف والي الولاية على افتتاح الموسم.",
        body="فقرة أولى.\n\nفقرة ثانية.",
        author="(واج)",
        published_at=datetime(2026, 11, 20, 9, 30, tzinfo=ALGIERS),
        fetched_at=datetime(2026, 11, 20, 9, 45, tzinfo=ALGIERS),
        language="ar",
        category=Category.objects.get(slug="national"),
        image_url="https://wakala.test/images/1.jpg",
        image_state=ImageState.SHOWN,
    )


@pytest.fixture
def wire_copy(daily, dispatch) -> Article:
    """The daily's copy of the dispatch, published an hour later."""
    return Article.objects.create(
        source=daily,
        url="https://sada.test/national/افتتاح-الموسم",
        title="والي تيارت يفتتح الموسم الفلاحي",
        body=dispatch.body,
        published_at=dispatch.published_at + timedelta(hours=1),
        fetched_at=dispatch.fetched_at + timedelta(hours=1),
        language="ar",
        category=dispatch.category,
        duplicate_of=dispatch,
    )


@pytest.fixture
def harvest(dispatch, agency):
    """Six indexed articles about the harvest season, one of them also about the rain."""
    for n in range(6):
        item = Article.objects.create(
            source=agency,
            url=f"https://wakala.test/harvest/{n}",
            title=f"موسم الحصاد في الولاية {'والأمطار الغزيرة' if n == 0 else 'يتقدم'}",
            body="الحصاد متواصل." + (" الأمطار الغزيرة عطلت العمل." if n == 0 else ""),
            published_at=dispatch.published_at + timedelta(days=n),
            fetched_at=dispatch.fetched_at + timedelta(days=n),
            language="ar",
        )
        index.index_article(item)
