"""The page cache: served from memory, stale as soon as an article arrives or an image is hidden."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from akhbar.moderation.models import AuditEntry
from akhbar.news.models import Article
from akhbar.web import caching

pytestmark = pytest.mark.django_db


def without_tokens(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", html)


@pytest.fixture(autouse=True)
def page_cache(settings, monkeypatch):
    """The cache on, and empty (the test settings turn it off for the other tests); the
    archive's version read on every request, as if each came a second after the last."""
    settings.AKHBAR_PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(caching, "VERSION_TTL", 0.0)
    cache.clear()
    yield
    cache.clear()


def test_it_serves_a_cached_page_with_validators(client, dispatch, django_assert_max_num_queries):
    first = client.get("/")
    # it should send an ETag, a Last-Modified date and tell browsers to revalidate
    assert first["ETag"] and first["Last-Modified"]
    assert "must-revalidate" in first["Cache-Control"]
    with django_assert_max_num_queries(1):
        second = client.get("/")
    # it should serve the same page again with one query (the archive's version)
    assert without_tokens(second.content) == without_tokens(first.content)


def test_it_answers_304_to_a_conditional_request(client, dispatch):
    etag = client.get("/wakala/")["ETag"]
    response = client.get("/wakala/", HTTP_IF_NONE_MATCH=etag)
    # it should answer Not Modified without a body
    assert response.status_code == 304 and response.content == b""


def test_it_shows_a_new_article_at_once(client, dispatch, daily):
    etag = client.get("/")["ETag"]
    Article.objects.bulk_create(
        [
            Article(
                source=daily,
                url="https://sada.test/new",
                title="خبر جديد وصل للتو",
                published_at=timezone.now(),
                fetched_at=timezone.now(),
            )
        ]
    )
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    # it should render the page again, with the new article and a new ETag
    assert response.status_code == 200 and "خبر جديد وصل للتو" in response.content.decode()
    assert response["ETag"] != etag


def test_it_hides_an_image_at_once_when_a_decision_is_logged(client, dispatch):
    assert dispatch.image_url in client.get(f"/wakala/{dispatch.pk}/").content.decode()
    Article.objects.filter(pk=dispatch.pk).update(image_state="hidden")
    AuditEntry.objects.create(decision="auto_hide", subject=dispatch.image_url)
    # it should not serve the cached page that still shows the image
    assert dispatch.image_url not in client.get(f"/wakala/{dispatch.pk}/").content.decode()


def test_it_gives_each_reader_a_working_csrf_token(client, dispatch):
    from django.test import Client

    client.get(f"/wakala/{dispatch.pk}/")  # fills the cache
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should never serve the placeholder, and the token should pass the CSRF check
    assert "__AKHBAR_CSRF__" not in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = reader.post(
        "/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_it_keeps_one_cached_page_per_language(client, dispatch):
    client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    # it should not serve the French page to an Arabic reader
    assert '<html lang="ar" dir="rtl">' in html


def test_it_lets_proxies_cache_feeds(client, dispatch):
    response = client.get("/feeds/")
    # it should mark token-free responses public for a front proxy
    assert response["Cache-Control"].startswith("public")


def test_it_counts_readings_served_from_the_cache(client, dispatch):
    from akhbar.readership.models import ArticleView

    for _ in range(3):
        client.get(f"/wakala/{dispatch.pk}/")
    # it should count every reading, cached or not
    assert ArticleView.objects.get(article=dispatch).count == 3
