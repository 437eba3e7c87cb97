"""/api/v1/search says when its total is an estimate and which items hold only some words."""

import pytest

from akhbar.search.backends import base

pytestmark = pytest.mark.django_db


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
