"""/api/v1/stories, sources, categories, search and the docs: each endpoint answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from akhbar.news.models import Feed

pytestmark = pytest.mark.django_db


def test_it_lists_stories_and_shows_one_with_its_articles(client, story, dispatch, wire_copy):
    listed = client.get("/api/v1/stories").json()
    # it should list the story with its counts
    assert [(s["id"], s["article_count"]) for s in listed["items"]] == [(story.pk, 2)]
    one = client.get(f"/api/v1/stories/{story.pk}").json()
    # it should give the story's articles in publication order
    assert [a["id"] for a in one["articles"]] == [dispatch.pk, wire_copy.pk]
    assert one["first_article"] == dispatch.pk


def test_it_answers_404_for_an_unknown_story(client):
    response = client.get("/api/v1/stories/999999")
    # it should answer a JSON error
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_it_lists_sources_with_their_health(client, agency, daily, dispatch, wire_copy):
    now = timezone.now()
    Feed.objects.create(source=agency, url="https://wakala.test/rss", last_success_at=now)
    Feed.objects.create(
        source=agency,
        url="https://wakala.test/broken.xml",
        consecutive_errors=4,
        last_error_kind="timeout",
        last_checked_at=now,
        broken_since=now - timedelta(hours=3),
    )
    dispatch.fetched_at = now - timedelta(hours=2)
    dispatch.save()
    sources = {s["slug"]: s for s in client.get("/api/v1/sources").json()}
    health = sources["wakala"]["health"]
    # it should give the last success, the errors and when the source broke
    assert health["last_success_at"] and health["consecutive_errors"] == 4
    assert health["last_error_kind"] == "timeout" and health["broken_since"]
    # it should count the articles of the last 24 hours and 7 days, once each
    assert (health["articles_24h"], health["articles_7d"]) == (1, 1)
    assert sources["sada"]["health"]["consecutive_errors"] == 0


def test_it_shows_one_source_by_slug(client, agency):
    response = client.get("/api/v1/sources/wakala")
    # it should give the outlet with its languages
    assert response.json()["languages"] == ["ar", "fr"]
    # it should answer 404 for an unknown slug
    assert client.get("/api/v1/sources/nobody").status_code == 404


def test_it_lists_the_categories(client):
    categories = client.get("/api/v1/categories").json()
    # it should give the fixed taxonomy in three languages
    assert categories[0]["slug"] == "politics" and categories[0]["name_ar"] == "سياسة"


def test_it_searches_as_the_site_does(client, dispatch, wire_copy, held):
    from akhbar.search.index import index_article
    from akhbar.search.service import search

    for article in (dispatch, wire_copy, held):
        index_article(article)
    response = client.get("/api/v1/search", {"q": "الموسم الفلاحي"})
    found = response.json()
    site = search("الموسم الفلاحي", limit=20)
    # it should give the same results, in the same order, as the site's search
    assert [r["article"]["id"] for r in found["items"]] == [r.article.pk for r in site.results]
    assert found["total"] == site.total and found["items"]


def test_it_reports_a_bad_search_as_a_json_error(client):
    response = client.get("/api/v1/search")
    # it should answer 400 bad_request when q is missing
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"


def test_it_publishes_its_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    # it should describe every endpoint
    for path in ("/articles", "/articles/{article_id}", "/stories", "/sources", "/search"):
        assert f"/api/v1{path}" in schema["paths"]


def test_it_serves_the_docs_page_with_its_own_swagger_ui(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    # it should render, pointing Swagger UI at the schema, with no CDN and no inline script
    assert response.status_code == 200 and "/api/v1/openapi.json" in html
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "<script>" not in html
    # it should load the bundled assets from our own origin
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_it_walks_the_stories_page_by_page(client, agency, dispatch):
    from akhbar.news.models import Story

    stories = [
        Story.objects.create(title=f"قصة {n}", last_published_at=dispatch.published_at)
        for n in range(5)
    ]
    for story in stories:
        dispatch.pk, dispatch.url = None, f"https://wakala.test/story/{story.pk}"
        dispatch.story = story
        dispatch.save()
    seen, url = [], "/api/v1/stories?limit=2"
    while url:
        page = client.get(url).json()
        seen += [s["id"] for s in page["items"]]
        url = page["next"]
    # it should give each story once, the same time ordered by id descending
    assert seen == sorted((s.pk for s in stories), reverse=True)
