"""Cache hits served before Django (akhbar/web/fastpath.py), and lists that page back only so far."""

from datetime import timedelta

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import timezone

from akhbar.news.models import Article
from akhbar.web import caching, queries
from akhbar.web.fastpath import CachedPages, shareable
from akhbar.wsgi import django_application

pytestmark = pytest.mark.django_db


class Site:
    """The real WSGI application behind the fast path; counts what reaches Django."""

    def __init__(self):
        self.reached_django = 0
        self.application = CachedPages(self._django)

    def _django(self, environ, start_response):
        self.reached_django += 1
        return django_application(environ, start_response)

    def get(self, path: str, **headers) -> tuple[str, dict, bytes]:
        environ = RequestFactory().get(path, **headers).environ
        seen = {}

        def start_response(status, response_headers, exc_info=None):
            seen.update(status=status, headers=dict(response_headers))

        # as Django's test client does: the test's transaction must outlive the request
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            result = self.application(environ, start_response)
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return seen["status"], seen["headers"], body


@pytest.fixture
def site(settings, monkeypatch):
    """The page cache on and empty; the archive's version read on every request."""
    settings.AKHBAR_PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(caching, "VERSION_TTL", 0.0)
    cache.clear()
    yield Site()
    cache.clear()


def test_it_serves_a_shareable_page_without_entering_django(site, dispatch):
    status, headers, first = site.get("/feeds/")
    assert status.startswith("200") and headers["Cache-Control"].startswith("public")
    status, again, second = site.get("/feeds/")
    # it should serve the kept response, headers and body, without Django
    assert site.reached_django == 1
    assert second == first and again == headers


def test_it_serves_a_new_article_at_once(site, dispatch, daily):
    site.get("/feeds/")
    Article.objects.bulk_create(  # no signal: the version query alone must notice
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
    _, _, body = site.get("/feeds/")
    # it should render the page again, with the new article
    assert site.reached_django == 2 and "خبر جديد وصل للتو" in body.decode()


def test_it_answers_304_to_a_reader_whose_copy_is_current(site, dispatch):
    _, headers, _ = site.get("/feeds/")
    status, again, body = site.get("/feeds/", HTTP_IF_NONE_MATCH=headers["ETag"])
    # it should answer Not Modified, with the validators and no body
    assert status.startswith("304") and body == b"" and again["ETag"] == headers["ETag"]
    assert "Content-Length" not in again and site.reached_django == 1


def test_it_keeps_one_response_per_language(site, dispatch):
    site.get("/feeds/", HTTP_ACCEPT_LANGUAGE="fr")
    site.get("/feeds/", HTTP_ACCEPT_LANGUAGE="ar")
    # it should not give the French response to an Arabic reader
    assert site.reached_django == 2
    site.get("/feeds/", HTTP_COOKIE="django_language=fr")
    site.get("/feeds/", HTTP_COOKIE="django_language=fr")
    # it should key on the language cookie too, and serve a reader who chose one
    assert site.reached_django == 3


def test_it_lets_requests_with_other_cookies_reach_django(site, dispatch):
    site.get("/feeds/")
    site.get("/feeds/", HTTP_COOKIE="sessionid=abc")
    site.get("/feeds/", HTTP_COOKIE="django_language=ar; reporter=x")
    # it should never answer a staff member or a reader with a cookie from another reader's copy
    assert site.reached_django == 3


def test_it_steps_aside_when_the_page_cache_is_off(site, settings, dispatch):
    settings.AKHBAR_PAGE_CACHE_SECONDS = 0
    site.get("/feeds/")
    site.get("/feeds/")
    # it should pass every request to Django
    assert site.reached_django == 2


def test_it_counts_readings_of_articles_it_serves(site, dispatch):
    from akhbar.readership.models import ArticleView

    path = f"/wakala/{dispatch.pk}/"
    for _ in range(3):
        site.get(path)
    # it should count every reading, the two it served itself too
    assert site.reached_django == 1
    assert ArticleView.objects.get(article=dispatch).count == 3


@pytest.mark.parametrize(
    ("status", "headers", "kept"),
    [
        ("200 OK", {"Cache-Control": "public, max-age=60", "Content-Length": "10"}, True),
        ("200 OK", {"Cache-Control": "private, max-age=0", "Content-Length": "10"}, False),
        ("200 OK", {"Cache-Control": "max-age=60", "Content-Length": "10"}, False),
        ("200 OK", {"Cache-Control": "public", "Content-Length": "10", "Set-Cookie": "a=b"}, False),
        (
            "200 OK",
            {"Cache-Control": "public", "Content-Length": "10", "Vary": "Accept-Language, Cookie"},
            True,
        ),
        (
            "200 OK",
            {"Cache-Control": "public", "Content-Length": "10", "Vary": "User-Agent"},
            False,
        ),
        ("200 OK", {"Cache-Control": "public, no-store", "Content-Length": "10"}, False),
        ("200 OK", {"Cache-Control": "public"}, False),  # streaming: no length
        ("404 Not Found", {"Cache-Control": "public", "Content-Length": "10"}, False),
    ],
)
def test_it_keeps_only_what_a_shared_cache_may_keep(status, headers, kept):
    # it should follow the response's own Cache-Control, Set-Cookie and Vary
    assert shareable(status, list(headers.items())) is kept


def _outlet_articles(source, count: int) -> None:
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            source=source,
            url=f"https://wakala.test/{n}",
            title=f"خبر {n}",
            published_at=now - timedelta(minutes=n),
            fetched_at=now,
        )
        for n in range(count)
    )


