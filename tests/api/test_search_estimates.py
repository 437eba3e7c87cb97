"""/api/v1/search says when its total is an estimate and which items hold only some words."""

from datetime import timedelta

import pytest

from akhbar.news.models import Article
from akhbar.search import index
from akhbar.search.backends import base

pytestmark = pytest.mark.django_db


@pytest.fixture
def harvest(dispatch, agency):
    """Six articles about the harvest season, one of them also about the rain."""
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


def test_it_says_an_exact_total_is_exact(client, harvest):
    found = client.get("/api/v1/search", {"q": "الحصاد"}).json()
    # it should count the six articles and say the count is exact
    assert found["total"] == 6 and found["estimated"] is False


def test_it_flags_an_extrapolated_total(client, harvest, monkeypatch):
    monkeypatch.setattr(base, "SAMPLE_CAP", 2)  # count only the two newest matches exactly
    found = client.get("/api/v1/search", {"q": "الحصاد"}).json()
    # it should flag the total (and the facets counted with it) as estimated
    assert found["estimated"] is True and found["total"] >= 2


def test_it_marks_the_items_holding_only_some_words(client, harvest):
    found = client.get("/api/v1/search", {"q": "الحصاد الأمطار"}).json()
    partial = [item["partial"] for item in found["items"]]
    # it should give the strict match first, then the partial ones, each marked
    assert partial == [False] + [True] * 5
    assert found["total"] == 1


def test_it_documents_estimated_and_partial_in_its_schema(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    page, result = components["SearchPageOut"], components["SearchResultOut"]
    # it should publish both fields as required booleans, each with what it means
    assert page["properties"]["estimated"]["type"] == "boolean"
    assert "estimated" in page["required"] and "partial" in result["required"]
    assert "extrapolated" in page["properties"]["estimated"]["description"]
    assert "only some" in result["properties"]["partial"]["description"]
