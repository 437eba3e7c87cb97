"""The page cache: served from memory, stale as soon as an article arrives or an image is hidden."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from akhbar.moderation.models import AuditEntry
from akhbar.news.models import Article
from akhbar.web import caching

pytestmark = pytest.mark.django_db


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
    # it should send an ETag and a Last-Modified date
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_max_num_queries(1):
        second = client.get("/")
    # it should serve the same page again with one query (the archive's version)
    assert second.content == first.content


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


def anonymous_reader() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("seconds", [60, 0], ids=["page cache on", "page cache off"])
@pytest.mark.parametrize("page", ["/", "article", "/wakala/", "/category/national/"])
def test_it_serves_every_anonymous_reader_the_same_bytes(settings, dispatch, page, seconds):
    settings.AKHBAR_PAGE_CACHE_SECONDS = seconds
    url = dispatch.get_absolute_url() if page == "article" else page
    first, second = anonymous_reader().get(url), anonymous_reader().get(url)
    # it should give two readers byte-identical pages, with no cookie and no CSRF token
    assert first.status_code == 200 and first.content == second.content
    assert not first.cookies and not second.cookies and "Set-Cookie" not in first
    assert b"csrfmiddlewaretoken" not in first.content
    # it should let a front proxy share the page for a few seconds, varying on language only
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert first["Vary"] == "Accept-Language"


def test_it_computes_no_cache_key_when_the_page_cache_is_off(settings, monkeypatch):
    settings.AKHBAR_PAGE_CACHE_SECONDS = 0
    keyed = []
    monkeypatch.setattr(caching, "page_key", lambda *args: keyed.append(args) or "unused")
    response = anonymous_reader().get("/")
    # it should still render the page with its validators
    assert response.status_code == 200 and response["ETag"]
    # it should not compute a key it would never use
    assert keyed == []


def test_it_keeps_the_report_forms_on_a_shared_page_protected(dispatch):
    reader = anonymous_reader()
    html = reader.get(dispatch.get_absolute_url()).content.decode()
    # it should lead the image's form to its confirmation page and name where tokens come from
    assert f'method="get" action="/report/image/{dispatch.pk}/"' in html
    assert 'data-token="/csrf/"' in html
    # it should refuse a post carrying no token
    assert reader.post(f"/report/image/{dispatch.pk}/", {"reason": "other"}).status_code == 403


def test_it_never_shares_a_page_made_for_one_reader(rf):
    from django.http import HttpResponse

    request = rf.get("/")
    response = HttpResponse("<p>hello</p>")
    response.set_cookie("akhbar_reporter", "one reader")
    # it should know a page that sets a cookie is one reader's own
    assert caching.made_for_one_reader(request, response)
    # and one that used a CSRF token
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert caching.made_for_one_reader(request, HttpResponse("<p>hello</p>"))
    # and not a plain page
    assert not caching.made_for_one_reader(rf.get("/"), HttpResponse("<p>hello</p>"))


def test_it_neither_keeps_nor_marks_public_a_page_that_sets_a_cookie(rf):
    from django.http import HttpResponse

    renders = []

    def view(request):
        renders.append(1)
        response = HttpResponse("<p>yours</p>")
        response.set_cookie("akhbar_reporter", "one reader")
        return response

    page = caching.cached_page(view)
    first, _ = page(rf.get("/yours/")), page(rf.get("/yours/"))
    # it should render it for each reader, and tell proxies it is private
    assert len(renders) == 2
    assert "private" in first["Cache-Control"] and "public" not in first["Cache-Control"]


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