def test_it_pages_back_only_max_pages(client, settings, monkeypatch, agency):
    settings.AKHBAR_PAGE_SIZE = 2
    monkeypatch.setattr(queries, "MAX_PAGES", 3)
    _outlet_articles(agency, 9)
    last = client.get("/wakala/?page=3")
    # it should serve the last page within the cap, with no link further back
    assert last.status_code == 200 and "خبر 5" in last.content.decode()
    assert 'rel="next"' not in last.content.decode()
    # it should answer past the cap as past the end of a list: no such page
    assert client.get("/wakala/?page=4").status_code == 404
    assert client.get("/wakala/?page=400000").status_code == 404


def test_it_answers_a_malformed_page_number_with_the_first_page(client, agency):
    _outlet_articles(agency, 3)
    response = client.get("/wakala/?page=abc")
    # it should show the first page, as for no number at all
    assert response.status_code == 200 and "خبر 0" in response.content.decode()


def test_it_shows_the_first_page_of_an_empty_list(client, agency):
    # it should answer an outlet without articles with its (empty) first page
    assert client.get("/wakala/").status_code == 200


def test_it_counts_a_list_with_a_bounded_query(agency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _outlet_articles(agency, 5)
    paginator = queries.CappedPaginator(queries.visible_articles().filter(source=agency), 2, 2)
    with CaptureQueriesContext(connection) as captured:
        count = paginator.count
    # it should count at most max_pages pages of rows, and say that the list goes on
    assert count == 4 and paginator.capped and paginator.num_pages == 2
    assert "LIMIT" in captured.captured_queries[0]["sql"].upper()


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("path", ["/", "/wakala/", "/category/national/", "/feeds/"])
def test_it_reads_a_list_in_as_many_queries_for_twelve_articles_as_for_one(
    client, path, dispatch, wire_copy
):
    one = _queries(client, path)
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            source=dispatch.source,
            url=f"https://wakala.test/more/{n}",
            title=f"خبر {n}",
            published_at=now - timedelta(minutes=n),
            fetched_at=now,
            category=dispatch.category,
            duplicate_of=dispatch if n % 3 == 0 else None,
        )
        for n in range(12)
    )
    # it should not read the archive once per article (a deferred field shown, a lazy relation)
    assert _queries(client, path) == one


def test_it_keeps_in_memory_no_more_than_its_budget():
    from akhbar.web.fastpath import Recent

    recent = Recent(size=3, budget=25)
    for name in "abcd":
        recent.put(name, {"body": b"x" * 10}, 60)
    # it should forget the oldest entries first, within the byte budget
    assert [recent.get(n) is not None for n in "abcd"] == [False, False, True, True]
    assert recent.used == 20
    recent.put("e", {"body": b"x" * 10}, -1)
    # it should not serve an entry past its time
    assert recent.get("e") is None
